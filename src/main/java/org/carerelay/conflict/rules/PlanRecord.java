package org.carerelay.conflict.rules;

import java.util.List;
import org.carerelay.caregap.rules.PatientRecord;
import org.hl7.fhir.r4.model.CarePlan;
import org.hl7.fhir.r4.model.Condition;
import org.hl7.fhir.r4.model.Encounter;
import org.hl7.fhir.r4.model.Goal;
import org.hl7.fhir.r4.model.MedicationRequest;
import org.hl7.fhir.r4.model.MedicationStatement;
import org.hl7.fhir.r4.model.Observation;
import org.hl7.fhir.r4.model.Patient;
import org.hl7.fhir.r4.model.ServiceRequest;

/**
 * What the conflict rules read of one patient: care plans, medication orders and statements, conditions, the goals
 * (the rules use those the plans name), observations (eGFR results, and NYHA classes: those whose value is one) and
 * service requests, and hospital stays (a recent decompensation). Statuses and dates are the rules' business; a
 * loader may pass more than counts.
 */
public record PlanRecord(
        Patient patient,
        List<CarePlan> carePlans,
        List<MedicationRequest> medicationRequests,
        List<MedicationStatement> medicationStatements,
        List<Condition> conditions,
        List<Goal> goals,
        List<Observation> observations,
        List<ServiceRequest> serviceRequests,
        List<Encounter> encounters) {

    /** The parts of a care-gap record the conflict rules read (the observations: eGFR results and NYHA classes). */
    public static PlanRecord of(PatientRecord record) {
        return new PlanRecord(
                record.patient(),
                record.carePlans(),
                record.medicationRequests(),
                record.medicationStatements(),
                record.conditions(),
                record.goals(),
                record.observations(),
                record.serviceRequests(),
                record.encounters());
    }
}
