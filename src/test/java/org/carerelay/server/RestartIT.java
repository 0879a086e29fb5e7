package org.carerelay.server;

import static org.assertj.core.api.Assertions.assertThat;

import ca.uhn.fhir.context.FhirContext;
import ca.uhn.fhir.jpa.model.dialect.HapiFhirH2Dialect;
import ca.uhn.fhir.jpa.model.dialect.HapiFhirPostgresDialect;
import ca.uhn.fhir.rest.client.api.IGenericClient;
import ca.uhn.fhir.rest.client.api.ServerValidationModeEnum;
import jakarta.persistence.EntityManagerFactory;
import java.sql.Connection;
import java.sql.SQLException;
import java.util.Map;
import javax.sql.DataSource;
import org.carerelay.CareRelayApplication;
import org.carerelay.testing.ServerArguments;
import org.carerelay.testing.TestDatabase;
import org.hibernate.engine.spi.SessionFactoryImplementor;
import org.hl7.fhir.r4.model.Patient;
import org.junit.jupiter.api.Test;
import org.springframework.boot.SpringApplication;
import org.springframework.boot.web.context.WebServerApplicationContext;
import org.springframework.context.ConfigurableApplicationContext;

/**
 * The server starts on an empty database, stops, starts again on the same one, and has lost nothing. It is started as
 * an operator starts it, with command-line arguments, which outrank {@code hapi.application.yaml}: the database and
 * the port are the test's own, never the user's {@code ./data} or port 8080.
 */
class RestartIT {

    private static final FhirContext FHIR = FhirContext.forR4Cached();

    @Test
    void dataSurvivesARestart() throws SQLException {
        Map<String, String> database = TestDatabase.freshDatabase();
        String[] arguments = ServerArguments.of(database, 0);

        String id;
        try (ConfigurableApplicationContext first = SpringApplication.run(CareRelayApplication.class, arguments)) {
            assertRunsOn(first, database.get("spring.datasource.url"));
            Patient patient = new Patient();
            patient.addName().setFamily("Durable");
            id = client(first).create().resource(patient).execute().getId().getIdPart();
        }
        try (ConfigurableApplicationContext second = SpringApplication.run(CareRelayApplication.class, arguments)) {
            assertRunsOn(second, database.get("spring.datasource.url"));
            Patient read =
                    client(second).read().resource(Patient.class).withId(id).execute();
            assertThat(read.getNameFirstRep().getFamily()).isEqualTo("Durable");
            assertThat(read.getMeta().getVersionId()).isEqualTo("1");
        }
    }

    /** The database in use is the one the test created, of the kind the suite runs on, with HAPI's dialect for it. */
    private static void assertRunsOn(ConfigurableApplicationContext context, String url) throws SQLException {
        try (Connection connection = context.getBean(DataSource.class).getConnection()) {
            // drivers report the URL without its options (H2's ";...", PostgreSQL's "?...")
            assertThat(withoutOptions(connection.getMetaData().getURL())).isEqualTo(withoutOptions(url));
        }
        Class<?> dialect = context.getBean(EntityManagerFactory.class)
                .unwrap(SessionFactoryImplementor.class)
                .getJdbcServices()
                .getDialect()
                .getClass();
        assertThat(dialect)
                .isEqualTo(
                        "postgres".equals(TestDatabase.name())
                                ? HapiFhirPostgresDialect.class
                                : HapiFhirH2Dialect.class);
    }

    private static String withoutOptions(String url) {
        return url.split("[;?]")[0];
    }

    private static IGenericClient client(ConfigurableApplicationContext context) {
        int port = ((WebServerApplicationContext) context).getWebServer().getPort();
        FHIR.getRestfulClientFactory().setServerValidationMode(ServerValidationModeEnum.NEVER);
        return FHIR.newRestfulGenericClient("http://localhost:" + port + "/fhir");
    }
}
