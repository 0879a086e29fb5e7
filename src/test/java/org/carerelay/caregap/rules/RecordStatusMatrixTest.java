package org.carerelay.caregap.rules;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.function.Predicate;
import java.util.stream.Stream;
import org.carerelay.handoff.rules.HandoffCodes;
import org.hl7.fhir.r4.model.CarePlan;
import org.hl7.fhir.r4.model.CareTeam;
import org.hl7.fhir.r4.model.CodeableConcept;
import org.hl7.fhir.r4.model.Coding;
import org.hl7.fhir.r4.model.Condition;
import org.hl7.fhir.r4.model.DateTimeType;
import org.hl7.fhir.r4.model.DiagnosticReport;
import org.hl7.fhir.r4.model.Encounter;
import org.hl7.fhir.r4.model.InstantType;
import org.hl7.fhir.r4.model.Observation;
import org.hl7.fhir.r4.model.Period;
import org.hl7.fhir.r4.model.Procedure;
import org.hl7.fhir.r4.model.Reference;
import org.hl7.fhir.r4.model.ServiceRequest;
import org.hl7.fhir.r4.model.Task;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;

/**
 * Every status of every resource type a care-gap rule reads (taken from HAPI's R4 enums, plus no status at all),
 * against every rule that reads that type. The expectations are written here, independently of {@link RecordStatus}:
 * a status nobody thought of (or one R4 adds) fails here rather than slipping through a rule.
 */
class RecordStatusMatrixTest {

    private static final String SNOMED = GapSettings.SNOMED;
    private static final String ICD10 = GapSettings.ICD10CM;

    /** The statuses that count for each type; every other status (and none) counts as nothing. */
    private static final Map<String, Set<String>> COUNTS = Map.of(
            "ServiceRequest", Set.of("active", "completed"),
            "Task",
                    Set.of(
                            "draft",
                            "requested",
                            "received",
                            "accepted",
                            "ready",
                            "in-progress",
                            "on-hold",
                            "completed"),
            "CarePlan", Set.of("active"),
            "CareTeam", Set.of("active"),
            "Encounter", Set.of("arrived", "triaged", "in-progress", "onleave", "finished"),
            "Observation", Set.of("preliminary", "final", "amended", "corrected"),
            "DiagnosticReport", Set.of("partial", "preliminary", "final", "amended", "corrected", "appended"),
            "Procedure", Set.of("completed"));

    /** The statuses that close a loop (a referral, a follow-up, a test done). */
    private static final Map<String, Set<String>> CLOSES = Map.of(
            "ServiceRequest", Set.of("completed"),
            "Task", Set.of("completed"),
            "CarePlan", Set.of(),
            "CareTeam", Set.of(),
            "Encounter", COUNTS.get("Encounter"),
            "Observation", COUNTS.get("Observation"),
            "DiagnosticReport", COUNTS.get("DiagnosticReport"),
            "Procedure", Set.of("completed"));

    private static final Map<String, List<String>> STATUSES = Map.of(
            "ServiceRequest", codes(ServiceRequest.ServiceRequestStatus.values()),
            "Task", codes(Task.TaskStatus.values()),
            "CarePlan", codes(CarePlan.CarePlanStatus.values()),
            "CareTeam", codes(CareTeam.CareTeamStatus.values()),
            "Encounter", codes(Encounter.EncounterStatus.values()),
            "Observation", codes(Observation.ObservationStatus.values()),
            "DiagnosticReport", codes(DiagnosticReport.DiagnosticReportStatus.values()),
            "Procedure", codes(Procedure.ProcedureStatus.values()));

    /** One row of the matrix: a record in which one resource of {@code type} decides whether {@code rule} fires. */
    private record Row(String type, String name, CareGapRule rule, Builder build, Predicate<String> gapExpected) {}

    private interface Builder {
        void build(GapScenario given, String status);
    }

