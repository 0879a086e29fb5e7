package org.carerelay.conflict;

import ca.uhn.fhir.jpa.api.dao.DaoRegistry;
import ca.uhn.fhir.jpa.searchparam.SearchParameterMap;
import ca.uhn.fhir.rest.api.server.RequestDetails;
import ca.uhn.fhir.rest.param.ReferenceOrListParam;
import ca.uhn.fhir.rest.param.ReferenceParam;
import ca.uhn.fhir.rest.param.TokenOrListParam;
import ca.uhn.fhir.rest.param.TokenParam;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.function.Function;
import org.carerelay.conflict.rules.Knowledge;
import org.carerelay.conflict.rules.PlanRecord;
import org.carerelay.fhir.LocalServer;
import org.hl7.fhir.r4.model.CarePlan;
import org.hl7.fhir.r4.model.Condition;
import org.hl7.fhir.r4.model.Goal;
import org.hl7.fhir.r4.model.MedicationRequest;
import org.hl7.fhir.r4.model.MedicationStatement;
import org.hl7.fhir.r4.model.Observation;
import org.hl7.fhir.r4.model.Patient;
import org.hl7.fhir.r4.model.Reference;
import org.hl7.fhir.r4.model.Resource;
import org.hl7.fhir.r4.model.ServiceRequest;

/**
 * Loads what the conflict rules read for a batch of patients: one search per resource type for the batch, with the
 * caller's request (so authorization applies), narrowed in the database to the statuses that can count (active plans,
 * orders, statements and service requests; current conditions; live goals; eGFR results and NYHA classes).
 */
final class PlanRecords {

    private final DaoRegistry daos;
    private final Knowledge knowledge;
    private final LocalServer server;

    PlanRecords(DaoRegistry daos, Knowledge knowledge, LocalServer server) {
        this.daos = daos;
        this.knowledge = knowledge;
        this.server = server;
    }

    List<PlanRecord> load(List<Patient> patients, RequestDetails request) {
        if (patients.isEmpty()) {
            return List.of();
        }
        ReferenceOrListParam page = new ReferenceOrListParam();
        patients.forEach(p -> page.addOr(new ReferenceParam(p.getIdElement().getIdPart())));
        var plans = byPatient(
                search(CarePlan.class, all(page).add("status", tokens("active")), request), CarePlan::getSubject);
        var orders = byPatient(
                search(MedicationRequest.class, all(page).add("status", tokens("active")), request),
                MedicationRequest::getSubject);
        var statements = byPatient(
                search(MedicationStatement.class, all(page).add("status", tokens("active")), request),
                MedicationStatement::getSubject);
        var conditions = byPatient(
                search(
                        Condition.class,
                        all(page).add("clinical-status", tokens("active", "recurrence", "relapse")),
                        request),
                Condition::getSubject);
        var goals = byPatient(
                search(Goal.class, all(page).add("lifecycle-status", tokens("planned", "accepted", "active")), request),
                Goal::getSubject);
        TokenOrListParam egfrCodes = new TokenOrListParam();
        knowledge.egfr().forEach(code -> {
            int bar = code.indexOf('|');
            egfrCodes.addOr(new TokenParam(code.substring(0, bar), code.substring(bar + 1)));
        });
        List<Observation> observations =
                new ArrayList<>(search(Observation.class, all(page).add("code", egfrCodes), request));
        TokenOrListParam nyhaCodes = new TokenOrListParam();
        knowledge.nyha().values().stream().flatMap(List::stream).forEach(code -> {
            int bar = code.indexOf('|');
            nyhaCodes.addOr(new TokenParam(code.substring(0, bar), code.substring(bar + 1)));
        });
        if (!nyhaCodes.getValuesAsQueryTokens().isEmpty()) {
            // NYHA classes, whatever code the observation carries: its value names the class
            observations.addAll(search(Observation.class, all(page).add("value-concept", nyhaCodes), request));
        }
        var egfr = byPatient(observations, Observation::getSubject);
        var requests = byPatient(
                search(ServiceRequest.class, all(page).add("status", tokens("active")), request),
                ServiceRequest::getSubject);
        List<PlanRecord> records = new ArrayList<>(patients.size());
        for (Patient patient : patients) {
            String key = "Patient/" + patient.getIdElement().getIdPart();
            records.add(new PlanRecord(
                    patient,
                    of(plans, key),
                    of(orders, key),
                    of(statements, key),
                    of(conditions, key),
                    of(goals, key),
                    of(egfr, key),
                    of(requests, key)));
        }
        return records;
    }

    private static TokenOrListParam tokens(String... codes) {
        TokenOrListParam list = new TokenOrListParam();
        for (String code : codes) {
            list.addOr(new TokenParam(code));
        }
        return list;
    }

    /** Every match: {@code searchForResources}, as HAPI cuts {@code search} to the caller's page size. */
    private <T extends Resource> List<T> search(Class<T> type, SearchParameterMap search, RequestDetails request) {
        return daos.getResourceDao(type).searchForResources(search, request);
    }

    private static SearchParameterMap all(ReferenceOrListParam patients) {
        return SearchParameterMap.newSynchronous().add("patient", patients);
    }

    private <T extends Resource> Map<String, List<T>> byPatient(List<T> resources, Function<T, Reference> subject) {
        Map<String, List<T>> grouped = new LinkedHashMap<>();
        for (T resource : resources) {
            String key = server.key(subject.apply(resource));
            if (key != null) {
                grouped.computeIfAbsent(key, k -> new ArrayList<>()).add(resource);
            }
        }
        return grouped;
    }

    private static <T> List<T> of(Map<String, List<T>> grouped, String patient) {
        return grouped.getOrDefault(patient, List.of());
    }
}
