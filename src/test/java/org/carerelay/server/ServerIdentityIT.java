package org.carerelay.server;

import static org.assertj.core.api.Assertions.assertThat;

import org.carerelay.testing.AbstractFhirIT;
import org.carerelay.testing.RawHttp;
import org.hl7.fhir.r4.model.CapabilityStatement;
import org.junit.jupiter.api.Test;

/** The server says it is CareRelay: in its CapabilityStatement and in every response's X-Powered-By. */
class ServerIdentityIT extends AbstractFhirIT {

    @Test
    void theCapabilityStatementNamesCareRelay() {
        CapabilityStatement capabilities =
                client.capabilities().ofType(CapabilityStatement.class).execute();

        assertThat(capabilities.getName()).isEqualTo("CareRelay");
        assertThat(capabilities.getTitle()).isEqualTo("CareRelay FHIR R4 server for care coordination");
        assertThat(capabilities.getPublisher()).isEqualTo("CareRelay");
        assertThat(capabilities.getSoftware().getName()).isEqualTo("CareRelay");
        assertThat(capabilities.getSoftware().getVersion()).isNotBlank();
    }

    @Test
    void responsesArePoweredByCareRelayOnHapi() {
        RawHttp.Response response = http.get("/metadata?_summary=true");

        assertThat(response.header("X-Powered-By"))
                .startsWith("CareRelay ")
                .contains(" FHIR R4 server (HAPI FHIR 8.8.0; ");
    }
}
