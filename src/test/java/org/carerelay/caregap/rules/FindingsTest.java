package org.carerelay.caregap.rules;

import static org.assertj.core.api.Assertions.assertThat;

import org.carerelay.handoff.rules.HandoffCodes;
import org.hl7.fhir.r4.model.CarePlan;
import org.hl7.fhir.r4.model.Coding;
import org.hl7.fhir.r4.model.DateTimeType;
import org.hl7.fhir.r4.model.InstantType;
import org.hl7.fhir.r4.model.Period;
import org.hl7.fhir.r4.model.Reference;
import org.hl7.fhir.r4.model.Task;
import org.junit.jupiter.api.Test;

/**
 * Every rule's gap names the resources that decided it with their statuses, and what the rule looked for and did not
 * find, so that a coordinator sees why the gap is there before picking up the phone.
 */
class FindingsTest {

    private final GapScenario given = new GapScenario();

    private void assertFindings(CareGapRule rule, String... texts) {
        assertThat(given.gaps(rule))
                .singleElement()
                .satisfies(gap ->
                        assertThat(gap.findings()).extracting(Gap.Finding::text).containsExactly(texts));
    }

    @Test
    void referralOpen() {
        given.referral("2026-01-01");
        assertFindings(
                CareGapRule.REFERRAL_OPEN,
                "ServiceRequest/1, status active: an open referral, authored 2026-01-01, more than 30 days before asOf",
                "Not found: a Task of status completed with ServiceRequest/1 as its focus or basedOn, or an Encounter,"
                        + " Procedure, DiagnosticReport or Observation basedOn ServiceRequest/1 with a status that"
                        + " shows it took place");
    }

    @Test
    void handoffUnacknowledged() {
        given.task(Task.TaskStatus.RECEIVED, "2026-06-01")
                .getCode()
                .addCoding(new Coding(HandoffCodes.HANDOFF_TYPE, "referral", null));
        assertFindings(
                CareGapRule.HANDOFF_UNACKNOWLEDGED,
                "Task/1, status received: a handoff sent 2026-06-01 and not accepted (status accepted or later) within"
                        + " 72 hours");
    }

    @Test
    void taskOverdue() {
        given.task(Task.TaskStatus.INPROGRESS, "2026-05-01")
                .getRestriction()
                .getPeriod()
                .setEndElement(new DateTimeType("2026-06-01"));
        assertFindings(CareGapRule.TASK_OVERDUE, "Task/1, status in-progress: still to do, due 2026-06-01");
    }

    @Test
    void carePlanActivityNotStarted() {
        given.plan("Practitioner/a")
                .addActivity()
                .getDetail()
                .setStatus(CarePlan.CarePlanActivityStatus.SCHEDULED)
                .setScheduled(new Period().setEndElement(new DateTimeType("2026-06-01")));
        assertFindings(
                CareGapRule.CAREPLAN_ACTIVITY_OVERDUE,
                "CarePlan/1, status active: a care plan whose activity (unnamed) has status scheduled and was to be"
                        + " done by 2026-06-01");
    }

    @Test
    void carePlanActivityThatIsATask() {
        Task task = given.task(Task.TaskStatus.READY, "2026-05-01");
        task.getRestriction().getPeriod().setEndElement(new DateTimeType("2026-06-01"));
        given.plan("Practitioner/a").addActivity().setReference(new Reference("Task/1"));
        assertFindings(
                CareGapRule.CAREPLAN_ACTIVITY_OVERDUE,
                "CarePlan/2, status active: a care plan with activity Task/1",
                "Task/1, status ready: still to do, due 2026-06-01");
    }

    @Test
    void carePlanActivityThatIsAServiceRequest() {
        given.referral("2026-05-01").setOccurrence(new DateTimeType("2026-06-01"));
        given.plan("Practitioner/a").addActivity().setReference(new Reference("ServiceRequest/1"));
        assertFindings(
                CareGapRule.CAREPLAN_ACTIVITY_OVERDUE,
                "CarePlan/2, status active: a care plan with activity ServiceRequest/1",
                "ServiceRequest/1, status active: still open, to occur by 2026-06-01");
    }

