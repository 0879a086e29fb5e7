package org.carerelay.metrics;

import ca.uhn.fhir.rest.api.server.RequestDetails;
import java.util.Collection;
import java.util.List;
import java.util.Map;
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
 * patients when there is one), with the caller's request. {@link DaoMetricRecords} is the one.
 */
interface MetricRecords {

    /** ServiceRequests authored in the period. */
    List<ServiceRequest> referrals(Period period, Population population, RequestDetails request);

    /** What is based on these referrals (Encounter, Procedure, DiagnosticReport, Observation) or has them as focus (Task). */
    List<Resource> referralOutcomes(List<ServiceRequest> referrals, RequestDetails request);

    /** Handoff Tasks authored in the period. */
    List<Task> handoffs(Period period, Population population, RequestDetails request);

    /** Provenances that target these Tasks. */
    List<Provenance> provenances(List<Task> tasks, RequestDetails request);

    /** Encounters of these classes that overlap the period or the {@code daysAfter} days after it. */
    List<Encounter> encounters(
            Period period, int daysAfter, List<String> classes, Population population, RequestDetails request);

    /** Conditions coded with one of these {@code system|code} entries (or a subcode of an ICD-10-CM one). */
    List<Condition> conditions(List<String> codes, Population population, RequestDetails request);

    /** Observations with one of these LOINC codes, dated in the period or the {@code daysAfter} days after it. */
    List<Observation> results(
            List<String> loinc, Period period, int daysAfter, Population population, RequestDetails request);

    /** The patients in scope, as {@code Patient/id} keys: the population's, or every patient on the server. */
    List<String> patients(Population population, RequestDetails request);

    /** Appointments that start in the period. */
    List<Appointment> appointments(Period period, Population population, RequestDetails request);

    /** ExplanationOfBenefits created in the period. */
    List<ExplanationOfBenefit> benefits(Period period, Population population, RequestDetails request);

    /**
     * The managing organization of each of these patients ({@code Patient/id} to {@code Organization/id}); a patient
     * without one is left out.
     */
    Map<String, String> organizations(Collection<String> patients, RequestDetails request);

    /** Claims created in the period. */
    List<Claim> claims(Period period, Population population, RequestDetails request);
}
