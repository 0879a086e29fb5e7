package org.carerelay.caregap;

import ca.uhn.fhir.jpa.api.dao.DaoRegistry;
import ca.uhn.fhir.jpa.searchparam.SearchParameterMap;
import ca.uhn.fhir.rest.api.server.RequestDetails;
import ca.uhn.fhir.rest.param.DateParam;
import ca.uhn.fhir.rest.param.ParamPrefixEnum;
import ca.uhn.fhir.rest.param.ReferenceOrListParam;
import ca.uhn.fhir.rest.param.TokenOrListParam;
import ca.uhn.fhir.rest.param.TokenParam;
import ca.uhn.fhir.rest.server.exceptions.ResourceGoneException;
import ca.uhn.fhir.rest.server.exceptions.ResourceNotFoundException;
import jakarta.persistence.EntityManager;
import jakarta.persistence.PersistenceContext;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Collection;
import java.util.Date;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.function.Function;
import org.carerelay.caregap.rules.GapSettings;
import org.carerelay.caregap.rules.PatientRecord;
import org.carerelay.caregap.rules.PlanConflicts;
import org.carerelay.caregap.rules.RecordPart;
import org.carerelay.caregap.rules.RecordStatus;
import org.carerelay.config.CareRelayProperties;
import org.carerelay.fhir.CachedIds;
import org.carerelay.fhir.LocalServer;
import org.carerelay.fhir.ReadOnlySearches;
import org.hl7.fhir.r4.model.CarePlan;
import org.hl7.fhir.r4.model.CareTeam;
import org.hl7.fhir.r4.model.Condition;
import org.hl7.fhir.r4.model.DiagnosticReport;
import org.hl7.fhir.r4.model.Encounter;
import org.hl7.fhir.r4.model.Goal;
import org.hl7.fhir.r4.model.IdType;
import org.hl7.fhir.r4.model.MedicationRequest;
import org.hl7.fhir.r4.model.MedicationStatement;
import org.hl7.fhir.r4.model.Observation;
import org.hl7.fhir.r4.model.Patient;
import org.hl7.fhir.r4.model.Procedure;
import org.hl7.fhir.r4.model.Reference;
import org.hl7.fhir.r4.model.Resource;
import org.hl7.fhir.r4.model.ServiceRequest;
import org.hl7.fhir.r4.model.Task;
import org.springframework.stereotype.Component;

/**
 * Loads the records the care-gap rules read, for one patient or a page of many: one search per resource type for the
 * whole page, with the caller's request. Observations, encounters, procedures and reports are many in a real record
 * and the rules need few of them, so only those are loaded: PHQ-9 and HbA1c results, encounters since the start of
 * the look-back window, and whatever is based on an active referral.
 */
@Component
final class DaoPatientRecords implements PatientRecords {

    /** The goal lifecycle statuses the conflict rules read. */
    private static final String[] LIVE_GOALS = {"planned", "accepted", "active"};

    private final DaoRegistry daos;
    private final ReadOnlySearches searches;
    private final GapSettings settings;
    private final PlanConflicts conflicts;
    private final StoredIndex storedIndex;
    private final CachedIds cachedIds;

    /** The version table, for what changed after a past day ({@link AsItStood}). */
    @PersistenceContext
    private EntityManager entities;

    DaoPatientRecords(
            DaoRegistry daos,
            ReadOnlySearches searches,
            CareGapProperties properties,
            CareRelayProperties server,
            PlanConflicts conflicts,
            StoredIndex storedIndex,
            CachedIds cachedIds) {
        this.daos = daos;
        this.cachedIds = cachedIds;
        this.storedIndex = storedIndex;
        this.conflicts = conflicts;
        this.searches = searches;
        this.settings = properties.settings(LocalServer.at(server.serverAddress()));
    }

    @Override
    public Patient patient(IdType patientId, Date asOf, RequestDetails request) {
        Patient patient;
        try {
            patient = daos.getResourceDao(Patient.class).read(patientId.toUnqualifiedVersionless(), request);
        } catch (ResourceGoneException deleted) {
            // deleted since a past day: judged as they were then
            patient = new AsItStood(
                            daos,
                            entities,
                            asOf,
                            Set.of("Patient/" + patientId.getIdPart()),
                            settings.server(),
                            request)
                    .deletedPatient(patientId)
                    .orElseThrow(() -> deleted);
        }
        if (patient == null) {
            // hidden from this caller by the security layer
            throw new ResourceNotFoundException(patientId.toUnqualifiedVersionless());
        }
        return patient;
    }

