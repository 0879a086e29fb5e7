package org.carerelay.fhir;

import ca.uhn.fhir.interceptor.model.RequestPartitionId;
import ca.uhn.fhir.jpa.api.svc.IIdHelperService;
import ca.uhn.fhir.jpa.api.svc.ResolveIdentityMode;
import ca.uhn.fhir.jpa.dao.tx.IHapiTransactionService;
import ca.uhn.fhir.jpa.model.config.PartitionSettings;
import ca.uhn.fhir.jpa.model.cross.IResourceLookup;
import ca.uhn.fhir.jpa.model.dao.JpaPid;
import ca.uhn.fhir.jpa.model.entity.PartitionablePartitionId;
import ca.uhn.fhir.jpa.partition.IRequestPartitionHelperSvc;
import ca.uhn.fhir.rest.api.server.RequestDetails;
import ca.uhn.fhir.rest.api.server.storage.TransactionDetails;
import ca.uhn.fhir.rest.server.exceptions.InvalidRequestException;
import ca.uhn.fhir.rest.server.exceptions.ResourceGoneException;
import ca.uhn.fhir.rest.server.exceptions.ResourceNotFoundException;
import jakarta.persistence.EntityManager;
import jakarta.persistence.PersistenceContext;
import java.util.ArrayList;
import java.util.Collection;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import org.hibernate.query.NativeQuery;
import org.hl7.fhir.instance.model.api.IBaseResource;
import org.hl7.fhir.instance.model.api.IIdType;
import org.hl7.fhir.r4.model.IdType;
import org.springframework.stereotype.Component;

/**
 * Whether a resource is stored and not deleted, asked of HAPI's identity index the way HAPI asks it when it links a
 * write's references (one indexed lookup, no cache while deletes are allowed), without loading the resource's row.
 */
@Component
public final class StoredIds {

    private static final String ANSWERED = StoredIds.class.getName() + ".answered";

    private static final int CHUNK = 500;
    private static final String BY_FHIR_ID =
            "select RES_ID, RES_TYPE, FHIR_ID from HFJ_RESOURCE where RES_DELETED_AT is null and FHIR_ID in (:ids)";
    /**
     * One path at a time: with {@code SRC_PATH in (...)} H2 reads every link to the target through the index's first
     * column (a patient's whole chart) and filters the paths afterwards; with equality it reads only the matching rows.
     */
    static final String REFERENCING =
            "select SRC_RESOURCE_ID from HFJ_RES_LINK where TARGET_RESOURCE_ID = :target and SRC_PATH = :path";

    private final IIdHelperService<JpaPid> ids;
    private final IRequestPartitionHelperSvc partitions;
    private final IHapiTransactionService transactions;
    private final boolean plain;

    @PersistenceContext
    private EntityManager entities;

    StoredIds(
            IIdHelperService<JpaPid> ids,
            IRequestPartitionHelperSvc partitions,
            IHapiTransactionService transactions,
            PartitionSettings partitioning) {
        this.ids = ids;
        this.partitions = partitions;
        this.transactions = transactions;
        this.plain = !partitioning.isPartitioningEnabled();
    }

    /** The row id of {@code Type/id}, empty when no such resource is stored or it is deleted. */
    public Optional<JpaPid> find(IdType id, RequestDetails request) {
        String type = id.getResourceType();
        RequestPartitionId partition = partitions.determineReadPartitionForRequestForRead(request, type, id);
        return transactions
                .withRequest(request)
                .withRequestPartitionId(partition)
                .execute(() -> lookUp(partition, type, id.getIdPart()));
    }

    /**
     * Which of these {@code Type/id} keys name a stored resource that is not deleted, asked in one lookup per partition
     * instead of one per key: each key answered maps to its row id, or to empty when nothing stored has it. A key whose
     * partition HAPI could not look up at once is left out (ask {@link #find} for it).
     */
    public Map<String, Optional<JpaPid>> findAll(Collection<String> keys, RequestDetails request) {
        if (plain) {
            return transactions.withRequest(request).execute(() -> plainLookUp(keys));
        }
        Map<RequestPartitionId, List<IIdType>> byPartition = new LinkedHashMap<>();
        for (String key : keys) {
            IdType id = new IdType(key);
            byPartition
                    .computeIfAbsent(
                            partitions.determineReadPartitionForRequestForRead(request, id.getResourceType(), id),
                            partition -> new ArrayList<>())
                    .add(id);
        }
        Map<String, Optional<JpaPid>> answers = new HashMap<>();
        byPartition.forEach((partition, wanted) -> {
            Map<IIdType, IResourceLookup<JpaPid>> found;
            try {
                found = transactions
                        .withRequest(request)
                        .withRequestPartitionId(partition)
                        .execute(() -> this.ids.resolveResourceIdentities(
                                partition,
                                wanted,
                                ResolveIdentityMode.excludeDeleted().noCacheUnlessDeletesDisabled()));
            } catch (ResourceNotFoundException | ResourceGoneException | InvalidRequestException e) {
                return;
            }
            for (IIdType id : wanted) {
                answers.put(id.getValue(), Optional.empty());
            }
            found.forEach(
                    (id, lookup) -> answers.put(id.toUnqualifiedVersionless().getValue(), Optional.of(pid(lookup))));
        });
        return answers;
    }

