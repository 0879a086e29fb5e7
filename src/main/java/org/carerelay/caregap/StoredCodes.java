package org.carerelay.caregap;

import ca.uhn.fhir.interceptor.model.RequestPartitionId;
import ca.uhn.fhir.jpa.model.config.PartitionSettings;
import ca.uhn.fhir.jpa.model.entity.ResourceIndexedSearchParamToken;
import jakarta.persistence.EntityManager;
import jakarta.persistence.PersistenceContext;
import java.util.Collection;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import org.springframework.stereotype.Component;

/**
 * Which of a list of codes any stored resource carries, from HAPI's token index in one query. A population read
 * searches Observations one code at a time for a batch of patients; each such search walks every observation link
 * of the batch, and a code nothing carries (most eGFR variants, every NYHA class in most records) cost that walk for
 * nothing. A code this says is absent cannot match, so its search is left out: the result is the same, since the
 * search reads the same index.
 *
 * <p>The hashes are HAPI's own ({@link ResourceIndexedSearchParamToken#calculateHashSystemAndValue}). With
 * partitioning on, where a hash may include the partition, every code counts as present.
 */
@Component
final class StoredCodes {

    private final PartitionSettings partitions;

    @PersistenceContext
    private EntityManager entities;

    StoredCodes(PartitionSettings partitions) {
        this.partitions = partitions;
    }

    /**
     * The {@code system|code} entries of {@code codes} that some {@code resourceType} carries in search parameter
     * {@code parameter}; an entry without a system counts as present.
     */
    Set<String> present(String resourceType, String parameter, Collection<String> codes) {
        Set<String> present = new HashSet<>();
        Map<Long, String> byHash = new HashMap<>();
        for (String code : codes) {
            int bar = code.indexOf('|');
            if (bar <= 0 || partitions.isPartitioningEnabled()) {
                present.add(code);
            } else {
                byHash.put(
                        ResourceIndexedSearchParamToken.calculateHashSystemAndValue(
                                partitions,
                                RequestPartitionId.allPartitions(),
                                resourceType,
                                parameter,
                                code.substring(0, bar),
                                code.substring(bar + 1)),
                        code);
            }
        }
        if (!byHash.isEmpty()) {
            List<?> found = entities.createNativeQuery(
                            "select distinct HASH_SYS_AND_VALUE from HFJ_SPIDX_TOKEN where HASH_SYS_AND_VALUE in (:hashes)")
                    .setParameter("hashes", List.copyOf(byHash.keySet()))
                    .getResultList();
            found.forEach(hash -> present.add(byHash.get(((Number) hash).longValue())));
        }
        return present;
    }
}
