package org.carerelay.caregap;

import ca.uhn.fhir.jpa.api.dao.DaoRegistry;
import ca.uhn.fhir.jpa.searchparam.SearchParameterMap;
import ca.uhn.fhir.rest.api.server.IBundleProvider;
import ca.uhn.fhir.rest.api.server.RequestDetails;
import ca.uhn.fhir.rest.param.TokenOrListParam;
import ca.uhn.fhir.rest.param.TokenParam;
import ca.uhn.fhir.rest.server.IPagingProvider;
import ca.uhn.fhir.rest.server.exceptions.InternalErrorException;
import ca.uhn.fhir.rest.server.exceptions.InvalidRequestException;
import ca.uhn.fhir.rest.server.exceptions.ResourceGoneException;
import io.micrometer.core.instrument.MeterRegistry;
import java.time.Instant;
import java.time.LocalDate;
import java.util.ArrayList;
import java.util.Collection;
import java.util.EnumSet;
import java.util.List;
import java.util.Optional;
import java.util.Set;
import java.util.function.Consumer;
import java.util.function.Predicate;
import org.carerelay.caregap.rules.CareGapEvaluator;
import org.carerelay.caregap.rules.CareGapRule;
import org.carerelay.caregap.rules.Gap;
import org.carerelay.caregap.rules.PatientRecord;
import org.carerelay.caregap.rules.PlanConflicts;
import org.carerelay.caregap.rules.RecordPart;
import org.carerelay.config.CareRelayProperties;
import org.carerelay.fhir.LocalServer;
import org.carerelay.fhir.OperationOutcomes;
import org.carerelay.fhir.ReadOnlySearches;
import org.hl7.fhir.r4.model.Bundle;
import org.hl7.fhir.r4.model.IdType;
import org.hl7.fhir.r4.model.OperationOutcome;
import org.hl7.fhir.r4.model.OperationOutcome.IssueType;
import org.hl7.fhir.r4.model.Patient;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.stereotype.Component;

/**
 * Finds care gaps for one patient or walks a population page by page. A population is a stored Patient search (the
 * same store that pages ordinary searches), read {@value #BATCH} patients at a time with one search per resource type
 * for the batch, so the heap holds one batch of records and one page of reports whatever the population's size. A
 * record the rules or the report still trip over costs that patient's report, never the page: the patient is listed
 * as a failure and the walk goes on.
 */
@Component
final class CareGapService implements OpenGaps {

    static final int BATCH = 100;

    private static final Logger log = LoggerFactory.getLogger(CareGapService.class);

    private final PatientRecords records;
    private final DaoRegistry daos;
    private final ReadOnlySearches readOnly;
    private final IPagingProvider searches;
    private final CareGapEvaluator evaluator;
    private final CareGapMetrics metrics;
    private final java.time.ZoneId zone;

    CareGapService(
            PatientRecords records,
            DaoRegistry daos,
            ReadOnlySearches readOnly,
            IPagingProvider searches,
            CareGapProperties properties,
            CareRelayProperties server,
            MeterRegistry meters,
            PlanConflicts conflicts) {
        this.records = records;
        this.metrics = new CareGapMetrics(meters);
        this.daos = daos;
        this.readOnly = readOnly;
        this.searches = searches;
        this.evaluator = new CareGapEvaluator(properties.settings(LocalServer.at(server.serverAddress())), conflicts);
        this.zone = server.timeZone();
    }

    @Override
    public List<OpenGap> on(LocalDate day, Optional<? extends Collection<String>> patients, RequestDetails request) {
        GapQuery query = new GapQuery(day, zone, Instant.now(), EnumSet.allOf(CareGapRule.class));
        Set<RecordPart> parts = RecordPart.readBy(query.rules());
        List<OpenGap> open = new ArrayList<>();
        Consumer<List<Patient>> batch = found -> {
            for (PatientRecord record : records.load(found, query.asOf().endOfDay(), parts, request)) {
                try {
                    for (Gap gap : evaluator.evaluate(record, query.asOf(), query.rules())) {
                        open.add(new OpenGap(
                                "Patient/" + record.patient().getIdElement().getIdPart(),
                                gap.rule().code()));
                    }
                } catch (RuntimeException e) {
                    metrics.unevaluable();
                    failure(record.patient(), e);
                }
            }
        };
        if (patients.isPresent()) {
            List<String> ids = patients.get().stream()
                    .map(key -> key.substring(key.indexOf('/') + 1))
                    .sorted()
                    .toList();
            for (int from = 0; from < ids.size(); from += BATCH) {
                TokenOrListParam some = new TokenOrListParam();
                ids.subList(from, Math.min(ids.size(), from + BATCH)).forEach(id -> some.addOr(new TokenParam(id)));
                batch.accept(
                        readOnly.resources(Patient.class, ReadOnlySearches.all().add("_id", some), request));
            }
        } else {
            IBundleProvider all = daos.getResourceDao(Patient.class).search(new SearchParameterMap(), request);
            for (int from = 0; ; from += BATCH) {
                List<Patient> found = all.getResources(from, from + BATCH).stream()
                        .map(Patient.class::cast)
                        .toList();
                if (!found.isEmpty()) {
                    batch.accept(found);
                }
                if (found.size() < BATCH) {
                    break;
                }
            }
        }
        return open;
    }

