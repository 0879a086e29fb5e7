package org.carerelay.registry;

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
import ca.uhn.fhir.rest.server.exceptions.ResourceGoneException;
import java.time.LocalDate;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.Set;
import java.util.TreeSet;
import org.carerelay.caregap.CareGapProperties;
import org.carerelay.config.CareRelayProperties;
import org.carerelay.fhir.OperationOutcomes;
import org.carerelay.fhir.PopulationSearch;
import org.carerelay.registry.rules.RegistryEntry;
import org.carerelay.registry.rules.RegistryEvaluator;
import org.carerelay.registry.rules.RegistryRecord;
import org.carerelay.registry.rules.RegistryStatus;
import org.hl7.fhir.r4.model.OperationOutcome.IssueType;
import org.hl7.fhir.r4.model.Patient;
import org.springframework.stereotype.Component;

/**
 * Walks the patients in scope a batch of {@value #BATCH} at a time (a stored Patient search, in id order, so a walk
 * can be resumed from its cursor), loads what the registry reads for the batch, and keeps the patients on the registry
 * with a wanted status, until a page is full.
 */
@Component
final class RegistryService {

    static final int BATCH = 100;

    private final DaoRegistry daos;
    private final IPagingProvider searches;
    private final RegistryRecords records;
    private final RegistryEvaluator evaluator;

    RegistryService(
            DaoRegistry daos,
            IPagingProvider searches,
            RegistryRecords records,
            RegistryProperties properties,
            CareGapProperties careGaps,
            CareRelayProperties server) {
        this.daos = daos;
        this.searches = searches;
        this.records = records;
        this.evaluator = new RegistryEvaluator(properties.settings(careGaps), server.timeZone());
    }

    /** A page of the registry and, unless it was the last, where the next starts. */
    record Page(List<RegistryEntry> entries, Optional<String> next) {}

    /** The Patient search of the filters; empty when a practitioner has no patients at all. */
    Optional<SearchParameterMap> scope(String organization, String practitioner, RequestDetails request) {
        SearchParameterMap search = new SearchParameterMap();
        search.setSort(new SortSpec("_id"));
        search.add(Patient.SP_ACTIVE, new TokenParam("false").setModifier(TokenParamModifier.NOT));
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

    Page first(
            SearchParameterMap scope, Set<RegistryStatus> wanted, int count, LocalDate asOf, RequestDetails request) {
        IBundleProvider patients = PopulationSearch.patients(daos, scope, request);
        return walk(patients, 0, wanted, count, asOf, request);
    }

    Page next(
            String search, int offset, Set<RegistryStatus> wanted, int count, LocalDate asOf, RequestDetails request) {
        IBundleProvider patients = searches.retrieveResultList(request, search);
        if (patients == null) {
            String message = "The registry walk behind _cursor has expired; start again without _cursor";
            throw new ResourceGoneException(message, OperationOutcomes.error(IssueType.NOTFOUND, message));
        }
        if (!patients.isEmpty() && !(patients.getResources(0, 1).get(0) instanceof Patient)) {
            throw RegistryQuery.invalid("_cursor is not a cursor of this server's registry", "_cursor");
        }
        return walk(patients, offset, wanted, count, asOf, request);
    }

    private Page walk(
            IBundleProvider patients,
            int offset,
            Set<RegistryStatus> wanted,
            int count,
            LocalDate asOf,
            RequestDetails request) {
        List<RegistryEntry> entries = new ArrayList<>();
        int examined = offset;
        boolean exhausted = false;
        while (entries.size() < count && !exhausted) {
            List<Patient> batch = patients.getResources(examined, examined + BATCH).stream()
                    .map(Patient.class::cast)
                    .toList();
            int examinedInBatch = 0;
            for (RegistryRecord record : records.load(batch, asOf, request)) {
                examinedInBatch++;
                evaluator
                        .evaluate(record, asOf)
                        .filter(entry -> wanted.contains(entry.status()))
                        .ifPresent(entries::add);
                if (entries.size() == count) {
                    break;
                }
            }
            examined += examinedInBatch;
            exhausted = batch.size() < BATCH && examinedInBatch == batch.size();
        }
        Integer size = patients.size();
        boolean more = !exhausted && (size == null || examined < size);
        return new Page(entries, more ? Optional.of(patients.getUuid() + "." + examined) : Optional.empty());
    }
}
