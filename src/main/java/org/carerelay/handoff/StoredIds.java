package org.carerelay.handoff;

import ca.uhn.fhir.interceptor.model.RequestPartitionId;
import ca.uhn.fhir.jpa.api.svc.IIdHelperService;
import ca.uhn.fhir.jpa.api.svc.ResolveIdentityMode;
import ca.uhn.fhir.jpa.dao.tx.IHapiTransactionService;
import ca.uhn.fhir.jpa.model.cross.IResourceLookup;
import ca.uhn.fhir.jpa.model.dao.JpaPid;
import ca.uhn.fhir.jpa.partition.IRequestPartitionHelperSvc;
import ca.uhn.fhir.rest.api.server.RequestDetails;
import ca.uhn.fhir.rest.server.exceptions.InvalidRequestException;
import ca.uhn.fhir.rest.server.exceptions.ResourceGoneException;
import ca.uhn.fhir.rest.server.exceptions.ResourceNotFoundException;
import java.util.Optional;
import org.hl7.fhir.r4.model.IdType;
import org.springframework.stereotype.Component;

/**
 * Whether a resource is stored and not deleted, asked of HAPI's identity index the way HAPI asks it when it links a
 * write's references (one indexed lookup, no cache while deletes are allowed), without loading the resource's row.
 */
@Component
final class StoredIds {

    private final IIdHelperService<JpaPid> ids;
    private final IRequestPartitionHelperSvc partitions;
    private final IHapiTransactionService transactions;

    StoredIds(
            IIdHelperService<JpaPid> ids, IRequestPartitionHelperSvc partitions, IHapiTransactionService transactions) {
        this.ids = ids;
        this.partitions = partitions;
        this.transactions = transactions;
    }

    /** The row id of {@code Type/id}, empty when no such resource is stored or it is deleted. */
    Optional<JpaPid> find(IdType id, RequestDetails request) {
        String type = id.getResourceType();
        RequestPartitionId partition = partitions.determineReadPartitionForRequestForRead(request, type, id);
        return transactions
                .withRequest(request)
                .withRequestPartitionId(partition)
                .execute(() -> lookUp(partition, type, id.getIdPart()));
    }

    private Optional<JpaPid> lookUp(RequestPartitionId partition, String type, String idPart) {
        try {
            IResourceLookup<JpaPid> found = ids.resolveResourceIdentity(
                    partition,
                    type,
                    idPart,
                    ResolveIdentityMode.excludeDeleted().noCacheUnlessDeletesDisabled());
            JpaPid pid = JpaPid.fromId(
                    found.getPersistentId().getId(), found.getPersistentId().getPartitionId());
            pid.setPartitionablePartitionId(found.getPartitionId());
            return Optional.of(pid);
        } catch (ResourceNotFoundException | ResourceGoneException | InvalidRequestException e) {
            return Optional.empty();
        }
    }
}
