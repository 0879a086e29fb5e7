package org.carerelay.server;

import static org.assertj.core.api.Assertions.assertThat;

import ca.uhn.fhir.interceptor.model.RequestPartitionId;
import ca.uhn.fhir.jpa.entity.Search;
import ca.uhn.fhir.jpa.model.search.SearchStatusEnum;
import ca.uhn.fhir.jpa.search.cache.ISearchCacheSvc;
import java.time.Instant;
import java.util.HashMap;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicReference;
import org.hl7.fhir.r4.model.AuditEvent;
import org.hl7.fhir.r4.model.CodeSystem;
import org.hl7.fhir.r4.model.Observation;
import org.hl7.fhir.r4.model.SearchParameter;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;
import org.springframework.beans.factory.support.DefaultListableBeanFactory;
import org.springframework.mock.web.MockHttpServletRequest;
import org.springframework.transaction.support.TransactionSynchronization;
import org.springframework.transaction.support.TransactionSynchronizationManager;
import org.springframework.web.context.request.RequestContextHolder;
import org.springframework.web.context.request.ServletRequestAttributes;

class SearchReuseTest {

    @ParameterizedTest
    @ValueSource(
            strings = {
                "?code=http%3A%2F%2Floinc.org%7C1234-5&status=final",
                "?_count=1&_include=Observation%3Apatient&_include:iterate=Patient%3Ageneral-practitioner&patient=Patient%2F1",
                "?_revinclude=Provenance%3Atarget&_sort=-date&_total=accurate",
                "?subject:Patient=1&_id=a,b&code:text=sugar&_tag=x%7Cy&_lastUpdated=ge2020",
                "?name:missing=true&identifier:of-type=a%7Cb%7Cc&url:contains=x",
                ""
            })
    void aSearchOfTheTypesOwnParametersDependsOnItsOwnWrites(String query) {
        assertThat(SearchReuse.readsOtherResources(query)).isFalse();
    }

    @ParameterizedTest
    @ValueSource(
            strings = {
                "?subject.name=smith",
                "?subject:Patient.name=smith",
                "?subject%3APatient.name=smith",
                "?_has:Observation:patient:code=1234-5",
                "?_has%3AObservation%3Apatient%3Acode=1234-5",
                "?_list=42",
                "?_filter=name%20eq%20x",
                "?_text=x",
                "?_content=x",
                "?code:in=http%3A%2F%2Fexample.org%2FValueSet%2Fa",
                "?code:not-in=http%3A%2F%2Fexample.org%2FValueSet%2Fa",
                "?code:below=http%3A%2F%2Fsnomed.info%2Fsct%7C123",
                "?code:above=http%3A%2F%2Fsnomed.info%2Fsct%7C123",
                "?status=final&_sort=patient.name"
            })
    void aSearchThatReachesIntoOtherResourcesDependsOnEveryWrite(String query) {
        assertThat(SearchReuse.readsOtherResources(query)).isTrue();
    }

    @Test
    void aWriteMovesTheHorizonOfItsOwnTypeAndOfSearchesIntoOthers() {
        Instant before = Instant.now();
        SearchReuse reuse = new SearchReuse(() -> false);
        Instant started = Instant.now();

        reuse.created(new Observation());

        assertThat(reuse.reusableIfBegunAfter("Observation", "?code=1")).isAfterOrEqualTo(started.minusMillis(1));
        assertThat(reuse.reusableIfBegunAfter("Observation", "?code=1")).isBeforeOrEqualTo(Instant.now());
        assertThat(reuse.reusableIfBegunAfter("Patient", "?name=x"))
                .isAfterOrEqualTo(before.minusMillis(1))
                .isBeforeOrEqualTo(started);
        assertThat(reuse.reusableIfBegunAfter("Patient", "?_has:Observation:patient:code=1"))
                .isAfterOrEqualTo(started.minusMillis(1));
        assertThat(reuse.reusableIfBegunAfter(null, "?_id=1")).isAfterOrEqualTo(started.minusMillis(1));
    }