    private static final List<Row> ROWS = List.of(
            new Row(
                    "Observation",
                    "HbA1c 29 days ago",
                    CareGapRule.HBA1C_OVERDUE,
                    (g, s) -> {
                        g.condition(ICD10, "E11.9");
                        status(g.observation("4548-4", 7.1, "2026-06-01"), s);
                    },
                    s -> !closes("Observation", s)),
            new Row(
                    "Observation",
                    "positive PHQ-9",
                    CareGapRule.DEPRESSION_FOLLOW_UP_MISSING,
                    (g, s) -> status(g.observation("44261-6", 15, "2026-05-01"), s),
                    s -> counts("Observation", s)),
            new Row(
                    "Observation",
                    "repeat PHQ-9",
                    CareGapRule.DEPRESSION_FOLLOW_UP_MISSING,
                    (g, s) -> {
                        g.observation("44261-6", 15, "2026-05-01");
                        status(g.observation("44261-6", 4, "2026-05-15"), s);
                    },
                    s -> !counts("Observation", s)),
            new Row(
                    "Observation",
                    "result of a referral",
                    CareGapRule.REFERRAL_OPEN,
                    (g, s) -> status(g.observation("11111-1", 1, "2026-03-01"), s)
                            .addBasedOn(new Reference(key(g.referral("2026-01-01")))),
                    s -> !closes("Observation", s)),
            new Row(
                    "Encounter",
                    "visit of a referral",
                    CareGapRule.REFERRAL_OPEN,
                    (g, s) -> status(g.encounter("AMB", "2026-03-01", "2026-03-01"), s)
                            .addBasedOn(new Reference(key(g.referral("2026-01-01")))),
                    s -> !closes("Encounter", s)),
            new Row(
                    "Encounter",
                    "follow-up visit",
                    CareGapRule.POST_DISCHARGE_FOLLOW_UP_MISSING,
                    (g, s) -> {
                        g.encounter("IMP", "2026-06-01", "2026-06-05");
                        status(g.encounter("AMB", "2026-06-08", "2026-06-08"), s);
                    },
                    s -> !closes("Encounter", s)),
            new Row(
                    "Encounter",
                    "inpatient stay",
                    CareGapRule.POST_DISCHARGE_FOLLOW_UP_MISSING,
                    (g, s) -> status(g.encounter("IMP", "2026-06-01", "2026-06-05"), s),
                    s -> counts("Encounter", s)),
            new Row(
                    "Procedure",
                    "procedure of a referral",
                    CareGapRule.REFERRAL_OPEN,
                    (g, s) -> status(g.procedure(new Reference(key(g.referral("2026-01-01")))), s),
                    s -> !closes("Procedure", s)),
            new Row(
                    "DiagnosticReport",
                    "report of a referral",
                    CareGapRule.REFERRAL_OPEN,
                    (g, s) -> status(g.report(new Reference(key(g.referral("2026-01-01")))), s),
                    s -> !closes("DiagnosticReport", s)),
            new Row(
                    "Task",
                    "task fulfilling a referral",
                    CareGapRule.REFERRAL_OPEN,
                    (g, s) -> status(g.task(Task.TaskStatus.REQUESTED, "2026-01-02"), s)
                            .setFocus(new Reference(key(g.referral("2026-01-01")))),
                    s -> !closes("Task", s)),
            new Row(
                    "Task",
                    "task due a month ago",
                    CareGapRule.TASK_OVERDUE,
                    (g, s) -> status(dueOn(g.task(Task.TaskStatus.REQUESTED, "2026-05-01"), "2026-06-01"), s),
                    s -> open("Task", s)),
            new Row(
                    "Task",
                    "handoff sent a month ago",
                    CareGapRule.HANDOFF_UNACKNOWLEDGED,
                    (g, s) -> status(g.task(Task.TaskStatus.REQUESTED, "2026-06-01"), s)
                            .getCode()
                            .addCoding(new Coding(HandoffCodes.HANDOFF_TYPE, "referral", null)),
                    // not yet acknowledged: sent or seen, not accepted (the rule's own question, asked of open tasks)
                    s -> open("Task", s) && Set.of("requested", "received").contains(s)),
            new Row(
                    "Task",
                    "task of a care-plan activity",
                    CareGapRule.CAREPLAN_ACTIVITY_OVERDUE,
                    (g, s) -> {
                        Task task = status(dueOn(g.task(Task.TaskStatus.REQUESTED, "2026-05-01"), "2026-06-01"), s);
                        g.plan("Practitioner/a").addActivity().setReference(new Reference(key(task)));
                    },
                    s -> open("Task", s)),
            new Row(
                    "ServiceRequest",
                    "referral half a year old",
                    CareGapRule.REFERRAL_OPEN,
                    (g, s) -> status(g.referral("2026-01-01"), s),
                    s -> open("ServiceRequest", s)),
            new Row(
                    "ServiceRequest",
                    "request of a care-plan activity, to occur a month ago",
                    CareGapRule.CAREPLAN_ACTIVITY_OVERDUE,
                    (g, s) -> {
                        ServiceRequest request = status(g.referral("2026-05-01"), s);
                        request.setOccurrence(new DateTimeType("2026-06-01"));
                        g.plan("Practitioner/a").addActivity().setReference(new Reference(key(request)));
                    },
                    s -> open("ServiceRequest", s)),
            new Row(
                    "ServiceRequest",
                    "referral for depression",
                    CareGapRule.DEPRESSION_FOLLOW_UP_MISSING,
                    (g, s) -> {
                        g.observation("44261-6", 15, "2026-05-01");
                        status(g.referral("2026-05-02"), s)
                                .addReasonCode(new CodeableConcept(new Coding(ICD10, "F32.1", null)));
                    },
                    s -> !counts("ServiceRequest", s)),
            new Row(
                    "CarePlan",
                    "plan not updated for a year",
                    CareGapRule.CAREPLAN_REVIEW_OVERDUE,
                    (g, s) -> status(g.plan("Practitioner/a"), s)
                            .getMeta()
                            .setLastUpdatedElement(new InstantType("2025-06-01T00:00:00Z")),
                    s -> counts("CarePlan", s)),
            new Row(
                    "CarePlan",
                    "plan by another author",
                    CareGapRule.FRAGMENTED_CARE_PLANS,
                    (g, s) -> {
                        g.plan("Practitioner/a");
                        status(g.plan("Practitioner/b"), s);
                    },
                    s -> counts("CarePlan", s)),
            new Row(
                    "CarePlan",
                    "plan with an activity past its end",
                    CareGapRule.CAREPLAN_ACTIVITY_OVERDUE,
                    (g, s) -> status(g.plan("Practitioner/a"), s)
                            .addActivity()
                            .getDetail()
                            .setStatus(CarePlan.CarePlanActivityStatus.NOTSTARTED)
                            .setScheduled(new Period().setEndElement(new DateTimeType("2026-06-01"))),
                    s -> counts("CarePlan", s)),
            new Row(
                    "CarePlan",
                    "plan for depression",
                    CareGapRule.DEPRESSION_FOLLOW_UP_MISSING,
                    (g, s) -> {
                        g.observation("44261-6", 15, "2026-05-01");
                        Condition depression = g.condition(SNOMED, "35489007");
                        status(g.plan("Practitioner/a"), s).addAddresses(new Reference(key(depression)));
                    },
                    s -> !counts("CarePlan", s)),
            new Row(
                    "CarePlan",
                    "plan giving simvastatin beside another author's clarithromycin",
                    CareGapRule.CONFLICTING_PLANS,
                    (g, s) -> {
                        status(g.plan("Practitioner/a"), s)
                                .addActivity()
                                .getDetail()
                                .setStatus(CarePlan.CarePlanActivityStatus.INPROGRESS)
                                .setProduct(new CodeableConcept(new Coding(
                                        "http://www.nlm.nih.gov/research/umls/rxnorm", "36567", "simvastatin")));
                        g.medication("21212", "clarithromycin", "Practitioner/b");
                    },
                    s -> counts("CarePlan", s)),
            new Row(
                    "CareTeam",
                    "team with a care coordinator",
                    CareGapRule.NO_CARE_COORDINATOR,
                    (g, s) -> {
                        g.condition(ICD10, "E11.9");
                        g.condition(ICD10, "I10");
                        status(g.team("Care coordinator"), s);
                    },
                    s -> !counts("CareTeam", s)));

