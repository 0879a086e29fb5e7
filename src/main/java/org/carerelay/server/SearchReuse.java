package org.carerelay.server;

import ca.uhn.fhir.interceptor.api.Hook;
import ca.uhn.fhir.interceptor.api.Interceptor;
import ca.uhn.fhir.interceptor.api.Pointcut;
import ca.uhn.fhir.interceptor.model.RequestPartitionId;
import ca.uhn.fhir.jpa.entity.Search;
import ca.uhn.fhir.jpa.search.cache.ISearchCacheSvc;
import java.net.URLDecoder;
import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.AtomicLong;
import org.hl7.fhir.instance.model.api.IBaseResource;
import org.springframework.beans.factory.ObjectProvider;
import org.springframework.beans.factory.config.BeanPostProcessor;
import org.springframework.stereotype.Component;
import org.springframework.transaction.support.TransactionSynchronization;
import org.springframework.transaction.support.TransactionSynchronizationManager;

/**
 * HAPI stores a search's results and may answer the same search from them again (for a minute here, see
 * {@code carerelay.paging.reuse-results-for}); alone it would do so whatever was written in that minute. This keeps
 * the reuse and drops the staleness: stored results answer again only when they were begun after the last committed
 * write that could change them. A search of one type's own parameters depends on writes of that type (and of
 * SearchParameters); one that reaches into other resources (a chain, {@code _has}, {@code _list}, a terminology
 * modifier, a chained sort) on writes of any type. Included resources are read afresh for every page anyway.
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

    private final Map<String, Long> writtenAt = new ConcurrentHashMap<>();
    private final AtomicLong anyWrittenAt = new AtomicLong();
    private final AtomicLong definitionsWrittenAt = new AtomicLong();

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
     * Marks the type written now and again when the write's transaction has ended: a search begun before the commit
     * may not have seen it.
     */
    private void written(IBaseResource resource) {
        if (resource == null) {
            return;
        }
        String type = resource.fhirType();
        mark(type);
        if (TransactionSynchronizationManager.isSynchronizationActive()) {
            TransactionSynchronizationManager.registerSynchronization(new TransactionSynchronization() {
                @Override
                public void afterCompletion(int status) {
                    mark(type);
                }
            });
        }
    }

    private void mark(String type) {
        long now = System.currentTimeMillis();
        writtenAt.merge(type, now, Math::max);
        anyWrittenAt.accumulateAndGet(now, Math::max);
        if (type.equals("SearchParameter")) {
            definitionsWrittenAt.accumulateAndGet(now, Math::max);
        }
    }

    /** Stored results of this search may answer it again only if it was begun after this instant. */
    Instant reusableIfBegunAfter(String resourceType, String normalizedQuery) {
        long since = resourceType == null || readsOtherResources(normalizedQuery)
                ? anyWrittenAt.get()
                : Math.max(writtenAt.getOrDefault(resourceType, 0L), definitionsWrittenAt.get());
        return Instant.ofEpochMilli(since);
    }

    /** Whether a search (as HAPI normalizes it: {@code ?name:modifier=value&...}) matches through other resources. */
    static boolean readsOtherResources(String normalizedQuery) {
        String query = normalizedQuery == null ? "" : normalizedQuery;
        if (query.startsWith("?")) {
            query = query.substring(1);
        }
        for (String parameter : query.split("&")) {
            int equals = parameter.indexOf('=');
            String name = decode(equals < 0 ? parameter : parameter.substring(0, equals));
            String[] parts = name.split(":");
            if (parts[0].isEmpty() || READ_PER_PAGE.contains(parts[0])) {
                continue;
            }
            if (name.contains(".") || READ_OTHER_RESOURCES.contains(parts[0])) {
                return true;
            }
            for (int i = 1; i < parts.length; i++) {
                if (TERMINOLOGY_MODIFIERS.contains(parts[i])) {
                    return true;
                }
            }
            if (parts[0].equals("_sort")
                    && equals >= 0
                    && decode(parameter.substring(equals + 1)).contains(".")) {
                return true;
            }
        }
        return false;
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

    private record FreshCache(ISearchCacheSvc delegate, ObjectProvider<SearchReuse> reuse) implements ISearchCacheSvc {

        @Override
        public Optional<Search> findCandidatesForReuse(
                String resourceType, String queryString, Instant createdAfter, RequestPartitionId partition) {
            Instant written = reuse.getObject().reusableIfBegunAfter(resourceType, queryString);
            return delegate.findCandidatesForReuse(
                    resourceType, queryString, written.isAfter(createdAfter) ? written : createdAfter, partition);
        }

        @Override
        public Search save(Search search, RequestPartitionId partition) {
            return delegate.save(search, partition);
        }

        @Override
        public Optional<Search> fetchByUuid(String uuid, RequestPartitionId partition) {
            return delegate.fetchByUuid(uuid, partition);
        }

        @Override
        public Optional<Search> tryToMarkSearchAsInProgress(Search search, RequestPartitionId partition) {
            return delegate.tryToMarkSearchAsInProgress(search, partition);
        }

        @Override
        public void pollForStaleSearchesAndDeleteThem(RequestPartitionId partition, Instant deadline) {
            delegate.pollForStaleSearchesAndDeleteThem(partition, deadline);
        }
    }
}
