package org.carerelay.server;

import ca.uhn.fhir.interceptor.api.Hook;
import ca.uhn.fhir.interceptor.api.Interceptor;
import ca.uhn.fhir.interceptor.api.Pointcut;
import ca.uhn.fhir.jpa.api.dao.DaoRegistry;
import ca.uhn.fhir.rest.api.server.SystemRequestDetails;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import org.carerelay.fhir.Definitions;
import org.hl7.fhir.instance.model.api.IBaseConformance;
import org.hl7.fhir.r4.model.CapabilityStatement;
import org.hl7.fhir.r4.model.OperationDefinition;
import org.hl7.fhir.r4.model.Resource;
import org.springframework.boot.context.event.ApplicationReadyEvent;
import org.springframework.context.event.EventListener;
import org.springframework.stereotype.Component;

/**
 * Stores the features' CodeSystems and OperationDefinitions once the server is up, and points each operation of the
 * CapabilityStatement at its published definition.
 */
@Component
@Interceptor
final class DefinitionPublisher implements ServerInterceptor {

    private final DaoRegistry daos;
    private final List<Definitions.Published> features;

    DefinitionPublisher(DaoRegistry daos, List<Definitions.Published> features) {
        this.daos = daos;
        this.features = features;
    }

    @EventListener(ApplicationReadyEvent.class)
    void publish() {
        for (Definitions.Published feature : features) {
            for (Resource resource : feature.resources()) {
                // An update with unchanged content stores no new version, so restarts leave the history alone.
                daos.getResourceDao(resource.fhirType()).update(resource, new SystemRequestDetails());
            }
        }
    }

    @Hook(Pointcut.SERVER_CAPABILITY_STATEMENT_GENERATED)
    public void linkOperations(IBaseConformance generated) {
        Map<String, String> urls = new HashMap<>();
        features.stream()
                .flatMap(feature -> feature.resources().stream())
                .filter(OperationDefinition.class::isInstance)
                .map(OperationDefinition.class::cast)
                .forEach(definition -> {
                    // one code may be defined on several types ($care-gaps on Patient and on Measure)
                    urls.putIfAbsent(definition.getCode(), definition.getUrl());
                    definition
                            .getResource()
                            .forEach(type ->
                                    urls.put(type.getValue() + "/" + definition.getCode(), definition.getUrl()));
                });
        for (var rest : ((CapabilityStatement) generated).getRest()) {
            for (var resource : rest.getResource()) {
                resource.getOperation().stream()
                        .filter(op -> urls.containsKey(op.getName()))
                        .forEach(op -> op.setDefinition(
                                urls.getOrDefault(resource.getType() + "/" + op.getName(), urls.get(op.getName()))));
            }
        }
    }
}
