package org.carerelay.metrics;

import ca.uhn.fhir.jpa.model.dao.JpaPid;
import ca.uhn.fhir.jpa.searchparam.SearchParameterMap;
import ca.uhn.fhir.rest.api.server.RequestDetails;
import ca.uhn.fhir.rest.param.DateParam;
import ca.uhn.fhir.rest.param.DateRangeParam;
import ca.uhn.fhir.rest.param.ParamPrefixEnum;
import ca.uhn.fhir.rest.param.ReferenceParam;
import ca.uhn.fhir.rest.param.TokenOrListParam;
import ca.uhn.fhir.rest.param.TokenParam;
import java.util.ArrayList;
import java.util.Collection;
import java.util.Date;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.function.Consumer;
import java.util.function.Function;
import org.carerelay.config.CareRelayProperties;
import org.carerelay.fhir.Caller;
import org.carerelay.fhir.ChunkedReads;
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
 * the practice's zone) and the receiver when one is asked for. The larger reads go through {@link ChunkedReads}: the
 * search answers row ids, the resources are read a chunk at a time and each is handed to the rules' reader, after the
 * population's patients are applied, and dropped; what references them (outcomes of referrals, Provenances of
 * handoffs) is found in HAPI's reference index, not with a search per hundred ids.
 */
@Component
final class DaoMetricRecords implements MetricRecords {

    private static final List<Class<? extends Resource>> OUTCOMES =
            List.of(Encounter.class, Procedure.class, DiagnosticReport.class, Observation.class, Task.class);

    private final ChunkedReads reads;
    private final LocalServer server;

    DaoMetricRecords(ChunkedReads reads, CareRelayProperties properties) {
        this.reads = reads;
        this.server = LocalServer.at(properties.serverAddress());
    }

    @Override
    public <R, L> Linked<R, L> referrals(
            Period period,
            Population population,
            RequestDetails request,
            Function<ServiceRequest, R> referral,
            Function<Resource, L> closing) {
        SearchParameterMap search = all().add(ServiceRequest.SP_AUTHORED, around(period));
        population.receiver().ifPresent(r -> search.add(ServiceRequest.SP_PERFORMER, new ReferenceParam(r)));
        List<String> counted = new ArrayList<>();
        List<R> items = new ArrayList<>();
        each(ServiceRequest.class, search, request, ServiceRequest::getSubject, population, found -> {
            R item = referral.apply(found);
            if (item != null) {
                items.add(item);
                counted.add(found.getIdElement().getIdPart());
            }
        });
        List<L> links = new ArrayList<>();
        // An outcome names its referral in basedOn (a Task in focus); the rules' reader checks which reference it is
        for (Class<? extends Resource> type : OUTCOMES) {
            read(type, reads.referencing(type.getSimpleName(), "ServiceRequest", counted), request, closing, links);
        }
        return new Linked<>(items, links);
    }

    @Override
    public <R, L> Linked<R, L> handoffs(
            Period period,
            Population population,
            RequestDetails request,
            Function<Task, R> handoff,
            Function<Provenance, L> acknowledgement) {
        TokenOrListParam codes = new TokenOrListParam()
                .addOr(new TokenParam(CoordinationMetrics.HANDOFF_TYPE, null))
                .addOr(new TokenParam(CoordinationMetrics.TASK_CODE, "fulfill"));
        SearchParameterMap search = all().add(Task.SP_CODE, codes).add(Task.SP_AUTHORED_ON, around(period));
        population.receiver().ifPresent(r -> search.add(Task.SP_OWNER, new ReferenceParam(r)));
        List<String> counted = new ArrayList<>();
        List<R> items = new ArrayList<>();
        each(Task.class, search, request, Task::getFor, population, found -> {
            R item = handoff.apply(found);
            if (item != null) {
                items.add(item);
                counted.add(found.getIdElement().getIdPart());
            }
        });
        List<L> links = new ArrayList<>();
        read(Provenance.class, reads.referencing("Provenance", "Task", counted), request, acknowledgement, links);
        return new Linked<>(items, links);
    }

    @Override
    public <R> List<R> encounters(
            Period period,
            int daysAfter,
            List<String> classes,
            Population population,
            RequestDetails request,
            Function<Encounter, R> read) {
        TokenOrListParam wanted = new TokenOrListParam();
        classes.forEach(c -> wanted.addOr(new TokenParam(c)));
        SearchParameterMap search =
                all().add(Encounter.SP_CLASS, wanted).add(Encounter.SP_DATE, around(period, daysAfter));
        return collect(Encounter.class, search, request, Encounter::getSubject, population, read);
    }

