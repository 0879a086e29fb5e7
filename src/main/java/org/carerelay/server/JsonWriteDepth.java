package org.carerelay.server;

import ca.uhn.fhir.parser.json.jackson.JacksonStructure;
import com.fasterxml.jackson.core.StreamWriteConstraints;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.lang.reflect.Field;

/**
 * Jackson stops writing at 1,000 levels of nesting, HAPI's JSON writer with it, and a resource the server accepted
 * when the input limit was 1,000 levels is nested deeper than that inside a Bundle: every history and search page
 * holding it was cut off mid-stream. The write limit is raised well above anything that was ever accepted, for HAPI's
 * one shared writer (which took Jackson's defaults when its class loaded) and for every writer made later.
 */
final class JsonWriteDepth {

    private JsonWriteDepth() {}

    /** At least twice the input limit, and at least 2,000: what was stored under the old limit of 1,000 included. */
    static int forInputDepth(int maxDepth) {
        return Math.max(2_000, 2 * maxDepth);
    }

    static void raiseTo(int depth) {
        StreamWriteConstraints constraints =
                StreamWriteConstraints.builder().maxNestingDepth(depth).build();
        StreamWriteConstraints.overrideDefaultStreamWriteConstraints(constraints);
        hapiMapper().getFactory().setStreamWriteConstraints(constraints);
    }

    // HAPI offers no way to configure its mapper; failing at start-up is how an upgrade that moves it is noticed.
    private static ObjectMapper hapiMapper() {
        try {
            Field field = JacksonStructure.class.getDeclaredField("OBJECT_MAPPER");
            field.setAccessible(true);
            return (ObjectMapper) field.get(null);
        } catch (ReflectiveOperationException e) {
            throw new IllegalStateException(
                    "HAPI's JSON mapper is no longer where CareRelay raises its write limit", e);
        }
    }
}
