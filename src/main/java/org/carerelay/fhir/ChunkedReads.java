package org.carerelay.fhir;

import ca.uhn.fhir.jpa.api.dao.DaoRegistry;
import ca.uhn.fhir.jpa.dao.tx.IHapiTransactionService;
import ca.uhn.fhir.jpa.model.dao.JpaPid;
import ca.uhn.fhir.jpa.searchparam.SearchParameterMap;
import ca.uhn.fhir.rest.api.server.RequestDetails;
import java.util.ArrayList;
import java.util.Collection;
import java.util.Collections;
import java.util.List;
import java.util.Map;
import java.util.function.Consumer;
import javax.sql.DataSource;
import org.hl7.fhir.instance.model.api.IBaseResource;
import org.springframework.jdbc.core.JdbcTemplate;
import org.springframework.jdbc.core.RowCallbackHandler;
import org.springframework.stereotype.Component;

/**
 * Population reads that never hold a whole result: a search answers row ids only (a few bytes each), and the resources
 * are then loaded {@value #CHUNK} at a time, each handed to the caller (who keeps what it needs, a small record) and
 * dropped. Each chunk is loaded as a search's matches are ({@link StoredResources}): its current version, in a
 * read-only transaction, then passed through the storage hooks a search passes them through (pre-access and
 * pre-show, where the scope checks sit), with the caller's request. So what a caller may not see is left out exactly
 * as from a search.
 *
 * <p>Follow-up reads ("what references these?") go to HAPI's own index of references ({@code HFJ_RES_LINK}) with plain
 * SQL, portable across H2 and PostgreSQL, instead of one search per hundred ids: the answer is a superset (any
 * reference of the source type, whatever its path), so the caller must check the reference it means on the resource.
 * Deleted resources are never answered; the index holds only current versions.
 */
@Component
public final class ChunkedReads {

    static final int CHUNK = 500;

    private final DaoRegistry daos;
    private final IHapiTransactionService transactions;
    private final StoredResources stored;
    private final JdbcTemplate jdbc;

    ChunkedReads(
            DaoRegistry daos, IHapiTransactionService transactions, StoredResources stored, DataSource dataSource) {
        this.daos = daos;
        this.transactions = transactions;
        this.stored = stored;
        this.jdbc = new JdbcTemplate(dataSource);
    }

    /** The row ids of every match of a search, in a read-only transaction; no resource is loaded. */
    public List<JpaPid> pids(Class<? extends IBaseResource> type, SearchParameterMap search, RequestDetails request) {
        return transactions
                .withRequest(request)
                .readOnly()
                .execute(() -> daos.getResourceDao(type).<JpaPid>searchForIds(search, request));
    }

    /**
     * Each of these resources as a search would show it to the caller, a chunk at a time; a resource the hooks hide
     * is skipped. HAPI is told not to walk every element looking for binary content stored apart (see {@link
     * ReadOnlySearches}).
     */
    public <T extends IBaseResource> void each(
            Class<T> type, List<JpaPid> pids, RequestDetails request, Consumer<T> each) {
        chunks(type, pids, request, shown -> shown.forEach(each));
    }

    /** As {@link #each}, handing over each chunk's resources together (up to {@value #CHUNK}). */
    public <T extends IBaseResource> void chunks(
            Class<T> type, List<JpaPid> pids, RequestDetails request, Consumer<List<T>> each) {
        for (int from = 0; from < pids.size(); from += CHUNK) {
            List<JpaPid> chunk = pids.subList(from, Math.min(pids.size(), from + CHUNK));
            List<T> shown = ReadOnlySearches.withoutInflation(
                    request,
                    () -> transactions
                            .withRequest(request)
                            .readOnly()
                            .execute(() -> stored.shown(type, chunk, request)));
            if (!shown.isEmpty()) {
                each.accept(shown);
            }
        }
    }