    @Test
    void carePlanReviewOverdue() {
        given.plan("Practitioner/a").getMeta().setLastUpdatedElement(new InstantType("2025-12-01T00:00:00Z"));
        assertFindings(
                CareGapRule.CAREPLAN_REVIEW_OVERDUE,
                "CarePlan/1, status active: a care plan last updated 2025-12-01T00:00:00Z, more than 180 days before"
                        + " asOf");
    }

    @Test
    void carePlanPeriodEnded() {
        given.plan("Practitioner/a").getPeriod().setEndElement(new DateTimeType("2026-06-01"));
        assertFindings(
                CareGapRule.CAREPLAN_REVIEW_OVERDUE,
                "CarePlan/1, status active: a care plan whose period ended 2026-06-01");
    }

    @Test
    void fragmentedCarePlans() {
        given.plan("Practitioner/a");
        given.plan("Practitioner/b");
        assertFindings(
                CareGapRule.FRAGMENTED_CARE_PLANS,
                "CarePlan/1, status active: a care plan by Practitioner/a",
                "CarePlan/2, status active: a care plan by Practitioner/b",
                "Not found: a care team shared by these plans, or a basedOn, replaces or partOf reference from one of"
                        + " them to another");
    }

    @Test
    void noCareCoordinator() {
        given.condition(GapSettings.ICD10CM, "E11.9");
        given.condition(GapSettings.ICD10CM, "I10")
                .getVerificationStatus()
                .addCoding()
                .setSystem("http://terminology.hl7.org/CodeSystem/condition-ver-status")
                .setCode("confirmed");
        given.team("Nurse");
        assertFindings(
                CareGapRule.NO_CARE_COORDINATOR,
                "Condition/1, clinical status active, verification status (none): chronic condition diabetes",
                "Condition/2, clinical status active, verification status confirmed: chronic condition hypertension",
                "Not found: an active CareTeam with a participant whose role carries one of the codes"
                        + " [http://snomed.info/sct|768820003, http://snomed.info/sct|768821004] or whose text or"
                        + " display holds one of [care coordinator, case manager, care manager, patient navigator,"
                        + " navigator]");
    }

    @Test
    void depressionFollowUpMissing() {
        given.observation("44261-6", 15, "2026-05-01");
        given.observation("44261-6", 4, "2026-05-10").setValue(null);
        assertFindings(
                CareGapRule.DEPRESSION_FOLLOW_UP_MISSING,
                "Observation/1, status final: a positive PHQ-9 (15) on 2026-05-01",
                "Observation/2, status final: a repeat PHQ-9 without a date or a score: not counted",
                "Not found: a PHQ-9 with a score and a status that counts within 30 days after it, an active CarePlan"
                        + " addressing a depression Condition, or an active ServiceRequest for depression");
    }

    @Test
    void hba1cOverdue() {
        given.condition(GapSettings.ICD10CM, "E11.9");
        given.observation("4548-4", 7.2, "2025-11-02");
        given.observation("4548-4", 7.0, "2026-06-01")
                .setStatus(org.hl7.fhir.r4.model.Observation.ObservationStatus.CANCELLED);
        assertFindings(
                CareGapRule.HBA1C_OVERDUE,
                "Condition/1, clinical status active, verification status (none): diabetes",
                "Observation/2, status final: the last HbA1c with a result, 2025-11-02, more than 180 days before asOf",
                "Observation/3, status cancelled: an HbA1c without a date or a result: not counted",
                "Not found: an HbA1c (LOINC 4548-4 or 17856-6) with a result and a status that counts (preliminary,"
                        + " final, amended, corrected), dated within 180 days");
    }

    @Test
    void postDischargeFollowUpMissing() {
        given.encounter("IMP", "2026-06-05", "2026-06-09");
        given.encounter("AMB", "2026-06-12", "2026-06-12")
                .setStatus(org.hl7.fhir.r4.model.Encounter.EncounterStatus.CANCELLED);
        assertFindings(
                CareGapRule.POST_DISCHARGE_FOLLOW_UP_MISSING,
                "Encounter/1, status finished: an inpatient stay (class IMP) discharged 2026-06-09",
                "Not found: an Encounter of class AMB, HH or VR with a status that shows it took place"
                        + " (arrived, triaged, in-progress, onleave, finished) within 7 days after the discharge");
    }
}