    /**
     * Without partitions, one indexed query by FHIR id answers every key: HAPI's own lookup of several ids asks for
     * {@code (type = ? and id = ?) or ...}, which H2 answers by reading the whole resource table. Runs on the caller's
     * transaction, so that it sees what the caller's request has written.
     */
    private Map<String, Optional<JpaPid>> plainLookUp(Collection<String> keys) {
        Map<String, Optional<JpaPid>> answers = new HashMap<>();
        Set<String> fhirIds = new LinkedHashSet<>();
        for (String key : keys) {
            answers.put(key, Optional.empty());
            fhirIds.add(key.substring(key.indexOf('/') + 1));
        }
        for (List<String> chunk : chunks(List.copyOf(fhirIds))) {
            for (Object found :
                    query(BY_FHIR_ID, "HFJ_RESOURCE").setParameter("ids", chunk).getResultList()) {
                Object[] row = (Object[]) found;
                String key = row[1] + "/" + row[2];
                if (answers.containsKey(key)) {
                    JpaPid pid = JpaPid.fromId(((Number) row[0]).longValue());
                    pid.setPartitionablePartitionId(PartitionablePartitionId.with(null, null));
                    answers.put(key, Optional.of(pid));
                }
            }
        }
        return answers;
    }

    /**
     * The row ids of the resources whose element at one of these paths references the resource with this row id, as
     * HAPI's reference index (which its searches read) holds them; empty when partitions keep that index apart (then
     * ask a search). Runs on the caller's transaction.
     */
    public Optional<List<JpaPid>> referencing(JpaPid target, List<String> paths) {
        if (!plain) {
            return Optional.empty();
        }
        Set<Long> sources = new LinkedHashSet<>();
        for (String path : paths) {
            for (Object found : query(REFERENCING, "HFJ_RES_LINK")
                    .setParameter("target", target.getId())
                    .setParameter("path", path)
                    .getResultList()) {
                sources.add(((Number) found).longValue());
            }
        }
        return Optional.of(sources.stream().map(JpaPid::fromId).toList());
    }

    /**
     * A query of HAPI's tables through the caller's persistence context, flushed as HAPI's own queries are: in the
     * session's automatic flush mode what the caller's transaction changed in them and has not written is written
     * first. (A transaction bundle's session flushes only at commit; HAPI writes its changes out itself between the
     * kinds of entries, deletes before creates, so a later entry's lookup sees what an earlier kind did.)
     */
    private NativeQuery<?> query(String sql, String table) {
        return entities.createNativeQuery(sql).unwrap(NativeQuery.class).addSynchronizedQuerySpace(table);
    }

    private static List<List<String>> chunks(List<String> all) {
        List<List<String>> chunks = new ArrayList<>();
        for (int from = 0; from < all.size(); from += CHUNK) {
            chunks.add(all.subList(from, Math.min(all.size(), from + CHUNK)));
        }
        return chunks;
    }

    private Optional<JpaPid> lookUp(RequestPartitionId partition, String type, String idPart) {
        try {
            IResourceLookup<JpaPid> found = ids.resolveResourceIdentity(
                    partition,
                    type,
                    idPart,
                    ResolveIdentityMode.excludeDeleted().noCacheUnlessDeletesDisabled());
            return Optional.of(pid(found));
        } catch (ResourceNotFoundException | ResourceGoneException | InvalidRequestException e) {
            return Optional.empty();
        }
    }

    /**
     * Hands a stored reference target ({@code Type/id}) to a write, where HAPI looks first when it links the write's
     * references, so that it does not look the target up again.
     */
    public static void share(TransactionDetails write, String key, JpaPid pid) {
        if (write == null || pid == null || pid.getId() == null) {
            return;
        }
        IdType id = new IdType(key).toUnqualifiedVersionless();
        JpaPid shared = JpaPid.fromId(pid.getId(), pid.getPartitionId());
        shared.setPartitionablePartitionId(pid.getPartitionablePartitionId());
        shared.setAssociatedResourceId(id);
        write.addResolvedResourceId(id, shared);
    }

    /**
     * Keeps, for the rest of this resource's storage hooks, what was just asked about its references: the answers of
     * {@link #findAll}, which saw everything its transaction had changed until then. A later hook for the same resource
     * need not ask again; the next resource's hooks find nothing kept.
     */
    public static void remember(
            TransactionDetails write, IBaseResource resource, Map<String, Optional<JpaPid>> answers) {
        if (write != null) {
            write.putUserData(ANSWERED, new Answered(resource, Map.copyOf(answers)));
        }
    }

    /** What {@link #remember} kept for this very resource, or nothing. */
    public static Map<String, Optional<JpaPid>> answered(TransactionDetails write, IBaseResource resource) {
        return write != null && write.getUserData(ANSWERED) instanceof Answered kept && kept.resource() == resource
                ? kept.answers()
                : Map.of();
    }

    private record Answered(IBaseResource resource, Map<String, Optional<JpaPid>> answers) {}

    /**
     * The row id a write already knows for a stored reference target ({@code Type/id}): HAPI's look-ahead over a
     * transaction, or one handed over before; empty when it knows none. Good for linking, not as proof that the target
     * still stands (an earlier entry of the transaction may have deleted it).
     */
    public static Optional<JpaPid> known(TransactionDetails write, String key) {
        if (write == null) {
            return Optional.empty();
        }
        IIdType id = new IdType(key).toUnqualifiedVersionless();
        return write.getResolvedResourceId(id) instanceof JpaPid pid && pid.getId() != null
                ? Optional.of(pid)
                : Optional.empty();
    }

    private static JpaPid pid(IResourceLookup<JpaPid> found) {
        JpaPid pid = JpaPid.fromId(
                found.getPersistentId().getId(), found.getPersistentId().getPartitionId());
        pid.setPartitionablePartitionId(found.getPartitionId());
        return pid;
    }
}
