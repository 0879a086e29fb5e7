package org.carerelay.metrics;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Instant;
import java.time.LocalDate;
import java.time.YearMonth;
import java.time.ZoneOffset;
import java.time.temporal.ChronoUnit;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;
import org.carerelay.handoff.HandoffGuard;
import org.carerelay.handoff.HandoffProperties.GuardMode;
import org.carerelay.metrics.ExpectedFigures.Item;
import org.carerelay.metrics.ExpectedFigures.Kind;
import org.carerelay.metrics.MetricsPlan.Outcome;
import org.carerelay.testing.AbstractFhirIT;
import org.carerelay.testing.RawHttp.Response;
import org.hl7.fhir.r4.model.Bundle;
import org.hl7.fhir.r4.model.ListResource;
import org.hl7.fhir.r4.model.Measure;
import org.hl7.fhir.r4.model.MeasureReport;
import org.hl7.fhir.r4.model.OperationOutcome;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;

/**
 * {@code $coordination-metrics} over HTTP on a generated practice: every figure of every metric, overall, month by
 * month and stratum by stratum, equals the one worked out here from the generator's plan; the drill-down lists the
 * resources counted; the filters narrow; bad parameters are 400s that name the parameter.
 */
class CoordinationMetricsIT extends AbstractFhirIT {

    static final LocalDate START = LocalDate.of(2026, 1, 1);
    static final LocalDate END = LocalDate.of(2026, 3, 31);
    static final List<YearMonth> MONTHS = List.of(YearMonth.of(2026, 1), YearMonth.of(2026, 2), YearMonth.of(2026, 3));
    static final MetricsPlan PLAN = new MetricsPlan("mit", 12, 60);
    static final String QUERY = "/$coordination-metrics?periodStart=2026-01-01&periodEnd=2026-03-31&interval=month"
            + "&subject=Group/mit-all";

    private static boolean loaded;

    @Autowired
    HandoffGuard guard;

    @BeforeEach
    void loadPlanOnce() {
        synchronized (CoordinationMetricsIT.class) {
            if (loaded) {
                return;
            }
            // The planned handoffs are in every state, complete or not: stored as a busy practice would have them.
            guard.mode(GuardMode.WARN);
            try {
                PLAN.transactions()
                        .forEach(t -> client.transaction().withBundle(t).execute());
            } finally {
                guard.mode(GuardMode.ENFORCE);
            }
            loaded = true;
        }
    }

