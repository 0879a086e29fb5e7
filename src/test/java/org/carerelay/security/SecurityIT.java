package org.carerelay.security;

import static org.assertj.core.api.Assertions.assertThat;

import ca.uhn.fhir.context.FhirContext;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import org.carerelay.testing.AbstractSecuredFhirIT;
import org.carerelay.testing.RawHttp;
import org.carerelay.testing.RawHttp.Response;
import org.carerelay.testing.Tokens;
import org.hl7.fhir.r4.model.Bundle;
import org.hl7.fhir.r4.model.CapabilityStatement;
import org.hl7.fhir.r4.model.OperationOutcome;
import org.hl7.fhir.r4.model.UriType;
import org.junit.jupiter.api.Test;

/** With security on: discovery is public, everything else needs a valid token, and a scope for what it does. */
class SecurityIT extends AbstractSecuredFhirIT {

    static final FhirContext FHIR = FhirContext.forR4Cached();

    @Test
    void theCapabilityStatementIsPublicAndDeclaresSmartOnFhir() {
        Response metadata = http.get("/metadata");

        assertThat(metadata.status()).isEqualTo(200);
        CapabilityStatement capabilities =
                FHIR.newJsonParser().parseResource(CapabilityStatement.class, metadata.body());
        var security = capabilities.getRestFirstRep().getSecurity();
        assertThat(security.getServiceFirstRep().getCodingFirstRep().getCode()).isEqualTo("SMART-on-FHIR");
        var uris = security.getExtensionByUrl(SmartCapabilities.OAUTH_URIS);
        assertThat(((UriType) uris.getExtensionByUrl("token").getValue()).getValue())
                .isEqualTo(Tokens.ISSUER + "/token");
        assertThat(((UriType) uris.getExtensionByUrl("authorize").getValue()).getValue())
                .isEqualTo(Tokens.ISSUER + "/authorize");
    }

    @Test
    void smartConfigurationIsPublicAtBothAddresses() throws Exception {
        for (String url : List.of(
                baseUrl() + "/.well-known/smart-configuration",
                "http://localhost:" + port + "/.well-known/smart-configuration")) {
            Response response = RawHttp.at(url).get("");
            assertThat(response.status()).as(url).isEqualTo(200);
            var json = new com.fasterxml.jackson.databind.ObjectMapper().readTree(response.body());
            assertThat(json.get("issuer").asText()).isEqualTo(Tokens.ISSUER);
            assertThat(json.get("authorization_endpoint").asText()).isEqualTo(Tokens.ISSUER + "/authorize");
            assertThat(json.get("token_endpoint").asText()).isEqualTo(Tokens.ISSUER + "/token");
            assertThat(json.get("code_challenge_methods_supported").toString()).isEqualTo("[\"S256\"]");
            assertThat(json.get("response_types_supported").toString()).isEqualTo("[\"code\"]");
            assertThat(json.get("grant_types_supported").toString())
                    .isEqualTo("[\"authorization_code\",\"client_credentials\"]");
            assertThat(json.get("capabilities").toString()).contains("\"permission-v2\"", "\"permission-patient\"");
            assertThat(json.get("scopes_supported").toString()).contains("\"patient/*.rs\"");
        }
    }

    @Test
    void aRequestWithoutATokenIsAnswered401WithABearerChallenge() {
        Response response = http.get("/Patient");

        assertThat(response.status()).isEqualTo(401);
        assertThat(response.header("WWW-Authenticate")).isEqualTo("Bearer");
        OperationOutcome.OperationOutcomeIssueComponent issue =
                response.outcome().getIssueFirstRep();
        assertThat(issue.getCode()).isEqualTo(OperationOutcome.IssueType.LOGIN);
        assertThat(issue.getDiagnostics()).startsWith("This request needs a bearer token");
    }

    @Test
    void everyKindOfBadTokenIsAnswered401InvalidToken() {
        Map<String, String> bad = new java.util.LinkedHashMap<>();
        bad.put("malformed", "not-a-jwt");
        bad.put(
                "expired",
                token().scope("user/*.rs")
                        .expiresAt(Instant.now().minusSeconds(300))
                        .rsa());
        bad.put("without exp", token().scope("user/*.rs").expiresAt(null).rsa());
        bad.put(
                "not yet valid",
                token().scope("user/*.rs")
                        .notBefore(Instant.now().plusSeconds(600))
                        .rsa());
        bad.put("signed with an unknown key", token().scope("user/*.rs").forged());
        bad.put(
                "another issuer",
                token().scope("user/*.rs").issuer("https://elsewhere.test").rsa());
        bad.put(
                "another audience",
                TOKENS.forAudience("https://other-server.test/fhir")
                        .scope("user/*.rs")
                        .rsa());

        bad.forEach((what, token) -> {
            Response response = get("/Patient", token);
            assertThat(response.status()).as(what).isEqualTo(401);
            assertThat(response.header("WWW-Authenticate")).as(what).startsWith("Bearer error=\"invalid_token\"");
            assertThat(response.outcome().getIssueFirstRep().getCode())
                    .as(what)
                    .isEqualTo(OperationOutcome.IssueType.LOGIN);
            assertThat(response.body()).as(what).doesNotContain(token);
        });
    }

    @Test
    void rsaAndEcSignedTokensAreBothAccepted() {
        assertThat(get("/Patient?_count=1", token().scope("user/Patient.rs").rsa())
                        .status())
                .isEqualTo(200);
        assertThat(get("/Patient?_count=1", token().scope("user/Patient.rs").ec())
                        .status())
                .isEqualTo(200);
    }

    @Test
    void aKeyAddedToTheJwksFileIsTakenWithoutARestart() {
        TOKENS.rotate();

        assertThat(get("/Patient?_count=1", token().scope("user/Patient.rs").rsa())
                        .status())
                .isEqualTo(200);
    }

    static String unique() {
        return UUID.randomUUID().toString();
    }

    static List<String> ids(Response response) {
        return FHIR.newJsonParser().parseResource(Bundle.class, response.body()).getEntry().stream()
                .map(e -> e.getResource()
                        .getIdElement()
                        .toUnqualifiedVersionless()
                        .getValue())
                .toList();
    }
}
