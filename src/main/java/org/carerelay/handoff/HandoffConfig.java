package org.carerelay.handoff;

import ca.uhn.fhir.jpa.api.dao.DaoRegistry;
import ca.uhn.fhir.rest.api.server.SystemRequestDetails;
import org.hl7.fhir.r4.model.Resource;
import org.springframework.boot.context.event.ApplicationReadyEvent;
import org.springframework.context.annotation.Configuration;
import org.springframework.context.event.EventListener;

/** Publishes the handoff CodeSystems and OperationDefinition as resources once the server is up. */
@Configuration
class HandoffConfig {

    private final DaoRegistry daos;

    HandoffConfig(DaoRegistry daos) {
        this.daos = daos;
    }

    @EventListener(ApplicationReadyEvent.class)
    void publishDefinitions() {
        for (Resource resource : HandoffDefinitions.all()) {
            // An update with unchanged content stores no new version, so restarts leave the history alone.
            daos.getResourceDao(resource.fhirType()).update(resource, new SystemRequestDetails());
        }
    }
}
