package org.carerelay.security;

import ca.uhn.fhir.context.FhirContext;
import ca.uhn.fhir.util.FhirTerser;
import java.util.Set;
import org.hl7.fhir.instance.model.api.IBaseResource;
import org.springframework.stereotype.Component;

/** Membership of the patient compartment, as FHIR R4's CompartmentDefinition for Patient defines it. */
@Component
final class Compartment {

    private final FhirContext fhirContext;

    Compartment(FhirContext fhirContext) {
        this.fhirContext = fhirContext;
    }

    /** Whether the type holds patient data at all (the Patient type, or a type with Patient compartment links). */
    boolean holdsPatientData(String type) {
        return "Patient".equals(type)
                || !fhirContext
                        .getResourceDefinition(type)
                        .getSearchParamsForCompartmentName("Patient")
                        .isEmpty();
    }

    /** Whether a resource is the patient, or in its compartment; resources of other types belong to no patient. */
    boolean contains(String patientId, IBaseResource resource) {
        String type = fhirContext.getResourceType(resource);
        if ("Patient".equals(type)) {
            return patientId.equals(resource.getIdElement().getIdPart());
        }
        if (!holdsPatientData(type)) {
            return true;
        }
        FhirTerser terser = fhirContext.newTerser();
        return terser.getCompartmentOwnersForResource("Patient", resource, Set.of()).stream()
                .anyMatch(owner -> patientId.equals(owner.getIdPart()));
    }
}