    @Test
    void everyFigureOfEveryMetricIsTheOneThePlanImplies() {
        MeasureReport report = report(QUERY);

        Map<String, String> expected = new TreeMap<>();
        expected.putAll(ExpectedFigures.expected(
                "referral-loop-closure",
                Kind.PROPORTION,
                referralItems(false),
                MONTHS,
                List.of("receiver", "organization")));
        expected.putAll(ExpectedFigures.expected(
                "referral-closure-days",
                Kind.CONTINUOUS,
                referralItems(true),
                MONTHS,
                List.of("receiver", "organization")));
        expected.putAll(ExpectedFigures.expected(
                "handoff-acknowledgement-hours",
                Kind.CONTINUOUS,
                acknowledged(),
                MONTHS,
                List.of("receiver", "organization")));
        expected.putAll(ExpectedFigures.expected(
                "handoffs-by-status",
                Kind.COHORT,
                handoffs(null),
                MONTHS,
                List.of("status", "receiver", "organization")));
        expected.putAll(ExpectedFigures.expected(
                "discharge-follow-up-days", Kind.CONTINUOUS, discharges(true), MONTHS, List.of("organization")));
        expected.putAll(ExpectedFigures.expected(
                "discharge-follow-up-rate", Kind.PROPORTION, discharges(false), MONTHS, List.of("organization")));

        // the plan is stored today: on the last day of the period its patients had no record, so no open gap
        expected.putAll(ExpectedFigures.expected(
                "open-care-gaps", Kind.COHORT, List.of(), MONTHS, List.of("rule", "organization")));

        OutcomeFigures outcomes = new OutcomeFigures(PLAN, START, END);
        expected.putAll(outcomes.all(MONTHS));

        assertThat(ExpectedFigures.of(report)).isEqualTo(expected);
        // the plan exercises every branch it was written for
        assertThat(outcomes.hba1cControl().stream().filter(Item::numerator).count())
                .isBetween(1L, outcomes.hba1cControl().size() - 1L);
        assertThat(outcomes.phq9(true).stream().filter(Item::numerator).count())
                .isBetween(1L, outcomes.phq9(true).size() - 1L);
        assertThat(outcomes.phq9(false).stream().filter(Item::numerator).count())
                .isBetween(1L, outcomes.phq9(false).size() - 1L);
        assertThat(outcomes.readmissions().stream().filter(Item::numerator).count())
                .isBetween(1L, outcomes.readmissions().size() - 1L);
        assertThat(outcomes.appointments().stream().filter(Item::numerator).count())
                .isBetween(1L, outcomes.appointments().size() - 1L);
        assertThat(PLAN.charges.stream().filter(c -> c.currency().equals("EUR")))
                .isNotEmpty();
        assertThat(PLAN.charges.stream().filter(c -> !c.answered())).isNotEmpty();
        assertThat(referralItems(true)).hasSizeGreaterThan(3);
        assertThat(referralItems(false).size())
                .isGreaterThan(referralItems(true).size());
        assertThat(acknowledged()).hasSizeGreaterThan(3);
        assertThat(discharges(true)).hasSizeGreaterThan(3);
        assertThat(discharges(false).stream().filter(Item::numerator).count())
                .isLessThan(discharges(true).size());
    }

    @Test
    void eachPopulationListsTheResourcesItCounted() {
        MeasureReport report = report(QUERY + "&metric=referral-loop-closure");

        assertThat(report.getMeasure()).isEqualTo("https://carerelay.org/fhir/Measure/coordination-metrics");
        assertThat(report.getGroup()).hasSize(1);
        var numerator = report.getGroupFirstRep().getPopulation().stream()
                .filter(p -> p.getCode().getCodingFirstRep().getCode().equals("numerator"))
                .findFirst()
                .orElseThrow();
        ListResource list = report.getContained().stream()
                .filter(r -> ("#" + r.getIdElement().getIdPart())
                                .equals(numerator.getSubjectResults().getReference())
                        || r.getId().equals(numerator.getSubjectResults().getReference()))
                .map(ListResource.class::cast)
                .findFirst()
                .orElseThrow();
        assertThat(list.getEntry().stream()
                        .map(e -> e.getItem().getReference())
                        .sorted()
                        .toList())
                .isEqualTo(referralItems(false).stream()
                        .filter(Item::numerator)
                        .map(Item::resource)
                        .sorted()
                        .toList());
    }

    @Test
    void practitionerNarrowsHandoffsToThoseTheyReceived() {
        String receiver = PLAN.practitioners.get(1);
        MeasureReport report = report(QUERY + "&metric=handoffs-by-status&practitioner=" + receiver);

        assertThat(ExpectedFigures.of(report))
                .isEqualTo(ExpectedFigures.expected(
                        "handoffs-by-status",
                        Kind.COHORT,
                        handoffs(receiver),
                        MONTHS,
                        List.of("status", "receiver", "organization")));
    }

    @Test
    void organizationNarrowsToThePatientsItManages() {
        String organization = PLAN.organization(0);
        MeasureReport report = report(QUERY + "&metric=discharge-follow-up-rate&organization=" + organization);

        Set<String> managed = new java.util.HashSet<>();
        for (int p = 0; p < PLAN.patients.size(); p++) {
            if (PLAN.organization(p).equals(organization)) {
                managed.add(PLAN.patients.get(p));
            }
        }
        List<Item> items = new ArrayList<>();
        for (MetricsPlan.Stay stay : PLAN.stays) {
            if (managed.contains(stay.patient())) {
                discharge(stay, false).ifPresent(items::add);
            }
        }
        assertThat(ExpectedFigures.of(report))
                .isEqualTo(ExpectedFigures.expected(
                        "discharge-follow-up-rate", Kind.PROPORTION, items, MONTHS, List.of("organization")));
    }

