package org.carerelay.security;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import org.junit.jupiter.api.Test;

class TokenDecoderTest {

    @Test
    void securityWithoutAnAudienceOrServerAddressDoesNotStart() {
        SecurityProperties security = SecurityProperties.external(
                true, "https://issuer.example.org", "https://issuer.example.org/jwks", null, "", null, null);

        assertThatThrownBy(() -> TokenDecoder.of(security, ""))
                .isInstanceOf(IllegalStateException.class)
                .hasMessage("carerelay.security.enabled is true but neither carerelay.security.audience nor"
                        + " carerelay.server-address is set: name the FHIR base URL tokens must be issued for");
    }

    @Test
    void securityWithoutAnIssuerIsServedByTheBuiltInAuthorizationServer() {
        SecurityProperties security =
                SecurityProperties.external(true, " ", null, null, "https://x.test/fhir", null, null);

        Endpoints endpoints = Endpoints.of(security, null);

        assertThat(endpoints.builtIn()).isTrue();
        assertThat(endpoints.issuer()).isEqualTo("https://x.test");
        assertThat(endpoints.authorization()).isEqualTo("https://x.test/oauth2/authorize");
    }

    @Test
    void externalIssuerWithoutKeysDoesNotStart() {
        SecurityProperties security =
                SecurityProperties.external(true, " ", null, null, "https://x.test/fhir", null, null);

        assertThatThrownBy(() -> TokenDecoder.of(security, null))
                .isInstanceOf(IllegalStateException.class)
                // without an issuer the built-in server issues tokens (checked elsewhere); this decoder needs keys
                .hasMessage("carerelay.security: set exactly one of jwks-uri and jwks-file");
    }
}
