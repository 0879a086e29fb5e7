package org.carerelay.caregap;

import ca.uhn.fhir.jpa.api.dao.DaoRegistry;
import ca.uhn.fhir.jpa.model.dao.JpaPid;
import ca.uhn.fhir.jpa.searchparam.SearchParameterMap;
import ca.uhn.fhir.rest.api.server.IBundleProvider;
import ca.uhn.fhir.rest.api.server.RequestDetails;
import ca.uhn.fhir.rest.server.IPagingProvider;
import ca.uhn.fhir.rest.server.exceptions.InternalErrorException;
import ca.uhn.fhir.rest.server.exceptions.ResourceGoneException;
import io.micrometer.core.instrument.MeterRegistry;
import java.time.Instant;
import java.time.LocalDate;
import java.util.ArrayList;
import java.util.Collection;
import java.util.Date;
import java.util.EnumSet;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
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
import org.carerelay.fhir.ChunkedReads;
import org.carerelay.fhir.LocalServer;
import org.carerelay.fhir.OperationOutcomes;
import org.carerelay.fhir.PopulationSearch;
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
    private final ChunkedReads chunked;
    private final IPagingProvider searches;
    private final CareGapEvaluator evaluator;
    private final CareGapMetrics metrics;
    private final java.time.ZoneId zone;

    CareGapService(
            PatientRecords records,
            DaoRegistry daos,
            ChunkedReads chunked,
            IPagingProvider searches,
            CareGapProperties properties,
            CareRelayProperties server,
            MeterRegistry meters,
            PlanConflicts conflicts) {
        this.records = records;
        this.metrics = new CareGapMetrics(meters);
        this.daos = daos;
        this.chunked = chunked;
        this.searches = searches;
        this.evaluator = new CareGapEvaluator(properties.settings(LocalServer.at(server.serverAddress())), conflicts);
        this.zone = server.timeZone();
    }

    /**
     * Counts without reports. On today's record a patient is read only for the rules whose gaps can stand on what
     * references them ({@link CareGapRule#standsOn()}, from HAPI's reference index): most patients have none of most
     * gaps, and one that nothing of the kinds the rules stand on references is not read at all.
     */
    @Override
    public List<OpenGap> on(LocalDate day, Optional<? extends Collection<String>> patients, RequestDetails request) {
        GapQuery query = new GapQuery(day, zone, Instant.now(), EnumSet.allOf(CareGapRule.class));
        boolean today = !query.asOf().endOfDay().before(new Date());
        List<OpenGap> open = new ArrayList<>();
        Consumer<List<Patient>> batch = found -> {
            Map<String, Set<CareGapRule>> possible = possibleRules(found, query.rules(), today);
            List<Patient> candidates = found.stream()
                    .filter(p -> !possible.getOrDefault(idOf(p), query.rules()).isEmpty())
                    .toList();
            if (candidates.isEmpty()) {
                return;
            }
            Set<CareGapRule> anyRule = EnumSet.noneOf(CareGapRule.class);
            candidates.forEach(p -> anyRule.addAll(possible.getOrDefault(idOf(p), query.rules())));
            Set<RecordPart> parts = RecordPart.readBy(anyRule);
            for (PatientRecord record : records.load(candidates, query.asOf().endOfDay(), parts, request)) {
                try {
                    Set<CareGapRule> rules = possible.getOrDefault(idOf(record.patient()), query.rules());
                    for (Gap gap : evaluator.evaluate(record, query.asOf(), rules)) {
                        open.add(new OpenGap(
                                "Patient/" + idOf(record.patient()), gap.rule().code()));
                    }
                } catch (RuntimeException e) {
                    metrics.unevaluable();
                    failure(record.patient(), e);
                }
            }
        };
        // Row ids first, then the patients a chunk at a time in read-only transactions: a stored search of the whole
        // population wrote every row id to HAPI's search tables, and checked every patient it loaded for changes at
        // each commit (a tenth of the count's time on 10,000 patients).
        List<JpaPid> everyone = patients.isPresent()
                ? chunked.byIds(
                        "Patient",
                        patients.get().stream()
                                .map(key -> key.substring(key.indexOf('/') + 1))
                                .toList())
                : chunked.pids(Patient.class, ReadOnlySearches.all(), request);
        chunked.chunks(Patient.class, everyone, request, batch);
        return open;
    }

    /**
     * For each patient (by id) the rules whose gaps can stand on what references them today; empty (every rule may
     * apply) on a past day or when the store cannot tell.
     */
    private Map<String, Set<CareGapRule>> possibleRules(List<Patient> patients, Set<CareGapRule> rules, boolean today) {
        Optional<Map<String, Set<String>>> referencing = today ? records.referencing(patients) : Optional.empty();
        if (referencing.isEmpty()) {
            return Map.of();
        }
        Map<String, Set<CareGapRule>> possible = new HashMap<>();
        for (Patient patient : patients) {
            Set<String> types = referencing.get().getOrDefault(idOf(patient), Set.of());
            Set<CareGapRule> can = EnumSet.noneOf(CareGapRule.class);
            for (CareGapRule rule : rules) {
                if (rule.standsOn().stream().anyMatch(types::contains)) {
                    can.add(rule);
                }
            }
            possible.put(idOf(patient), can);
        }
        return possible;
    }

    private static String idOf(Patient patient) {
        return patient.getIdElement().getIdPart();
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

    /**
     * The first page of the patients a search finds; those the search cannot rule out but {@code inScope} does (a
     * filter the database cannot express exactly) are passed over.
     */
    Page forPopulation(SearchParameterMap scope, InScope inScope, int count, GapQuery query, RequestDetails request) {
        return metrics.run("population", () -> {
            IBundleProvider patients = PopulationSearch.patients(daos, scope, request);
            return walk(
                    patients, inScope, Cursor.start(patients.getUuid(), Math.min(BATCH, count)), count, query, request);
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
        return walk(patients, inScope, cursor, count, query, request);
    }

    /**
     * Which patients a population search found that are truly in scope (the search cannot always say exactly), and the
     * record parts that takes beyond what the rules read.
     */
    record InScope(Predicate<PatientRecord> test, Set<RecordPart> reads) {

        static final InScope EVERYONE = new InScope(record -> true, Set.of());
    }

    /**
     * Reports first on the patients the previous page found beyond itself (pending), then reads fresh patients in
     * batches that start at the cursor's size and double up to {@value #BATCH} while the page wants more: a page of one
     * report reads a patient or a few, a page of many a hundred at a time, and a walk carries the size it reached from
     * page to page. Every patient of a batch is evaluated, also past the page's end: those without a gap are passed
     * for good, those with one (or a failure) are pending for the next page, which reads only them again.
     */
    private Page walk(
            IBundleProvider patients,
            InScope inScope,
            Cursor cursor,
            int count,
            GapQuery query,
            RequestDetails request) {
        Set<RecordPart> parts = EnumSet.copyOf(RecordPart.readBy(query.rules()));
        parts.addAll(inScope.reads());
        List<Bundle> reports = new ArrayList<>();
        List<OperationOutcome> failures = new ArrayList<>();
        List<Integer> pending = new ArrayList<>(cursor.pending());
        while (!pending.isEmpty() && reports.size() + failures.size() < count) {
            List<Integer> now = new ArrayList<>(
                    pending.subList(0, Math.min(count - reports.size() - failures.size(), pending.size())));
            pending.removeAll(now);
            List<Patient> again = pendingPatients(patients, now);
            for (PatientRecord record : records.load(again, query.asOf().endOfDay(), parts, request)) {
                examine(record, inScope, query, request, reports, failures);
            }
        }
        int examined = cursor.offset();
        int batchSize = cursor.batch() > 0 ? cursor.batch() : Math.min(BATCH, count);
        boolean exhausted = false;
        while (pending.isEmpty() && reports.size() + failures.size() < count && !exhausted) {
            List<Patient> batch = patients.getResources(examined, examined + batchSize).stream()
                    .map(Patient.class::cast)
                    .toList();
            int position = examined;
            for (PatientRecord record : records.load(batch, query.asOf().endOfDay(), parts, request)) {
                if (reports.size() + failures.size() < count) {
                    examine(record, inScope, query, request, reports, failures);
                } else if (mayReport(record, inScope, query)) {
                    pending.add(position);
                }
                position++;
            }
            examined += batch.size();
            exhausted = batch.size() < batchSize;
            if (reports.size() + failures.size() < count) {
                batchSize = Math.min(BATCH, batchSize * 2);
            }
        }
        Integer size = patients.size();
        boolean more = !pending.isEmpty() || (!exhausted && (size == null || examined < size));
        return new Page(
                reports,
                failures,
                more ? Optional.of(new Cursor(patients.getUuid(), examined, batchSize, pending)) : Optional.empty());
    }

    /** The patients at the given positions of the search (ascending, within one batch), read in one range. */
    private static List<Patient> pendingPatients(IBundleProvider patients, List<Integer> positions) {
        int first = positions.get(0);
        List<org.hl7.fhir.instance.model.api.IBaseResource> range =
                patients.getResources(first, positions.get(positions.size() - 1) + 1);
        List<Patient> found = new ArrayList<>(positions.size());
        for (int position : positions) {
            if (position - first < range.size()) {
                found.add((Patient) range.get(position - first));
            }
        }
        return found;
    }

    private void examine(
            PatientRecord record,
            InScope inScope,
            GapQuery query,
            RequestDetails request,
            List<Bundle> reports,
            List<OperationOutcome> failures) {
        try {
            if (inScope.test().test(record)) {
                report(record, query, request).ifPresent(reports::add);
            }
        } catch (RuntimeException e) {
            metrics.unevaluable();
            failures.add(failure(record.patient(), e));
        }
    }

    /**
     * Whether a patient past the page's end would take a place on a page: in scope with a gap, or a record that cannot
     * be evaluated (reported, logged and counted when the next page reads it again).
     */
    private boolean mayReport(PatientRecord record, InScope inScope, GapQuery query) {
        try {
            return inScope.test().test(record)
                    && !evaluator.evaluate(record, query.asOf(), query.rules()).isEmpty();
        } catch (RuntimeException e) {
            return true;
        }
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
