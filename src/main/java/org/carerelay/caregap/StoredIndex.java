package org.carerelay.caregap;

import ca.uhn.fhir.interceptor.model.RequestPartitionId;
import ca.uhn.fhir.jpa.api.dao.IDao;
import ca.uhn.fhir.jpa.model.config.PartitionSettings;
import ca.uhn.fhir.jpa.model.dao.JpaPid;
import ca.uhn.fhir.jpa.model.entity.ResourceIndexedSearchParamToken;
import jakarta.persistence.EntityManager;
import jakarta.persistence.PersistenceContext;
import java.util.ArrayList;
import java.util.Collection;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import org.hl7.fhir.instance.model.api.IAnyResource;
import org.springframework.stereotype.Component;

/**
 * What HAPI's search index holds, asked in one query so that a population read can leave out searches that cannot
 * match: the result is the same, since those searches read the same index. Each search of a batch of patients walks
 * every reference to those patients (H2 can use a list of ids only on an index's first column, so the type or code
 * asked for filters that walk instead of narrowing it): searches for what nothing stores (most eGFR variants, every
 * NYHA class, in many records every Task or CareTeam) cost that walk for nothing.
 *
 * <p>The hashes are HAPI's own ({@link ResourceIndexedSearchParamToken#calculateHashSystemAndValue}). With
 * partitioning on, where a hash may include the partition, every code counts as present.
 */
@Component
final class StoredIndex {

    private final PartitionSettings partitions;

    @PersistenceContext
    private EntityManager entities;

    StoredIndex(PartitionSettings partitions) {
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
                long hash = ResourceIndexedSearchParamToken.calculateHashSystemAndValue(
                        partitions,
                        RequestPartitionId.allPartitions(),
                        resourceType,
                        parameter,
                        code.substring(0, bar),
                        code.substring(bar + 1));
                String same = byHash.put(hash, code);
                if (same != null && !same.equals(code)) {
                    // two entries with one hash: the index cannot tell them apart, so both are searched
                    present.add(same);
                    present.add(code);
                }
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

    /**
     * For each of these patients ({@code id}), the resource types that reference them, in any element; empty when a
     * patient's row id is not known, meaning "any type may".
     */
    Optional<Map<String, Set<String>>> referencingEach(Collection<? extends IAnyResource> patients) {
        Map<Long, String> byRow = new HashMap<>();
        for (IAnyResource patient : patients) {
            JpaPid id = IDao.RESOURCE_PID.get(patient);
            if (id == null || id.getId() == null) {
                return Optional.empty();
            }
            byRow.put(id.getId(), patient.getIdElement().getIdPart());
        }
        Map<String, Set<String>> types = new HashMap<>();
        byRow.values().forEach(patient -> types.put(patient, new HashSet<>()));
        if (!byRow.isEmpty()) {
            List<?> rows = entities.createNativeQuery("select distinct TARGET_RESOURCE_ID, SOURCE_RESOURCE_TYPE from"
                            + " HFJ_RES_LINK where TARGET_RESOURCE_ID in (:ids)")
                    .setParameter("ids", List.copyOf(byRow.keySet()))
                    .getResultList();
            for (Object row : rows) {
                Object[] columns = (Object[]) row;
                types.get(byRow.get(((Number) columns[0]).longValue())).add((String) columns[1]);
            }
        }
        return Optional.of(types);
    }

    /**
     * The resource types that reference any of these patients (by their row ids, HAPI's {@link IDao#RESOURCE_PID}),
     * in any element; empty when a patient's row id is not known, meaning "ask every search".
     */
    Optional<Set<String>> referencing(Collection<? extends IAnyResource> patients) {
        List<Long> ids = new ArrayList<>();
        for (IAnyResource patient : patients) {
            JpaPid id = IDao.RESOURCE_PID.get(patient);
            if (id == null || id.getId() == null) {
                return Optional.empty();
            }
            ids.add(id.getId());
        }
        Set<String> types = new HashSet<>();
        if (!ids.isEmpty()) {
            entities.createNativeQuery(
                            "select distinct SOURCE_RESOURCE_TYPE from HFJ_RES_LINK where TARGET_RESOURCE_ID in (:ids)")
                    .setParameter("ids", ids)
                    .getResultList()
                    .forEach(type -> types.add((String) type));
        }
        return Optional.of(types);
    }
}