    @Override
    public Optional<Map<String, Set<String>>> referencing(List<Patient> patients) {
        return storedIndex.referencingEach(patients);
    }

    @Override
    public List<PatientRecord> load(List<Patient> patients, Date asOf, Set<RecordPart> parts, RequestDetails request) {
        if (patients.isEmpty()) {
            return List.of();
        }
        if (patients.size() == 1) {
            // One patient's record is about ten small searches: one transaction for all of them, not one each.
            return searches.together(request, () -> read(patients, asOf, parts, request));
        }
        return read(patients, asOf, parts, request);
    }

    private List<PatientRecord> read(List<Patient> patients, Date asOf, Set<RecordPart> parts, RequestDetails request) {
        // named so that the dozen searches below do not each look the batch's ids up again (CachedIds)
        CachedIds.Names names = cachedIds.remember("Patient", patients, request);
        ReferenceOrListParam page = names.of(patients);

        // a past day: the versions that stood then (nothing to do, and no history read, on today's report)
        Set<String> keys = new HashSet<>();
        patients.forEach(p -> keys.add("Patient/" + p.getIdElement().getIdPart()));
        AsItStood stood = new AsItStood(daos, entities, asOf, keys, settings.server(), request);
        // the types that reference anyone of the batch: a search for another type is left out
        Optional<Set<String>> referencing = storedIndex.referencing(patients);

        var conditions = byPatient(
                stood.of(
                        Condition.class,
                        load(referencing, parts, RecordPart.CONDITIONS, Condition.class, page, request),
                        parts.contains(RecordPart.CONDITIONS),
                        Condition::getSubject,
                        c -> true),
                Condition::getSubject);
        boolean readsRequests =
                parts.contains(RecordPart.SERVICE_REQUESTS) || parts.contains(RecordPart.REFERRAL_RESULTS);
        List<ServiceRequest> requests = stood.of(
                ServiceRequest.class,
                readsRequests ? ofPatients(referencing, ServiceRequest.class, all(page), request) : List.of(),
                readsRequests,
                ServiceRequest::getSubject,
                r -> true);
        var tasks = byPatient(
                stood.of(
                        Task.class,
                        load(referencing, parts, RecordPart.TASKS, Task.class, page, request),
                        parts.contains(RecordPart.TASKS),
                        Task::getFor,
                        t -> true),
                Task::getFor);
        // Only the plans and teams whose status counts (RecordStatus: active): no rule, scope or conflict check reads
        // another, and a chart gathers finished ones over the years (on the Synthea charts, 7 % of what a report
        // loaded).
        var carePlans = byPatient(
                stood.of(
                        CarePlan.class,
                        loadCounting(referencing, parts, RecordPart.CARE_PLANS, CarePlan.class, page, request),
                        parts.contains(RecordPart.CARE_PLANS),
                        CarePlan::getSubject,
                        c -> RecordStatus.of(c).counts()),
                CarePlan::getSubject);
        var careTeams = byPatient(
                stood.of(
                        CareTeam.class,
                        loadCounting(referencing, parts, RecordPart.CARE_TEAMS, CareTeam.class, page, request),
                        parts.contains(RecordPart.CARE_TEAMS),
                        CareTeam::getSubject,
                        c -> RecordStatus.of(c).counts()),
                CareTeam::getSubject);

        // G11: only the orders, statements and goals that can count (the conflict rules read no others), as they stood
        boolean readsMedications = parts.contains(RecordPart.MEDICATIONS);
        var medicationRequests = byPatient(
                stood.of(
                        MedicationRequest.class,
                        readsMedications
                                ? ofPatients(
                                        referencing,
                                        MedicationRequest.class,
                                        all(page).add("status", tokens("active")),
                                        request)
                                : List.of(),
                        readsMedications,
                        MedicationRequest::getSubject,
                        r -> r.getStatus() == MedicationRequest.MedicationRequestStatus.ACTIVE),
                MedicationRequest::getSubject);
        var medicationStatements = byPatient(
                stood.of(
                        MedicationStatement.class,
                        readsMedications
                                ? ofPatients(
                                        referencing,
                                        MedicationStatement.class,
                                        all(page).add("status", tokens("active")),
                                        request)
                                : List.of(),
                        readsMedications,
                        MedicationStatement::getSubject,
                        m -> m.getStatus() == MedicationStatement.MedicationStatementStatus.ACTIVE),
                MedicationStatement::getSubject);
        boolean readsGoals = parts.contains(RecordPart.GOALS);
        var goals = byPatient(
                stood.of(
                        Goal.class,
                        readsGoals
                                ? ofPatients(
                                        referencing,
                                        Goal.class,
                                        all(page).add("lifecycle-status", tokens(LIVE_GOALS)),
                                        request)
                                : List.of(),
                        readsGoals,
                        Goal::getSubject,
                        g -> g.hasLifecycleStatus()
                                && List.of(LIVE_GOALS)
                                        .contains(g.getLifecycleStatus().toCode())),
                Goal::getSubject);

        // G11's observations (eGFR, NYHA class) only matter beside a drug: searched only for the patients on one. One
        // patient's record is read whole: the CDS hooks judge draft orders against it, and a draft may be the first
        // drug.
        ReferenceOrListParam medicated = new ReferenceOrListParam();
        for (Patient patient : patients) {
            String key = "Patient/" + patient.getIdElement().getIdPart();
            boolean onADrug = patients.size() == 1
                    || medicationRequests.containsKey(key)
                    || medicationStatements.containsKey(key)
                    || carePlans.getOrDefault(key, List.of()).stream()
                            .flatMap(plan -> plan.getActivity().stream())
                            .anyMatch(activity -> activity.getDetail().hasProduct());
            if (onADrug) {
                medicated.addOr(names.of(patient));
            }
        }
        boolean readsPlanObservations = parts.contains(RecordPart.PLAN_OBSERVATIONS)
                && !medicated.getValuesAsQueryTokens().isEmpty();

        // One search per code: H2 plans a patient list combined with a code list as a nested loop (100 times slower).
        List<Observation> observations = new ArrayList<>();
        List<String> codes = new ArrayList<>();
        if (parts.contains(RecordPart.PHQ9)) {
            codes.add(PatientRecord.PHQ9_CODE);
        }
        if (parts.contains(RecordPart.HBA1C)) {
            codes.addAll(PatientRecord.HBA1C_CODES);
        }
        List<String> egfr = readsPlanObservations ? conflicts.observationCodes() : List.of();
        List<String> values = readsPlanObservations ? conflicts.observationValues() : List.of();
        // Codes nothing carries are not searched (the results would be empty); the lists themselves stay whole for
        // what stood on a past day, which today's index may no longer carry.
        List<String> coded = new ArrayList<>(egfr);
        codes.forEach(code -> coded.add(PatientRecord.LOINC + "|" + code));
        Set<String> stored = storedIndex.present("Observation", Observation.SP_CODE, coded);
        Set<String> storedValues = storedIndex.present("Observation", Observation.SP_VALUE_CONCEPT, values);
        for (String code : codes) {
            if (!stored.contains(PatientRecord.LOINC + "|" + code)) {
                continue;
            }
            observations.addAll(ofPatients(
                    referencing,
                    Observation.class,
                    all(page).add(Observation.SP_CODE, new TokenParam(PatientRecord.LOINC, code)),
                    request));
        }
        for (String code : egfr) {
            if (!stored.contains(code)) {
                continue;
            }
            int bar = code.indexOf('|');
            observations.addAll(ofPatients(
                    referencing,
                    Observation.class,
                    all(medicated)
                            .add(Observation.SP_CODE, new TokenParam(code.substring(0, bar), code.substring(bar + 1))),
                    request));
        }
        for (String value : values) {
            if (!storedValues.contains(value)) {
                continue;
            }
            int bar = value.indexOf('|');
            observations.addAll(ofPatients(
                    referencing,
                    Observation.class,
                    all(medicated)
                            .add(
                                    Observation.SP_VALUE_CONCEPT,
                                    new TokenParam(value.substring(0, bar), value.substring(bar + 1))),
                    request));
        }

        List<Encounter> encounters = new ArrayList<>();
        if (parts.contains(RecordPart.RECENT_ENCOUNTERS)) {
            // Encounters that can matter to a discharge follow-up: those that had not ended before the look-back
            // window.
            SearchParameterMap recentEncounters = all(page);
            recentEncounters.add(
                    Encounter.SP_DATE,
                    new DateParam(
                            ParamPrefixEnum.GREATERTHAN_OR_EQUALS,
                            Date.from(asOf.toInstant()
                                    .minus(Duration.ofDays(
                                            settings.lookbackDays() + settings.dischargeFollowUpDays() + 1)))));
            encounters.addAll(ofPatients(referencing, Encounter.class, recentEncounters, request));
        }

        // G11's hospital stays (a recent decompensation), again only for the patients on a drug: by date in the
        // database, by class here (a class list beside the patient list is another nested loop on H2)
        List<String> stayClasses = conflicts.stayClasses();
        boolean readsStays = parts.contains(RecordPart.PLAN_STAYS)
                && conflicts.stayDays() > 0
                && !medicated.getValuesAsQueryTokens().isEmpty();
        if (readsStays) {
            SearchParameterMap stays = all(medicated);
            stays.add(
                    Encounter.SP_DATE,
                    new DateParam(
                            ParamPrefixEnum.GREATERTHAN_OR_EQUALS,
                            Date.from(asOf.toInstant().minus(Duration.ofDays(conflicts.stayDays() + 1L)))));
            ofPatients(referencing, Encounter.class, stays, request).stream()
                    .filter(e -> stayClasses.contains(
                            e.getClass_().getSystem() + "|" + e.getClass_().getCode()))
                    .forEach(encounters::add);
        }

        List<Procedure> procedures = new ArrayList<>();
        List<DiagnosticReport> reports = new ArrayList<>();
        List<ServiceRequest> open = requests.stream()
                .filter(r -> r.getStatus() == ServiceRequest.ServiceRequestStatus.ACTIVE)
                .toList();
        if (parts.contains(RecordPart.REFERRAL_RESULTS) && !open.isEmpty()) {
            // four searches name the open referrals
            ReferenceOrListParam openReferrals =
                    cachedIds.remember("ServiceRequest", open, request).of(open);
            encounters.addAll(search(Encounter.class, basedOn(openReferrals), request));
            observations.addAll(search(Observation.class, basedOn(openReferrals), request));
            procedures.addAll(search(Procedure.class, basedOn(openReferrals), request));
            reports.addAll(search(DiagnosticReport.class, basedOn(openReferrals), request));
        }

        Set<String> referralKeys = new HashSet<>();
        requests.stream()
                .filter(r -> r.getStatus() == ServiceRequest.ServiceRequestStatus.ACTIVE)
                .forEach(r ->
                        referralKeys.add("ServiceRequest/" + r.getIdElement().getIdPart()));
        boolean readsResults = parts.contains(RecordPart.REFERRAL_RESULTS);
        observations = stood.of(
                Observation.class,
                observations,
                !codes.isEmpty() || !egfr.isEmpty() || !values.isEmpty() || readsResults,
                Observation::getSubject,
                o -> o.getCode().getCoding().stream()
                                .anyMatch(
                                        c -> (PatientRecord.LOINC.equals(c.getSystem()) && codes.contains(c.getCode()))
                                                || egfr.contains(c.getSystem() + "|" + c.getCode()))
                        || (o.getValue() instanceof org.hl7.fhir.r4.model.CodeableConcept value
                                && value.getCoding().stream()
                                        .anyMatch(c -> values.contains(c.getSystem() + "|" + c.getCode())))
                        || (readsResults && basedOn(o.getBasedOn(), referralKeys)));
        encounters = stood.of(
                Encounter.class,
                encounters,
                parts.contains(RecordPart.RECENT_ENCOUNTERS) || readsResults || readsStays,
                Encounter::getSubject,
                e -> parts.contains(RecordPart.RECENT_ENCOUNTERS)
                        || (readsResults && basedOn(e.getBasedOn(), referralKeys))
                        || (readsStays
                                && stayClasses.contains(e.getClass_().getSystem() + "|"
                                        + e.getClass_().getCode())));
        procedures = stood.of(
                Procedure.class,
                procedures,
                readsResults,
                Procedure::getSubject,
                r -> basedOn(r.getBasedOn(), referralKeys));
        reports = stood.of(
                DiagnosticReport.class,
                reports,
                readsResults,
                DiagnosticReport::getSubject,
                r -> basedOn(r.getBasedOn(), referralKeys));

        var requestsOf = byPatient(
                parts.contains(RecordPart.SERVICE_REQUESTS) ? requests : List.of(), ServiceRequest::getSubject);
        var encountersOf = byPatient(distinct(encounters), Encounter::getSubject);
        var observationsOf = byPatient(distinct(observations), Observation::getSubject);
        var proceduresOf = byPatient(procedures, Procedure::getSubject);
        var reportsOf = byPatient(reports, DiagnosticReport::getSubject);
        List<PatientRecord> records = new ArrayList<>(patients.size());
        for (Patient current : patients) {
            String key = "Patient/" + current.getIdElement().getIdPart();
            Optional<Patient> then = stood.patient(current);
            if (then.isEmpty()) {
                // not yet recorded on that day (or deleted by then): nothing of the record counts
                records.add(new PatientRecord(
                        current, List.of(), List.of(), List.of(), List.of(), List.of(), List.of(), List.of(), List.of(),
                        List.of()));
                continue;
            }
            Patient patient = then.get();
            records.add(new PatientRecord(
                    patient,
                    of(conditions, key),
                    of(requestsOf, key),
                    of(tasks, key),
                    of(carePlans, key),
                    of(careTeams, key),
                    of(encountersOf, key),
                    of(observationsOf, key),
                    of(proceduresOf, key),
                    of(reportsOf, key),
                    of(medicationRequests, key),
                    of(medicationStatements, key),
                    of(goals, key)));
        }
        return records;
    }

