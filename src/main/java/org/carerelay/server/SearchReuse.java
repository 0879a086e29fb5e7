package org.carerelay.server;

import ca.uhn.fhir.interceptor.api.Hook;
import ca.uhn.fhir.interceptor.api.Interceptor;
import ca.uhn.fhir.interceptor.api.Pointcut;
import ca.uhn.fhir.interceptor.model.RequestPartitionId;
import ca.uhn.fhir.jpa.entity.Search;
import ca.uhn.fhir.jpa.model.search.SearchStatusEnum;
import ca.uhn.fhir.jpa.search.cache.ISearchCacheSvc;
import java.net.URLDecoder;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicLong;
import java.util.function.BooleanSupplier;
import javax.sql.DataSource;
import org.hl7.fhir.instance.model.api.IBaseResource;
import org.springframework.beans.factory.ObjectProvider;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.beans.factory.config.BeanPostProcessor;
import org.springframework.jdbc.core.JdbcTemplate;
import org.springframework.stereotype.Component;
import org.springframework.transaction.support.TransactionSynchronization;
import org.springframework.transaction.support.TransactionSynchronizationManager;
import org.springframework.web.context.request.RequestAttributes;
import org.springframework.web.context.request.RequestContextHolder;

/**
 * HAPI stores a search's results and may answer the same search from them again (for a minute here, see
 * {@code carerelay.paging.reuse-results-for}); alone it would do so whatever was written in that minute. This keeps
 * the reuse and drops the staleness: stored results answer again only when they were begun after the last committed
 * write that could change them, and never while such a write is in flight. A search of one type's own parameters
 * depends on writes of that type; one that reaches into other resources (a chain, {@code _has}, {@code _list}, a
 * terminology modifier, a chained sort) on writes of any type. Included resources are read afresh for every page
 * anyway. Changes made without a write hook stop reuse too: HAPI's reindexing after a SearchParameter write (no
 * reuse until it has finished) and its deferred storage of terminology (none for terminology modifiers for ten
 * minutes after a CodeSystem, ValueSet or ConceptMap write). A search still loading is not reused: it runs on its
 * own request's thread and deadline.
 *
 * <p>A write is known here when it commits in this process, so reuse is on by default only on a database no other
 * process writes to (see {@code StorageConfig.reuseResultsFor}).
 */
@Component
@Interceptor
final class SearchReuse implements StorageInterceptor {

    /** Parameters whose matches depend on other resources than the searched type's own. */
    private static final Set<String> READ_OTHER_RESOURCES = Set.of("_has", "_list", "_filter", "_text", "_content");

    /** Modifiers that match through terminology resources. */
    private static final Set<String> TERMINOLOGY_MODIFIERS = Set.of("in", "not-in", "above", "below");

    /** Page-time parameters: what they add is read again for every page. */
    private static final Set<String> READ_PER_PAGE = Set.of("_include", "_revinclude");

    /**
     * Writes of these change what terminology modifiers match, partly later and without a write hook (HAPI stores a
     * large CodeSystem's concepts in the background): searches with such a modifier are not reused for
     * {@link #TERMINOLOGY_SETTLE} after one.
     */
    static final Set<String> TERMINOLOGY = Set.of("CodeSystem", "ValueSet", "ConceptMap");

    static final Duration TERMINOLOGY_SETTLE = Duration.ofMinutes(10);

    /** How often, while HAPI may be reindexing, the database is asked whether it still is. */
    static final Duration REINDEX_CHECK = Duration.ofSeconds(1);

    private final Map<String, Long> writtenAt = new ConcurrentHashMap<>();
    private final Map<String, AtomicInteger> inFlight = new ConcurrentHashMap<>();
    private final AtomicInteger anyInFlight = new AtomicInteger();
    private final AtomicLong terminologySettleAt = new AtomicLong();
    /**
     * Searches begun before this never answer again: those stored before this process started (a previous run's, a
     * restored backup's) and those begun before a reindex was seen finished.
     */
    private final AtomicLong baseline = new AtomicLong(System.currentTimeMillis());

    private final AtomicLong anyWrittenAt = new AtomicLong(baseline.get());
    private final BooleanSupplier reindexJobs;
    /** SearchParameter writes: after each HAPI reindexes the stored resources of its types, without write hooks. */
    private final AtomicLong reindexesAsked = new AtomicLong();
    /** How many of those were asked before the reindex jobs were last seen finished. */
    private final AtomicLong reindexesDone = new AtomicLong();

    private volatile long reindexCheckedAt;

    @Autowired
    SearchReuse(DataSource dataSource) {
        this(reindexJobsRunning(new JdbcTemplate(dataSource)));
    }

    SearchReuse(BooleanSupplier reindexJobs) {
        this.reindexJobs = reindexJobs;
    }

    /** Whether HAPI's reindex jobs (started when a SearchParameter changes) are queued or running. */
    static BooleanSupplier reindexJobsRunning(JdbcTemplate jdbc) {
        return () -> {
            Integer running = jdbc.queryForObject(
                    "SELECT COUNT(*) FROM BT2_JOB_INSTANCE WHERE DEFINITION_ID = 'REINDEX'"
                            + " AND STAT IN ('QUEUED', 'IN_PROGRESS', 'FINALIZE', 'ERRORED')",
                    Integer.class);
            return running != null && running > 0;
        };
    }