    @Override
    public <R> List<R> conditions(
            List<String> codes, Population population, RequestDetails request, Function<Condition, R> read) {
        // An ICD-10-CM entry matches its subcodes, which a token search cannot: ask for the whole system and let the
        // rules match the codes.
        TokenOrListParam wanted = new TokenOrListParam();
        for (String entry : codes) {
            int bar = entry.indexOf('|');
            String system = entry.substring(0, bar);
            wanted.addOr(new TokenParam(system, CodeLists.ICD10CM.equals(system) ? null : entry.substring(bar + 1)));
        }
        SearchParameterMap search = all().add(Condition.SP_CODE, wanted);
        return collect(Condition.class, search, request, Condition::getSubject, population, read);
    }

    @Override
    public <R> List<R> results(
            List<String> loinc,
            Period period,
            int daysAfter,
            Population population,
            RequestDetails request,
            Function<Observation, R> read) {
        TokenOrListParam wanted = new TokenOrListParam();
        loinc.forEach(code -> wanted.addOr(new TokenParam(OutcomeMetrics.LOINC, code)));
        SearchParameterMap search =
                all().add(Observation.SP_CODE, wanted).add(Observation.SP_DATE, around(period, daysAfter));
        return collect(Observation.class, search, request, Observation::getSubject, population, read);
    }

    @Override
    public List<String> patients(Population population, RequestDetails request) {
        if (population.patients().isPresent()) {
            return population.patients().get().stream().sorted().toList();
        }
        return reads.allIds("Patient").stream()
                .map(id -> "Patient/" + id)
                .sorted()
                .toList();
    }

    @Override
    public <R> List<R> appointments(
            Period period, Population population, RequestDetails request, Function<Appointment, R> read) {
        SearchParameterMap search = all().add(Appointment.SP_DATE, around(period, 0));
        return collect(Appointment.class, search, request, DaoMetricRecords::patientOf, population, read);
    }

    @Override
    public <R> List<R> benefits(
            Period period, Population population, RequestDetails request, Function<ExplanationOfBenefit, R> read) {
        SearchParameterMap search = all().add(ExplanationOfBenefit.SP_CREATED, around(period, 0));
        return collect(ExplanationOfBenefit.class, search, request, ExplanationOfBenefit::getPatient, population, read);
    }

    @Override
    public <R> List<R> claims(Period period, Population population, RequestDetails request, Function<Claim, R> read) {
        SearchParameterMap search = all().add(Claim.SP_CREATED, around(period, 0));
        return collect(Claim.class, search, request, Claim::getPatient, population, read);
    }

    /**
     * From HAPI's reference index where the organization is stored here; a patient whose reference the index does not
     * resolve (another server's organization, a contained one) is read, and its reference taken as written. For a
     * token with a restricted grant every patient is read, through the checks a search's matches pass: a patient it
     * may not see stays without an organization, as when this was a search.
     */
    @Override
    public Map<String, String> organizations(Collection<String> patients, RequestDetails request) {
        List<String> ids = patients.stream()
                .filter(java.util.Objects::nonNull)
                .filter(p -> p.startsWith("Patient/"))
                .map(p -> p.substring(p.indexOf('/') + 1))
                .distinct()
                .toList();
        Map<String, String> organizations = new HashMap<>();
        if (Caller.seesAllItReaches(request)) {
            reads.localReferences("Patient", "Patient.managingOrganization", ids)
                    .forEach((id, organization) -> organizations.put("Patient/" + id, organization));
        }
        List<String> unresolved = ids.stream()
                .filter(id -> !organizations.containsKey("Patient/" + id))
                .toList();
        reads.each(Patient.class, reads.byIds("Patient", unresolved), request, patient -> {
            String organization = server.key(patient.getManagingOrganization());
            if (organization != null) {
                organizations.put("Patient/" + patient.getIdElement().getIdPart(), organization);
            }
        });
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

    /** Each match of the search whose patient is in the population. */
    private <T extends Resource> void each(
            Class<T> type,
            SearchParameterMap search,
            RequestDetails request,
            Function<T, Reference> patient,
            Population population,
            Consumer<T> each) {
        reads.each(type, reads.pids(type, search, request), request, found -> {
            if (population.patients().isEmpty() || population.includes(server.key(patient.apply(found)))) {
                each.accept(found);
            }
        });
    }

    /** What the reader makes of each match in the population, nulls left out. */
    private <T extends Resource, R> List<R> collect(
            Class<T> type,
            SearchParameterMap search,
            RequestDetails request,
            Function<T, Reference> patient,
            Population population,
            Function<T, R> read) {
        List<R> items = new ArrayList<>();
        each(type, search, request, patient, population, found -> {
            R item = read.apply(found);
            if (item != null) {
                items.add(item);
            }
        });
        return items;
    }

    private <T extends Resource, L> void read(
            Class<T> type, List<JpaPid> pids, RequestDetails request, Function<? super T, L> read, List<L> into) {
        reads.each(type, pids, request, found -> {
            L item = read.apply(found);
            if (item != null) {
                into.add(item);
            }
        });
    }

    private static SearchParameterMap all() {
        return ReadOnlySearches.all();
    }
}
