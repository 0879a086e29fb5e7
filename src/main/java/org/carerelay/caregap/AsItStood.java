package org.carerelay.caregap;

import ca.uhn.fhir.jpa.api.dao.DaoRegistry;
import ca.uhn.fhir.jpa.api.dao.IFhirResourceDao;
import ca.uhn.fhir.rest.api.server.RequestDetails;
import ca.uhn.fhir.rest.server.exceptions.ForbiddenOperationException;
import ca.uhn.fhir.rest.server.exceptions.ResourceGoneException;
import ca.uhn.fhir.rest.server.exceptions.ResourceNotFoundException;
import jakarta.persistence.EntityManager;
import java.util.ArrayList;
import java.util.Date;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.function.Function;
import java.util.function.Predicate;
import org.carerelay.fhir.LocalServer;
import org.hl7.fhir.instance.model.api.IBaseResource;
import org.hl7.fhir.r4.model.IdType;
import org.hl7.fhir.r4.model.Patient;
import org.hl7.fhir.r4.model.Reference;
import org.hl7.fhir.r4.model.Resource;

/**
 * The record as it stood at the end of a past {@code asOf} day: the version of each resource current then decides.
 * Searches find today's versions; a resource changed or deleted since that day is found in the type's history
 * ({@code _history?_since=}) and judged in the version it had then, and one first recorded after the day does not count,
 * whatever clinical date it carries. Nothing here runs when the day is today: the record as it stands is the record.
 */
final class AsItStood {

    private final DaoRegistry daos;
    private final EntityManager entities;
    private final Date end;
    private final boolean past;
    private final Set<String> patients;
    private final LocalServer server;
    private final RequestDetails request;
    private Map<String, Long> patientVersions;

    /**
     * The records of a page of patients ({@code Patient/id}) at the end of {@code asOf}; as they stand when that moment
     * has not passed yet (today's report).
     */
    AsItStood(
            DaoRegistry daos,
            EntityManager entities,
            Date asOf,
            Set<String> patients,
            LocalServer server,
            RequestDetails request) {
        this.daos = daos;
        this.entities = entities;
        this.end = asOf;
        this.past = asOf.before(new Date());
        this.patients = patients;
        this.server = server;
        this.request = request;
    }

    /**
     * One of the page's patients as stored at the end of the day; empty when the patient was not yet recorded, or
     * deleted, then.
     */
    Optional<Patient> patient(Patient current) {
        if (!past || !changedSince(current)) {
            return Optional.of(current);
        }
        return versionThen(current.getIdElement().getIdPart());
    }

    /**
     * The version of each of the page's patients current at the end of the day (the last one written by then), by id;
     * none for a patient first recorded after it. One query for the page: reading each patient's history took a
     * transaction and three statements per patient, all of them on a report for a day before the population was
     * recorded.
     */
    private Map<String, Long> patientVersionsThen() {
        if (patientVersions == null) {
            List<String> ids = patients.stream()
                    .filter(key -> key.startsWith("Patient/"))
                    .map(key -> key.substring("Patient/".length()))
                    .toList();
            patientVersions = new HashMap<>();
            if (!ids.isEmpty()) {
                entities.createQuery(
                                "select r.myFhirId, max(h.myResourceVersion) from ResourceHistoryTable h"
                                        + " join h.myResourceTable r where h.myResourceType = 'Patient'"
                                        + " and r.myFhirId in :ids and h.myUpdated <= :end group by r.myFhirId",
                                Object[].class)
                        .setParameter("ids", ids)
                        .setParameter("end", end)
                        .getResultList()
                        .forEach(row -> patientVersions.put((String) row[0], ((Number) row[1]).longValue()));
            }
        }
        return patientVersions;
    }

