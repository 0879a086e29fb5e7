package org.carerelay.server;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import java.nio.file.Path;
import java.time.Duration;
import java.util.UUID;
import java.util.concurrent.TimeUnit;
import org.carerelay.testing.AbstractFhirIT;
import org.carerelay.testing.RawHttp;
import org.junit.jupiter.api.Test;
import org.springframework.boot.test.web.server.LocalManagementPort;

/**
 * Health and metrics on the management port: liveness and readiness (which looks at the database), and Prometheus
 * metrics with the FHIR requests by interaction, type and status, the connection pool and the JVM. Nothing of it on
 * the FHIR port.
 */
class ActuatorIT extends AbstractFhirIT {

    @LocalManagementPort
    int managementPort;

    @Test
    void livenessAndReadinessAreUpAndReadinessLooksAtTheDatabase() {
        RawHttp management = RawHttp.at("http://localhost:" + managementPort);

        RawHttp.Response liveness = management.get("/actuator/health/liveness");
        RawHttp.Response readiness = management.get("/actuator/health/readiness?showDetails=always");

        assertThat(managementPort).isNotEqualTo(port);
        assertThat(liveness.status()).isEqualTo(200);
        assertThat(liveness.body()).contains("\"status\":\"UP\"");
        assertThat(readiness.status()).isEqualTo(200);
        assertThat(readiness.body()).contains("\"status\":\"UP\"");
        assertThat(management.get("/actuator/health").body()).contains("\"status\":\"UP\"");
    }

    @Test
    void prometheusCountsFhirRequestsByInteractionTypeAndStatus() {
        String missing = "metrics-" + UUID.randomUUID();
        http.get("/Patient/" + missing);
        http.get("/Patient/" + missing);
        http.get("/Observation?_count=1");

        // requests are timed once their response has gone out, so the client can be a moment ahead of the count
        await().atMost(Duration.ofSeconds(10))
                .untilAsserted(() -> assertThat(RawHttp.at("http://localhost:" + managementPort)
                                .get("/actuator/prometheus")
                                .body())
                        .containsPattern(
                                "carerelay_fhir_requests_seconds_count\\{application=\"carerelay\",interaction=\"read\","
                                        + "resource_type=\"Patient\",status=\"404\"} ([2-9]|[1-9][0-9]+)")
                        .contains("interaction=\"search-type\",resource_type=\"Observation\",status=\"200\"")
                        .contains("hikaricp_connections_active")
                        .contains("jvm_memory_used_bytes")
                        .contains("http_server_requests_seconds_count"));
    }

    @Test
    void theContainerHealthCheckAsksTheReadinessProbe() throws Exception {
        ProcessBuilder check = new ProcessBuilder(
                Path.of(System.getProperty("java.home"), "bin", "java").toString(), "src/main/docker/HealthCheck.java");
        check.environment().put("MANAGEMENT_SERVER_PORT", Integer.toString(managementPort));
        Process healthy = check.inheritIO().start();
        assertThat(healthy.waitFor(60, TimeUnit.SECONDS)).isTrue();
        assertThat(healthy.exitValue()).isZero();

        check.environment().put("MANAGEMENT_SERVER_PORT", Integer.toString(port));
        Process wrongPort = check.start();
        assertThat(wrongPort.waitFor(60, TimeUnit.SECONDS)).isTrue();
        assertThat(wrongPort.exitValue()).isEqualTo(1);
    }

    @Test
    void theFhirPortServesNoActuator() {
        assertThat(RawHttp.at("http://localhost:" + port)
                        .get("/actuator/health")
                        .status())
                .isEqualTo(404);
    }
}
