package org.carerelay.metrics;

import ca.uhn.fhir.rest.api.server.RequestDetails;
import java.util.Collection;
import java.util.List;
import java.util.Map;
import java.util.function.Function;
import org.carerelay.metrics.rules.Period;
import org.hl7.fhir.r4.model.Appointment;
import org.hl7.fhir.r4.model.Claim;
import org.hl7.fhir.r4.model.Condition;
import org.hl7.fhir.r4.model.Encounter;
import org.hl7.fhir.r4.model.ExplanationOfBenefit;
import org.hl7.fhir.r4.model.Observation;
import org.hl7.fhir.r4.model.Provenance;
import org.hl7.fhir.r4.model.Resource;
import org.hl7.fhir.r4.model.ServiceRequest;
import org.hl7.fhir.r4.model.Task;

/**
 * The read port of the metrics: each method is a database search narrowed to the period (and to the population's
 * patients when there is one), with the caller's request. Most hand each resource found to a reader of the rules, which
 * keeps a small record of what it counts (or null), so that no resource outlives its reading. {@link DaoMetricRecords}
 * is the one.
 */
interface MetricRecords {

    /** What a search found, each read into a small record, and what references those (read so too). */
    record Linked<R, L>(List<R> items, List<L> links) {}

    /**
     * ServiceRequests authored in the period, each read by {@code referral} (null: not counted), and what is based on
     * the counted ones (Encounter, Procedure, DiagnosticReport, Observation) or has them as focus (Task), each read by
     * {@code closing} (null: closes nothing).
     */
    <R, L> Linked<R, L> referrals(
            Period period,
            Population population,
            RequestDetails request,
            Function<ServiceRequest, R> referral,
            Function<Resource, L> closing);

    /**
     * Handoff Tasks authored in the period, each read by {@code handoff} (null: not counted), and the Provenances that
     * target the counted ones, each read by {@code acknowledgement} (null: acknowledges nothing).
     */
    <R, L> Linked<R, L> handoffs(
            Period period,
            Population population,
            RequestDetails request,
            Function<Task, R> handoff,
            Function<Provenance, L> acknowledgement);

    /** Encounters of these classes that overlap the period or the {@code daysAfter} days after it, each read. */
    <R> List<R> encounters(
            Period period,
            int daysAfter,
            List<String> classes,
            Population population,
            RequestDetails request,
            Function<Encounter, R> read);

    /** Conditions coded with one of these {@code system|code} entries (or a subcode of an ICD-10-CM one), each read. */
    <R> List<R> conditions(
            List<String> codes, Population population, RequestDetails request, Function<Condition, R> read);

    /** Observations with one of these LOINC codes, dated in the period or the {@code daysAfter} days after it, read. */
    <R> List<R> results(
            List<String> loinc,
            Period period,
            int daysAfter,
            Population population,
            RequestDetails request,
            Function<Observation, R> read);

    /** The patients in scope, as {@code Patient/id} keys: the population's, or every patient on the server. */
    List<String> patients(Population population, RequestDetails request);

    /** Appointments that start in the period, each read. */
    <R> List<R> appointments(
            Period period, Population population, RequestDetails request, Function<Appointment, R> read);

    /** ExplanationOfBenefits created in the period, each read. */
    <R> List<R> benefits(
            Period period, Population population, RequestDetails request, Function<ExplanationOfBenefit, R> read);

    /**
     * The managing organization of each of these patients ({@code Patient/id} to {@code Organization/id}); a patient
     * without one is left out.
     */
    Map<String, String> organizations(Collection<String> patients, RequestDetails request);

    /** Claims created in the period, each read. */
    <R> List<R> claims(Period period, Population population, RequestDetails request, Function<Claim, R> read);
}