    /**
     * One patient's report; empty when the patient has no open gap. A record that cannot be evaluated is a server
     * failure (500) with an OperationOutcome naming the patient: an empty answer would read as "no gaps".
     */
    Optional<Bundle> forPatient(IdType patientId, GapQuery query, RequestDetails request) {
        return metrics.run("patient", () -> reportOf(patientId, query, request));
    }

    private Optional<Bundle> reportOf(IdType patientId, GapQuery query, RequestDetails request) {
        Patient patient = records.patient(patientId, query.asOf().endOfDay(), request);
        PatientRecord record = records.load(
                        List.of(patient), query.asOf().endOfDay(), RecordPart.readBy(query.rules()), request)
                .get(0);
        try {
            return report(record, query, request);
        } catch (RuntimeException e) {
            metrics.unevaluable();
            OperationOutcome failure = failure(record.patient(), e);
            throw new InternalErrorException(
                    failure.getIssueFirstRep().getDetails().getText(), failure);
        }
    }

    /**
     * A page of a population's reports, the patients whose records could not be evaluated (an OperationOutcome each,
     * in their place), and where the next page starts (empty when this was the last).
     */
    record Page(List<Bundle> reports, List<OperationOutcome> failures, Optional<Cursor> next) {}

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
    Page forPopulation(SearchParameterMap scope, InScope inScope, int count, GapQuery query, RequestDetails request) {
        return metrics.run("population", () -> {
            IBundleProvider patients = daos.getResourceDao(Patient.class).search(scope, request);
            return walk(patients, inScope, 0, count, query, request);
        });
    }

    Page forPopulation(Cursor cursor, InScope inScope, int count, GapQuery query, RequestDetails request) {
        return metrics.run("population", () -> nextPage(cursor, inScope, count, query, request));
    }

    private Page nextPage(Cursor cursor, InScope inScope, int count, GapQuery query, RequestDetails request) {
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

    /**
     * Which patients a population search found that are truly in scope (the search cannot always say exactly), and the
     * record parts that takes beyond what the rules read.
     */
    record InScope(Predicate<PatientRecord> test, Set<RecordPart> reads) {

        static final InScope EVERYONE = new InScope(record -> true, Set.of());
    }

    /**
     * Reads the patients in batches that start at the number of reports still wanted and double up to {@value #BATCH}:
     * a page of one report reads a patient or a few, not a hundred that the next page would read again, and a page of
     * many reads a hundred at a time. Patients read but not reached are read again by the next page, at most as many
     * as were examined.
     */
    private Page walk(
            IBundleProvider patients, InScope inScope, int offset, int count, GapQuery query, RequestDetails request) {
        Set<RecordPart> parts = EnumSet.copyOf(RecordPart.readBy(query.rules()));
        parts.addAll(inScope.reads());
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
            for (PatientRecord record : records.load(batch, query.asOf().endOfDay(), parts, request)) {
                examinedInBatch++;
                try {
                    if (inScope.test().test(record)) {
                        report(record, query, request).ifPresent(reports::add);
                    }
                } catch (RuntimeException e) {
                    metrics.unevaluable();
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
        return new Page(
                reports, failures, more ? Optional.of(new Cursor(patients.getUuid(), examined)) : Optional.empty());
    }

    private Optional<Bundle> report(PatientRecord record, GapQuery query, RequestDetails request) {
        List<Gap> gaps = evaluator.evaluate(record, query.asOf(), query.rules());
        metrics.found(gaps);
        if (gaps.isEmpty()) {
            return Optional.empty();
        }
        return Optional.of(GapReport.document(record.patient(), gaps, query.asOf(), request.getFhirServerBase()));
    }

    /**
     * What a client is told about a patient whose record could not be evaluated: the patient and the kind of fault,
     * never a stack trace (that goes to the log, with the patient, for whoever fixes the rule).
     */
    static OperationOutcome failure(Patient patient, RuntimeException cause) {
        String who = "Patient/" + patient.getIdElement().getIdPart();
        log.error("Care gaps of {} could not be evaluated", who, cause);
        OperationOutcome outcome = OperationOutcomes.error(
                IssueType.EXCEPTION,
                "The care gaps of " + who + " could not be evaluated: the care-gap rules failed on a resource of the"
                        + " record; the server log has the details");
        outcome.getIssueFirstRep().setDiagnostics(cause.getClass().getSimpleName());
        return outcome;
    }
}
