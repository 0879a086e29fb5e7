package org.carerelay.conflict;

import ca.uhn.fhir.rest.api.server.RequestDetails;
import java.util.Date;
import java.util.List;
import java.util.Set;
import org.carerelay.caregap.PatientRecords;
import org.carerelay.caregap.rules.CareGapRule;
import org.carerelay.caregap.rules.RecordPart;
import org.carerelay.conflict.rules.PlanRecord;
import org.hl7.fhir.r4.model.IdType;
import org.hl7.fhir.r4.model.Patient;
import org.springframework.stereotype.Component;

/**
 * What the conflict rules read of a batch of patients, through the care-gap loader with the parts G11
 * ({@code conflicting-plans}) reads: one search per resource type for the batch, with the caller's request (so
 * authorization applies), narrowed in the database to what can count, and as the records stood at the end of a past
 * {@code asOf} day. {@code $plan-conflicts}, its CDS hooks and G11 therefore judge the same record.
 */
@Component
final class PlanRecords {

    private static final Set<RecordPart> PARTS = RecordPart.readBy(Set.of(CareGapRule.CONFLICTING_PLANS));

    private final PatientRecords records;

    PlanRecords(PatientRecords records) {
        this.records = records;
    }

    /** A stored patient, or one deleted after {@code end} as they were then (404 none, 410 deleted by then). */
    Patient patient(IdType patientId, Date end, RequestDetails request) {
        return records.patient(patientId, end, request);
    }

    /** The patients' records as they stood at {@code end}, in their order. */
    List<PlanRecord> load(List<Patient> patients, Date end, RequestDetails request) {
        return records.load(patients, end, PARTS, request).stream()
                .map(PlanRecord::of)
                .toList();
    }
}
