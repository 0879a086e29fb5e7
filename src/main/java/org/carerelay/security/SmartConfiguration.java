package org.carerelay.security;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.ObjectMapper;
import jakarta.servlet.http.HttpServlet;
import jakarta.servlet.http.HttpServletRequest;
import jakarta.servlet.http.HttpServletResponse;
import java.io.IOException;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * SMART App Launch 2.x discovery ({@code .well-known/smart-configuration}): where to get tokens, which scopes and
 * launch modes this server understands. Public, like the CapabilityStatement.
 */
final class SmartConfiguration extends HttpServlet {

    static final List<String> SCOPES = List.of(
            "openid",
            "fhirUser",
            "launch",
            "launch/patient",
            "offline_access",
            "online_access",
            "patient/*.cruds",
            "patient/*.rs",
            "user/*.cruds",
            "user/*.rs",
            "system/*.cruds",
            "system/*.rs",
            "patient/*.read",
            "user/*.read",
            "system/*.read");

    static final List<String> CAPABILITIES = List.of(
            "launch-standalone",
            "client-public",
            "client-confidential-symmetric",
            "client-confidential-asymmetric",
            "context-standalone-patient",
            "permission-patient",
            "permission-user",
            "permission-offline",
            "permission-v1",
            "permission-v2");

    /** What only the built-in authorization server offers: EHR launch and OpenID Connect. */
    static final List<String> BUILT_IN_CAPABILITIES =
            List.of("launch-ehr", "context-ehr-patient", "sso-openid-connect");

    private final byte[] document;

    SmartConfiguration(Endpoints endpoints) {
        Map<String, Object> json = new LinkedHashMap<>();
        json.put("issuer", endpoints.issuer());
        if (endpoints.jwksUri() != null && !endpoints.jwksUri().isBlank()) {
            json.put("jwks_uri", endpoints.jwksUri());
        }
        json.put("authorization_endpoint", endpoints.authorization());
        json.put("token_endpoint", endpoints.token());
        if (endpoints.builtIn()) {
            json.put("introspection_endpoint", endpoints.introspection());
            json.put("revocation_endpoint", endpoints.revocation());
            json.put("grant_types_supported", List.of("authorization_code", "client_credentials", "refresh_token"));
            json.put("token_endpoint_auth_signing_alg_values_supported", List.of("RS384", "ES384"));
        } else {
            json.put("grant_types_supported", List.of("authorization_code", "client_credentials"));
        }
        json.put(
                "token_endpoint_auth_methods_supported",
                List.of("client_secret_basic", "client_secret_post", "private_key_jwt"));
        // the built-in server never grants online_access (its refresh tokens do not end with the session)
        json.put(
                "scopes_supported",
                endpoints.builtIn()
                        ? SCOPES.stream()
                                .filter(s -> !s.equals("online_access"))
                                .toList()
                        : SCOPES);
        json.put("response_types_supported", List.of("code"));
        json.put("code_challenge_methods_supported", List.of("S256"));
        List<String> capabilities = new ArrayList<>(CAPABILITIES);
        if (endpoints.builtIn()) {
            capabilities.addAll(BUILT_IN_CAPABILITIES);
        }
        json.put("capabilities", capabilities);
        try {
            this.document = new ObjectMapper().writeValueAsBytes(json);
        } catch (JsonProcessingException e) {
            throw new IllegalStateException(e);
        }
    }

    @Override
    protected void doGet(HttpServletRequest request, HttpServletResponse response) throws IOException {
        response.setContentType("application/json");
        response.setCharacterEncoding("UTF-8");
        response.getOutputStream().write(document);
    }
}