    /** Every resource of a type of the page's patients, when the rules read that part; none otherwise. */
    private <T extends Resource> List<T> load(
            Optional<Set<String>> referencing,
            Set<RecordPart> parts,
            RecordPart part,
            Class<T> type,
            ReferenceOrListParam page,
            RequestDetails request) {
        return parts.contains(part) ? ofPatients(referencing, type, all(page), request) : List.of();
    }

    /**
     * The resources of a type of the page's patients whose status counts ({@link RecordStatus}), when the rules read
     * that part; none otherwise.
     */
    private <T extends Resource> List<T> loadCounting(
            Optional<Set<String>> referencing,
            Set<RecordPart> parts,
            RecordPart part,
            Class<T> type,
            ReferenceOrListParam page,
            RequestDetails request) {
        if (!parts.contains(part)) {
            return List.of();
        }
        TokenOrListParam counting =
                tokens(RecordStatus.counting(type.getSimpleName()).toArray(String[]::new));
        return ofPatients(referencing, type, all(page).add("status", counting), request);
    }

    /**
     * A search by patient, left out when nothing of its type references any patient of the batch (it could match
     * nothing).
     */
    private <T extends Resource> List<T> ofPatients(
            Optional<Set<String>> referencing, Class<T> type, SearchParameterMap search, RequestDetails request) {
        if (referencing.isPresent() && !referencing.get().contains(type.getSimpleName())) {
            return List.of();
        }
        return search(type, search, request);
    }

