package org.carerelay.fhir;

import org.hl7.fhir.r4.model.Reference;

/**
 * Reference keys where the server's address is not at hand: only relative references are local, and an absolute
 * reference keeps its base (see {@link LocalServer}, which the features use when they know the address).
 */
public final class References {

    private References() {}

    /** {@link LocalServer#key(Reference)} with only relative references local. */
    public static String key(Reference reference) {
        if (reference == null || !reference.hasReference()) {
            return null;
        }
        return key(reference.getReference());
    }

    public static String key(String value) {
        return LocalServer.RELATIVE_ONLY.key(value);
    }
}