    @Hook(Pointcut.STORAGE_PRECOMMIT_RESOURCE_CREATED)
    public void created(IBaseResource resource) {
        written(resource);
    }

    @Hook(Pointcut.STORAGE_PRECOMMIT_RESOURCE_UPDATED)
    public void updated(IBaseResource previous, IBaseResource resource) {
        written(resource);
    }

    @Hook(Pointcut.STORAGE_PRECOMMIT_RESOURCE_DELETED)
    public void deleted(IBaseResource resource) {
        written(resource);
    }

    /**
     * Holds the type as being written until the write's transaction has ended (no stored search of it is reused
     * meanwhile: one begun before the commit may not see the write), then marks it written at that moment.
     */
    private void written(IBaseResource resource) {
        if (resource == null) {
            return;
        }
        String type = resource.fhirType();
        if (!TransactionSynchronizationManager.isSynchronizationActive()) {
            mark(type);
            return;
        }
        inFlight.computeIfAbsent(type, t -> new AtomicInteger()).incrementAndGet();
        anyInFlight.incrementAndGet();
        TransactionSynchronizationManager.registerSynchronization(new TransactionSynchronization() {
            @Override
            public void afterCompletion(int status) {
                mark(type);
                inFlight.get(type).decrementAndGet();
                anyInFlight.decrementAndGet();
            }
        });
    }

    private void mark(String type) {
        long now = System.currentTimeMillis();
        writtenAt.merge(type, now, Math::max);
        anyWrittenAt.accumulateAndGet(now, Math::max);
        if (TERMINOLOGY.contains(type)) {
            terminologySettleAt.accumulateAndGet(now + TERMINOLOGY_SETTLE.toMillis(), Math::max);
        }
        if (type.equals("SearchParameter")) {
            reindexesAsked.incrementAndGet();
            reindexCheckedAt = 0;
        }
    }

    /**
     * Stored results of this search may answer it again only if it was begun after this instant; while a write that
     * could change them is in flight, none may ({@link Instant#MAX}).
     */
    Instant reusableIfBegunAfter(String resourceType, String normalizedQuery) {
        boolean anyType = resourceType == null || readsOtherResources(normalizedQuery);
        AtomicInteger writing = anyType ? anyInFlight : inFlight.get(resourceType);
        if ((writing != null && writing.get() > 0) || reindexing()) {
            return Instant.MAX;
        }
        long since = Math.max(baseline.get(), anyType ? anyWrittenAt.get() : writtenAt.getOrDefault(resourceType, 0L));
        if (usesTerminology(normalizedQuery)) {
            since = Math.max(since, terminologySettleAt.get());
        }
        return Instant.ofEpochMilli(since);
    }

    /**
     * Whether HAPI may be reindexing after a SearchParameter write (asked of the database at most every
     * {@link #REINDEX_CHECK}). A search begun while it was is never reused: the reindex seen finished moves the
     * baseline.
     */
    private boolean reindexing() {
        long asked = reindexesAsked.get();
        if (asked == reindexesDone.get()) {
            return false;
        }
        long now = System.currentTimeMillis();
        if (now - reindexCheckedAt < REINDEX_CHECK.toMillis()) {
            return true;
        }
        boolean running;
        try {
            running = reindexJobs.getAsBoolean();
        } catch (RuntimeException e) {
            running = true; // not known: no reuse until it can be asked
        }
        reindexCheckedAt = now;
        if (!running) {
            baseline.accumulateAndGet(now, Math::max);
            anyWrittenAt.accumulateAndGet(now, Math::max);
            // only the reindexes asked before the question are known done; one asked meanwhile is asked about again
            reindexesDone.accumulateAndGet(asked, Math::max);
        }
        return running;
    }

    /** Whether a search has a modifier that matches through terminology ({@code :in}, {@code :below}, ...). */
    static boolean usesTerminology(String normalizedQuery) {
        return parameters(normalizedQuery).stream().anyMatch(Parameter::matchesThroughTerminology);
    }

    /** Whether a search (as HAPI normalizes it: {@code ?name:modifier=value&...}) matches through other resources. */
    static boolean readsOtherResources(String normalizedQuery) {
        for (Parameter parameter : parameters(normalizedQuery)) {
            String base = parameter.name()[0];
            if (base.isEmpty() || READ_PER_PAGE.contains(base)) {
                continue;
            }
            if (String.join(":", parameter.name()).contains(".")
                    || READ_OTHER_RESOURCES.contains(base)
                    || parameter.matchesThroughTerminology()
                    || (base.equals("_sort") && parameter.value().contains("."))) {
                return true;
            }
        }
        return false;
    }

    /** One parameter of a normalized query: its name split at {@code :} (the name, then its modifiers), its value. */
    private record Parameter(String[] name, String value) {

