package org.carerelay.fhir;

import ca.uhn.fhir.context.FhirContext;
import ca.uhn.fhir.context.FhirVersionEnum;
import ca.uhn.fhir.interceptor.api.HookParams;
import ca.uhn.fhir.interceptor.api.IInterceptorBroadcaster;
import ca.uhn.fhir.interceptor.api.Pointcut;
import ca.uhn.fhir.jpa.api.config.JpaStorageSettings;
import ca.uhn.fhir.jpa.dao.ISearchBuilder;
import ca.uhn.fhir.jpa.dao.SearchBuilderFactory;
import ca.uhn.fhir.jpa.model.config.PartitionSettings;
import ca.uhn.fhir.jpa.model.dao.JpaPid;
import ca.uhn.fhir.jpa.model.entity.ResourceEncodingEnum;
import ca.uhn.fhir.jpa.model.entity.ResourceHistoryTable;
import ca.uhn.fhir.jpa.search.BatchResourceLoader;
import ca.uhn.fhir.model.api.ResourceMetadataKeyEnum;
import ca.uhn.fhir.model.valueset.BundleEntrySearchModeEnum;
import ca.uhn.fhir.rest.api.server.IPreResourceAccessDetails;
import ca.uhn.fhir.rest.api.server.IPreResourceShowDetails;
import ca.uhn.fhir.rest.api.server.RequestDetails;
import ca.uhn.fhir.rest.api.server.SimplePreResourceAccessDetails;
import ca.uhn.fhir.rest.api.server.SimplePreResourceShowDetails;
import ca.uhn.fhir.rest.server.servlet.ServletRequestDetails;
import ca.uhn.fhir.rest.server.util.CompositeInterceptorBroadcaster;
import jakarta.persistence.EntityManagerFactory;
import java.util.ArrayList;
import java.util.Collections;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import javax.sql.DataSource;
import org.hibernate.cfg.AvailableSettings;
import org.hl7.fhir.instance.model.api.IBaseResource;
import org.springframework.jdbc.core.JdbcTemplate;
import org.springframework.stereotype.Component;

/**
 * The current version of stored resources, given their row ids, as a search's matches are handed out: loaded, then
 * passed through the pre-access and pre-show hooks with the caller's request.
 *
 * <p>HAPI loads a search's matches as Hibernate entities: each current version joined with its resource row, whose
 * entity carries a score of collections Hibernate registers one by one. For a population read of tens of thousands of
 * resources that was a third of the request's CPU, more than parsing them. Here the columns HAPI's loader reads come
 * with one plain query, and HAPI's own loader ({@link BatchResourceLoader}) parses them and fills in the id, version,
 * last update and source exactly as for a search. Only the plain case takes this path: a version stored as JSON text,
 * without tags, security labels or profiles kept apart, outside any partition, its source on the version row. Any
 * other (older encodings, external storage, tags, partitions, a version the resource row names but the history lacks)
 * is loaded by HAPI as before.
 */
@Component
public final class StoredResources {

    static final int CHUNK = 500;

    private static final String COLUMNS = "select r.RES_ID, r.FHIR_ID, v.RES_VER, v.RES_ENCODING, v.RES_TEXT_VC,"
            + " v.RES_VERSION, v.RES_PUBLISHED, v.RES_UPDATED, v.RES_DELETED_AT, v.HAS_TAGS, v.SOURCE_URI,"
            + " v.REQUEST_ID, v.PARTITION_ID, r.HAS_TAGS"
            + " from HFJ_RESOURCE r join HFJ_RES_VER v on v.RES_ID = r.RES_ID and v.RES_VER = r.RES_VER"
            + " where r.RES_TYPE = ? and r.RES_ID in (";

    private final FhirContext fhirContext;
    private final JdbcTemplate jdbc;
    private final BatchResourceLoader loader;
    private final SearchBuilderFactory<JpaPid> builders;
    private final IInterceptorBroadcaster interceptors;
    private final boolean plainPathOpen;

