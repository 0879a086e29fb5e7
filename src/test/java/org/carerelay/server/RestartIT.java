package org.carerelay.server;

import static org.assertj.core.api.Assertions.assertThat;

import ca.uhn.fhir.context.FhirContext;
import ca.uhn.fhir.rest.client.api.IGenericClient;
import ca.uhn.fhir.rest.client.api.ServerValidationModeEnum;
import java.util.HashMap;
import java.util.Map;
import org.carerelay.CareRelayApplication;
import org.carerelay.testing.TestDatabase;
import org.hl7.fhir.r4.model.Patient;
import org.junit.jupiter.api.Test;
import org.springframework.boot.builder.SpringApplicationBuilder;
import org.springframework.boot.web.context.WebServerApplicationContext;
import org.springframework.context.ConfigurableApplicationContext;

/** The server starts on an empty database, stops, starts again on the same one, and has lost nothing. */
class RestartIT {

    private static final FhirContext FHIR = FhirContext.forR4Cached();

    @Test
    void dataSurvivesARestart() {
        Map<String, Object> properties = new HashMap<>(TestDatabase.freshDatabase());
        properties.put("server.port", "0");

        String id;
        try (ConfigurableApplicationContext first = start(properties)) {
            Patient patient = new Patient();
            patient.addName().setFamily("Durable");
            id = client(first).create().resource(patient).execute().getId().getIdPart();
        }
        try (ConfigurableApplicationContext second = start(properties)) {
            Patient read =
                    client(second).read().resource(Patient.class).withId(id).execute();
            assertThat(read.getNameFirstRep().getFamily()).isEqualTo("Durable");
            assertThat(read.getMeta().getVersionId()).isEqualTo("1");
        }
    }

    private static ConfigurableApplicationContext start(Map<String, Object> properties) {
        return new SpringApplicationBuilder(CareRelayApplication.class)
                .properties(properties)
                .run();
    }

    private static IGenericClient client(ConfigurableApplicationContext context) {
        int port = ((WebServerApplicationContext) context).getWebServer().getPort();
        FHIR.getRestfulClientFactory().setServerValidationMode(ServerValidationModeEnum.NEVER);
        return FHIR.newRestfulGenericClient("http://localhost:" + port + "/fhir");
    }
}
