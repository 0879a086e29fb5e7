package org.carerelay.fhir;

import java.util.List;
import org.hl7.fhir.r4.model.CodeSystem;
import org.hl7.fhir.r4.model.Enumerations.PublicationStatus;
import org.hl7.fhir.r4.model.OperationDefinition;
import org.hl7.fhir.r4.model.OperationDefinition.OperationParameterUse;
import org.hl7.fhir.r4.model.Resource;

/**
 * Builders for the conformance resources a feature publishes. A feature lists its resources as a {@link Published}
 * bean; the server stores them at start-up and links its operations from the CapabilityStatement.
 */
public final class Definitions {

    /** The CodeSystems and OperationDefinitions of one feature. */
    public interface Published {
        List<Resource> resources();
    }

    private Definitions() {}

    /** A complete, active CodeSystem at {@code url}; the caller adds the concepts. */
    public static CodeSystem codeSystem(String id, String url, String title, String description) {
        CodeSystem system = new CodeSystem();
        system.setId(id);
        system.setUrl(url)
                .setName(title.replaceAll("[^A-Za-z]", ""))
                .setTitle(title)
                .setStatus(PublicationStatus.ACTIVE)
                .setDescription(description)
                .setPublisher("CareRelay")
                .setCaseSensitive(true)
                .setContent(CodeSystem.CodeSystemContentMode.COMPLETE);
        return system;
    }

    /** An active OperationDefinition of {@code $code} at the canonical URL; the caller sets its levels and parameters. */
    public static OperationDefinition operation(String id, String code, String name, String title, String description) {
        OperationDefinition definition = new OperationDefinition();
        definition.setId(id);
        definition
                .setUrl(Canonical.operationDefinition(code))
                .setName(name)
                .setTitle(title)
                .setStatus(PublicationStatus.ACTIVE)
                .setKind(OperationDefinition.OperationKind.OPERATION)
                .setCode(code)
                .setPublisher("CareRelay")
                .setDescription(description);
        return definition;
    }

    public static void in(OperationDefinition definition, String name, int min, String max, String type, String doc) {
        parameter(definition, OperationParameterUse.IN, name, min, max, type, doc);
    }

    public static void out(OperationDefinition definition, String name, int min, String max, String type, String doc) {
        parameter(definition, OperationParameterUse.OUT, name, min, max, type, doc);
    }

    private static void parameter(
            OperationDefinition definition,
            OperationParameterUse use,
            String name,
            int min,
            String max,
            String type,
            String documentation) {
        definition
                .addParameter()
                .setName(name)
                .setUse(use)
                .setMin(min)
                .setMax(max)
                .setType(type)
                .setDocumentation(documentation);
    }
}
