package org.carerelay.caregap.rules;

import java.util.List;
import java.util.Map;
import java.util.Set;
import org.hl7.fhir.r4.model.CarePlan;
import org.hl7.fhir.r4.model.CareTeam;
import org.hl7.fhir.r4.model.Coding;
import org.hl7.fhir.r4.model.Condition;
import org.hl7.fhir.r4.model.DiagnosticReport;
import org.hl7.fhir.r4.model.Encounter;
import org.hl7.fhir.r4.model.Observation;
import org.hl7.fhir.r4.model.Procedure;
import org.hl7.fhir.r4.model.Resource;
import org.hl7.fhir.r4.model.ServiceRequest;
import org.hl7.fhir.r4.model.Task;

/**
 * The one table of what a resource's status means to the care-gap rules; every rule asks it, none reads a status of its
 * own accord. The README's "Record status" table says the same; {@code RecordStatusMatrixTest} holds every status of
 * every type against every rule.
 *
 * <p>{@link Role#NOTHING}: as if the resource were not there (entered in error, cancelled, planned, not done, no
 * result). {@link Role#COUNTS}: evidence that it exists and still stands (an open referral or task, an active plan, an
 * inpatient stay). {@link Role#CLOSES}: also evidence that something was done, so it closes a loop (a completed task, a
 * visit that took place, a result). A missing status is read as {@code NOTHING}: a value the rules cannot read is no
 * evidence.
 */
public final class RecordStatus {

    /** What a status counts as; each role includes the ones before it. */
    public enum Role {
        NOTHING,
        COUNTS,
        CLOSES;

        public boolean counts() {
            return this != NOTHING;
        }

        public boolean closes() {
            return this == CLOSES;
        }

        /** Counts and is not yet done: an open referral, a task still to do. */
        public boolean open() {
            return this == COUNTS;
        }
    }

    /** By resource type, by status code; a code not listed is {@link Role#NOTHING}. */
    static final Map<String, Map<String, Role>> TABLE = Map.of(
            "ServiceRequest",
            Map.of("active", Role.COUNTS, "completed", Role.CLOSES),
            "Task",
            Map.of(
                    "draft", Role.COUNTS,
                    "requested", Role.COUNTS,
                    "received", Role.COUNTS,
                    "accepted", Role.COUNTS,
                    "ready", Role.COUNTS,
                    "in-progress", Role.COUNTS,
                    "on-hold", Role.COUNTS,
                    "completed", Role.CLOSES),
            "CarePlan",
            Map.of("active", Role.COUNTS),
            "CareTeam",
            Map.of("active", Role.COUNTS),
            "Encounter",
            Map.of(
                    "arrived", Role.CLOSES,
                    "triaged", Role.CLOSES,
                    "in-progress", Role.CLOSES,
                    "onleave", Role.CLOSES,
                    "finished", Role.CLOSES),
            "Observation",
            Map.of(
                    "preliminary", Role.CLOSES,
                    "final", Role.CLOSES,
                    "amended", Role.CLOSES,
                    "corrected", Role.CLOSES),
            "DiagnosticReport",
            Map.of(
                    "partial", Role.CLOSES,
                    "preliminary", Role.CLOSES,
                    "final", Role.CLOSES,
                    "amended", Role.CLOSES,
                    "corrected", Role.CLOSES,
                    "appended", Role.CLOSES),
            "Procedure",
            Map.of("completed", Role.CLOSES));

    /** Condition clinical statuses that make a condition current. */
    static final Set<String> CONDITION_CLINICAL = Set.of("active", "recurrence", "relapse");

    /** Condition verification statuses that let a condition count; an absent one does too. */
    static final Set<String> CONDITION_VERIFICATION = Set.of("confirmed", "provisional", "differential");

    private RecordStatus() {}

    /** What the status of a resource counts as; {@link Role#NOTHING} for a type no rule reads by status. */
    public static Role of(Resource resource) {
        return role(resource.fhirType(), statusCode(resource));
    }

