package org.carerelay.conflict;

import ca.uhn.fhir.jpa.api.dao.DaoRegistry;
import ca.uhn.fhir.jpa.model.dao.JpaPid;
import ca.uhn.fhir.jpa.searchparam.SearchParameterMap;
import ca.uhn.fhir.rest.api.Constants;
import ca.uhn.fhir.rest.api.SortSpec;
import ca.uhn.fhir.rest.api.server.IBundleProvider;
import ca.uhn.fhir.rest.api.server.RequestDetails;
import ca.uhn.fhir.rest.param.HasParam;
import ca.uhn.fhir.rest.param.ReferenceParam;
import ca.uhn.fhir.rest.param.TokenOrListParam;
import ca.uhn.fhir.rest.param.TokenParam;
import ca.uhn.fhir.rest.param.TokenParamModifier;
import ca.uhn.fhir.rest.server.IPagingProvider;
import ca.uhn.fhir.rest.server.exceptions.InternalErrorException;
import ca.uhn.fhir.rest.server.exceptions.ResourceGoneException;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.Set;
import java.util.TreeSet;
import org.carerelay.config.CareRelayProperties;
import org.carerelay.conflict.rules.Conflict;
import org.carerelay.conflict.rules.ConflictEvaluator;
import org.carerelay.conflict.rules.Knowledge;
import org.carerelay.conflict.rules.PlanRecord;
import org.carerelay.fhir.LocalServer;
import org.carerelay.fhir.OperationOutcomes;
import org.carerelay.fhir.PopulationSearch;
import org.hl7.fhir.r4.model.Bundle;
import org.hl7.fhir.r4.model.IdType;
import org.hl7.fhir.r4.model.OperationOutcome;
import org.hl7.fhir.r4.model.OperationOutcome.IssueType;
import org.hl7.fhir.r4.model.Patient;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.stereotype.Component;

/**
 * Finds the plan conflicts of one patient, or walks a population a batch of {@value #BATCH} at a time (a stored
 * Patient search in id order, resumed from its cursor, as {@code $care-gaps} walks), until a page of reports is full.
 * A record the rules trip over costs that patient's report, never the page.
 */
@Component
final class ConflictService {

    static final int BATCH = 100;

    private static final Logger log = LoggerFactory.getLogger(ConflictService.class);

    private final DaoRegistry daos;
    private final IPagingProvider searches;
    private final PlanRecords records;
    private final ConflictEvaluator evaluator;

    ConflictService(
            DaoRegistry daos,
            IPagingProvider searches,
            PlanRecords records,
            Knowledge knowledge,
            CareRelayProperties server) {
        this.daos = daos;
        this.searches = searches;
        this.records = records;
        this.evaluator = new ConflictEvaluator(knowledge, LocalServer.at(server.serverAddress()));
    }

    /** One patient's report, empty when the patient's plans do not conflict. */
    Optional<Bundle> forPatient(IdType patientId, ConflictQuery query, RequestDetails request) {
        Patient patient = records.patient(patientId, query.end(), request);
        PlanRecord record = records.load(List.of(patient), query.end(), request).get(0);
        try {
            return report(record, query, request);
        } catch (RuntimeException e) {
            OperationOutcome failure = failure(patient, e);
            throw new InternalErrorException(
                    failure.getIssueFirstRep().getDetails().getText(), failure);
        }
    }

    record Page(List<Bundle> reports, List<OperationOutcome> failures, Optional<String> next) {}

