package org.carerelay.handoff;

import ca.uhn.fhir.context.FhirContext;
import ca.uhn.fhir.interceptor.api.Hook;
import ca.uhn.fhir.interceptor.api.Interceptor;
import ca.uhn.fhir.interceptor.api.Pointcut;
import ca.uhn.fhir.jpa.api.config.JpaStorageSettings;
import ca.uhn.fhir.jpa.api.dao.DaoRegistry;
import ca.uhn.fhir.jpa.api.dao.IFhirResourceDao;
import ca.uhn.fhir.jpa.model.dao.JpaPid;
import ca.uhn.fhir.jpa.searchparam.SearchParameterMap;
import ca.uhn.fhir.model.api.IQueryParameterType;
import ca.uhn.fhir.rest.api.server.SystemRequestDetails;
import ca.uhn.fhir.rest.param.ReferenceParam;
import ca.uhn.fhir.rest.param.StringParam;
import ca.uhn.fhir.rest.server.exceptions.ResourceVersionConflictException;
import ca.uhn.fhir.rest.server.util.ISearchParamRegistry;
import java.util.ArrayList;
import java.util.List;
import java.util.Objects;
import java.util.Optional;
import org.carerelay.config.CareRelayProperties;
import org.carerelay.fhir.Canonical;
import org.carerelay.fhir.LocalServer;
import org.carerelay.fhir.OperationOutcomes;
import org.carerelay.fhir.StoredIds;
import org.carerelay.fhir.StoredResources;
import org.carerelay.server.StorageInterceptor;
import org.hl7.fhir.instance.model.api.IBaseResource;
import org.hl7.fhir.r4.model.Enumerations;
import org.hl7.fhir.r4.model.IdType;
import org.hl7.fhir.r4.model.OperationOutcome.IssueType;
import org.hl7.fhir.r4.model.Reference;
import org.hl7.fhir.r4.model.SearchParameter;
import org.hl7.fhir.r4.model.Task;
import org.springframework.boot.context.event.ApplicationReadyEvent;
import org.springframework.context.event.EventListener;
import org.springframework.stereotype.Component;

/**
 * Every reference a Task holds protects its target from deletion (409 naming the Tasks). HAPI's own delete check sees
 * only references that a search parameter indexes, which misses Task.output, Task.input, Task.reasonReference and
 * others: deleting the Encounter that closes a referral succeeded and left the handoff dangling. The search parameter
 * {@code held-reference} indexes those other references of a Task as plain strings (so HAPI does not also refuse a
 * later write of a Task whose target is already gone: the guard decides that, and lets such a handoff be closed); the
 * references of basedOn, focus and for, whose standard search parameters take any type, are found in HAPI's reference
 * index, where they already are. (HAPI indexes a reference only when its type is one its parameter takes; partOf,
 * encounter, requester and owner take a few, and a conditional reference can get another type past HAPI's type check,
 * so those stay in the string index: the typed alternative, {@code where((resolve() is ...).not())}, cost more request
 * CPU per create than it saved, in four alternated rounds. Until the fourteenth session the string index held every
 * reference.)
 */
@Component
@Interceptor
final class HeldReferences implements StorageInterceptor {

    static final String CODE = "held-reference";
    static final String ID = "Task-held-reference";
    private static final int SHOWN = 5;
    /** At most this many holders are read through each index (a patient's Tasks can be many). */
    private static final int LOADED = 200;

    /** The paths of a Task's references that standard search parameters of any target type index (HAPI's links). */
    static final List<String> LINKED_PATHS = List.of("Task.basedOn", "Task.focus", "Task.for");

    /** The same references as the standard search parameters name them, to search for them under partitions. */
    static final List<String> LINKED_PARAMETERS = List.of(Task.SP_BASED_ON, Task.SP_FOCUS, Task.SP_SUBJECT);

    private final DaoRegistry daos;
    private final ISearchParamRegistry registry;
    private final JpaStorageSettings storage;
    private final FhirContext fhir;
    private final LocalServer server;
    private final StoredIds ids;
    private final StoredResources stored;

    HeldReferences(
            DaoRegistry daos,
            ISearchParamRegistry registry,
            JpaStorageSettings storage,
            FhirContext fhir,
            CareRelayProperties properties,
            StoredIds ids,
            StoredResources stored) {
        this.daos = daos;
        this.ids = ids;
        this.stored = stored;
        this.registry = registry;
        this.storage = storage;
        this.fhir = fhir;
        this.server = LocalServer.at(properties.serverAddress());
    }

