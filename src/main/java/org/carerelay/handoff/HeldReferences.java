package org.carerelay.handoff;

import ca.uhn.fhir.context.FhirContext;
import ca.uhn.fhir.interceptor.api.Hook;
import ca.uhn.fhir.interceptor.api.Interceptor;
import ca.uhn.fhir.interceptor.api.Pointcut;
import ca.uhn.fhir.jpa.api.config.JpaStorageSettings;
import ca.uhn.fhir.jpa.api.dao.DaoRegistry;
import ca.uhn.fhir.jpa.api.dao.IFhirResourceDao;
import ca.uhn.fhir.jpa.searchparam.SearchParameterMap;
import ca.uhn.fhir.rest.api.server.SystemRequestDetails;
import ca.uhn.fhir.rest.param.StringParam;
import ca.uhn.fhir.rest.server.exceptions.ResourceVersionConflictException;
import ca.uhn.fhir.rest.server.util.ISearchParamRegistry;
import java.util.List;
import java.util.Objects;
import org.carerelay.config.CareRelayProperties;
import org.carerelay.fhir.Canonical;
import org.carerelay.fhir.LocalServer;
import org.carerelay.fhir.OperationOutcomes;
import org.carerelay.server.StorageInterceptor;
import org.hl7.fhir.instance.model.api.IBaseResource;
import org.hl7.fhir.r4.model.Enumerations;
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
 * {@code held-reference} indexes every reference of a Task as a plain string (so HAPI does not also refuse a later
 * write of a Task whose target is already gone: the guard decides that, and lets such a handoff be closed).
 */
@Component
@Interceptor
final class HeldReferences implements StorageInterceptor {

    static final String CODE = "held-reference";
    static final String ID = "Task-held-reference";
    private static final int SHOWN = 5;

    private final DaoRegistry daos;
    private final ISearchParamRegistry registry;
    private final JpaStorageSettings storage;
    private final FhirContext fhir;
    private final LocalServer server;

    HeldReferences(
            DaoRegistry daos,
            ISearchParamRegistry registry,
            JpaStorageSettings storage,
            FhirContext fhir,
            CareRelayProperties properties) {
        this.daos = daos;
        this.registry = registry;
        this.storage = storage;
        this.fhir = fhir;
        this.server = LocalServer.at(properties.serverAddress());
    }

    /**
     * Stores the search parameter (unchanged content stores no new version) and makes it active at once. When it is
     * new, HAPI reindexes the Tasks already stored.
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
                .setDescription("Every reference a Task holds, as written (Type/id): for, focus, owner, requester,"
                        + " basedOn, partOf, encounter, location, reasonReference, insurance, relevantHistory,"
                        + " restriction.recipient, note.author, input and output values")
                .setCode(CODE)
                .addBase("Task")
                .setType(Enumerations.SearchParamType.STRING)
                .setExpression(String.join(
                        " | ",
                        "Task.basedOn.reference",
                        "Task.partOf.reference",
                        "Task.focus.reference",
                        "Task.for.reference",
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

    /** The Tasks (at most a few) whose references name the target; the string index matches by prefix. */
    private List<String> holders(String target) {
        IFhirResourceDao<Task> tasks = daos.getResourceDao(Task.class);
        SearchParameterMap search = SearchParameterMap.newSynchronous().add(CODE, new StringParam(target));
        search.setLoadSynchronousUpTo(200);
        return tasks.searchForResources(search, new SystemRequestDetails()).stream()
                .filter(task -> !target.equals("Task/" + task.getIdElement().getIdPart()))
                .filter(task -> holds(task, target))
                .map(task -> "Task/" + task.getIdElement().getIdPart())
                .distinct()
                .limit(SHOWN)
                .toList();
    }

    private boolean holds(Task task, String target) {
        return fhir.newTerser().getAllPopulatedChildElementsOfType(task, Reference.class).stream()
                .anyMatch(reference -> Objects.equals(server.key(reference), target));
    }
}
