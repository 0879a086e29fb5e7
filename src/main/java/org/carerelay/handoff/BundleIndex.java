package org.carerelay.handoff;

import java.util.HashMap;
import java.util.Map;
import java.util.Optional;
import org.carerelay.fhir.LocalServer;
import org.carerelay.fhir.References;
import org.hl7.fhir.r4.model.Bundle;
import org.hl7.fhir.r4.model.Resource;

/**
 * The resources of a bundle by every name a reference may use for them: fullUrl and Type/id. With a {@link LocalServer},
 * an entry whose fullUrl is on this server's address is also found by Type/id (as a relative reference names it), and
 * one on another server only by its whole fullUrl and its own id.
 */
final class BundleIndex {

    static final BundleIndex EMPTY = new BundleIndex(null);

    private final Map<String, Resource> byReference = new HashMap<>();
    private final Bundle bundle;

    BundleIndex(Bundle bundle) {
        this(bundle, null);
    }

    /** Keys fullUrls as {@code server} reads references; null keeps the base-less keys of old (the guard's). */
    BundleIndex(Bundle bundle, LocalServer server) {
        this.bundle = bundle;
        if (bundle == null) {
            return;
        }
        for (Bundle.BundleEntryComponent entry : bundle.getEntry()) {
            Resource resource = entry.getResource();
            if (resource == null) {
                continue;
            }
            if (entry.hasFullUrl()) {
                byReference.put(References.key(entry.getFullUrl()), resource);
                if (server != null) {
                    byReference.put(server.key(entry.getFullUrl()), resource);
                }
            }
            if (resource.getIdElement().hasIdPart()
                    && !resource.getIdElement().getIdPart().startsWith("urn:")) {
                byReference.put(
                        resource.fhirType() + "/" + resource.getIdElement().getIdPart(), resource);
            }
        }
    }

    Optional<Resource> find(String key) {
        return Optional.ofNullable(byReference.get(key));
    }

    Iterable<Resource> resources() {
        return byReference.values();
    }

    /** The FHIRPath of a resource inside the bundle, or {@code Task} when it is not in it. */
    String pathOf(Resource resource) {
        if (bundle != null) {
            for (int i = 0; i < bundle.getEntry().size(); i++) {
                Resource candidate = bundle.getEntry().get(i).getResource();
                if (candidate == resource || (candidate != null && sameId(candidate, resource))) {
                    return "Bundle.entry[" + i + "].resource";
                }
            }
        }
        return resource.fhirType();
    }

    private static boolean sameId(Resource a, Resource b) {
        return a.fhirType().equals(b.fhirType())
                && a.getIdElement().hasIdPart()
                && a.getIdElement().getIdPart().equals(b.getIdElement().getIdPart());
    }
}
