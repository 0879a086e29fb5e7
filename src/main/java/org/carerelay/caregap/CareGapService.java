package org.carerelay.caregap;

import ca.uhn.fhir.jpa.api.dao.DaoRegistry;
import ca.uhn.fhir.jpa.searchparam.SearchParameterMap;
import ca.uhn.fhir.rest.api.server.IBundleProvider;
import ca.uhn.fhir.rest.api.server.RequestDetails;
import ca.uhn.fhir.rest.server.IPagingProvider;
import ca.uhn.fhir.rest.server.exceptions.InvalidRequestException;
import ca.uhn.fhir.rest.server.exceptions.ResourceGoneException;
import java.util.ArrayList;
import java.util.Date;
import java.util.List;
import java.util.Optional;
import java.util.function.Predicate;
import org.carerelay.caregap.rules.CareGapEvaluator;
import org.carerelay.caregap.rules.Gap;
import org.carerelay.caregap.rules.PatientRecord;
import org.carerelay.fhir.OperationOutcomes;
import org.hl7.fhir.r4.model.Bundle;
import org.hl7.fhir.r4.model.IdType;
import org.hl7.fhir.r4.model.OperationOutcome.IssueType;
import org.hl7.fhir.r4.model.Patient;
import org.springframework.stereotype.Component;

/**
 * Finds care gaps for one patient or walks a population page by page. A population is a stored Patient search (the
 * same store that pages ordinary searches), read {@value #BATCH} patients at a time with one search per resource type
 * for the batch, so the heap holds one batch of records and one page of reports whatever the population's size.
 */
@Component
final class CareGapService {

    static final int BATCH = 100;

    private final DaoPatientRecords records;
    private final DaoRegistry daos;
    private final IPagingProvider searches;
    private final CareGapEvaluator evaluator;

    CareGapService(
            DaoPatientRecords records, DaoRegistry daos, IPagingProvider searches, CareGapProperties properties) {
        this.records = records;
        this.daos = daos;
        this.searches = searches;
        this.evaluator = new CareGapEvaluator(properties.settings());
    }

    /** One patient's report; empty when the patient has no open gap. */
    Optional<Bundle> forPatient(IdType patientId, GapQuery query, RequestDetails request) {
        Patient patient = records.patient(patientId, request);
        Date asOf = query.asOf();
        return report(records.load(List.of(patient), asOf, request).get(0), query, request);
    }

    /** A page of a population's reports, and where the next page starts (empty when this was the last). */
    record Page(List<Bundle> reports, Optional<Cursor> next) {}

    /** Where a population walk stands: the stored search of its patients and how many of them were examined. */
    record Cursor(String search, int offset) {

        static Cursor parse(String value) {
            int dot = value.lastIndexOf('.');
            try {
                Cursor cursor = new Cursor(value.substring(0, dot), Integer.parseInt(value.substring(dot + 1)));
                if (cursor.offset() >= 0 && !cursor.search().isEmpty()) {
                    return cursor;
                }
            } catch (RuntimeException e) {
                // answered below
            }
            throw notACursor(value);
        }

        static InvalidRequestException notACursor(String value) {
            return GapQuery.invalid("_cursor '" + value + "' is not a cursor of this server; take the next link of"
                    + " the previous page as it is");
        }

        @Override
        public String toString() {
            return search + "." + offset;
        }
    }

    /**
     * The first page of the patients a search finds; those the search cannot rule out but {@code inScope} does (a
     * filter the database cannot express exactly) are passed over.
     */
    Page forPopulation(
            SearchParameterMap scope,
            Predicate<PatientRecord> inScope,
            int count,
            GapQuery query,
            RequestDetails request) {
        IBundleProvider patients = daos.getResourceDao(Patient.class).search(scope, request);
        return walk(patients, inScope, 0, count, query, request);
    }

    Page forPopulation(
            Cursor cursor, Predicate<PatientRecord> inScope, int count, GapQuery query, RequestDetails request) {
        IBundleProvider patients = searches.retrieveResultList(request, cursor.search());
        if (patients == null) {
            String message = "The population behind _cursor '" + cursor + "' has expired; start again without _cursor";
            throw new ResourceGoneException(message, OperationOutcomes.error(IssueType.NOTFOUND, message));
        }
        if (!patients.isEmpty() && !(patients.getResources(0, 1).get(0) instanceof Patient)) {
            // The id of some other search, such as an ordinary search's paging link.
            throw Cursor.notACursor(cursor.toString());
        }
        return walk(patients, inScope, cursor.offset(), count, query, request);
    }

    private Page walk(
            IBundleProvider patients,
            Predicate<PatientRecord> inScope,
            int offset,
            int count,
            GapQuery query,
            RequestDetails request) {
        List<Bundle> reports = new ArrayList<>();
        int examined = offset;
        boolean exhausted = false;
        while (reports.size() < count && !exhausted) {
            List<Patient> batch = patients.getResources(examined, examined + BATCH).stream()
                    .map(Patient.class::cast)
                    .toList();
            int examinedInBatch = 0;
            for (PatientRecord record : records.load(batch, query.asOf(), request)) {
                examinedInBatch++;
                if (inScope.test(record)) {
                    report(record, query, request).ifPresent(reports::add);
                }
                if (reports.size() == count) {
                    break;
                }
            }
            examined += examinedInBatch;
            exhausted = batch.size() < BATCH && examinedInBatch == batch.size();
        }
        Integer size = patients.size();
        boolean more = !exhausted && (size == null || examined < size);
        return new Page(reports, more ? Optional.of(new Cursor(patients.getUuid(), examined)) : Optional.empty());
    }

    private Optional<Bundle> report(PatientRecord record, GapQuery query, RequestDetails request) {
        List<Gap> gaps = evaluator.evaluate(record, query.asOf(), query.rules());
        if (gaps.isEmpty()) {
            return Optional.empty();
        }
        return Optional.of(GapReport.document(record.patient(), gaps, query.asOf(), request.getFhirServerBase()));
    }
}
