package org.carerelay.security;

import ca.uhn.fhir.context.FhirContext;
import jakarta.servlet.http.HttpServletRequest;
import jakarta.servlet.http.HttpServletResponse;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import org.carerelay.fhir.OperationOutcomes;
import org.carerelay.security.audit.AuditTrail;
import org.hl7.fhir.r4.model.OperationOutcome.IssueType;
import org.springframework.security.core.AuthenticationException;
import org.springframework.security.oauth2.server.resource.InvalidBearerTokenException;
import org.springframework.security.oauth2.server.resource.web.BearerTokenAuthenticationEntryPoint;
import org.springframework.security.web.AuthenticationEntryPoint;

/**
 * A request without a usable token: 401 with the {@code WWW-Authenticate: Bearer} challenge (RFC 6750, with
 * {@code error="invalid_token"} when a token was sent) and an OperationOutcome that says what was wrong. The token
 * itself is never echoed or logged. The refusal goes into the audit trail, with the reason given.
 */
final class BearerTokenFailure implements AuthenticationEntryPoint {

    private final BearerTokenAuthenticationEntryPoint challenge = new BearerTokenAuthenticationEntryPoint();
    private final FhirContext fhirContext;
    private final AuditTrail auditTrail;

    BearerTokenFailure(FhirContext fhirContext, AuditTrail auditTrail) {
        this.fhirContext = fhirContext;
        this.auditTrail = auditTrail;
    }

    @Override
    public void commence(HttpServletRequest request, HttpServletResponse response, AuthenticationException failure)
            throws IOException {
        challenge.commence(request, response, failure);
        String message = failure instanceof InvalidBearerTokenException
                ? "The bearer token was refused: " + failure.getMessage()
                : "This request needs a bearer token (Authorization: Bearer <JWT>) from the issuer this server"
                        + " trusts; see /fhir/.well-known/smart-configuration";
        response.setContentType("application/fhir+json");
        response.setCharacterEncoding(StandardCharsets.UTF_8.name());
        response.getWriter()
                .write(fhirContext
                        .newJsonParser()
                        .encodeResourceToString(OperationOutcomes.error(IssueType.LOGIN, message)));
        auditTrail.unauthenticated(request, message);
    }
}
