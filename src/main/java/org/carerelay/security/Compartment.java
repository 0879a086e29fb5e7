package org.carerelay.security;

import ca.uhn.fhir.context.FhirContext;
import ca.uhn.fhir.context.RuntimeSearchParam;
import java.util.List;
import java.util.Optional;
import java.util.Set;
import org.hl7.fhir.instance.model.api.IBaseResource;
import org.hl7.fhir.instance.model.api.IIdType;
import org.hl7.fhir.r4.model.Task;
import org.springframework.stereotype.Component;

/**
 * What a patient-scoped token may reach: the patient's compartment as FHIR R4's CompartmentDefinition for Patient
 * defines it, plus the Tasks for the patient (R4 leaves Task out of the compartment, and handoffs are Tasks), plus
 * shared reference data that belongs to no patient (practitioners, organizations, medications, definitions). Every
 * other type (Binary, Bundle, Contract, GuidanceResponse, ...) may hold any patient's data without saying whose, so it
 * is out of reach, and so is the audit trail.
 */
@Component
final class Compartment {

    private static final Set<String> SHARED = Set.of(
            "Practitioner",
            "PractitionerRole",
            "Organization",
            "OrganizationAffiliation",
            "Location",
            "HealthcareService",
            "Endpoint",
            "Medication",
            "MedicationKnowledge",
            "Substance",
            "ActivityDefinition",
            "PlanDefinition",
            "Questionnaire",
            "Library",
            "Measure",
            "ObservationDefinition",
            "SpecimenDefinition",
            "DeviceDefinition",
            "ValueSet",
            "CodeSystem",
            "ConceptMap",
            "NamingSystem",
            "StructureDefinition",
            "OperationDefinition",
            "SearchParameter",
            "CapabilityStatement",
            "CompartmentDefinition",
            "ImplementationGuide");

    private final FhirContext fhirContext;

    Compartment(FhirContext fhirContext) {
        this.fhirContext = fhirContext;
    }

    /** Whether a patient-scoped token may reach resources of this type at all. */
    boolean reachable(String type) {
        if ("AuditEvent".equals(type)) {
            // an event about the patient also names whoever tried to reach it: other patients' clients and addresses
            return false;
        }
        return SHARED.contains(type)
                || "Patient".equals(type)
                || "Task".equals(type)
                || !parameters(type).isEmpty();
    }

    /** Whether the resource is the patient, in its compartment, or shared reference data. */
    boolean contains(String patientId, IBaseResource resource) {
        String type = fhirContext.getResourceType(resource);
        if (SHARED.contains(type)) {
            return true;
        }
        return owners(resource).stream().anyMatch(patientId::equals);
    }

    /**
     * Whether a write stays with the patient: every patient the resource would belong to is this one (naming the
     * patient as a performer does not let a token write into another patient's record).
     */
    boolean onlyOf(String patientId, IBaseResource resource) {
        String type = fhirContext.getResourceType(resource);
        if (SHARED.contains(type)) {
            return true;
        }
        List<String> owners = owners(resource);
        return !owners.isEmpty() && owners.stream().allMatch(patientId::equals);
    }

    /** The search parameter that narrows a search of this type to one patient, and its value. */
    Optional<Narrowing> narrowing(String type, String patientId) {
        if ("Patient".equals(type)) {
            return Optional.of(new Narrowing("_id", patientId));
        }
        if ("Task".equals(type)) {
            return Optional.of(new Narrowing("patient", "Patient/" + patientId));
        }
        List<String> names = parameters(type);
        if (names.isEmpty()) {
            return Optional.empty();
        }
        String name = names.contains("patient") ? "patient" : names.contains("subject") ? "subject" : names.get(0);
        return Optional.of(new Narrowing(name, "Patient/" + patientId));
    }

    record Narrowing(String name, String value) {}

    /** The ids of the patients a resource belongs to; none for a type out of reach. */
    private List<String> owners(IBaseResource resource) {
        String type = fhirContext.getResourceType(resource);
        if ("Patient".equals(type)) {
            return resource.getIdElement().hasIdPart()
                    ? List.of(resource.getIdElement().getIdPart())
                    : List.of();
        }
        if (resource instanceof Task task) {
            IIdType target = task.getFor().getReferenceElement();
            return "Patient".equals(target.getResourceType()) && target.hasIdPart()
                    ? List.of(target.getIdPart())
                    : List.of();
        }
        if (parameters(type).isEmpty()) {
            return List.of();
        }
        return fhirContext.newTerser().getCompartmentOwnersForResource("Patient", resource, Set.of()).stream()
                .map(IIdType::getIdPart)
                .toList();
    }

    private List<String> parameters(String type) {
        return fhirContext.getResourceDefinition(type).getSearchParamsForCompartmentName("Patient").stream()
                .map(RuntimeSearchParam::getName)
                .toList();
    }
}