    static Stream<Arguments> matrix() {
        List<Arguments> cells = new ArrayList<>();
        for (Row row : ROWS) {
            List<String> statuses = new ArrayList<>(STATUSES.get(row.type()));
            statuses.add(null);
            for (String status : statuses) {
                cells.add(Arguments.of(row.type(), row.name(), row.rule(), status, row));
            }
        }
        return cells.stream();
    }

    @ParameterizedTest(name = "{0} {3}: {1} → {2}")
    @MethodSource("matrix")
    void everyStatusOfEveryTypeAgainstEveryRule(String type, String name, CareGapRule rule, String status, Row row) {
        GapScenario given = new GapScenario();
        row.build().build(given, status);
        assertThat(given.gaps(rule)).hasSize(row.gapExpected().test(status) ? 1 : 0);
    }

    @Test
    void everyRuleIsInTheMatrix() {
        assertThat(ROWS.stream().map(Row::rule).distinct()).containsExactlyInAnyOrder(CareGapRule.values());
    }

    @Test
    void tableAgreesWithTheExpectationsForEveryStatus() {
        STATUSES.forEach((type, statuses) -> {
            for (String status : statuses) {
                RecordStatus.Role role = RecordStatus.role(type, status);
                assertThat(role.counts()).as(type + " " + status).isEqualTo(counts(type, status));
                assertThat(role.closes()).as(type + " " + status).isEqualTo(closes(type, status));
            }
            assertThat(RecordStatus.role(type, null)).isEqualTo(RecordStatus.Role.NOTHING);
        });
    }

