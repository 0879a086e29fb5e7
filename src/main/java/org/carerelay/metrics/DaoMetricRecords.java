package org.carerelay.metrics;

import ca.uhn.fhir.jpa.searchparam.SearchParameterMap;
import ca.uhn.fhir.rest.api.server.RequestDetails;
import ca.uhn.fhir.rest.param.DateParam;
import ca.uhn.fhir.rest.param.DateRangeParam;
import ca.uhn.fhir.rest.param.ParamPrefixEnum;
import ca.uhn.fhir.rest.param.ReferenceOrListParam;
import ca.uhn.fhir.rest.param.ReferenceParam;
import ca.uhn.fhir.rest.param.TokenOrListParam;
import ca.uhn.fhir.rest.param.TokenParam;
import java.util.ArrayList;
import java.util.Collection;
import java.util.Date;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.function.Function;
import org.carerelay.config.CareRelayProperties;
import org.carerelay.fhir.CodeLists;
import org.carerelay.fhir.LocalServer;
import org.carerelay.fhir.ReadOnlySearches;
import org.carerelay.metrics.rules.CoordinationMetrics;
import org.carerelay.metrics.rules.OutcomeMetrics;
import org.carerelay.metrics.rules.Period;
import org.hl7.fhir.r4.model.Appointment;
import org.hl7.fhir.r4.model.Claim;
import org.hl7.fhir.r4.model.Condition;
import org.hl7.fhir.r4.model.DiagnosticReport;
import org.hl7.fhir.r4.model.Encounter;
import org.hl7.fhir.r4.model.ExplanationOfBenefit;
import org.hl7.fhir.r4.model.Observation;
import org.hl7.fhir.r4.model.Patient;
import org.hl7.fhir.r4.model.Procedure;
import org.hl7.fhir.r4.model.Provenance;
import org.hl7.fhir.r4.model.Reference;
import org.hl7.fhir.r4.model.Resource;
import org.hl7.fhir.r4.model.ServiceRequest;
import org.hl7.fhir.r4.model.Task;
import org.springframework.stereotype.Component;

/**
 * The metrics' searches: the period (a day either side, so that no zone is cut short; the rules then read each date in
 * the practice's zone), the receiver when one is asked for, and follow-up searches by id in batches of {@value #BATCH}.
 * The population's patients are applied to what the searches find.
 */
@Component
final class DaoMetricRecords implements MetricRecords {

    static final int BATCH = 100;

    private final ReadOnlySearches searches;
    private final LocalServer server;

    DaoMetricRecords(ReadOnlySearches searches, CareRelayProperties properties) {
        this.searches = searches;
        this.server = LocalServer.at(properties.serverAddress());
    }

    @Override
    public List<ServiceRequest> referrals(Period period, Population population, RequestDetails request) {
        SearchParameterMap search = all().add(ServiceRequest.SP_AUTHORED, around(period));
        population.receiver().ifPresent(r -> search.add(ServiceRequest.SP_PERFORMER, new ReferenceParam(r)));
        return inPopulation(search(ServiceRequest.class, search, request), ServiceRequest::getSubject, population);
    }

    @Override
    public List<Resource> referralOutcomes(List<ServiceRequest> referrals, RequestDetails request) {
        List<Resource> outcomes = new ArrayList<>();
        for (int from = 0; from < referrals.size(); from += BATCH) {
            ReferenceOrListParam ids = new ReferenceOrListParam();
            referrals
                    .subList(from, Math.min(referrals.size(), from + BATCH))
                    .forEach(r -> ids.addOr(new ReferenceParam(
                            "ServiceRequest/" + r.getIdElement().getIdPart())));
            outcomes.addAll(search(Encounter.class, all().add("based-on", ids), request));
            outcomes.addAll(search(Procedure.class, all().add("based-on", ids), request));
            outcomes.addAll(search(DiagnosticReport.class, all().add("based-on", ids), request));
            outcomes.addAll(search(Observation.class, all().add("based-on", ids), request));
            outcomes.addAll(search(Task.class, all().add(Task.SP_FOCUS, ids), request));
        }
        return outcomes;
    }

    @Override
    public List<Task> handoffs(Period period, Population population, RequestDetails request) {
        TokenOrListParam codes = new TokenOrListParam()
                .addOr(new TokenParam(CoordinationMetrics.HANDOFF_TYPE, null))
                .addOr(new TokenParam(CoordinationMetrics.TASK_CODE, "fulfill"));
        SearchParameterMap search = all().add(Task.SP_CODE, codes).add(Task.SP_AUTHORED_ON, around(period));
        population.receiver().ifPresent(r -> search.add(Task.SP_OWNER, new ReferenceParam(r)));
        return inPopulation(search(Task.class, search, request), Task::getFor, population);
    }

    @Override
    public List<Provenance> provenances(List<Task> tasks, RequestDetails request) {
        List<Provenance> provenances = new ArrayList<>();
        for (int from = 0; from < tasks.size(); from += BATCH) {
            ReferenceOrListParam ids = new ReferenceOrListParam();
            tasks.subList(from, Math.min(tasks.size(), from + BATCH))
                    .forEach(t -> ids.addOr(
                            new ReferenceParam("Task/" + t.getIdElement().getIdPart())));
            provenances.addAll(search(Provenance.class, all().add(Provenance.SP_TARGET, ids), request));
        }
        return provenances;
    }