        boolean matchesThroughTerminology() {
            for (int i = 1; i < name.length; i++) {
                if (TERMINOLOGY_MODIFIERS.contains(name[i])) {
                    return true;
                }
            }
            return false;
        }
    }

    private static List<Parameter> parameters(String normalizedQuery) {
        String query = normalizedQuery == null ? "" : normalizedQuery;
        List<Parameter> parameters = new ArrayList<>();
        for (String parameter : query.replaceFirst("^\\?", "").split("&")) {
            int equals = parameter.indexOf('=');
            String name = decode(equals < 0 ? parameter : parameter.substring(0, equals));
            parameters.add(new Parameter(name.split(":"), equals < 0 ? "" : decode(parameter.substring(equals + 1))));
        }
        return parameters;
    }

    private static String decode(String text) {
        try {
            return URLDecoder.decode(text, StandardCharsets.UTF_8);
        } catch (IllegalArgumentException e) {
            return text;
        }
    }

    /** HAPI's store of search results, asked for a search to reuse only from after the last relevant write. */
    @Component
    static final class FreshResultsOnly implements BeanPostProcessor {

        private final ObjectProvider<SearchReuse> reuse;

        FreshResultsOnly(ObjectProvider<SearchReuse> reuse) {
            this.reuse = reuse;
        }

        @Override
        public Object postProcessAfterInitialization(Object bean, String beanName) {
            return bean instanceof ISearchCacheSvc cache ? new FreshCache(cache, reuse) : bean;
        }
    }

    /**
     * Also keeps, for the rest of one HTTP request, a stored search it has fetched once it has stopped loading (a pass
     * complete or finished): HAPI fetches the same search for the page, for the total and for each question about its
     * size, five to seven times per request, each a query with its includes and the parameter map deserialized again.
     * A save or a claim to load more of it (HAPI's next pass) forgets it, so that the wait for that pass reads it
     * afresh (HAPI runs that pass on the request's own thread, and its saves forget it too); a search still loading
     * is never kept. Work outside a request (the clean-up of expired searches, batch jobs) keeps nothing.
     */
    private record FreshCache(ISearchCacheSvc delegate, ObjectProvider<SearchReuse> reuse) implements ISearchCacheSvc {

        private static final String FETCHED = FreshCache.class.getName() + ".fetched";

        @Override
        public Optional<Search> findCandidatesForReuse(
                String resourceType, String queryString, Instant createdAfter, RequestPartitionId partition) {
            Instant written = reuse.getObject().reusableIfBegunAfter(resourceType, queryString);
            if (written.equals(Instant.MAX)) {
                return Optional.empty();
            }
            // one still loading runs on its own request's thread and deadline, which would fail this request too
            return delegate.findCandidatesForReuse(
                            resourceType,
                            queryString,
                            written.isAfter(createdAfter) ? written : createdAfter,
                            partition)
                    .filter(search -> search.getStatus() == SearchStatusEnum.FINISHED
                            || search.getStatus() == SearchStatusEnum.PASSCMPLET);
        }

        @Override
        public Search save(Search search, RequestPartitionId partition) {
            forget(search);
            return delegate.save(search, partition);
        }

        @Override
        public Optional<Search> fetchByUuid(String uuid, RequestPartitionId partition) {
            Map<String, Search> fetched = fetchedInThisRequest();
            if (fetched == null || uuid == null) {
                return delegate.fetchByUuid(uuid, partition);
            }
            // by its id alone: HAPI asks with and without the request's partition, and the id names one search
            Search known = fetched.get(uuid);
            if (known != null) {
                return Optional.of(known);
            }
            Optional<Search> search = delegate.fetchByUuid(uuid, partition);
            search.filter(found -> found.getStatus() == SearchStatusEnum.FINISHED
                            || found.getStatus() == SearchStatusEnum.PASSCMPLET)
                    .ifPresent(found -> fetched.put(uuid, found));
            return search;
        }

        @Override
        public Optional<Search> tryToMarkSearchAsInProgress(Search search, RequestPartitionId partition) {
            forget(search);
            return delegate.tryToMarkSearchAsInProgress(search, partition);
        }

        private static void forget(Search search) {
            Map<String, Search> fetched = fetchedInThisRequest();
            if (fetched != null && search.getUuid() != null) {
                fetched.remove(search.getUuid());
            }
        }

        /** The searches kept for the current HTTP request; null outside one. */
        @SuppressWarnings("unchecked")
        private static Map<String, Search> fetchedInThisRequest() {
            RequestAttributes request = RequestContextHolder.getRequestAttributes();
            if (request == null) {
                return null;
            }
            Object fetched = request.getAttribute(FETCHED, RequestAttributes.SCOPE_REQUEST);
            if (fetched == null) {
                fetched = new ConcurrentHashMap<String, Search>();
                request.setAttribute(FETCHED, fetched, RequestAttributes.SCOPE_REQUEST);
            }
            return (Map<String, Search>) fetched;
        }

        @Override
        public void pollForStaleSearchesAndDeleteThem(RequestPartitionId partition, Instant deadline) {
            delegate.pollForStaleSearchesAndDeleteThem(partition, deadline);
        }
    }
}
