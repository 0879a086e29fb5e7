package org.carerelay.caregap.rules;

import java.util.List;
import java.util.Objects;
import org.hl7.fhir.r4.model.Resource;

/**
 * One open care gap of a patient, with the findings that decided it: each resource that did, with its status and what
 * the rule made of it, the most telling first, and what the rule looked for and did not find.
 */
public record Gap(CareGapRule rule, List<Finding> findings, String message) {

    public Gap {
        findings = List.copyOf(findings);
    }

    /** The resources among the findings, in their order. */
    public List<Resource> evidence() {
        return findings.stream().map(Finding::resource).filter(Objects::nonNull).toList();
    }

    /**
     * A resource and what decided it ("ServiceRequest/7, status active: ..."), or, without a resource, what the rule
     * looked for in the record and did not find.
     */
    public record Finding(Resource resource, String text) {

        /** A resource, named with its status, and what the rule made of it. */
        static Finding of(Resource resource, String what) {
            return new Finding(resource, RecordStatus.describe(resource) + ": " + what);
        }

        /** What the rule looked for and did not find. */
        static Finding absent(String lookedFor) {
            return new Finding(null, "Not found: " + lookedFor);
        }
    }
}