    /** The table's entry for a type and a status code (null: no status). */
    public static Role role(String type, String status) {
        if (status == null) {
            return Role.NOTHING;
        }
        return TABLE.getOrDefault(type, Map.of()).getOrDefault(status, Role.NOTHING);
    }

    /**
     * The status codes of a type whose role counts, sorted: what a read for the rules needs to search for, since no
     * rule reads a resource with another.
     */
    public static List<String> counting(String type) {
        return TABLE.getOrDefault(type, Map.of()).entrySet().stream()
                .filter(entry -> entry.getValue().counts())
                .map(Map.Entry::getKey)
                .sorted()
                .toList();
    }

    static boolean counts(Resource resource) {
        return of(resource).counts();
    }

    static boolean closes(Resource resource) {
        return of(resource).closes();
    }

    static boolean open(Resource resource) {
        return of(resource).open();
    }

    /**
     * Whether a condition counts: current by its clinical status, not abated, and neither refuted nor entered in error
     * (only an absent, confirmed, provisional or differential verification status lets it count).
     */
    static boolean counts(Condition condition) {
        boolean current = condition.getClinicalStatus().getCoding().stream()
                .anyMatch(c -> Codes.oneOf(c.getCode(), CONDITION_CLINICAL));
        return current && !condition.hasAbatement() && verified(condition);
    }

    public static boolean verified(Condition condition) {
        if (condition.getVerificationStatus().getCoding().stream().noneMatch(Coding::hasCode)) {
            return true;
        }
        return condition.getVerificationStatus().getCoding().stream()
                .map(Coding::getCode)
                .allMatch(code -> code == null || Codes.oneOf(code, CONDITION_VERIFICATION));
    }

    /**
     * A resource as a finding names it: {@code Type/id} and the status that decided it ({@code ServiceRequest/7, status
     * active}); a condition with its clinical and verification statuses.
     */
    static String describe(Resource resource) {
        String key = Keys.of(resource);
        String name = key != null ? key : resource.fhirType() + " (no id)";
        if (resource instanceof Condition condition) {
            return name + ", clinical status " + codes(condition.getClinicalStatus()) + ", verification status "
                    + codes(condition.getVerificationStatus());
        }
        String status = statusCode(resource);
        return name + ", status " + (status != null ? status : "(none)");
    }

    private static String codes(org.hl7.fhir.r4.model.CodeableConcept concept) {
        String codes = concept.getCoding().stream()
                .map(Coding::getCode)
                .filter(java.util.Objects::nonNull)
                .collect(java.util.stream.Collectors.joining("+"));
        return codes.isEmpty() ? "(none)" : codes;
    }

    /** The status code of a type the table covers; null for another type, or a resource without a status. */
    private static String statusCode(Resource resource) {
        if (resource instanceof ServiceRequest r) {
            return r.hasStatus() ? r.getStatus().toCode() : null;
        } else if (resource instanceof Task t) {
            return t.hasStatus() ? t.getStatus().toCode() : null;
        } else if (resource instanceof CarePlan p) {
            return p.hasStatus() ? p.getStatus().toCode() : null;
        } else if (resource instanceof CareTeam t) {
            return t.hasStatus() ? t.getStatus().toCode() : null;
        } else if (resource instanceof Encounter e) {
            return e.hasStatus() ? e.getStatus().toCode() : null;
        } else if (resource instanceof Observation o) {
            return o.hasStatus() ? o.getStatus().toCode() : null;
        } else if (resource instanceof DiagnosticReport r) {
            return r.hasStatus() ? r.getStatus().toCode() : null;
        } else if (resource instanceof Procedure p) {
            return p.hasStatus() ? p.getStatus().toCode() : null;
        } else if (resource instanceof org.hl7.fhir.r4.model.MedicationRequest m) {
            return m.hasStatus() ? m.getStatus().toCode() : null;
        } else if (resource instanceof org.hl7.fhir.r4.model.MedicationStatement m) {
            return m.hasStatus() ? m.getStatus().toCode() : null;
        } else if (resource instanceof org.hl7.fhir.r4.model.Goal g) {
            return g.hasLifecycleStatus() ? g.getLifecycleStatus().toCode() : null;
        }
        return null;
    }
}
