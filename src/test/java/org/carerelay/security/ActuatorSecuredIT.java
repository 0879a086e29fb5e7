package org.carerelay.security;

import static org.assertj.core.api.Assertions.assertThat;

import org.carerelay.testing.AbstractSecuredFhirIT;
import org.carerelay.testing.RawHttp;
import org.junit.jupiter.api.Test;
import org.springframework.boot.test.web.server.LocalManagementPort;

/** With security on, probes and scrapers on the management port need no token; the FHIR port still does. */
class ActuatorSecuredIT extends AbstractSecuredFhirIT {

    @LocalManagementPort
    int managementPort;

    @Test
    void healthAndMetricsNeedNoTokenOnTheManagementPort() {
        RawHttp management = RawHttp.at("http://localhost:" + managementPort);

        assertThat(management.get("/actuator/health/readiness").status()).isEqualTo(200);
        assertThat(management.get("/actuator/prometheus").status()).isEqualTo(200);
        assertThat(http.get("/Patient").status()).isEqualTo(401);
    }
}