    StoredResources(
            FhirContext fhirContext,
            DataSource dataSource,
            BatchResourceLoader loader,
            SearchBuilderFactory<JpaPid> builders,
            IInterceptorBroadcaster interceptors,
            JpaStorageSettings storage,
            PartitionSettings partitions,
            EntityManagerFactory entityManagers) {
        this.fhirContext = fhirContext;
        this.jdbc = new JdbcTemplate(dataSource);
        this.loader = loader;
        this.builders = builders;
        this.interceptors = interceptors;
        // Where HAPI reads a version's source from its provenance table, the resources sit in partitions, or Hibernate
        // reads timestamps in a zone of its own, HAPI's own load does what this one does not.
        this.plainPathOpen = !storage.isAccessMetaSourceInformationFromProvenanceTable()
                && !partitions.isPartitioningEnabled()
                && entityManagers.getProperties().get(AvailableSettings.JDBC_TIME_ZONE) == null;
    }

    /**
     * These resources as a search shows them to the caller, in the order of {@code pids}; one deleted, missing, or
     * hidden by the hooks is left out. Runs in the caller's transaction.
     */
    public <T extends IBaseResource> List<T> shown(Class<T> type, List<JpaPid> pids, RequestDetails request) {
        IInterceptorBroadcaster hooks = CompositeInterceptorBroadcaster.newCompositeBroadcaster(interceptors, request);
        List<T> visible = new ArrayList<>(pids.size());
        for (int from = 0; from < pids.size(); from += CHUNK) {
            for (IBaseResource resource :
                    loaded(type, pids.subList(from, Math.min(pids.size(), from + CHUNK)), request)) {
                IBaseResource after = shown(hooks, resource, request);
                if (type.isInstance(after)) {
                    visible.add(type.cast(after));
                }
            }
        }
        return visible;
    }

    /**
     * The current versions of these resources, in the order of {@code pids}, each once; deleted and missing ones left
     * out.
     */
    List<IBaseResource> loaded(Class<? extends IBaseResource> type, List<JpaPid> pids, RequestDetails request) {
        String name = fhirContext.getResourceType(type);
        Map<Long, JpaPid> distinct = new LinkedHashMap<>();
        pids.forEach(pid -> distinct.putIfAbsent(pid.getId(), pid));
        Map<Long, IBaseResource> found = new HashMap<>();
        List<JpaPid> byHapi = new ArrayList<>();
        if (plainPathOpen) {
            plain(name, List.copyOf(distinct.values()), found, byHapi);
        } else {
            byHapi.addAll(distinct.values());
        }
        if (!byHapi.isEmpty()) {
            ISearchBuilder<JpaPid> builder = builders.newSearchBuilder(name, type);
            List<IBaseResource> hapi = new ArrayList<>();
            builder.loadResourcesByPid(byHapi, List.of(), hapi, false, request);
            for (int i = 0; i < hapi.size(); i++) {
                if (hapi.get(i) != null) {
                    found.put(byHapi.get(i).getId(), hapi.get(i));
                }
            }
        }
        List<IBaseResource> inOrder = new ArrayList<>(found.size());
        for (Long pid : distinct.keySet()) {
            IBaseResource resource = found.get(pid);
            if (resource != null) {
                inOrder.add(resource);
            }
        }
        return inOrder;
    }

