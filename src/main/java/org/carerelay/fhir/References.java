package org.carerelay.fhir;

import org.hl7.fhir.r4.model.Reference;

/** Reference helpers shared by the features. */
public final class References {

    private References() {}

    /**
     * A comparable key for a reference: {@code Type/id} without base URL or version for RESTful references, the value
     * itself for {@code urn:}, contained and conditional ({@code Type?search}) references; null when the reference has no reference string.
     */
    public static String key(Reference reference) {
        if (reference == null || !reference.hasReference()) {
            return null;
        }
        return key(reference.getReference());
    }

    public static String key(String value) {
        if (value == null) {
            return null; // a reference element that carries only extensions
        }
        if (value.startsWith("urn:") || value.startsWith("#") || value.contains("?")) {
            return value;
        }
        String[] parts = value.replaceAll("/_history/.*$", "").split("/");
        if (parts.length < 2) {
            return value;
        }
        return parts[parts.length - 2] + "/" + parts[parts.length - 1];
    }
}