    @Override
    public List<Encounter> encounters(
            Period period, int daysAfter, List<String> classes, Population population, RequestDetails request) {
        TokenOrListParam wanted = new TokenOrListParam();
        classes.forEach(c -> wanted.addOr(new TokenParam(c)));
        SearchParameterMap search =
                all().add(Encounter.SP_CLASS, wanted).add(Encounter.SP_DATE, around(period, daysAfter));
        return inPopulation(search(Encounter.class, search, request), Encounter::getSubject, population);
    }

    @Override
    public List<Condition> conditions(List<String> codes, Population population, RequestDetails request) {
        // An ICD-10-CM entry matches its subcodes, which a token search cannot: ask for the whole system and let the
        // rules match the codes.
        TokenOrListParam wanted = new TokenOrListParam();
        for (String entry : codes) {
            int bar = entry.indexOf('|');
            String system = entry.substring(0, bar);
            wanted.addOr(new TokenParam(system, CodeLists.ICD10CM.equals(system) ? null : entry.substring(bar + 1)));
        }
        SearchParameterMap search = all().add(Condition.SP_CODE, wanted);
        return inPopulation(search(Condition.class, search, request), Condition::getSubject, population);
    }

    @Override
    public List<Observation> results(
            List<String> loinc, Period period, int daysAfter, Population population, RequestDetails request) {
        TokenOrListParam wanted = new TokenOrListParam();
        loinc.forEach(code -> wanted.addOr(new TokenParam(OutcomeMetrics.LOINC, code)));
        SearchParameterMap search =
                all().add(Observation.SP_CODE, wanted).add(Observation.SP_DATE, around(period, daysAfter));
        return inPopulation(search(Observation.class, search, request), Observation::getSubject, population);
    }

    @Override
    public List<String> patients(Population population, RequestDetails request) {
        if (population.patients().isPresent()) {
            return population.patients().get().stream().sorted().toList();
        }
        return searches.ids(Patient.class, all(), request).stream()
                .map(id -> "Patient/" + id.getIdPart())
                .sorted()
                .toList();
    }

    @Override
    public List<Appointment> appointments(Period period, Population population, RequestDetails request) {
        SearchParameterMap search = all().add(Appointment.SP_DATE, around(period, 0));
        return inPopulation(search(Appointment.class, search, request), DaoMetricRecords::patientOf, population);
    }

    @Override
    public List<ExplanationOfBenefit> benefits(Period period, Population population, RequestDetails request) {
        SearchParameterMap search = all().add(ExplanationOfBenefit.SP_CREATED, around(period, 0));
        return inPopulation(
                search(ExplanationOfBenefit.class, search, request), ExplanationOfBenefit::getPatient, population);
    }

    @Override
    public List<Claim> claims(Period period, Population population, RequestDetails request) {
        SearchParameterMap search = all().add(Claim.SP_CREATED, around(period, 0));
        return inPopulation(search(Claim.class, search, request), Claim::getPatient, population);
    }

    @Override
    public Map<String, String> organizations(Collection<String> patients, RequestDetails request) {
        Map<String, String> organizations = new HashMap<>();
        List<String> ids = patients.stream()
                .filter(java.util.Objects::nonNull)
                .map(p -> p.substring(p.indexOf('/') + 1))
                .distinct()
                .toList();
        for (int from = 0; from < ids.size(); from += BATCH) {
            TokenOrListParam batch = new TokenOrListParam();
            ids.subList(from, Math.min(ids.size(), from + BATCH)).forEach(id -> batch.addOr(new TokenParam(id)));
            for (Patient patient : search(Patient.class, all().add("_id", batch), request)) {
                String organization = server.key(patient.getManagingOrganization());
                if (organization != null) {
                    organizations.put("Patient/" + patient.getIdElement().getIdPart(), organization);
                }
            }
        }
        return organizations;
    }

    private static Reference patientOf(Appointment appointment) {
        return appointment.getParticipant().stream()
                .map(Appointment.AppointmentParticipantComponent::getActor)
                .filter(a -> "Patient".equals(a.getReferenceElement().getResourceType()))
                .findFirst()
                .orElse(new Reference());
    }

    /** The period and a day either side. */
    private static DateRangeParam around(Period period) {
        return around(period, 0);
    }

    /** The period, a day either side, and {@code daysAfter} days more after it. */
    private static DateRangeParam around(Period period, int daysAfter) {
        return new DateRangeParam(
                new DateParam(
                        ParamPrefixEnum.GREATERTHAN_OR_EQUALS,
                        Date.from(period.startInstant().minusSeconds(86_400))),
                new DateParam(
                        ParamPrefixEnum.LESSTHAN,
                        Date.from(period.endInstant().plusSeconds(86_400L * (1 + daysAfter)))));
    }

    private <T extends Resource> List<T> inPopulation(
            List<T> found, Function<T, Reference> patient, Population population) {
        if (population.patients().isEmpty()) {
            return found;
        }
        return found.stream()
                .filter(r -> population.includes(server.key(patient.apply(r))))
                .toList();
    }

    private static SearchParameterMap all() {
        return ReadOnlySearches.all();
    }

    private <T extends Resource> List<T> search(Class<T> type, SearchParameterMap search, RequestDetails request) {
        return searches.resources(type, search, request);
    }
}