    /**
     * The row ids of the current resources of {@code sourceType} that hold a reference (in any element) to one of the
     * resources of {@code targetType} with these ids, in ascending order.
     */
    public List<JpaPid> referencing(String sourceType, String targetType, Collection<String> targetIds) {
        List<Long> found = new ArrayList<>();
        byChunks(
                "select distinct l.SRC_RESOURCE_ID from HFJ_RES_LINK l"
                        + " join HFJ_RESOURCE s on s.RES_ID = l.SRC_RESOURCE_ID"
                        + " join HFJ_RESOURCE t on t.RES_ID = l.TARGET_RESOURCE_ID"
                        + " where l.SOURCE_RESOURCE_TYPE = ? and s.RES_DELETED_AT is null"
                        + " and t.RES_TYPE = ? and t.FHIR_ID",
                List.of(sourceType, targetType),
                targetIds,
                row -> found.add(row.getLong(1)));
        return found.stream().distinct().sorted().map(JpaPid::fromId).toList();
    }

    /** The row ids of the current (not deleted) resources of this type with these ids, in ascending order. */
    public List<JpaPid> byIds(String type, Collection<String> ids) {
        List<Long> found = new ArrayList<>();
        byChunks(
                "select RES_ID from HFJ_RESOURCE where RES_TYPE = ? and RES_DELETED_AT is null and FHIR_ID",
                List.of(type),
                ids,
                row -> found.add(row.getLong(1)));
        return found.stream().sorted().map(JpaPid::fromId).toList();
    }

    /** The ids of every current (not deleted) resource of this type, in ascending order. */
    public List<String> allIds(String type) {
        return jdbc
                .queryForList(
                        "select FHIR_ID from HFJ_RESOURCE where RES_TYPE = ? and RES_DELETED_AT is null",
                        String.class,
                        type)
                .stream()
                .sorted()
                .toList();
    }

    /**
     * For each of these resources of {@code sourceType} that holds a reference at {@code path} (a search parameter's
     * path as HAPI indexes it, such as {@code Patient.managingOrganization}) to a resource stored here, its id and
     * the {@code Type/id} of that resource. A resource whose reference names nothing stored here (another server, a
     * contained resource, an identifier only) is not answered.
     */
    public Map<String, String> localReferences(String sourceType, String path, Collection<String> sourceIds) {
        Map<String, String> found = new java.util.HashMap<>();
        byChunks(
                "select s.FHIR_ID, t.RES_TYPE, t.FHIR_ID from HFJ_RES_LINK l"
                        + " join HFJ_RESOURCE s on s.RES_ID = l.SRC_RESOURCE_ID"
                        + " join HFJ_RESOURCE t on t.RES_ID = l.TARGET_RESOURCE_ID"
                        + " where s.RES_TYPE = ? and l.SRC_PATH = ? and s.RES_DELETED_AT is null"
                        + " and s.FHIR_ID",
                List.of(sourceType, path),
                sourceIds,
                row -> found.put(row.getString(1), row.getString(2) + "/" + row.getString(3)));
        return found;
    }

    /**
     * Runs {@code select}, which ends with the column the ids are matched on, once per {@value #CHUNK} of the distinct
     * ids (in ascending order) with {@code in (...)} appended, the {@code leading} arguments bound first.
     */
    private void byChunks(String select, List<?> leading, Collection<String> ids, RowCallbackHandler row) {
        List<String> distinct = ids.stream().distinct().sorted().toList();
        for (int from = 0; from < distinct.size(); from += CHUNK) {
            List<String> chunk = distinct.subList(from, Math.min(distinct.size(), from + CHUNK));
            List<Object> arguments = new ArrayList<Object>(leading);
            arguments.addAll(chunk);
            jdbc.query(
                    select + " in (" + String.join(",", Collections.nCopies(chunk.size(), "?")) + ")",
                    row,
                    arguments.toArray());
        }
    }
}