    /**
     * Stores the search parameter (unchanged content stores no new version) and makes it active at once. When it is
     * new or its expression changed, HAPI reindexes the Tasks already stored (until then their old rows stay).
     */
    @EventListener(ApplicationReadyEvent.class)
    void publish() {
        daos.getResourceDao(SearchParameter.class).update(searchParameter(), new SystemRequestDetails());
        registry.forceRefresh();
    }

    static SearchParameter searchParameter() {
        SearchParameter parameter = new SearchParameter();
        parameter.setId(ID);
        parameter
                .setUrl(Canonical.searchParameter(ID))
                .setName("HeldReference")
                .setStatus(Enumerations.PublicationStatus.ACTIVE)
                .setDescription("The references of a Task, as written (Type/id), but for basedOn, focus and for"
                        + " (their standard search parameters index every reference): partOf, encounter, requester,"
                        + " owner, location, reasonReference, insurance, relevantHistory, restriction.recipient,"
                        + " note.author, input and output values")
                .setCode(CODE)
                .addBase("Task")
                .setType(Enumerations.SearchParamType.STRING)
                .setExpression(String.join(
                        " | ",
                        "Task.partOf.reference",
                        "Task.encounter.reference",
                        "Task.requester.reference",
                        "Task.owner.reference",
                        "Task.location.reference",
                        "Task.reasonReference.reference",
                        "Task.insurance.reference",
                        "Task.relevantHistory.reference",
                        "Task.restriction.recipient.reference",
                        "Task.note.author.ofType(Reference).reference",
                        "Task.input.value.ofType(Reference).reference",
                        "Task.output.value.ofType(Reference).reference"));
        return parameter;
    }

    @Hook(Pointcut.STORAGE_PRESTORAGE_RESOURCE_DELETED)
    public void refuseDeletingHeldResources(IBaseResource deleted) {
        if (!storage.isEnforceReferentialIntegrityOnDelete()
                || !deleted.getIdElement().hasIdPart()) {
            return;
        }
        String target = deleted.fhirType() + "/" + deleted.getIdElement().getIdPart();
        List<String> holders = holders(target);
        if (holders.isEmpty()) {
            return;
        }
        String message = "Unable to delete " + target + " because " + String.join(", ", holders)
                + (holders.size() >= SHOWN ? " and possibly others" : "") + " reference"
                + (holders.size() == 1 ? "s" : "") + " it";
        throw new ResourceVersionConflictException(message, OperationOutcomes.error(IssueType.CONFLICT, message));
    }

    /**
     * The Tasks (at most a few) whose references name the target: those HAPI's reference index holds and those the
     * string index holds (which matches by prefix).
     */
    private List<String> holders(String target) {
        SystemRequestDetails system = new SystemRequestDetails();
        List<Task> candidates = new ArrayList<>(linked(target, system));
        candidates.addAll(search(new StringParam(target), CODE, system));
        return candidates.stream()
                .filter(task -> !target.equals("Task/" + task.getIdElement().getIdPart()))
                .filter(task -> holds(task, target))
                .map(task -> "Task/" + task.getIdElement().getIdPart())
                .distinct()
                .limit(SHOWN)
                .toList();
    }

    /** The Tasks whose standard reference elements name the target, from HAPI's reference index. */
    private List<Task> linked(String target, SystemRequestDetails system) {
        Optional<List<JpaPid>> sources =
                ids.find(new IdType(target), system).flatMap(pid -> ids.referencing(pid, LINKED_PATHS));
        if (sources.isPresent()) {
            List<JpaPid> pids = sources.get();
            return stored.shown(Task.class, pids.subList(0, Math.min(pids.size(), LOADED)), system);
        }
        // partitions keep the index apart (or the target's row was not found): the standard parameters find them
        List<Task> tasks = new ArrayList<>();
        for (String parameter : LINKED_PARAMETERS) {
            tasks.addAll(search(new ReferenceParam(target), parameter, system));
        }
        return tasks;
    }

    private List<Task> search(IQueryParameterType value, String parameter, SystemRequestDetails system) {
        IFhirResourceDao<Task> tasks = daos.getResourceDao(Task.class);
        SearchParameterMap search = SearchParameterMap.newSynchronous().add(parameter, value);
        search.setLoadSynchronousUpTo(LOADED);
        return tasks.searchForResources(search, system);
    }

    private boolean holds(Task task, String target) {
        return fhir.newTerser().getAllPopulatedChildElementsOfType(task, Reference.class).stream()
                .anyMatch(reference -> Objects.equals(server.key(reference), target));
    }
}
