package org.carerelay.server;

import ca.uhn.fhir.context.FhirContext;
import ca.uhn.fhir.interceptor.api.Hook;
import ca.uhn.fhir.interceptor.api.Interceptor;
import ca.uhn.fhir.interceptor.api.Pointcut;
import ca.uhn.fhir.interceptor.model.RequestPartitionId;
import ca.uhn.fhir.jpa.api.dao.DaoRegistry;
import ca.uhn.fhir.jpa.api.svc.IIdHelperService;
import ca.uhn.fhir.jpa.api.svc.ResolveIdentityMode;
import ca.uhn.fhir.rest.api.server.storage.TransactionDetails;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Optional;
import org.hl7.fhir.instance.model.api.IBaseReference;
import org.hl7.fhir.instance.model.api.IBaseResource;
import org.hl7.fhir.instance.model.api.IIdType;
import org.springframework.stereotype.Component;

/**
 * Looks up in one query the stored resources that a resource about to be stored references, before anything else
 * reads them. HAPI resolves each reference of a write with a query of its own, and only after the write hooks; the
 * handoff guard read each one before that. Found references are handed to HAPI in the write's
 * {@link TransactionDetails}, where it looks first (so it does not query them again), and what was found is kept with
 * the write for {@link #stored} (so the guard does not read them either).
 *
 * <p>Only relative references {@code Type/id} of a stored type; conditional, contained, {@code urn:} and absolute ones
 * are left to HAPI. Deleted resources count as not found, as in HAPI's own lookup.
 */
@Component
@Interceptor
public final class ReferenceLookAhead implements StorageInterceptor {

    /** Before the other write hooks (the handoff guard's reads among them). */
    static final int ORDER = -100;

    private static final String FOUND = ReferenceLookAhead.class.getName() + ".found";

    private final FhirContext fhirContext;
    private final DaoRegistry daos;
    private final IIdHelperService<?> ids;

    ReferenceLookAhead(FhirContext fhirContext, DaoRegistry daos, IIdHelperService<?> ids) {
        this.fhirContext = fhirContext;
        this.daos = daos;
        this.ids = ids;
    }

    @Hook(value = Pointcut.STORAGE_PRESTORAGE_RESOURCE_CREATED, order = ORDER)
    public void created(IBaseResource resource, TransactionDetails transaction) {
        lookAhead(resource, transaction);
    }

    @Hook(value = Pointcut.STORAGE_PRESTORAGE_RESOURCE_UPDATED, order = ORDER)
    public void updated(IBaseResource previous, IBaseResource resource, TransactionDetails transaction) {
        lookAhead(resource, transaction);
    }

    /**
     * Whether the resource {@code Type/id} was found stored (and not deleted) when the resource now being written was
     * looked ahead for; empty when it was not looked up then.
     */
    public static Optional<Boolean> stored(TransactionDetails transaction, String typeAndId) {
        if (transaction == null || !(transaction.getUserData(FOUND) instanceof Map<?, ?> found)) {
            return Optional.empty();
        }
        return Optional.ofNullable((Boolean) found.get(typeAndId));
    }

    private void lookAhead(IBaseResource resource, TransactionDetails transaction) {
        if (transaction == null) {
            return;
        }
        // one write's answers: the next entry of a transaction starts afresh
        Map<String, Boolean> found = new HashMap<>();
        transaction.putUserData(FOUND, found);
        Map<String, IIdType> wanted = new LinkedHashMap<>();
        for (IBaseReference reference :
                fhirContext.newTerser().getAllPopulatedChildElementsOfType(resource, IBaseReference.class)) {
            IIdType id = reference.getReferenceElement();
            String value = id == null ? null : id.getValue();
            if (value == null
                    || value.startsWith("#")
                    || value.startsWith("urn:")
                    || value.contains("?")
                    || id.hasBaseUrl()
                    || !id.hasResourceType()
                    || !id.hasIdPart()
                    || !daos.isResourceTypeSupported(id.getResourceType())) {
                continue;
            }
            IIdType versionless = id.toUnqualifiedVersionless();
            if (!transaction.hasResolvedResourceId(versionless)) {
                wanted.putIfAbsent(versionless.getValue(), versionless);
            }
        }
        if (wanted.isEmpty()) {
            return;
        }
        ids.resolveResourceIdentities(
                        RequestPartitionId.allPartitions(),
                        wanted.values(),
                        ResolveIdentityMode.excludeDeleted().noCacheUnlessDeletesDisabled())
                .forEach((id, lookup) -> {
                    IIdType versionless = id.toUnqualifiedVersionless();
                    transaction.addResolvedResourceId(versionless, lookup.getPersistentId());
                    found.put(versionless.getValue(), true);
                });
        wanted.keySet().forEach(key -> found.putIfAbsent(key, false));
    }
}
