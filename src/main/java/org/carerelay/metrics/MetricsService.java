package org.carerelay.metrics;

import ca.uhn.fhir.rest.api.server.RequestDetails;
import java.time.LocalDate;
import java.util.EnumMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import org.carerelay.caregap.CareGapProperties;
import org.carerelay.caregap.OpenGaps;
import org.carerelay.config.CareRelayProperties;
import org.carerelay.fhir.LocalServer;
import org.carerelay.metrics.rules.Acknowledgement;
import org.carerelay.metrics.rules.Closing;
import org.carerelay.metrics.rules.CoordinationMetrics;
import org.carerelay.metrics.rules.Counted;
import org.carerelay.metrics.rules.Handoff;
import org.carerelay.metrics.rules.Metric;
import org.carerelay.metrics.rules.MetricSettings;
import org.carerelay.metrics.rules.OperationsMetrics;
import org.carerelay.metrics.rules.OutcomeMetrics;
import org.carerelay.metrics.rules.Period;
import org.carerelay.metrics.rules.Referral;
import org.carerelay.metrics.rules.Result;
import org.carerelay.metrics.rules.Visit;
import org.carerelay.registry.RegistryProperties;
import org.hl7.fhir.r4.model.MeasureReport;
import org.springframework.stereotype.Component;

/** Runs the searches a report's metrics need (only those), hands the results to the rules and builds the report. */
@Component
final class MetricsService {

    private final MetricRecords records;
    private final MetricSettings settings;
    private final CoordinationMetrics coordination;
    private final OutcomeMetrics outcomes;
    private final OperationsMetrics operations;
    private final OpenGaps openGaps;
    private final LocalServer server;

    MetricsService(
            MetricRecords records,
            OpenGaps openGaps,
            MetricsProperties properties,
            CareGapProperties careGaps,
            RegistryProperties registry,
            CareRelayProperties server) {
        this.records = records;
        this.openGaps = openGaps;
        this.settings = properties.settings(careGaps, registry);
        LocalServer local = LocalServer.at(server.serverAddress());
        this.server = local;
        this.coordination = new CoordinationMetrics(settings, local);
        this.outcomes = new OutcomeMetrics(settings, local);
        this.operations = new OperationsMetrics(settings, local);
    }

    MeasureReport report(MetricQuery query, Population population, RequestDetails request) {
        Period period = query.period();
        List<Metric> wanted = query.metrics();
        // The receiving practitioner names no one in a discharge, a result or a claim: those metrics count the
        // patients in scope.
        Population patients = new Population(population.patients(), Optional.empty());
        Map<Metric, List<Counted>> results = new EnumMap<>(Metric.class);
        if (asks(wanted, Metric.REFERRAL_LOOP_CLOSURE, Metric.REFERRAL_CLOSURE_DAYS)) {
            MetricRecords.Linked<Referral, Closing> referrals = records.referrals(
                    period,
                    population,
                    request,
                    r -> coordination.referral(r, period),
                    o -> coordination.closing(o, period));
            results.putAll(coordination.referralMetrics(referrals.items(), referrals.links()));
        }
        if (asks(wanted, Metric.HANDOFF_ACKNOWLEDGEMENT_HOURS, Metric.HANDOFFS_BY_STATUS)) {
            MetricRecords.Linked<Handoff, Acknowledgement> handoffs = records.handoffs(
                    period,
                    population,
                    request,
                    t -> coordination.handoff(t, period),
                    p -> coordination.acknowledgement(p, period));
            results.putAll(coordination.handoffMetrics(handoffs.items(), handoffs.links()));
        }
        List<Visit> encounters = encounters(wanted, period, patients, request);
        if (asks(wanted, Metric.DISCHARGE_FOLLOW_UP_DAYS, Metric.DISCHARGE_FOLLOW_UP_RATE)) {
            results.putAll(coordination.dischargeMetrics(encounters, period));
        }
        if (asks(wanted, Metric.OPEN_CARE_GAPS)) {
            results.put(Metric.OPEN_CARE_GAPS, openGaps(period, patients, request));
        }
        if (asks(wanted, Metric.READMISSION_30_DAY, Metric.AVERAGE_LENGTH_OF_STAY)) {
            results.put(Metric.READMISSION_30_DAY, outcomes.readmissionsOf(encounters, period));
            results.put(Metric.AVERAGE_LENGTH_OF_STAY, operations.lengthOfStayOf(encounters, period));
        }
        if (asks(wanted, Metric.HBA1C_CONTROL)) {
            Set<String> diabetic = new HashSet<>(
                    records.conditions(settings.diabetesCodes(), patients, request, c -> outcomes.diabetic(c, period)));
            List<Result> hba1c = records.results(
                    OutcomeMetrics.HBA1C, period, 0, patients, request, o -> outcomes.result(o, period));
            results.put(Metric.HBA1C_CONTROL, outcomes.hba1cControlOf(diabetic, hba1c, period));
        }
        if (asks(wanted, Metric.PHQ9_RESPONSE, Metric.PHQ9_REMISSION)) {
            int after = 31 * settings.phq9FollowUpMonths() + settings.phq9WindowDays();
            results.putAll(outcomes.phq9Of(
                    records.results(
                            List.of(OutcomeMetrics.PHQ9_TOTAL),
                            period,
                            after,
                            patients,
                            request,
                            o -> outcomes.result(o, period)),
                    period));
        }
        if (asks(wanted, Metric.EMERGENCY_VISITS)) {
            results.put(
                    Metric.EMERGENCY_VISITS,
                    outcomes.emergencyVisitsOf(records.patients(patients, request), encounters, period));
        }
        if (asks(wanted, Metric.MISSED_APPOINTMENTS)) {
            results.put(
                    Metric.MISSED_APPOINTMENTS,
                    operations.missedAppointmentsOf(
                            records.appointments(period, patients, request, a -> operations.booking(a, period))));
        }
        if (asks(wanted, Metric.COST_PER_PATIENT)) {
            results.put(
                    Metric.COST_PER_PATIENT,
                    operations.costOf(
                            records.benefits(period, patients, request, b -> operations.benefit(b, period)),
                            records.claims(period, patients, request, c -> operations.claim(c, period))));
        }
        return MetricReport.of(query, byOrganization(results, request), settings.currency());
    }

