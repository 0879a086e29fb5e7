package org.carerelay.security.authorization;

import static org.assertj.core.api.Assertions.assertThat;

import ca.uhn.fhir.context.FhirContext;
import com.fasterxml.jackson.databind.JsonNode;
import java.util.ArrayList;
import java.util.List;
import org.carerelay.testing.AbstractAuthorizationServerIT;
import org.carerelay.testing.RawHttp;
import org.hl7.fhir.r4.model.CapabilityStatement;
import org.hl7.fhir.r4.model.Extension;
import org.junit.jupiter.api.Test;

/** With no external issuer, discovery points SMART apps at the built-in authorization server. */
class AuthorizationServerDiscoveryIT extends AbstractAuthorizationServerIT {

    @Test
    void smartConfigurationNamesTheBuiltInServer() {
        RawHttp.Response response = fhir().get("/.well-known/smart-configuration");

        assertThat(response.status()).isEqualTo(200);
        JsonNode smart = json(response);
        assertThat(smart.get("issuer").asText()).isEqualTo(ORIGIN);
        assertThat(smart.get("authorization_endpoint").asText()).isEqualTo(ORIGIN + "/oauth2/authorize");
        assertThat(smart.get("token_endpoint").asText()).isEqualTo(ORIGIN + "/oauth2/token");
        assertThat(smart.get("jwks_uri").asText()).isEqualTo(ORIGIN + "/oauth2/jwks");
        assertThat(smart.get("introspection_endpoint").asText()).isEqualTo(ORIGIN + "/oauth2/introspect");
        assertThat(smart.get("revocation_endpoint").asText()).isEqualTo(ORIGIN + "/oauth2/revoke");
        assertThat(texts(smart.get("capabilities")))
                .contains("launch-ehr", "launch-standalone", "context-ehr-patient", "context-standalone-patient")
                .contains("client-public", "client-confidential-asymmetric", "sso-openid-connect")
                .doesNotContain("permission-online", "authorize-post");
        assertThat(texts(smart.get("scopes_supported")))
                .contains("offline_access")
                .doesNotContain("online_access");
        assertThat(texts(smart.get("grant_types_supported")))
                .containsExactly("authorization_code", "client_credentials", "refresh_token");
        assertThat(texts(smart.get("code_challenge_methods_supported"))).containsExactly("S256");
    }

    @Test
    void theSigningKeysAndOpenIdDiscoveryArePublic() {
        JsonNode keys = json(RawHttp.at(ORIGIN).get("/oauth2/jwks"));
        assertThat(keys.get("keys")).hasSize(1);
        assertThat(keys.get("keys").get(0).get("kty").asText()).isEqualTo("RSA");
        assertThat(keys.get("keys").get(0).has("d")).isFalse();

        JsonNode openid = json(RawHttp.at(ORIGIN).get("/.well-known/openid-configuration"));
        assertThat(openid.get("issuer").asText()).isEqualTo(ORIGIN);
        assertThat(openid.get("jwks_uri").asText()).isEqualTo(ORIGIN + "/oauth2/jwks");
    }

    @Test
    void theCapabilityStatementDeclaresTheOAuthEndpoints() {
        CapabilityStatement capabilities = FhirContext.forR4Cached()
                .newJsonParser()
                .parseResource(
                        CapabilityStatement.class,
                        fhir().get("/metadata?_format=json").body());

        Extension uris = capabilities
                .getRestFirstRep()
                .getSecurity()
                .getExtensionByUrl("http://fhir-registry.smarthealthit.org/StructureDefinition/oauth-uris");
        assertThat(uris.getExtensionString("authorize")).isEqualTo(ORIGIN + "/oauth2/authorize");
        assertThat(uris.getExtensionString("token")).isEqualTo(ORIGIN + "/oauth2/token");
        assertThat(uris.getExtensionString("introspect")).isEqualTo(ORIGIN + "/oauth2/introspect");
        assertThat(uris.getExtensionString("revoke")).isEqualTo(ORIGIN + "/oauth2/revoke");
    }

    @Test
    void theLoginPageIsPlainAccessibleHtml() {
        RawHttp.Response login = RawHttp.at(ORIGIN).get("/login");

        assertThat(login.status()).isEqualTo(200);
        assertThat(login.header("Content-Type")).startsWith("text/html");
        assertThat(login.header("Content-Security-Policy")).isEqualTo("default-src 'self'; frame-ancestors 'none'");
        assertThat(login.body())
                .contains("<html lang=\"en\">")
                .contains("<label for=\"username\">Username</label>")
                .contains("<input id=\"username\" name=\"username\"")
                .contains("<label for=\"password\">Password</label>")
                .contains("<input id=\"password\" name=\"password\" type=\"password\"")
                .doesNotContain("<script");
        RawHttp.Response style = RawHttp.at(ORIGIN).get("/auth/style.css");
        assertThat(style.status()).isEqualTo(200);
        assertThat(style.header("Content-Type")).startsWith("text/css");
    }

    @Test
    void theFhirEndpointStillNeedsAToken() {
        RawHttp.Response anonymous = fhir().get("/Patient");

        assertThat(anonymous.status()).isEqualTo(401);
        assertThat(anonymous.header("WWW-Authenticate")).startsWith("Bearer");
    }

    private static List<String> texts(JsonNode array) {
        List<String> texts = new ArrayList<>();
        array.forEach(node -> texts.add(node.asText()));
        return texts;
    }
}
