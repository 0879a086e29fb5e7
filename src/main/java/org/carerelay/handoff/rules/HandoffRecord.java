package org.carerelay.handoff.rules;

import java.util.List;
import java.util.Optional;
import org.carerelay.fhir.LocalServer;
import org.hl7.fhir.r4.model.CareTeam;
import org.hl7.fhir.r4.model.Reference;
import org.hl7.fhir.r4.model.Resource;
import org.hl7.fhir.r4.model.Task;

/**
 * The read port of the handoff rules: what they may look up beyond the Task itself. References resolve first inside
 * the bundle being checked, then on the server.
 */
public interface HandoffRecord {

    /** The resource a reference points to, if it exists in the bundle or on the server. */
    Optional<Resource> resolve(Reference reference);

    /** Whether the resource a reference points to exists; may be cheaper than {@link #resolve}. */
    default boolean exists(Reference reference) {
        return resolve(reference).isPresent();
    }

    /**
     * Whether a reference can be checked here at all: contained ({@code #id}), conditional ({@code Type?search}, which
     * the server resolves when it stores the resource) and absolute references to other servers cannot, and count as
     * present.
     */
    default boolean isLocal(Reference reference) {
        String value = reference.getReference();
        // a urn: names a resource of the same bundle, which the server stores with it
        return value != null && (value.startsWith("urn:") || localServer().isLocal(value));
    }

    /** Which references name this server's resources; absolute ones on another server never do. */
    default LocalServer localServer() {
        return LocalServer.RELATIVE_ONLY;
    }

    /** The comparable key of a reference ({@link LocalServer#key(Reference)}). */
    default String key(Reference reference) {
        return localServer().key(reference);
    }

    /** The resource type a reference names or resolves to. */
    default Optional<String> typeOf(Reference reference) {
        String value = reference.getReference();
        if (value == null) {
            return Optional.ofNullable(reference.getType());
        }
        if (value.startsWith("urn:") || value.startsWith("#")) {
            return resolve(reference).map(Resource::fhirType);
        }
        if (value.contains("?")) {
            return Optional.of(value.substring(0, value.indexOf('?')));
        }
        String[] parts = value.replaceAll("/_history/.*$", "").split("/");
        return parts.length >= 2 ? Optional.of(parts[parts.length - 2]) : Optional.empty();
    }

    /** The active CareTeams whose subject is the patient the reference points to. */
    List<CareTeam> activeCareTeams(Reference patient);

    /** The version of this Task as currently stored, or empty when it is new. */
    Optional<Task> storedVersion(Task task);
}