    @Test
    void eachMetricIsPublishedAsAMeasure() {
        Bundle measures = client.search()
                .byUrl("Measure?url=https://carerelay.org/fhir/Measure/referral-loop-closure")
                .returnBundle(Bundle.class)
                .execute();
        assertThat(measures.getEntry()).hasSize(1);
        Measure measure = (Measure) measures.getEntryFirstRep().getResource();
        assertThat(measure.getScoring().getCodingFirstRep().getCode()).isEqualTo("proportion");
        assertThat(measure.getGroupFirstRep().getPopulation().stream()
                        .map(p -> p.getCode().getCodingFirstRep().getCode())
                        .toList())
                .containsExactly("initial-population", "denominator", "denominator-exclusion", "numerator");
        for (String metric : List.of(
                "referral-closure-days",
                "handoff-acknowledgement-hours",
                "handoffs-by-status",
                "discharge-follow-up-days",
                "discharge-follow-up-rate",
                "hba1c-control",
                "phq9-response",
                "phq9-remission",
                "readmission-30-day",
                "emergency-visits",
                "missed-appointments",
                "average-length-of-stay",
                "cost-per-patient",
                "coordination-metrics")) {
            assertThat(client.read()
                            .resource(Measure.class)
                            .withId(metric)
                            .execute()
                            .getUrl())
                    .isEqualTo("https://carerelay.org/fhir/Measure/" + metric);
        }
    }

    @Test
    void emergencyVisitsAreARatioPerThousandPatientsAndCostIsInTheConfiguredCurrency() {
        Measure visits =
                client.read().resource(Measure.class).withId("emergency-visits").execute();
        assertThat(visits.getScoring().getCodingFirstRep().getCode()).isEqualTo("ratio");
        assertThat(visits.getGroupFirstRep().getPopulation().stream()
                        .map(p -> p.getCode().getCodingFirstRep().getCode())
                        .toList())
                .containsExactly("initial-population", "denominator", "denominator-exclusion", "numerator");

        MeasureReport report = report(QUERY + "&metric=emergency-visits&metric=cost-per-patient");

        assertThat(report.getGroup().get(0).getMeasureScore().getUnit()).isEqualTo("/1000");
        assertThat(report.getGroup().get(1).getMeasureScore().getSystem()).isEqualTo("urn:iso:std:iso:4217");
        assertThat(report.getGroup().get(1).getMeasureScore().getCode()).isEqualTo("USD");
        // the denominator's drill-down lists the patients in scope, the numerator's the visits
        var populations = report.getGroup().get(0).getPopulation();
        assertThat(list(report, populations.get(1).getSubjectResults().getReference())
                        .getEntry())
                .hasSize(PLAN.patients.size());
        assertThat(list(report, populations.get(2).getSubjectResults().getReference()).getEntry().stream()
                        .map(e -> e.getItem().getReference())
                        .toList())
                .allMatch(r -> r.startsWith("Encounter/"))
                .hasSize(populations.get(2).getCount());
    }

    private static ListResource list(MeasureReport report, String reference) {
        return report.getContained().stream()
                .filter(r -> ("#" + r.getIdElement().getIdPart()).equals(reference)
                        || r.getId().equals(reference))
                .map(ListResource.class::cast)
                .findFirst()
                .orElseThrow();
    }

