package org.carerelay.server;

import ca.uhn.fhir.interceptor.api.Hook;
import ca.uhn.fhir.interceptor.api.Interceptor;
import ca.uhn.fhir.interceptor.api.Pointcut;
import ca.uhn.fhir.jpa.api.dao.DaoRegistry;
import ca.uhn.fhir.jpa.model.dao.JpaPid;
import ca.uhn.fhir.rest.api.server.RequestDetails;
import ca.uhn.fhir.rest.api.server.storage.TransactionDetails;
import java.util.HashSet;
import java.util.LinkedHashSet;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import org.carerelay.config.CareRelayProperties;
import org.carerelay.fhir.LocalServer;
import org.carerelay.fhir.StoredIds;
import org.hl7.fhir.instance.model.api.IBaseBundle;
import org.hl7.fhir.instance.model.api.IBaseResource;
import org.hl7.fhir.r4.model.Bundle;
import org.hl7.fhir.r4.model.IdType;
import org.springframework.stereotype.Component;

/**
 * Looks up the stored targets of a write's references together, before HAPI links them: one indexed query for all,
 * where HAPI asks once per reference (a referral Task holds ten). What is found is handed to the write, where HAPI
 * looks first; what is not found HAPI looks up and refuses as before. A transaction's or batch's entries are left to
 * HAPI, which looks up the whole bundle's references ahead, unless the transaction deletes something.
 */
@Component
@Interceptor
final class WriteReferences implements StorageInterceptor {

    /** Before the other storage hooks, so that the handoff guard finds the targets known. */
    static final int ORDER = -100;

    private static final String DELETED = WriteReferences.class.getName() + ".deleted";
    private static final String WRITTEN = WriteReferences.class.getName() + ".written";

    private final StoredIds ids;
    private final DaoRegistry daos;
    private final LocalServer server;

    WriteReferences(StoredIds ids, DaoRegistry daos, CareRelayProperties properties) {
        this.ids = ids;
        this.daos = daos;
        this.server = LocalServer.at(properties.serverAddress());
    }

    @Hook(value = Pointcut.STORAGE_PRESTORAGE_RESOURCE_CREATED, order = ORDER)
    public void created(IBaseResource resource, RequestDetails request, TransactionDetails write) {
        lookUpTogether(resource, request, write);
    }

    @Hook(value = Pointcut.STORAGE_PRESTORAGE_RESOURCE_UPDATED, order = ORDER)
    public void updated(
            IBaseResource previous, IBaseResource resource, RequestDetails request, TransactionDetails write) {
        lookUpTogether(resource, request, write);
    }

    /**
     * Remembers what a transaction deletes: HAPI's look-ahead found it stored before the deletion and would link a later
     * entry's reference to it; marked gone, HAPI refuses that reference as one to a deleted resource.
     */
    @Hook(value = Pointcut.STORAGE_PRESTORAGE_RESOURCE_DELETED, order = ORDER)
    public void deleted(IBaseResource resource, RequestDetails request, TransactionDetails write) {
        if (write == null || resource == null || !resource.getIdElement().hasIdPart()) {
            return;
        }
        String key = resource.fhirType() + "/" + resource.getIdElement().getIdPart();
        // A transaction that also writes it again (PUT) keeps its row: HAPI would take a write of an id it was told is
        // not found for a create, and store a second row of that id.
        if (request == null
                || !(request.getUserData().get(WRITTEN) instanceof Set<?> written)
                || !written.contains(key)) {
            deletedBy(write).add(key);
        }
    }

    /** Notes which resources a transaction writes under their own id (PUT Type/id), for {@link #deleted}. */
    @Hook(value = Pointcut.STORAGE_TRANSACTION_PROCESSING, order = ORDER)
    public void transaction(RequestDetails request, IBaseBundle processed) {
        if (request == null || !(processed instanceof Bundle bundle)) {
            return;
        }
        Set<String> written = new HashSet<>();
        for (Bundle.BundleEntryComponent entry : bundle.getEntry()) {
            String url = entry.getRequest().getUrl();
            if (entry.getRequest().getMethod() == Bundle.HTTPVerb.PUT && url != null && !url.contains("?")) {
                written.add(server.key(url));
            }
        }
        request.getUserData().put(WRITTEN, written);
    }

    @SuppressWarnings("unchecked")
    private static Set<String> deletedBy(TransactionDetails write) {
        if (!(write.getUserData(DELETED) instanceof Set<?>)) {
            write.putUserData(DELETED, new HashSet<String>());
        }
        return (Set<String>) write.getUserData(DELETED);
    }

    private void lookUpTogether(IBaseResource resource, RequestDetails request, TransactionDetails write) {
        if (write == null || resource == null) {
            return;
        }
        Set<String> deleted = write.getUserData(DELETED) == null ? Set.of() : deletedBy(write);
        if (deleted.isEmpty() && request != null && request.getUserData().get(WRITTEN) != null) {
            // an entry of a transaction or batch: HAPI has looked up the bundle's references ahead
            StoredIds.remember(write, resource, Map.of());
            return;
        }
        Set<String> keys = new LinkedHashSet<>();
        for (String key : server.referencedKeys(resource)) {
            IdType id = new IdType(key);
            if (deleted.contains(key)) {
                write.addResolvedResourceId(id, null);
            } else if (daos.isResourceTypeSupported(id.getResourceType())
                    && StoredIds.known(write, key).isEmpty()
                    && !write.hasNullResolvedResourceId(id)) {
                keys.add(key);
            }
        }
        // kept even when empty: a retried write must not find the answers of its rolled-back attempt
        Map<String, Optional<JpaPid>> answers = keys.isEmpty() ? Map.of() : ids.findAll(keys, request);
        answers.forEach((key, pid) -> pid.ifPresent(found -> StoredIds.share(write, key, found)));
        StoredIds.remember(write, resource, answers);
    }
}
