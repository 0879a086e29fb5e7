package org.carerelay.security;

import ca.uhn.fhir.interceptor.api.Hook;
import ca.uhn.fhir.interceptor.api.Interceptor;
import ca.uhn.fhir.interceptor.api.Pointcut;
import org.carerelay.server.ServerInterceptor;
import org.hl7.fhir.instance.model.api.IBaseConformance;
import org.hl7.fhir.r4.model.CapabilityStatement;
import org.hl7.fhir.r4.model.Extension;
import org.hl7.fhir.r4.model.UriType;

/** With security on, the CapabilityStatement declares the SMART-on-FHIR security service and its OAuth endpoints. */
@Interceptor
final class SmartCapabilities implements ServerInterceptor {

    static final String OAUTH_URIS = "http://fhir-registry.smarthealthit.org/StructureDefinition/oauth-uris";

    private final Endpoints endpoints;

    SmartCapabilities(Endpoints endpoints) {
        this.endpoints = endpoints;
    }

    @Hook(Pointcut.SERVER_CAPABILITY_STATEMENT_GENERATED)
    public void declare(IBaseConformance generated) {
        CapabilityStatement.CapabilityStatementRestSecurityComponent declared =
                ((CapabilityStatement) generated).getRestFirstRep().getSecurity();
        declared.addService()
                .addCoding()
                .setSystem("http://terminology.hl7.org/CodeSystem/restful-security-service")
                .setCode("SMART-on-FHIR")
                .setDisplay("SMART-on-FHIR");
        declared.setDescription("OAuth 2.0 bearer tokens as SMART App Launch 2.x defines them; see"
                + " .well-known/smart-configuration");
        Extension uris = declared.addExtension().setUrl(OAUTH_URIS);
        if (endpoints.token() != null) {
            uris.addExtension("token", new UriType(endpoints.token()));
        }
        if (endpoints.authorization() != null) {
            uris.addExtension("authorize", new UriType(endpoints.authorization()));
        }
        if (endpoints.introspection() != null) {
            uris.addExtension("introspect", new UriType(endpoints.introspection()));
        }
        if (endpoints.revocation() != null) {
            uris.addExtension("revoke", new UriType(endpoints.revocation()));
        }
    }
}
