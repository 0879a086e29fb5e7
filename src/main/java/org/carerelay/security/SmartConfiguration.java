package org.carerelay.security;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.ObjectMapper;
import jakarta.servlet.http.HttpServlet;
import jakarta.servlet.http.HttpServletRequest;
import jakarta.servlet.http.HttpServletResponse;
import java.io.IOException;
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

    private final byte[] document;

    SmartConfiguration(SecurityProperties security) {
        Map<String, Object> json = new LinkedHashMap<>();
        json.put("issuer", security.issuer());
        if (security.jwksUri() != null && !security.jwksUri().isBlank()) {
            json.put("jwks_uri", security.jwksUri());
        }
        json.put("authorization_endpoint", security.authorizationEndpoint());
        json.put("token_endpoint", security.tokenEndpoint());
        json.put("grant_types_supported", List.of("authorization_code", "client_credentials"));
        json.put(
                "token_endpoint_auth_methods_supported",
                List.of("client_secret_basic", "client_secret_post", "private_key_jwt"));
        json.put("scopes_supported", SCOPES);
        json.put("response_types_supported", List.of("code"));
        json.put("code_challenge_methods_supported", List.of("S256"));
        json.put("capabilities", CAPABILITIES);
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
