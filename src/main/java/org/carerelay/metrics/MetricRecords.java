package org.carerelay.metrics;

import ca.uhn.fhir.rest.api.server.RequestDetails;
import java.util.List;
import org.carerelay.metrics.rules.Period;
import org.hl7.fhir.r4.model.Encounter;
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

    /** Encounters of these classes that overlap the period. */
    List<Encounter> encounters(Period period, List<String> classes, Population population, RequestDetails request);
}
