package org.carerelay.caregap.rules;

import org.carerelay.fhir.LocalServer;
import org.hl7.fhir.r4.model.Reference;
import org.hl7.fhir.r4.model.Resource;

/**
 * Comparable keys ({@code Type/id}) of resources and of the references to them; null where there is none, so that two
 * missing keys never match each other. A reference to another server keeps its base, so it matches no record here.
 */
final class Keys {

    private Keys() {}

    /** {@code Type/id} without base or version; null for a resource without an id. */
    static String of(Resource resource) {
        String id = resource.getIdElement().getIdPart();
        return id == null ? null : resource.fhirType() + "/" + id;
    }

    /**
     * The key of a reference string; null for a reference without one (only an identifier, a display or a
     * data-absent-reason, whose element may be present without a value).
     */
    static String of(Reference reference, LocalServer server) {
        return server.key(reference.getReference());
    }
}