    @Test
    void badParametersAreRefusedWithAnOutcomeNamingTheParameter() {
        Map<String, String> cases = new java.util.LinkedHashMap<>();
        cases.put("/$coordination-metrics?periodEnd=2026-03-31", "periodStart");
        cases.put("/$coordination-metrics?periodStart=2026-01-01", "periodEnd");
        cases.put("/$coordination-metrics?periodStart=2026-03-01&periodEnd=2026-01-31", "periodEnd");
        cases.put("/$coordination-metrics?periodStart=2026-01&periodEnd=2026-03-31", "periodStart");
        cases.put("/$coordination-metrics?periodStart=2020-01-01&periodEnd=2026-03-31", "periodEnd");
        cases.put("/$coordination-metrics?periodStart=2026-01-01&periodEnd=2026-03-31&interval=week", "interval");
        cases.put("/$coordination-metrics?periodStart=2026-01-01&periodEnd=2026-03-31&metric=happiness", "metric");
        cases.put(
                "/$coordination-metrics?periodStart=2026-01-01&periodEnd=2026-03-31&subject=Practitioner/1", "subject");
        cases.put(
                "/$coordination-metrics?periodStart=2026-01-01&periodEnd=2026-03-31&subject=http://elsewhere.example/fhir/Group/1",
                "subject");
        cases.put(
                "/$coordination-metrics?periodStart=2026-01-01&periodEnd=2026-03-31&organization=Patient/1",
                "organization");
        cases.put("/$coordination-metrics?periodStart=2026-01-01&periodEnd=2026-03-31&practitioner=x", "practitioner");
        cases.forEach((path, parameter) -> {
            Response response = http.get(path);
            assertThat(response.status()).as(path + "\n" + response.body()).isEqualTo(400);
            OperationOutcome outcome = response.outcome();
            assertThat(outcome.getIssue()).as(path).hasSize(1);
            assertThat(outcome.getIssueFirstRep().getCode()).as(path).isEqualTo(OperationOutcome.IssueType.INVALID);
            assertThat(outcome.getIssueFirstRep().getExpression().stream()
                            .map(e -> e.getValue())
                            .toList())
                    .as(path)
                    .containsExactly(parameter);
        });
    }

    @Test
    void aDayNotOfTheCalendarIsRefusedBeforeTheOperationRuns() {
        Response response = http.get("/$coordination-metrics?periodStart=2026-02-30&periodEnd=2026-03-31");

        assertThat(response.status()).isEqualTo(400);
        assertThat(response.outcome().getIssueFirstRep().getSeverity()).isEqualTo(OperationOutcome.IssueSeverity.ERROR);
        assertThat(response.outcome().getIssueFirstRep().getDiagnostics()).contains("2026-02-30");
    }

    private MeasureReport report(String path) {
        Response response = http.get(path);
        assertThat(response.status()).as(response.body()).isEqualTo(200);
        return FHIR.newJsonParser().parseResource(MeasureReport.class, response.body());
    }

    // ---- what the plan implies, worked out from the plan alone ----

    private static boolean inPeriod(LocalDate day) {
        return !day.isBefore(START) && !day.isAfter(END);
    }

    /** Referrals of the period (active or completed); closed by the end of it when their outcome is real. */
    static List<Item> referralItems(boolean closedOnly) {
        List<Item> items = new ArrayList<>();
        for (MetricsPlan.Referral r : PLAN.referrals) {
            if (!inPeriod(r.authored()) || !Set.of("active", "completed").contains(r.status())) {
                continue;
            }
            boolean closed =
                    Set.of(Outcome.ENCOUNTER, Outcome.OBSERVATION, Outcome.TASK).contains(r.outcome())
                            && !r.authored().plusDays(r.after()).isAfter(END);
            if (closedOnly && !closed) {
                continue;
            }
            Map<String, String> strata = Map.of(
                    "receiver",
                    r.performer() == null ? "none" : r.performer(),
                    "organization",
                    PLAN.organizationOf(r.patient()));
            items.add(new Item(
                    "ServiceRequest/" + r.id(),
                    r.authored(),
                    strata,
                    closed && !closedOnly,
                    closedOnly ? (double) r.after() : null));
        }
        return items;
    }