    /**
     * The open care gaps at the end of the period, or today if it ends later (a period that has not begun has none
     * yet), each placed on that day.
     */
    private List<Counted> openGaps(Period period, Population patients, RequestDetails request) {
        LocalDate today = LocalDate.now(period.zone());
        LocalDate day = period.end().isBefore(today) ? period.end() : today;
        if (day.isBefore(period.start())) {
            return List.of();
        }
        return openGaps.on(day, patients.patients(), request).stream()
                .map(gap -> new Counted(gap.patient(), gap.patient(), day, false, null, Map.of("rule", gap.rule())))
                .toList();
    }

    /** Each counted item with its patient's managing organization as the {@value MetricReport#ORGANIZATION} stratum. */
    private Map<Metric, List<Counted>> byOrganization(Map<Metric, List<Counted>> results, RequestDetails request) {
        java.util.Set<String> patients = new java.util.HashSet<>();
        results.values().forEach(items -> items.forEach(c -> patients.add(c.patient())));
        Map<String, String> organizations = records.organizations(patients, request);
        Map<Metric, List<Counted>> placed = new EnumMap<>(Metric.class);
        results.forEach((metric, items) -> placed.put(
                metric,
                items.stream()
                        .map(c -> {
                            Map<String, String> strata = new java.util.HashMap<>(c.strata());
                            strata.put(
                                    MetricReport.ORGANIZATION,
                                    organizations.getOrDefault(c.patient(), CoordinationMetrics.NONE));
                            return new Counted(
                                    c.resource(), c.patient(), c.day(), c.numerator(), c.observation(), strata);
                        })
                        .toList()));
        return placed;
    }

    /**
     * One read of the encounters for every encounter metric asked for: the classes they look at, over the period (and
     * the readmission days after it when readmissions or stays are asked for). Each rule picks its classes and dates,
     * so each sees what its own narrower search would have found, and the encounters are read once, not three times.
     */
    private List<Visit> encounters(List<Metric> wanted, Period period, Population patients, RequestDetails request) {
        java.util.LinkedHashSet<String> classes = new java.util.LinkedHashSet<>();
        int daysAfter = 0;
        if (asks(wanted, Metric.DISCHARGE_FOLLOW_UP_DAYS, Metric.DISCHARGE_FOLLOW_UP_RATE)) {
            classes.addAll(settings.inpatientClasses());
            classes.addAll(settings.followUpClasses());
        }
        if (asks(wanted, Metric.READMISSION_30_DAY, Metric.AVERAGE_LENGTH_OF_STAY)) {
            classes.addAll(settings.inpatientClasses());
            daysAfter = settings.readmissionDays();
        }
        if (asks(wanted, Metric.EMERGENCY_VISITS)) {
            classes.addAll(settings.emergencyClasses());
        }
        if (classes.isEmpty()) {
            return List.of();
        }
        return records.encounters(
                period, daysAfter, List.copyOf(classes), patients, request, e -> Visit.of(e, period, server));
    }

    private static boolean asks(List<Metric> wanted, Metric... metrics) {
        for (Metric metric : metrics) {
            if (wanted.contains(metric)) {
                return true;
            }
        }
        return false;
    }
}