    @Test
    void nothingStoredBeforeTheServerStartedIsReused() {
        Instant before = Instant.now();

        SearchReuse reuse = new SearchReuse(() -> false);

        assertThat(reuse.reusableIfBegunAfter("Patient", "?name=x")).isAfterOrEqualTo(before.minusMillis(1));
        assertThat(reuse.reusableIfBegunAfter("Patient", "?general-practitioner.name=x"))
                .isAfterOrEqualTo(before.minusMillis(1));
    }

    @Test
    void updatesAndDeletesMoveItToo() {
        SearchReuse reuse = new SearchReuse(() -> false);
        Instant started = Instant.now();

        reuse.updated(new AuditEvent(), new AuditEvent());
        reuse.deleted(new Observation());

        assertThat(reuse.reusableIfBegunAfter("AuditEvent", "?type=x")).isAfterOrEqualTo(started.minusMillis(1));
        assertThat(reuse.reusableIfBegunAfter("Observation", "?code=1")).isAfterOrEqualTo(started.minusMillis(1));
        assertThat(reuse.reusableIfBegunAfter("Patient", "?name=x")).isBeforeOrEqualTo(started);
    }

    @Test
    void whileAWriteIsInFlightNothingItCouldChangeIsReused() {
        SearchReuse reuse = new SearchReuse(() -> false);
        TransactionSynchronizationManager.initSynchronization();
        try {
            reuse.created(new Observation());

            assertThat(reuse.reusableIfBegunAfter("Observation", "?code=1")).isEqualTo(Instant.MAX);
            assertThat(reuse.reusableIfBegunAfter("Patient", "?_has:Observation:patient:code=1"))
                    .isEqualTo(Instant.MAX);
            assertThat(reuse.reusableIfBegunAfter("Patient", "?name=x")).isBefore(Instant.MAX);

            Instant committed = Instant.now();
            TransactionSynchronizationManager.getSynchronizations()
                    .forEach(done -> done.afterCompletion(TransactionSynchronization.STATUS_COMMITTED));

            assertThat(reuse.reusableIfBegunAfter("Observation", "?code=1"))
                    .isAfterOrEqualTo(committed.minusMillis(1))
                    .isBeforeOrEqualTo(Instant.now());
        } finally {
            TransactionSynchronizationManager.clearSynchronization();
        }
    }

    @Test
    void afterASearchParameterWriteNothingIsReusedUntilTheReindexIsSeenFinished() throws Exception {
        AtomicBoolean reindexing = new AtomicBoolean(true);
        SearchReuse reuse = new SearchReuse(reindexing::get);

        reuse.created(new SearchParameter());

        assertThat(reuse.reusableIfBegunAfter("Patient", "?name=x")).isEqualTo(Instant.MAX);
        reindexing.set(false);
        Thread.sleep(SearchReuse.REINDEX_CHECK.toMillis() + 50);
        Instant finished = Instant.now();
        assertThat(reuse.reusableIfBegunAfter("Patient", "?name=x"))
                .isAfterOrEqualTo(finished.minusMillis(1))
                .isBefore(Instant.MAX);
    }

    @Test
    void aSearchParameterWrittenWhileTheReindexIsAskedAboutIsAskedAboutAgain() {
        AtomicReference<SearchReuse> reuse = new AtomicReference<>();
        AtomicBoolean writeMeanwhile = new AtomicBoolean(true);
        reuse.set(new SearchReuse(() -> {
            if (writeMeanwhile.getAndSet(false)) {
                reuse.get().created(new SearchParameter()); // its reindex is asked for just after the answer was read
            }
            return false;
        }));
        reuse.get().created(new SearchParameter());

        assertThat(reuse.get().reusableIfBegunAfter("Patient", "?name=x")).isBefore(Instant.MAX);
        assertThat(reuse.get().reusableIfBegunAfter("Patient", "?name=x"))
                .as("the second write's reindex is not known done")
                .isEqualTo(Instant.MAX);
    }

    @Test
    void aTerminologyWriteStopsReuseOfTerminologyModifiersForAWhile() {
        SearchReuse reuse = new SearchReuse(() -> false);
        Instant before = Instant.now();

        reuse.created(new CodeSystem());

        assertThat(reuse.reusableIfBegunAfter("Observation", "?code:in=http%3A%2F%2Fexample.org%2Fvs"))
                .isAfterOrEqualTo(before.plus(SearchReuse.TERMINOLOGY_SETTLE).minusMillis(1));
        assertThat(reuse.reusableIfBegunAfter("Observation", "?code=1")).isBeforeOrEqualTo(before);
    }

