# CareRelay container image: build with Maven, run on a JRE as a non-root user.
#   docker build -t carerelay .
#   docker run -p 8080:8080 -v carerelay-data:/app/data carerelay
# Point it at PostgreSQL with SPRING_DATASOURCE_URL, SPRING_DATASOURCE_USERNAME and SPRING_DATASOURCE_PASSWORD,
# or mount your own hapi.application.yaml over /app/hapi.application.yaml.

FROM maven:3.9-eclipse-temurin-17 AS build
WORKDIR /build
COPY pom.xml .
RUN mvn -B -q dependency:go-offline
COPY src ./src
RUN mvn -B -q package -DskipTests -Dspotless.check.skip=true

FROM eclipse-temurin:17-jre
RUN groupadd --system carerelay && useradd --system --gid carerelay --uid 10001 carerelay \
    && mkdir -p /app/data && chown carerelay:carerelay /app/data
WORKDIR /app
COPY --from=build /build/target/carerelay.jar /app/carerelay.jar
COPY src/main/docker/HealthCheck.java /app/HealthCheck.java
COPY hapi.application.yaml /app/hapi.application.yaml
USER carerelay
# 8081 (health and metrics) answers inside the container only; set MANAGEMENT_SERVER_ADDRESS=0.0.0.0 to scrape it
EXPOSE 8080
VOLUME /app/data
HEALTHCHECK --interval=30s --timeout=10s --start-period=90s --retries=3 CMD ["java", "/app/HealthCheck.java"]
ENTRYPOINT ["java", "-XX:MaxRAMPercentage=75", "-jar", "/app/carerelay.jar"]