    private <T extends Resource> List<T> search(Class<T> type, SearchParameterMap search, RequestDetails request) {
        return searches.resources(type, search, request);
    }

    private boolean basedOn(List<Reference> references, Set<String> referrals) {
        return references.stream().map(r -> settings.server().key(r)).anyMatch(referrals::contains);
    }

    private static TokenOrListParam tokens(String... codes) {
        TokenOrListParam list = new TokenOrListParam();
        for (String code : codes) {
            list.addOr(new TokenParam(code));
        }
        return list;
    }

    private static SearchParameterMap all(ReferenceOrListParam patients) {
        return SearchParameterMap.newSynchronous().add("patient", patients);
    }

    private static SearchParameterMap basedOn(ReferenceOrListParam referrals) {
        return SearchParameterMap.newSynchronous().add("based-on", referrals);
    }

    private <T extends Resource> Map<String, List<T>> byPatient(
            Collection<T> resources, Function<T, Reference> subject) {
        Map<String, List<T>> grouped = new LinkedHashMap<>();
        for (T resource : resources) {
            String key = settings.server().key(subject.apply(resource));
            if (key != null) {
                grouped.computeIfAbsent(key, k -> new ArrayList<>()).add(resource);
            }
        }
        return grouped;
    }

    private static <T extends Resource> Collection<T> distinct(List<T> resources) {
        Map<String, T> unique = new LinkedHashMap<>();
        resources.forEach(r -> unique.putIfAbsent(r.getIdElement().getIdPart(), r));
        return unique.values();
    }

    private static <T> List<T> of(Map<String, List<T>> grouped, String patient) {
        return grouped.getOrDefault(patient, List.of());
    }
}