    /** HAPI's store of searches, as small as these tests need: fetches counted. */
    static final class CountingStore implements ISearchCacheSvc {

        final Map<String, Search> searches = new HashMap<>();
        final AtomicInteger fetches = new AtomicInteger();

        Search store(String uuid, SearchStatusEnum status) {
            Search search = new Search();
            search.setUuid(uuid);
            search.setStatus(status);
            searches.put(uuid, search);
            return search;
        }

        @Override
        public Search save(Search search, RequestPartitionId partition) {
            searches.put(search.getUuid(), search);
            return search;
        }

        @Override
        public Optional<Search> fetchByUuid(String uuid, RequestPartitionId partition) {
            fetches.incrementAndGet();
            return Optional.ofNullable(searches.get(uuid));
        }

        @Override
        public Optional<Search> tryToMarkSearchAsInProgress(Search search, RequestPartitionId partition) {
            return Optional.of(search);
        }

        @Override
        public Optional<Search> findCandidatesForReuse(
                String type, String query, Instant createdAfter, RequestPartitionId partition) {
            return Optional.empty();
        }

        @Override
        public void pollForStaleSearchesAndDeleteThem(RequestPartitionId partition, Instant deadline) {}
    }

    private static ISearchCacheSvc kept(CountingStore store) {
        return (ISearchCacheSvc)
                new SearchReuse.FreshResultsOnly(new DefaultListableBeanFactory().getBeanProvider(SearchReuse.class))
                        .postProcessAfterInitialization(store, "searchCacheSvc");
    }

    private static void inARequest(Runnable work) {
        RequestContextHolder.setRequestAttributes(new ServletRequestAttributes(new MockHttpServletRequest()));
        try {
            work.run();
        } finally {
            RequestContextHolder.resetRequestAttributes();
        }
    }

    @Test
    void withinARequestAStoredSearchThatStoppedLoadingIsFetchedOnce() {
        CountingStore store = new CountingStore();
        store.store("finished", SearchStatusEnum.FINISHED);
        store.store("pass", SearchStatusEnum.PASSCMPLET);
        store.store("loading", SearchStatusEnum.LOADING);
        ISearchCacheSvc cache = kept(store);

        inARequest(() -> {
            for (int i = 0; i < 3; i++) {
                assertThat(cache.fetchByUuid("finished", null)).isPresent();
                assertThat(cache.fetchByUuid("pass", null)).isPresent();
            }
        });
        assertThat(store.fetches).hasValue(2);

        inARequest(() -> {
            cache.fetchByUuid("loading", null);
            cache.fetchByUuid("loading", null);
            assertThat(cache.fetchByUuid("unknown", null)).isEmpty();
            assertThat(cache.fetchByUuid("unknown", null)).isEmpty();
        });
        assertThat(store.fetches).hasValue(6);
    }

    @Test
    void aSaveOrAClaimToLoadMoreMakesTheNextFetchAskTheStore() {
        CountingStore store = new CountingStore();
        Search pass = store.store("pass", SearchStatusEnum.PASSCMPLET);
        ISearchCacheSvc cache = kept(store);

        inARequest(() -> {
            cache.fetchByUuid("pass", null);
            cache.tryToMarkSearchAsInProgress(pass, null);
            cache.fetchByUuid("pass", null);
            assertThat(store.fetches).hasValue(2);
            Search finished = store.store("pass", SearchStatusEnum.FINISHED);
            cache.save(finished, null);
            assertThat(cache.fetchByUuid("pass", null)).containsSame(finished);
            assertThat(store.fetches).hasValue(3);
        });
    }

    @Test
    void nothingIsKeptOutsideARequestNorFromOneRequestForTheNext() {
        CountingStore store = new CountingStore();
        store.store("finished", SearchStatusEnum.FINISHED);
        ISearchCacheSvc cache = kept(store);

        cache.fetchByUuid("finished", null);
        cache.fetchByUuid("finished", null);
        inARequest(() -> cache.fetchByUuid("finished", null));
        inARequest(() -> cache.fetchByUuid("finished", null));

        assertThat(store.fetches).hasValue(4);
    }
}
