package org.carerelay.handoff;

import ca.uhn.fhir.context.FhirContext;
import ca.uhn.fhir.jpa.api.dao.DaoRegistry;
import ca.uhn.fhir.jpa.api.dao.IDao;
import ca.uhn.fhir.jpa.api.dao.IFhirResourceDao;
import ca.uhn.fhir.jpa.model.dao.JpaPid;
import ca.uhn.fhir.jpa.searchparam.SearchParameterMap;
import ca.uhn.fhir.rest.api.server.RequestDetails;
import ca.uhn.fhir.rest.api.server.storage.TransactionDetails;
import ca.uhn.fhir.rest.param.ReferenceParam;
import ca.uhn.fhir.rest.param.TokenParam;
import ca.uhn.fhir.rest.server.exceptions.InvalidRequestException;
import ca.uhn.fhir.rest.server.exceptions.ResourceGoneException;
import ca.uhn.fhir.rest.server.exceptions.ResourceNotFoundException;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import org.carerelay.fhir.LocalServer;
import org.carerelay.fhir.ReadOnlySearches;
import org.carerelay.fhir.StoredIds;
import org.carerelay.fhir.StoredResources;
import org.carerelay.handoff.rules.HandoffRecord;
import org.hl7.fhir.instance.model.api.IBaseResource;
import org.hl7.fhir.r4.model.CareTeam;
import org.hl7.fhir.r4.model.IdType;
import org.hl7.fhir.r4.model.Reference;
import org.hl7.fhir.r4.model.Resource;
import org.hl7.fhir.r4.model.Task;

/**
 * The handoff read port on HAPI's DAOs: the bundle being checked first, then the server, read with the caller's
 * RequestDetails so that interceptors, partitions and authorization still apply.
 */
final class DaoHandoffRecord implements HandoffRecord {

    /** The types whose content a rule reads: a subject to compare, a plan's activities, a document's Composition. */
    private static final Set<String> READ_TYPES = Set.of("ServiceRequest", "CarePlan", "Condition", "Bundle");

    /** Where HAPI's reference index keeps a CareTeam's subject (the paths of its search parameters subject and patient). */
    private static final List<String> CARE_TEAM_SUBJECT =
            List.of("CareTeam.subject", "CareTeam.subject.where(resolve() is Patient)");

    private final DaoRegistry daos;
    private final StoredIds ids;
    private final RequestDetails request;
    private final TransactionDetails write;
    private final BundleIndex bundle;
    private final Optional<Task> previous;
    private final Map<String, Optional<Resource>> resolved = new HashMap<>();
    private final LocalServer server;
    private final MatchUrls matchUrls;
    private final Map<String, Optional<String>> matched = new HashMap<>();
    private final ReadOnlySearches searches;
    private final StoredResources stored;
    /**
     * The row id of each key looked up together, or empty when nothing stored has that key (a stored one's content may
     * still be hidden from the caller).
     */
    private final Map<String, Optional<JpaPid>> storedPids = new HashMap<>();
    /** The Task whose references are looked up together at the first lookup; null once they have been. */
    private Task together;

    /**
     * @param write the write being stored, which is told what was found; null when nothing is being stored
     * @param previous the stored version when the caller already has it (a write hook), or null to look it up
     */
    DaoHandoffRecord(
            DaoRegistry daos,
            StoredIds ids,
            LocalServer server,
            MatchUrls matchUrls,
            RequestDetails request,
            TransactionDetails write,
            BundleIndex bundle,
            Optional<Task> previous,
            ReadOnlySearches searches,
            StoredResources stored) {
        this.daos = daos;
        this.searches = searches;
        this.stored = stored;
        this.ids = ids;
        this.write = write;
        this.matchUrls = matchUrls;
        this.server = server;
        this.request = request;
        this.bundle = bundle;
        this.previous = previous;
    }

