package org.carerelay.metrics;

import ca.uhn.fhir.rest.api.server.RequestDetails;
import java.util.EnumMap;
import java.util.List;
import java.util.Map;
import org.carerelay.config.CareRelayProperties;
import org.carerelay.fhir.LocalServer;
import org.carerelay.metrics.rules.CoordinationMetrics;
import org.carerelay.metrics.rules.Counted;
import org.carerelay.metrics.rules.Metric;
import org.carerelay.metrics.rules.MetricSettings;
import org.carerelay.metrics.rules.Period;
import org.hl7.fhir.r4.model.Encounter;
import org.hl7.fhir.r4.model.MeasureReport;
import org.hl7.fhir.r4.model.ServiceRequest;
import org.hl7.fhir.r4.model.Task;
import org.springframework.stereotype.Component;

/** Runs the searches a report's metrics need (only those), hands the results to the rules and builds the report. */
@Component
final class MetricsService {

    private final MetricRecords records;
    private final MetricSettings settings;
    private final CoordinationMetrics coordination;

    MetricsService(MetricRecords records, MetricsProperties properties, CareRelayProperties server) {
        this.records = records;
        this.settings = properties.settings();
        this.coordination = new CoordinationMetrics(settings, LocalServer.at(server.serverAddress()));
    }

    MeasureReport report(MetricQuery query, Population population, RequestDetails request) {
        Period period = query.period();
        List<Metric> wanted = query.metrics();
        Map<Metric, List<Counted>> results = new EnumMap<>(Metric.class);
        if (wanted.contains(Metric.REFERRAL_LOOP_CLOSURE) || wanted.contains(Metric.REFERRAL_CLOSURE_DAYS)) {
            List<ServiceRequest> referrals = records.referrals(period, population, request);
            results.putAll(coordination.referrals(referrals, records.referralOutcomes(referrals, request), period));
        }
        if (wanted.contains(Metric.HANDOFF_ACKNOWLEDGEMENT_HOURS) || wanted.contains(Metric.HANDOFFS_BY_STATUS)) {
            List<Task> handoffs = records.handoffs(period, population, request);
            results.putAll(coordination.handoffs(handoffs, records.provenances(handoffs, request), period));
        }
        if (wanted.contains(Metric.DISCHARGE_FOLLOW_UP_DAYS) || wanted.contains(Metric.DISCHARGE_FOLLOW_UP_RATE)) {
            // The receiving practitioner names no one in a discharge: these metrics count the patients in scope.
            Population patients = new Population(population.patients(), java.util.Optional.empty());
            List<String> classes = new java.util.ArrayList<>(settings.inpatientClasses());
            classes.addAll(settings.followUpClasses());
            List<Encounter> encounters = records.encounters(period, classes, patients, request);
            results.putAll(coordination.discharges(encounters, period));
        }
        return MetricReport.of(query, results);
    }
}
