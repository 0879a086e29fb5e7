package org.carerelay.fhir;

import static org.assertj.core.api.Assertions.assertThat;

import ca.uhn.fhir.interceptor.model.RequestPartitionId;
import ca.uhn.fhir.jpa.api.dao.DaoRegistry;
import ca.uhn.fhir.jpa.api.dao.IDao;
import ca.uhn.fhir.jpa.dao.tx.IHapiTransactionService;
import ca.uhn.fhir.jpa.model.cross.IResourceLookup;
import ca.uhn.fhir.jpa.model.dao.JpaPid;
import ca.uhn.fhir.jpa.util.MemoryCacheService;
import ca.uhn.fhir.rest.api.server.SystemRequestDetails;
import ca.uhn.fhir.rest.param.TokenOrListParam;
import ca.uhn.fhir.rest.param.TokenParam;
import java.util.List;
import java.util.UUID;
import org.carerelay.testing.AbstractFhirIT;
import org.carerelay.testing.TestDatabase;
import org.hl7.fhir.r4.model.Condition;
import org.hl7.fhir.r4.model.IdType;
import org.hl7.fhir.r4.model.Patient;
import org.hl7.fhir.r4.model.Reference;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;

/**
 * A batch is named typed on PostgreSQL, after its row ids are put in HAPI's id cache (under the key a search asks), and
 * bare on H2; either way a search by the names finds exactly what the bare ids find.
 */
class CachedIdsIT extends AbstractFhirIT {

    @Autowired
    CachedIds cachedIds;

    @Autowired
    ReadOnlySearches searches;

    @Autowired
    DaoRegistry daos;

    @Autowired
    MemoryCacheService cache;

    @Autowired
    IHapiTransactionService transactions;

    private final SystemRequestDetails request = new SystemRequestDetails();

    @Test
    void aBatchIsNamedSoThatItsSearchesFindWhatItsBareIdsFind() {
        List<String> ids = List.of(
                create(client, new Patient()),
                create(client, new Patient()),
                stored("cached-" + UUID.randomUUID()),
                stored("cached-" + UUID.randomUUID()));
        ids.forEach(patient -> create(client, new Condition().setSubject(new Reference(patient))));
        create(client, new Condition().setSubject(new Reference(create(client, new Patient()))));
        List<Patient> batch = loaded(ids);
        // HAPI cached each id when it stored the patient: only what remember puts there counts
        cache.invalidateCaches(MemoryCacheService.CacheEnum.RESOURCE_LOOKUP_BY_FORCED_ID);

        CachedIds.Names names = cachedIds.remember("Patient", batch, request);

        boolean postgres = "postgres".equals(TestDatabase.name());
        assertThat(names).isEqualTo(new CachedIds.Names("Patient", postgres));
        for (Patient patient : batch) {
            List<IResourceLookup<JpaPid>> cached =
                    cache.getIfPresent(MemoryCacheService.CacheEnum.RESOURCE_LOOKUP_BY_FORCED_ID, key(patient));
            if (postgres) {
                // cached as HAPI caches its own lookup: the row id the patient was loaded with, not deleted
                assertThat(cached).singleElement().satisfies(lookup -> {
                    assertThat(lookup.getPersistentId().getId())
                            .isEqualTo(IDao.RESOURCE_PID.get(patient).getId());
                    assertThat(lookup.getDeleted()).isNull();
                });
            } else {
                // H2 names the batch bare, and caches nothing for it
                assertThat(cached).isNull();
            }
        }
        List<String> found = subjects(ReadOnlySearches.all().add("patient", names.of(batch)));
        List<String> bare =
                subjects(ReadOnlySearches.all().add("patient", new CachedIds.Names("Patient", false).of(batch)));
        assertThat(found).containsExactlyInAnyOrderElementsOf(ids);
        assertThat(bare).containsExactlyInAnyOrderElementsOf(ids);

        if (postgres) {
            // and a search asks the cache under that very key: told that the first patient is the second's row, a
            // search for the first finds the second's condition
            Patient first = batch.get(0);
            Patient second = batch.get(1);
            cache.put(
                    MemoryCacheService.CacheEnum.RESOURCE_LOOKUP_BY_FORCED_ID,
                    key(first),
                    cache.getIfPresent(MemoryCacheService.CacheEnum.RESOURCE_LOOKUP_BY_FORCED_ID, key(second)));
            try {
                assertThat(subjects(ReadOnlySearches.all().add("patient", names.of(first))))
                        .containsExactly("Patient/" + second.getIdElement().getIdPart());
            } finally {
                cache.invalidateCaches(MemoryCacheService.CacheEnum.RESOURCE_LOOKUP_BY_FORCED_ID);
            }
        }
    }

    private static MemoryCacheService.ForcedIdCacheKey key(Patient patient) {
        return new MemoryCacheService.ForcedIdCacheKey(
                "Patient", patient.getIdElement().getIdPart(), RequestPartitionId.allPartitions());
    }

    @Test
    void oneResourceIsNamedTypedAndInsideATransactionNothingIsCached() {
        List<Patient> one = loaded(List.of(stored("cached-" + UUID.randomUUID())));
        assertThat(cachedIds.remember("Patient", one, request)).isEqualTo(new CachedIds.Names("Patient", true));

        List<Patient> two =
                loaded(List.of(stored("cached-" + UUID.randomUUID()), stored("cached-" + UUID.randomUUID())));
        cache.invalidateCaches(MemoryCacheService.CacheEnum.RESOURCE_LOOKUP_BY_FORCED_ID);
        CachedIds.Names inside =
                transactions.withRequest(request).readOnly().execute(() -> cachedIds.remember("Patient", two, request));
        assertThat(inside.typed()).isEqualTo("postgres".equals(TestDatabase.name()));
        for (Patient patient : two) {
            assertThat((Object)
                            cache.getIfPresent(MemoryCacheService.CacheEnum.RESOURCE_LOOKUP_BY_FORCED_ID, key(patient)))
                    .isNull();
        }
    }

    private String stored(String id) {
        return client.update()
                .resource(new Patient().setId("Patient/" + id))
                .execute()
                .getId()
                .toUnqualifiedVersionless()
                .getValue();
    }

    /** The patients as a search loads them, with their row ids. */
    private List<Patient> loaded(List<String> references) {
        TokenOrListParam ids = new TokenOrListParam();
        references.forEach(reference -> ids.addOr(new TokenParam(new IdType(reference).getIdPart())));
        return searches.resources(Patient.class, ReadOnlySearches.all().add("_id", ids), request);
    }

    private List<String> subjects(ca.uhn.fhir.jpa.searchparam.SearchParameterMap search) {
        return searches.resources(Condition.class, search, request).stream()
                .map(condition -> condition.getSubject().getReference())
                .toList();
    }
}
