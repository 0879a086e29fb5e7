package org.carerelay.security;

/**
 * Where tokens come from, as SMART discovery and the CapabilityStatement advertise it: the external issuer's settings,
 * or the built-in authorization server, whose issuer is the server's public address without {@code /fhir}.
 *
 * @param fhirBase the FHIR base URL tokens are issued for (their {@code aud})
 */
public record Endpoints(
        String fhirBase,
        String issuer,
        String jwksUri,
        String authorization,
        String token,
        String introspection,
        String revocation,
        boolean builtIn) {

    static final String FHIR_PATH = "/fhir";

    public static Endpoints of(SecurityProperties security, String serverAddress) {
        String fhirBase = withoutTrailingSlash(security.hasAudience() ? security.audience() : serverAddress);
        if (!security.builtIn()) {
            return new Endpoints(
                    fhirBase,
                    security.issuer(),
                    security.jwksUri(),
                    security.authorizationEndpoint(),
                    security.tokenEndpoint(),
                    null,
                    null,
                    false);
        }
        if (fhirBase == null || fhirBase.isBlank()) {
            throw new IllegalStateException("carerelay.security.enabled is true but neither carerelay.security.audience"
                    + " nor carerelay.server-address is set: name the FHIR base URL tokens must be issued for");
        }
        if (!fhirBase.endsWith(FHIR_PATH)) {
            throw new IllegalStateException(
                    "the built-in authorization server needs the public FHIR base URL, ending in " + FHIR_PATH
                            + ", in carerelay.server-address (or carerelay.security.audience); it is " + fhirBase);
        }
        String issuer = fhirBase.substring(0, fhirBase.length() - FHIR_PATH.length());
        return new Endpoints(
                fhirBase,
                issuer,
                issuer + "/oauth2/jwks",
                issuer + "/oauth2/authorize",
                issuer + "/oauth2/token",
                issuer + "/oauth2/introspect",
                issuer + "/oauth2/revoke",
                true);
    }

    /** The URL without one trailing slash: how base URLs are compared. */
    public static String withoutTrailingSlash(String url) {
        return url != null && url.endsWith("/") ? url.substring(0, url.length() - 1) : url;
    }
}