    /**
     * What a search found today, as it stood at the end of the day: the resources unchanged since stay, those changed
     * or deleted since are replaced by the version current then if it belonged to one of the page's patients (by
     * {@code subject}) and {@code matches} the search (it may have matched then and not now), and those recorded since
     * are left out. As found on today's report, and for a part the rules do not {@code read}.
     */
    <T extends Resource> List<T> of(
            Class<T> type, List<T> found, boolean read, Function<T, Reference> subject, Predicate<T> matches) {
        if (!past || !read) {
            return found;
        }
        Map<String, Optional<T>> changed = changed(type);
        List<T> stood = new ArrayList<>(found.size());
        for (T resource : found) {
            if (!changedSince(resource)) {
                stood.add(resource);
            }
        }
        changed.values().stream()
                .flatMap(Optional::stream)
                .filter(r -> patients.contains(server.key(subject.apply(r))) && matches.test(r))
                .forEach(stood::add);
        return stood;
    }

    /**
     * One of the page's patients, deleted since, as stored at the end of a past day; empty when not stored then, or on
     * today's report.
     */
    Optional<Patient> deletedPatient(IdType patientId) {
        return past ? versionThen(patientId.getIdPart()) : Optional.empty();
    }

    /** The version of one of the page's patients that stood at the end of the day; empty when none did. */
    private Optional<Patient> versionThen(String id) {
        if (!patients.contains("Patient/" + id)) {
            throw new IllegalArgumentException("Patient/" + id + " is not a patient of this page");
        }
        Long version = patientVersionsThen().get(id);
        return version == null
                ? Optional.empty()
                : version(daos.getResourceDao(Patient.class), Patient.class, id, version);
    }

    private boolean changedSince(Resource resource) {
        Date updated = resource.getMeta().getLastUpdated();
        return updated != null && updated.after(end);
    }

    /**
     * Every resource of a type that existed at the end of the day and changed since, by id, with the version it had
     * then (empty: deleted then). Those first recorded since are not kept: a search finds them with a later
     * {@code lastUpdated}, and nothing of them counts. Read once per request: a page reads its patients in batches.
     */
    @SuppressWarnings("unchecked")
    private <T extends Resource> Map<String, Optional<T>> changed(Class<T> type) {
        String key = AsItStood.class.getName() + "." + type.getSimpleName() + "." + end.getTime();
        return (Map<String, Optional<T>>) request.getUserData().computeIfAbsent(key, k -> readChanged(type));
    }

    private <T extends Resource> Map<String, Optional<T>> readChanged(Class<T> type) {
        IFhirResourceDao<T> dao = daos.getResourceDao(type);
        // the first version after the day, of every resource changed since: the one before it is the one that stood.
        // Ids and version numbers straight from the version table: reading the type's history parsed every version
        // written since, which took most of a past day's report. Each version that stood is then read as the caller.
        List<Object[]> firstChanges = entities.createQuery(
                        "select r.myFhirId, min(h.myResourceVersion) from ResourceHistoryTable h join h.myResourceTable r"
                                + " where h.myResourceType = :type and h.myUpdated > :end group by r.myFhirId",
                        Object[].class)
                .setParameter("type", daos.getFhirContext().getResourceType(type))
                .setParameter("end", end)
                .getResultList();
        Map<String, Optional<T>> stood = new HashMap<>();
        for (Object[] change : firstChanges) {
            long version = ((Number) change[1]).longValue();
            if (version > 1) {
                stood.put((String) change[0], version(dao, type, (String) change[0], version - 1));
            }
        }
        return stood;
    }

    private <T extends Resource> Optional<T> version(IFhirResourceDao<T> dao, Class<T> type, String id, long version) {
        String name = daos.getFhirContext().getResourceType(type);
        try {
            T then = dao.read(new IdType(name, id, Long.toString(version)), request);
            return then == null || deleted(then) ? Optional.empty() : Optional.of(then);
        } catch (ResourceGoneException | ResourceNotFoundException | ForbiddenOperationException e) {
            // deleted on that day, or a version this caller may not read
            return Optional.empty();
        }
    }

    private static boolean deleted(IBaseResource version) {
        return ca.uhn.fhir.model.api.ResourceMetadataKeyEnum.DELETED_AT.get(version) != null;
    }
}
