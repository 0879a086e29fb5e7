package org.carerelay.registry;

import java.util.List;
import org.carerelay.fhir.Canonical;
import org.carerelay.fhir.Definitions;
import org.carerelay.registry.rules.RegistryStatus;
import org.hl7.fhir.r4.model.CodeSystem;
import org.hl7.fhir.r4.model.OperationDefinition;
import org.hl7.fhir.r4.model.Resource;
import org.springframework.stereotype.Component;

/** The registry-status CodeSystem and {@code $depression-registry}. */
@Component
final class RegistryDefinitions implements Definitions.Published {

    static final String STATUS_SYSTEM = Canonical.codeSystem("registry-status");

    @Override
    public List<Resource> resources() {
        return List.of(statuses(), operation());
    }

    private static CodeSystem statuses() {
        CodeSystem system = Definitions.codeSystem(
                "registry-status",
                STATUS_SYSTEM,
                "CareRelay registry statuses",
                "Where a patient on the collaborative-care registry stands; the first that applies");
        add(system, RegistryStatus.NO_RECENT_CONTACT, "No encounter or PHQ-9 within contact-days (default 30)");
        add(system, RegistryStatus.NEW, "No PHQ-9 after the baseline yet");
        add(system, RegistryStatus.REMISSION, "Latest PHQ-9 below remission-below (default 5)");
        add(system, RegistryStatus.RESPONSE, "Latest PHQ-9 at least response-drop-percent (50) below baseline");
        add(
                system,
                RegistryStatus.NOT_IMPROVING,
                "Under a response after case-review-weeks (10) in care: flag for psychiatric case review");
        add(system, RegistryStatus.IMPROVING, "In care under case-review-weeks, followed up, no response yet");
        return system;
    }

    private static void add(CodeSystem system, RegistryStatus status, String definition) {
        system.addConcept().setCode(status.code()).setDisplay(status.code()).setDefinition(definition);
    }

    private static OperationDefinition operation() {
        OperationDefinition definition = Definitions.operation(
                "Patient-depression-registry",
                "depression-registry",
                "DepressionRegistry",
                "Collaborative-care registry",
                "Every patient with a current depression diagnosis or a PHQ-9 of 10 or more: baseline and latest PHQ-9,"
                        + " change, weeks in care, last contact and next due contact, care manager and psychiatric"
                        + " consultant, and a registry status; a page at a time.");
        definition.setAffectsState(false).setSystem(false).setType(true).setInstance(false);
        definition.addResource("Patient");
        Definitions.in(definition, "asOf", 0, "1", "date", "The day judged as of (carerelay.time-zone); default today");
        Definitions.in(definition, "status", 0, "*", "code", "Only these statuses, from " + STATUS_SYSTEM);
        Definitions.in(
                definition,
                "practitioner",
                0,
                "1",
                "string",
                "Patients whose general practitioner this is, or with it on a CareTeam");
        Definitions.in(definition, "organization", 0, "1", "string", "Patients this Organization manages");
        Definitions.in(definition, "_count", 0, "1", "integer", "Entries per page");
        Definitions.in(definition, "_cursor", 0, "1", "string", "Where the next page starts; from the next link");
        var entry = definition
                .addParameter()
                .setName("entry")
                .setUse(OperationDefinition.OperationParameterUse.OUT)
                .setMin(0)
                .setMax("*")
                .setDocumentation("A patient on the registry, one part per column; a part without a value is left out");
        String[][] parts = {
            {"patient", "Reference"},
            {"status", "code"},
            {"baselinePhq9", "integer"},
            {"baselineDate", "date"},
            {"latestPhq9", "integer"},
            {"latestDate", "date"},
            {"change", "integer"},
            {"weeksInCare", "integer"},
            {"lastContact", "date"},
            {"nextContactDue", "date"},
            {"careManager", "Reference"},
            {"psychiatricConsultant", "Reference"}
        };
        for (String[] part : parts) {
            entry.addPart()
                    .setName(part[0])
                    .setUse(OperationDefinition.OperationParameterUse.OUT)
                    .setMin(part[0].equals("patient") || part[0].equals("status") ? 1 : 0)
                    .setMax("1")
                    .setType(part[1]);
        }
        Definitions.out(definition, "next", 0, "1", "uri", "The next page, also the HTTP Link header");
        return definition;
    }
}