    /** The Patient search of the filters; empty when they already show that no patient can match. */
    Optional<SearchParameterMap> scope(
            String subject, String practitioner, String organization, RequestDetails request) {
        SearchParameterMap search = new SearchParameterMap();
        search.setSort(new SortSpec("_id"));
        search.add(Patient.SP_ACTIVE, new TokenParam("false").setModifier(TokenParamModifier.NOT));
        if (subject != null) {
            IdType id = new IdType(subject);
            if (id.getResourceType().equals("Group")) {
                search.add("_has", new HasParam("Group", "member", "_id", id.getIdPart()));
            } else {
                search.add("_id", new TokenParam(id.getIdPart()));
            }
        }
        if (organization != null) {
            search.add(Patient.SP_ORGANIZATION, new ReferenceParam(organization));
        }
        if (practitioner != null) {
            Set<Long> patients = new TreeSet<>();
            SearchParameterMap byGp = SearchParameterMap.newSynchronous()
                    .add(Patient.SP_GENERAL_PRACTITIONER, new ReferenceParam(practitioner));
            SearchParameterMap byTeam = SearchParameterMap.newSynchronous()
                    .add("_has", new HasParam("CareTeam", "patient", "participant", practitioner));
            for (SearchParameterMap ids : List.of(byGp, byTeam)) {
                ids.setLoadSynchronousUpTo(Integer.MAX_VALUE);
                daos.getResourceDao(Patient.class)
                        .<JpaPid>searchForIds(ids, request)
                        .forEach(pid -> patients.add(pid.getId()));
            }
            if (patients.isEmpty()) {
                return Optional.empty();
            }
            TokenOrListParam rows = new TokenOrListParam();
            patients.forEach(row -> rows.addOr(new TokenParam(row.toString())));
            search.add(Constants.PARAM_PID, rows);
        }
        return Optional.of(search);
    }

    Page first(SearchParameterMap scope, int count, ConflictQuery query, RequestDetails request) {
        IBundleProvider patients = PopulationSearch.patients(daos, scope, request);
        return walk(patients, 0, count, query, request);
    }

    Page next(String search, int offset, int count, ConflictQuery query, RequestDetails request) {
        IBundleProvider patients = searches.retrieveResultList(request, search);
        if (patients == null) {
            String message = "The population behind _cursor has expired; start again without _cursor";
            throw new ResourceGoneException(message, OperationOutcomes.error(IssueType.NOTFOUND, message));
        }
        if (!patients.isEmpty() && !(patients.getResources(0, 1).get(0) instanceof Patient)) {
            throw ConflictQuery.invalid("_cursor is not a cursor of this server's $plan-conflicts", "_cursor");
        }
        return walk(patients, offset, count, query, request);
    }

    private Page walk(IBundleProvider patients, int offset, int count, ConflictQuery query, RequestDetails request) {
        List<Bundle> reports = new ArrayList<>();
        List<OperationOutcome> failures = new ArrayList<>();
        int examined = offset;
        int batchSize = Math.min(BATCH, count);
        boolean exhausted = false;
        while (reports.size() + failures.size() < count && !exhausted) {
            List<Patient> batch = patients.getResources(examined, examined + batchSize).stream()
                    .map(Patient.class::cast)
                    .toList();
            int examinedInBatch = 0;
            for (PlanRecord record : records.load(batch, query.end(), request)) {
                examinedInBatch++;
                try {
                    report(record, query, request).ifPresent(reports::add);
                } catch (RuntimeException e) {
                    failures.add(failure(record.patient(), e));
                }
                if (reports.size() + failures.size() == count) {
                    break;
                }
            }
            examined += examinedInBatch;
            exhausted = batch.size() < batchSize && examinedInBatch == batch.size();
            batchSize = Math.min(BATCH, batchSize * 2);
        }
        Integer size = patients.size();
        boolean more = !exhausted && (size == null || examined < size);
        return new Page(reports, failures, more ? Optional.of(patients.getUuid() + "." + examined) : Optional.empty());
    }

    private Optional<Bundle> report(PlanRecord record, ConflictQuery query, RequestDetails request) {
        List<Conflict> conflicts = evaluator.evaluate(record, query.days(), query.rules());
        if (conflicts.isEmpty()) {
            return Optional.empty();
        }
        return Optional.of(ConflictReport.document(record.patient(), conflicts, query, request.getFhirServerBase()));
    }

    private static OperationOutcome failure(Patient patient, RuntimeException cause) {
        String who = "Patient/" + patient.getIdElement().getIdPart();
        log.error("Plan conflicts of {} could not be evaluated", who, cause);
        OperationOutcome outcome = OperationOutcomes.error(
                IssueType.EXCEPTION,
                "The plan conflicts of " + who + " could not be evaluated; the server log has the details");
        outcome.getIssueFirstRep().setDiagnostics(cause.getClass().getSimpleName());
        return outcome;
    }
}