    /**
     * Loads the plain ones of these resources into {@code found} by their row ids, and adds the others (and any the
     * query did not answer) to {@code byHapi}; deleted ones go to neither.
     */
    void plain(String name, List<JpaPid> pids, Map<Long, IBaseResource> found, List<JpaPid> byHapi) {
        Map<Long, JpaPid> wanted = new LinkedHashMap<>();
        for (JpaPid pid : pids) {
            if (pid.getVersion() != null || pid.getPartitionId() != null) {
                byHapi.add(pid);
            } else {
                wanted.putIfAbsent(pid.getId(), pid);
            }
        }
        if (wanted.isEmpty()) {
            return;
        }
        List<Object> arguments = new ArrayList<>(wanted.size() + 1);
        arguments.add(name);
        arguments.addAll(wanted.keySet());
        List<ResourceHistoryTable> versions = new ArrayList<>(wanted.size());
        jdbc.query(
                COLUMNS + String.join(",", Collections.nCopies(wanted.size(), "?")) + ")",
                row -> {
                    long id = row.getLong(1);
                    JpaPid pid = wanted.remove(id);
                    if (pid == null || row.getTimestamp(9) != null) {
                        return; // deleted: a search never shows it
                    }
                    String encoding = row.getString(4);
                    String text = row.getString(5);
                    String fhirId = row.getString(2);
                    FhirVersionEnum fhirVersion = fhirVersion(row.getString(6));
                    if (!ResourceEncodingEnum.JSON.name().equals(encoding)
                            || text == null
                            || fhirId == null
                            || fhirVersion == null
                            || row.getBoolean(10)
                            || row.getBoolean(14)
                            || row.getObject(13) != null) {
                        byHapi.add(pid);
                        return;
                    }
                    ResourceHistoryTable version = new ResourceHistoryTable();
                    version.setResourceId(id);
                    version.setResourceType(name);
                    version.setTransientForcedId(fhirId);
                    version.setVersion(row.getLong(3));
                    version.setEncoding(ResourceEncodingEnum.JSON);
                    version.setResourceTextVc(text);
                    version.setFhirVersion(fhirVersion);
                    version.setPublished(row.getTimestamp(7));
                    version.setUpdated(row.getTimestamp(8));
                    version.setHasTags(false);
                    version.setSourceUri(row.getString(11));
                    version.setRequestId(row.getString(12));
                    versions.add(version);
                },
                arguments.toArray());
        byHapi.addAll(wanted.values());
        for (BatchResourceLoader.ResourceLoadResult result : loader.loadResources(versions, false)) {
            if (!result.isDeleted() && result.resource() != null) {
                ResourceMetadataKeyEnum.ENTRY_SEARCH_MODE.put(result.resource(), BundleEntrySearchModeEnum.MATCH);
                found.put(result.pid().getId(), result.resource());
            }
        }
    }

    /** Whether plain rows are loaded here (otherwise every one is loaded by HAPI). */
    boolean plainPathOpen() {
        return plainPathOpen;
    }

    /** The FHIR version a version row names (HAPI writes the enum's name), or null for one this server cannot tell. */
    private static FhirVersionEnum fhirVersion(String name) {
        for (FhirVersionEnum version : FhirVersionEnum.values()) {
            if (version.name().equals(name)) {
                return version;
            }
        }
        return null;
    }

    /** The resource after the pre-access and pre-show hooks, as HAPI's search hands it out; null when hidden. */
    static IBaseResource shown(IInterceptorBroadcaster hooks, IBaseResource resource, RequestDetails request) {
        if (hooks.hasHooks(Pointcut.STORAGE_PREACCESS_RESOURCES)) {
            SimplePreResourceAccessDetails access = new SimplePreResourceAccessDetails(resource);
            HookParams params = new HookParams()
                    .add(IPreResourceAccessDetails.class, access)
                    .add(RequestDetails.class, request)
                    .addIfMatchesType(ServletRequestDetails.class, request);
            hooks.callHooks(Pointcut.STORAGE_PREACCESS_RESOURCES, params);
            if (access.isDontReturnResourceAtIndex(0)) {
                return null;
            }
        }
        if (!hooks.hasHooks(Pointcut.STORAGE_PRESHOW_RESOURCES)) {
            return resource;
        }
        SimplePreResourceShowDetails show = new SimplePreResourceShowDetails(resource);
        HookParams params = new HookParams()
                .add(IPreResourceShowDetails.class, show)
                .add(RequestDetails.class, request)
                .addIfMatchesType(ServletRequestDetails.class, request);
        hooks.callHooks(Pointcut.STORAGE_PRESHOW_RESOURCES, params);
        return show.getResource(0);
    }
}
