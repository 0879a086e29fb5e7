package org.carerelay.fhir;

import ca.uhn.fhir.jpa.api.dao.DaoRegistry;
import ca.uhn.fhir.jpa.binary.interceptor.BinaryStorageInterceptor;
import ca.uhn.fhir.jpa.dao.tx.IHapiTransactionService;
import ca.uhn.fhir.jpa.model.dao.JpaPid;
import ca.uhn.fhir.jpa.searchparam.SearchParameterMap;
import ca.uhn.fhir.rest.api.server.RequestDetails;
import java.util.List;
import java.util.Map;
import java.util.function.Supplier;
import org.hl7.fhir.instance.model.api.IBaseResource;
import org.hl7.fhir.instance.model.api.IIdType;
import org.springframework.stereotype.Component;

/**
 * Every match of a search that only reads, for the operations that count over a population (care gaps, metrics, the
 * registry). Each search runs in a read-only transaction: Hibernate then neither keeps a snapshot of what it loads nor
 * flushes before each chunk of a large result. In HAPI's default transaction it did both, so a search's cost grew with
 * the square of its size (a year of a 10,000-patient population's encounters took most of a metrics report).
 *
 * <p>The search answers row ids ({@code searchForIds}, as {@code searchForResources} finds them, with no cut-off: HAPI
 * cuts a {@code search} made with the caller's request to the caller's page size), then {@link StoredResources} loads
 * and shows the matches as {@code searchForResources} would, at half its cost.
 */
@Component
public final class ReadOnlySearches {

    private static final String INFLATE = BinaryStorageInterceptor.AUTO_INFLATE_BINARY_CONTENT_KEY;

    private final DaoRegistry daos;
    private final IHapiTransactionService transactions;
    private final StoredResources stored;

    ReadOnlySearches(DaoRegistry daos, IHapiTransactionService transactions, StoredResources stored) {
        this.daos = daos;
        this.transactions = transactions;
        this.stored = stored;
    }

    /**
     * Every match, as resources. These reads look at coded data and dates, never at attachments, so HAPI is told not
     * to walk every element of every resource looking for binary content stored apart to put back (its
     * auto-inflation, on for export files): that walk was a tenth of a population read's time.
     */
    public <T extends IBaseResource> List<T> resources(
            Class<T> type, SearchParameterMap search, RequestDetails request) {
        return withoutInflation(request, () -> search(type, search, request));
    }

    /**
     * What the read answers with HAPI's auto-inflation of binary content off for this request, and the request's own
     * setting back afterwards.
     */
    static <V> V withoutInflation(RequestDetails request, Supplier<V> read) {
        if (request == null) {
            return read.get();
        }
        Map<Object, Object> userData = request.getUserData();
        boolean had = userData.containsKey(INFLATE);
        Object before = userData.put(INFLATE, Boolean.FALSE);
        try {
            return read.get();
        } finally {
            if (had) {
                userData.put(INFLATE, before);
            } else {
                userData.remove(INFLATE);
            }
        }
    }

    private <T extends IBaseResource> List<T> search(Class<T> type, SearchParameterMap search, RequestDetails request) {
        if (search.getLoadSynchronousUpTo() == null) {
            // searchForIds would stop at HAPI's internal synchronous size; searchForResources never did
            search.setLoadSynchronousUpTo(Integer.MAX_VALUE);
        }
        return transactions.withRequest(request).readOnly().execute(() -> {
            List<JpaPid> pids = daos.getResourceDao(type).searchForIds(search, request);
            return stored.shown(type, pids, request);
        });
    }

    public List<IIdType> ids(Class<? extends IBaseResource> type, SearchParameterMap search, RequestDetails request) {
        return transactions
                .withRequest(request)
                .readOnly()
                .execute(() -> daos.getResourceDao(type).searchForResourceIds(search, request));
    }

    /**
     * What {@code reads} answer, with every search they make in one read-only transaction: a dozen small searches
     * otherwise cost a dozen begins, commits and switches of the connection to read-only and back.
     */
    public <V> V together(RequestDetails request, Supplier<V> reads) {
        return transactions.withRequest(request).readOnly().execute(reads::get);
    }

    /** A synchronous search for every match, without HAPI's internal cut-off. */
    public static SearchParameterMap all() {
        SearchParameterMap search = SearchParameterMap.newSynchronous();
        search.setLoadSynchronousUpTo(Integer.MAX_VALUE);
        return search;
    }
}