    @Test
    void theStatusesThatCountAreEveryStatusWhoseRoleCounts() {
        STATUSES.forEach((type, statuses) -> assertThat(RecordStatus.counting(type))
                .as(type)
                .containsExactlyElementsOf(statuses.stream()
                        .filter(status -> counts(type, status))
                        .sorted()
                        .toList()));
        assertThat(RecordStatus.counting("CarePlan")).containsExactly("active");
        assertThat(RecordStatus.counting("CareTeam")).containsExactly("active");
        assertThat(RecordStatus.counting("Patient")).isEmpty();
    }

    @Test
    void enteredInErrorCancelledAndNotDoneNeverCloseAnything() {
        Set<String> neverClose =
                Set.of("entered-in-error", "cancelled", "revoked", "planned", "noshow", "not-done", "unknown");
        STATUSES.forEach((type, statuses) -> statuses.stream()
                .filter(neverClose::contains)
                .forEach(s -> assertThat(RecordStatus.role(type, s).closes())
                        .as(type + " " + s)
                        .isFalse()));
        STATUSES.forEach((type, statuses) ->
                assertThat(RecordStatus.role(type, "entered-in-error")).as(type).isEqualTo(RecordStatus.Role.NOTHING));
    }

    @Test
    void amendedAndCorrectedResultsCountAsFinalAndPreliminaryAsATestDone() {
        for (String type : List.of("Observation", "DiagnosticReport")) {
            for (String status : List.of("amended", "corrected", "preliminary")) {
                assertThat(RecordStatus.role(type, status)).isEqualTo(RecordStatus.role(type, "final"));
            }
        }
    }

    /** Every verification status (and none) of a chronic condition, for the two rules that count conditions. */
    @ParameterizedTest(name = "verification {0}")
    @MethodSource("verificationStatuses")
    void conditionCountsOnlyWhenNotRefutedOrInError(String verification) {
        boolean counts = verification == null
                || Set.of("confirmed", "provisional", "differential").contains(verification);
        GapScenario coordinated = new GapScenario();
        coordinated.condition(ICD10, "E11.9");
        verify(coordinated.condition(ICD10, "I10"), verification);
        assertThat(coordinated.gaps(CareGapRule.NO_CARE_COORDINATOR)).hasSize(counts ? 1 : 0);

        GapScenario diabetes = new GapScenario();
        verify(diabetes.condition(ICD10, "E11.9"), verification);
        assertThat(diabetes.gaps(CareGapRule.HBA1C_OVERDUE)).hasSize(counts ? 1 : 0);

        // a plan for a refuted depression is no follow-up of a positive screen
        GapScenario depression = new GapScenario();
        depression.observation("44261-6", 15, "2026-05-01");
        Condition diagnosis = depression.condition(SNOMED, "35489007");
        verify(diagnosis, verification);
        depression.plan("Practitioner/a").addAddresses(new Reference(key(diagnosis)));
        assertThat(depression.gaps(CareGapRule.DEPRESSION_FOLLOW_UP_MISSING)).hasSize(counts ? 0 : 1);
    }