    /**
     * Has the first lookup on the server ask about every reference of this Task at once: one identity lookup for all of
     * them and one load per type of those whose content a rule reads, instead of a lookup per reference and a read per
     * resource. What is found stored is handed to the write as each lookup hands it; what a read would hide from the
     * caller is left to the read. Returns this record.
     */
    DaoHandoffRecord lookingUpTogether(Task task) {
        this.together = task;
        return this;
    }

    private void lookUpTogether() {
        Task task = together;
        together = null;
        if (task == null) {
            return;
        }
        Set<String> keys = new LinkedHashSet<>();
        for (String key : server.referencedKeys(task)) {
            if (!resolved.containsKey(key)
                    && !storedPids.containsKey(key)
                    && bundle.find(key).isEmpty()
                    && serverDao(key).isPresent()) {
                keys.add(key);
            }
        }
        if (keys.isEmpty()) {
            return;
        }
        Map<String, List<JpaPid>> toRead = new HashMap<>();
        // what was asked about this Task's references in this write a moment ago (WriteReferences) is not asked again
        Map<String, Optional<JpaPid>> answered = StoredIds.answered(write, task);
        Map<String, Optional<JpaPid>> found = new HashMap<>();
        List<String> asked = new ArrayList<>();
        for (String key : keys) {
            if (answered.containsKey(key)) {
                found.put(key, answered.get(key));
            } else {
                asked.add(key);
            }
        }
        if (!asked.isEmpty()) {
            found.putAll(ids.findAll(asked, request));
        }
        found.forEach((key, pid) -> {
            storedPids.put(key, pid);
            if (pid.isEmpty()) {
                // a read would find nothing either
                resolved.put(key, Optional.empty());
                return;
            }
            share(key, pid.get());
            String type = key.substring(0, key.indexOf('/'));
            if (READ_TYPES.contains(type)) {
                toRead.computeIfAbsent(type, t -> new ArrayList<>()).add(pid.get());
            }
        });
        if (toRead.isEmpty()) {
            return;
        }
        searches.together(request, () -> {
            toRead.forEach((type, pids) -> {
                Class<? extends IBaseResource> loaded =
                        FhirContext.forR4Cached().getResourceDefinition(type).getImplementingClass();
                for (IBaseResource resource : stored.shown(loaded, pids, request)) {
                    resolved.put(
                            resource.getIdElement().toUnqualifiedVersionless().getValue(),
                            Optional.of((Resource) resource));
                }
            });
            return null;
        });
    }

    @Override
    public LocalServer localServer() {
        return server;
    }

    /** A conditional reference is local when it matches one resource here; it then stands for that resource. */
    @Override
    public boolean isLocal(Reference reference) {
        String value = reference.getReference();
        if (value != null && MatchUrls.isMatchUrl(value)) {
            return matched(value).isPresent();
        }
        return HandoffRecord.super.isLocal(reference);
    }

    @Override
    public String key(Reference reference) {
        String value = reference == null ? null : reference.getReference();
        if (value != null && MatchUrls.isMatchUrl(value)) {
            return matched(value).orElse(value);
        }
        return HandoffRecord.super.key(reference);
    }

    private Optional<String> matched(String matchUrl) {
        return matched.computeIfAbsent(matchUrl, url -> matchUrls.resolve(url, request));
    }

    @Override
    public Optional<Resource> resolve(Reference reference) {
        if (reference.getResource() instanceof Resource contained) {
            return Optional.of(contained);
        }
        String key = key(reference);
        if (key == null || key.startsWith("#")) {
            return Optional.empty();
        }
        if (!resolved.containsKey(key) && bundle.find(key).isEmpty()) {
            lookUpTogether();
        }
        return resolved.computeIfAbsent(key, this::lookUp);
    }

