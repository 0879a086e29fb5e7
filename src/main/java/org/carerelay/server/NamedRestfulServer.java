package org.carerelay.server;

import ca.uhn.fhir.context.FhirContext;
import ca.uhn.fhir.rest.server.RestfulServer;
import ca.uhn.fhir.util.VersionUtil;
import java.util.ArrayList;
import java.util.List;

/**
 * HAPI's REST server under CareRelay's name: {@code X-Powered-By: CareRelay 0.1.0 FHIR R4 server (HAPI FHIR 8.8.0;
 * ...)}, so that an integration engineer reading a response knows which server answered, and what it is built on.
 */
final class NamedRestfulServer extends RestfulServer {

    static final String NAME = "CareRelay";

    private final String version;

    NamedRestfulServer(FhirContext context, String version) {
        super(context);
        this.version = version;
        setServerName(NAME);
        setServerVersion(version);
    }

    @Override
    protected String createPoweredByHeaderProductName() {
        return NAME;
    }

    @Override
    protected String createPoweredByHeaderProductVersion() {
        return version;
    }

    @Override
    protected String createPoweredByHeaderComponentName() {
        return "FHIR R4 server";
    }

    @Override
    protected List<String> createPoweredByAttributes() {
        List<String> attributes = new ArrayList<>();
        attributes.add("HAPI FHIR " + VersionUtil.getVersion());
        attributes.addAll(super.createPoweredByAttributes());
        return attributes;
    }
}