    /** Every status of a care-plan activity's detail: only one not yet started is overdue past its end. */
    @ParameterizedTest(name = "activity {0}")
    @MethodSource("activityStatuses")
    void activityIsOverdueOnlyWhenNotStarted(String status) {
        GapScenario given = new GapScenario();
        var detail = given.plan("Practitioner/a")
                .addActivity()
                .getDetail()
                .setScheduled(new Period().setEndElement(new DateTimeType("2026-06-01")));
        if (status != null) {
            detail.setStatus(CarePlan.CarePlanActivityStatus.fromCode(status));
        }
        boolean overdue = status != null && Set.of("not-started", "scheduled").contains(status);
        assertThat(given.gaps(CareGapRule.CAREPLAN_ACTIVITY_OVERDUE)).hasSize(overdue ? 1 : 0);
    }

    static Stream<String> activityStatuses() {
        List<String> statuses = new ArrayList<>(codes(CarePlan.CarePlanActivityStatus.values()));
        statuses.add(null);
        return statuses.stream();
    }

    static Stream<String> verificationStatuses() {
        return Stream.of(
                "unconfirmed", "provisional", "differential", "confirmed", "refuted", "entered-in-error", null);
    }

    @ParameterizedTest(name = "clinical {0}")
    @MethodSource("clinicalStatuses")
    void conditionCountsOnlyWhileCurrent(String clinical) {
        GapScenario given = new GapScenario();
        Condition diabetes = given.condition(ICD10, "E11.9");
        diabetes.getClinicalStatus().getCodingFirstRep().setCode(clinical);
        boolean current = Set.of("active", "recurrence", "relapse").contains(clinical);
        assertThat(given.gaps(CareGapRule.HBA1C_OVERDUE)).hasSize(current ? 1 : 0);
    }

    static Stream<String> clinicalStatuses() {
        return Stream.of("active", "recurrence", "relapse", "inactive", "remission", "resolved");
    }

    @Test
    void aConditionWithOneVerificationCodingOfEachKindDoesNotCount() {
        GapScenario given = new GapScenario();
        Condition diabetes = given.condition(ICD10, "E11.9");
        verify(diabetes, "confirmed");
        diabetes.getVerificationStatus().addCoding().setCode("refuted");
        assertThat(given.gaps(CareGapRule.HBA1C_OVERDUE)).isEmpty();
    }

    @Test
    void aVerificationCodingWithoutACodeSaysNothing() {
        GapScenario given = new GapScenario();
        Condition diabetes = given.condition(ICD10, "E11.9");
        diabetes.getVerificationStatus()
                .addCoding()
                .setSystem("http://terminology.hl7.org/CodeSystem/condition-ver-status");
        verify(diabetes, "confirmed");
        assertThat(given.gaps(CareGapRule.HBA1C_OVERDUE)).hasSize(1);
    }

    private static void verify(Condition condition, String code) {
        if (code != null) {
            condition
                    .getVerificationStatus()
                    .addCoding()
                    .setSystem("http://terminology.hl7.org/CodeSystem/condition-ver-status")
                    .setCode(code);
        }
    }

    private static Task dueOn(Task task, String due) {
        task.getRestriction().getPeriod().setEndElement(new DateTimeType(due));
        return task;
    }

    private static boolean counts(String type, String status) {
        return status != null && COUNTS.get(type).contains(status);
    }

    private static boolean closes(String type, String status) {
        return status != null && CLOSES.get(type).contains(status);
    }

    private static boolean open(String type, String status) {
        return counts(type, status) && !closes(type, status);
    }

    private static String key(org.hl7.fhir.r4.model.Resource resource) {
        return resource.getIdElement().getValue();
    }

    private static List<String> codes(Enum<?>[] values) {
        List<String> codes = new ArrayList<>();
        for (Enum<?> value : values) {
            if (!value.name().equals("NULL")) {
                codes.add(toCode(value));
            }
        }
        assertThat(new HashSet<>(codes)).hasSize(codes.size());
        return codes;
    }

    private static String toCode(Enum<?> value) {
        try {
            return (String) value.getClass().getMethod("toCode").invoke(value);
        } catch (ReflectiveOperationException e) {
            throw new AssertionError(e);
        }
    }

    /** Sets a status by its code, or none. */
    private static <T extends org.hl7.fhir.r4.model.DomainResource> T status(T resource, String code) {
        var element = (org.hl7.fhir.r4.model.Enumeration<?>) resource.makeProperty("status".hashCode(), "status");
        if (code == null) {
            element.setValue(null);
        } else {
            element.setValueAsString(code);
        }
        return resource;
    }
}