    /**
     * Existence from the identity index alone: the guard checks every reference of every handoff write, and HAPI, told
     * what was found, does not look the same references up again when it links them.
     */
    @Override
    public boolean exists(Reference reference) {
        if (reference.getResource() != null) {
            return true;
        }
        String key = key(reference);
        if (key == null) {
            return false;
        }
        Optional<Resource> known = resolved.get(key);
        if (known != null) {
            return known.isPresent();
        }
        if (bundle.find(key).isPresent()) {
            return true;
        }
        if (serverDao(key).isEmpty()) {
            return false;
        }
        lookUpTogether();
        known = resolved.get(key);
        if (known != null && known.isPresent()) {
            return true;
        }
        Optional<JpaPid> storedPid = storedPids.get(key);
        if (storedPid != null) {
            return storedPid.isPresent();
        }
        Optional<JpaPid> found = ids.find(new IdType(key), request);
        found.ifPresent(pid -> share(key, pid));
        return found.isPresent();
    }

    private void share(String key, JpaPid pid) {
        StoredIds.share(write, key, pid);
    }

    private Optional<Resource> lookUp(String key) {
        Optional<Resource> inBundle = bundle.find(key);
        Optional<IFhirResourceDao<?>> dao = serverDao(key);
        if (inBundle.isPresent() || dao.isEmpty()) {
            return inBundle;
        }
        try {
            // empty when the caller may not see it (the security layer's show filter hides it)
            Optional<Resource> read = Optional.ofNullable((Resource) dao.get().read(new IdType(key), request));
            read.ifPresent(resource -> share(key, IDao.RESOURCE_PID.get(resource)));
            return read;
        } catch (ResourceNotFoundException | ResourceGoneException | InvalidRequestException e) {
            return Optional.empty();
        }
    }

    /** The DAO of a {@code Type/id} key that names a resource on this server; empty for urn:, external and unknown types. */
    private Optional<IFhirResourceDao<?>> serverDao(String key) {
        int slash = key.indexOf('/');
        if (key.startsWith("urn:")
                || !isLocal(new Reference(key))
                || slash <= 0
                || !daos.isResourceTypeSupported(key.substring(0, slash))) {
            return Optional.empty();
        }
        return Optional.of(daos.getResourceDao(key.substring(0, slash)));
    }

    @Override
    public List<CareTeam> activeCareTeams(Reference patient) {
        String key = key(patient);
        List<CareTeam> teams = new ArrayList<>();
        if (key == null) {
            return teams;
        }
        for (Resource resource : bundle.resources()) {
            if (resource instanceof CareTeam team
                    && team.getStatus() == CareTeam.CareTeamStatus.ACTIVE
                    && key.equals(key(team.getSubject()))) {
                teams.add(team);
            }
        }
        if (key.startsWith("urn:") || !key.startsWith("Patient/")) {
            return teams;
        }
        lookUpTogether();
        Optional<JpaPid> patientPid = storedPids.getOrDefault(key, Optional.empty());
        Optional<List<CareTeam>> linked = patientPid.flatMap(pid -> searches.together(
                request,
                () -> ids.referencing(pid, CARE_TEAM_SUBJECT)
                        .map(pids -> stored.shown(CareTeam.class, pids, request))));
        if (linked.isPresent()) {
            linked.get().stream()
                    .filter(team -> team.getStatus() == CareTeam.CareTeamStatus.ACTIVE)
                    .forEach(teams::add);
            return teams;
        }
        SearchParameterMap search = ReadOnlySearches.all()
                .add(CareTeam.SP_PATIENT, new ReferenceParam(key))
                .add(CareTeam.SP_STATUS, new TokenParam("active"));
        // every match, shown as searchForResources shows them (a search with the caller's request is cut to the
        // caller's page size), loaded with one plain query instead of through Hibernate's entities
        teams.addAll(searches.resources(CareTeam.class, search, request));
        return teams;
    }

    @Override
    public Optional<Task> storedVersion(Task task) {
        if (previous != null) {
            return previous;
        }
        IdType id = task.getIdElement();
        if (!id.hasIdPart()
                || id.getIdPart().startsWith("urn:")
                || id.getValue().startsWith("urn:")) {
            return Optional.empty();
        }
        try {
            return Optional.ofNullable(daos.getResourceDao(Task.class)
                    .read(id.toUnqualifiedVersionless().withResourceType("Task"), request));
        } catch (ResourceNotFoundException | ResourceGoneException e) {
            return Optional.empty();
        }
    }
}
