package org.carerelay.fhir;

import ca.uhn.fhir.interceptor.model.RequestPartitionId;
import ca.uhn.fhir.jpa.api.dao.IDao;
import ca.uhn.fhir.jpa.api.svc.IIdHelperService;
import ca.uhn.fhir.jpa.dao.tx.IHapiTransactionService;
import ca.uhn.fhir.jpa.model.dao.JpaPid;
import ca.uhn.fhir.jpa.model.entity.PartitionablePartitionId;
import ca.uhn.fhir.jpa.partition.IRequestPartitionHelperSvc;
import ca.uhn.fhir.rest.api.server.RequestDetails;
import ca.uhn.fhir.rest.param.ReferenceOrListParam;
import ca.uhn.fhir.rest.param.ReferenceParam;
import jakarta.persistence.EntityManager;
import jakarta.persistence.PersistenceContext;
import java.sql.Connection;
import java.sql.SQLException;
import java.sql.Timestamp;
import java.time.Instant;
import java.time.LocalDateTime;
import java.time.OffsetDateTime;
import java.util.ArrayList;
import java.util.Collection;
import java.util.Date;
import java.util.List;
import java.util.Locale;
import javax.sql.DataSource;
import org.hl7.fhir.instance.model.api.IAnyResource;
import org.springframework.stereotype.Component;
import org.springframework.transaction.support.TransactionSynchronizationManager;

/**
 * How a run of searches should name resources just read, so that each search does not look the same ids up again. A
 * search by reference looks each id up (id to row id) before it runs, and keeps what it found for a minute in HAPI's
 * cache keyed by type and id; a bare id (a search's {@code patient=x}) is never found there, so a batch of 500 patients
 * searched a dozen ways paid a dozen lookups of 500 ids, each a criteria query HAPI builds afresh.
 *
 * <p>On PostgreSQL the resources are named {@code Type/id}, after their row ids are read back by primary key (type, id
 * and whether deleted, as HAPI's own lookup reads them) in one plain query and handed to HAPI's cache the way HAPI
 * hands a lookup it made itself, when the read-only transaction commits. The cache holds 10,000 entries and, once full,
 * admits few new ones (it keeps what is used often), so some of a batch miss; a search then looks those up by type and
 * id, which PostgreSQL answers from its index. H2 answers a lookup of many typed ids with a scan of the table (when this
 * was tried on H2, population pages ran past the 30 s request limit), so on H2 a batch stays bare: one list, looked up
 * by index. A single resource is named typed everywhere: one typed id is an index probe on both databases, and one
 * patient's report finds the patient in the cache (HAPI looked the id up to read it). The cache saves work, never changes
 * an answer.
 */
@Component
public final class CachedIds {

    private static final int CHUNK = 500;

    private final IIdHelperService<JpaPid> ids;
    private final IRequestPartitionHelperSvc partitions;
    private final IHapiTransactionService transactions;

    private final DataSource dataSource;
    private volatile Boolean postgres;

    @PersistenceContext
    private EntityManager entities;

    CachedIds(
            IIdHelperService<JpaPid> ids,
            IRequestPartitionHelperSvc partitions,
            IHapiTransactionService transactions,
            DataSource dataSource) {
        this.ids = ids;
        this.partitions = partitions;
        this.transactions = transactions;
        this.dataSource = dataSource;
    }

    /** How a search names resources of one type: {@code Type/id}, or the bare id. */
    public record Names(String type, boolean typed) {

        public ReferenceParam of(IAnyResource resource) {
            String id = resource.getIdElement().getIdPart();
            return new ReferenceParam(typed ? type + "/" + id : id);
        }

        public ReferenceOrListParam of(Collection<? extends IAnyResource> resources) {
            ReferenceOrListParam names = new ReferenceOrListParam();
            resources.forEach(resource -> names.addOr(of(resource)));
            return names;
        }
    }

    /**
     * How the searches that follow should name these resources of {@code type} (as loaded, with their row ids): on
     * PostgreSQL they are put in HAPI's cache first, unless a transaction is open (they would reach the cache only when
     * it commits).
     */
    public Names remember(String type, Collection<? extends IAnyResource> loaded, RequestDetails request) {
        if (loaded.size() == 1) {
            return new Names(type, true);
        }
        if (!postgres()) {
            return new Names(type, false);
        }
        if (!TransactionSynchronizationManager.isActualTransactionActive()) {
            cache(type, loaded, request);
        }
        return new Names(type, true);
    }

    private boolean postgres() {
        Boolean known = postgres;
        if (known == null) {
            try (Connection connection = dataSource.getConnection()) {
                known = connection
                        .getMetaData()
                        .getDatabaseProductName()
                        .toLowerCase(Locale.ROOT)
                        .contains("postgres");
            } catch (SQLException e) {
                // unknown: the bare ids are right on every database
                return false;
            }
            postgres = known;
        }
        return known;
    }

    private void cache(String type, Collection<? extends IAnyResource> loaded, RequestDetails request) {
        List<Long> rows = new ArrayList<>(loaded.size());
        for (IAnyResource resource : loaded) {
            JpaPid pid = IDao.RESOURCE_PID.get(resource);
            if (pid != null && pid.getId() != null) {
                rows.add(pid.getId());
            }
        }
        if (rows.isEmpty()) {
            return;
        }
        RequestPartitionId partition = partitions.determineReadPartitionForRequestForSearchType(request, type);
        transactions.withRequest(request).readOnly().execute(() -> {
            for (int from = 0; from < rows.size(); from += CHUNK) {
                List<?> found = entities.createNativeQuery(
                                "select RES_ID, FHIR_ID, RES_DELETED_AT, PARTITION_ID from HFJ_RESOURCE"
                                        + " where RES_TYPE = :type and RES_ID in (:rows)")
                        .setParameter("type", type)
                        .setParameter("rows", rows.subList(from, Math.min(rows.size(), from + CHUNK)))
                        .getResultList();
                for (Object row : found) {
                    Object[] columns = (Object[]) row;
                    Integer partitionId = columns[3] == null ? null : ((Number) columns[3]).intValue();
                    JpaPid pid = JpaPid.fromId(((Number) columns[0]).longValue(), partitionId);
                    pid.setPartitionablePartitionId(PartitionablePartitionId.with(partitionId, null));
                    ids.addResolvedPidToFhirIdAfterCommit(pid, partition, type, (String) columns[1], date(columns[2]));
                }
            }
            return null;
        });
    }

    /** A timestamp column as the JDBC driver gives it (a {@code Timestamp}, or a {@code java.time} value). */
    private static Date date(Object column) {
        if (column == null || column instanceof Date) {
            return (Date) column;
        }
        if (column instanceof LocalDateTime local) {
            return Timestamp.valueOf(local);
        }
        if (column instanceof OffsetDateTime offset) {
            return Date.from(offset.toInstant());
        }
        return Date.from((Instant) column);
    }
}
