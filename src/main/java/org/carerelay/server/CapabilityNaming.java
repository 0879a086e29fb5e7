package org.carerelay.server;

import ca.uhn.fhir.interceptor.api.Hook;
import ca.uhn.fhir.interceptor.api.Interceptor;
import ca.uhn.fhir.interceptor.api.Pointcut;
import ca.uhn.fhir.rest.server.RestfulServer;
import org.hl7.fhir.instance.model.api.IBaseConformance;
import org.hl7.fhir.r4.model.CapabilityStatement;
import org.springframework.beans.factory.ObjectProvider;
import org.springframework.stereotype.Component;

/** The CapabilityStatement names CareRelay (HAPI's says "RestServer", published by "Not provided"). */
@Component
@Interceptor
final class CapabilityNaming implements ServerInterceptor {

    private final ObjectProvider<RestfulServer> server;

    CapabilityNaming(ObjectProvider<RestfulServer> server) {
        this.server = server;
    }

    @Hook(Pointcut.SERVER_CAPABILITY_STATEMENT_GENERATED)
    public void name(IBaseConformance generated) {
        CapabilityStatement capabilities = (CapabilityStatement) generated;
        capabilities.setName(NamedRestfulServer.NAME);
        capabilities.setTitle("CareRelay FHIR R4 server for care coordination");
        capabilities.setPublisher(NamedRestfulServer.NAME);
        capabilities
                .getSoftware()
                .setName(NamedRestfulServer.NAME)
                .setVersion(server.getObject().getServerVersion());
    }
}