    static LocalDate day(Instant instant) {
        return LocalDate.ofInstant(instant, ZoneOffset.UTC);
    }

    /** Handoffs of the period, entered-in-error aside; of one receiver when given. */
    static List<Item> handoffs(String receiver) {
        List<Item> items = new ArrayList<>();
        for (MetricsPlan.Handoff h : PLAN.handoffs) {
            if (!inPeriod(day(h.authored()))
                    || h.status().equals("entered-in-error")
                    || (receiver != null && !receiver.equals(h.owner()))) {
                continue;
            }
            items.add(new Item(
                    "Task/" + h.id(),
                    day(h.authored()),
                    Map.of(
                            "status", h.status(),
                            "receiver", h.owner() == null ? "none" : h.owner(),
                            "organization", PLAN.organizationOf(h.patient())),
                    false,
                    null));
        }
        return items;
    }

    /** Handoffs of the period (not draft) whose acceptance was recorded before the period ended. */
    static List<Item> acknowledged() {
        Instant end = END.plusDays(1).atStartOfDay(ZoneOffset.UTC).toInstant();
        List<Item> items = new ArrayList<>();
        for (MetricsPlan.Handoff h : PLAN.handoffs) {
            if (!inPeriod(day(h.authored()))
                    || Set.of("entered-in-error", "draft").contains(h.status())
                    || h.ackHours() == null
                    || !h.authored().plus(h.ackHours(), ChronoUnit.HOURS).isBefore(end)) {
                continue;
            }
            items.add(new Item(
                    "Task/" + h.id(),
                    day(h.authored()),
                    Map.of(
                            "receiver",
                            h.owner() == null ? "none" : h.owner(),
                            "organization",
                            PLAN.organizationOf(h.patient())),
                    false,
                    (double) h.ackHours()));
        }
        return items;
    }

    /** Stays that ended in the period, the patient alive; with a follow-up when {@code followedOnly}. */
    static List<Item> discharges(boolean followedOnly) {
        List<Item> items = new ArrayList<>();
        for (MetricsPlan.Stay stay : PLAN.stays) {
            discharge(stay, followedOnly).ifPresent(items::add);
        }
        return items;
    }

    /**
     * A follow-up is any ambulatory visit of the patient that took place on or after the discharge day and by the end
     * of the period: the stay's own follow-up, or a visit that closed one of the patient's referrals.
     */
    static java.util.Optional<Item> discharge(MetricsPlan.Stay stay, boolean followedOnly) {
        if (!inPeriod(stay.discharged()) || stay.died()) {
            return java.util.Optional.empty();
        }
        Map<String, List<LocalDate>> visits = new HashMap<>();
        for (MetricsPlan.Stay s : PLAN.stays) {
            if (s.followUpAfter() != null && !s.cancelled()) {
                visits.computeIfAbsent(s.patient(), k -> new ArrayList<>())
                        .add(s.discharged().plusDays(s.followUpAfter()));
            }
        }
        for (MetricsPlan.Referral r : PLAN.referrals) {
            if (r.outcome() == Outcome.ENCOUNTER) {
                visits.computeIfAbsent(r.patient(), k -> new ArrayList<>())
                        .add(r.authored().plusDays(r.after()));
            }
        }
        Long days = visits.getOrDefault(stay.patient(), List.of()).stream()
                .filter(d -> !d.isBefore(stay.discharged()) && !d.isAfter(END))
                .map(d -> ChronoUnit.DAYS.between(stay.discharged(), d))
                .min(Long::compare)
                .orElse(null);
        if (followedOnly && days == null) {
            return java.util.Optional.empty();
        }
        return java.util.Optional.of(new Item(
                "Encounter/" + stay.id(),
                stay.discharged(),
                Map.of("organization", PLAN.organizationOf(stay.patient())),
                !followedOnly && days != null && days <= 7,
                followedOnly ? days.doubleValue() : null));
    }
}
