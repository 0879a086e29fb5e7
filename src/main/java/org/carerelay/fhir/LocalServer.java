package org.carerelay.fhir;

import ca.uhn.fhir.context.FhirContext;
import java.util.LinkedHashSet;
import java.util.Set;
import java.util.regex.Pattern;
import org.hl7.fhir.instance.model.api.IBaseReference;
import org.hl7.fhir.instance.model.api.IBaseResource;
import org.hl7.fhir.r4.model.Reference;

/**
 * Which references name a resource on this server. A relative reference ({@code Patient/1}) always does; an absolute
 * one only when its base is this server's address ({@code carerelay.server-address}); without an address, none does.
 * An absolute reference to another server stays foreign: its key keeps the base, so it never equals the key of a
 * local resource, and it is never read from this server's store (a {@code ServiceRequest/X} at a hospital is not our
 * {@code ServiceRequest/X}).
 */
public final class LocalServer {

    /** No address known: only relative references are local. */
    public static final LocalServer RELATIVE_ONLY = new LocalServer(null);

    /** A version part and what follows it; compiled once, as keys are taken for every reference a population reads. */
    private static final Pattern HISTORY = Pattern.compile("/_history/.*$");

    private final String base;

    private LocalServer(String base) {
        this.base = base;
    }

    /** The server at {@code serverAddress}; blank or null means {@link #RELATIVE_ONLY}. */
    public static LocalServer at(String serverAddress) {
        if (serverAddress == null || serverAddress.isBlank()) {
            return RELATIVE_ONLY;
        }
        String trimmed = serverAddress.trim();
        return new LocalServer(trimmed.endsWith("/") ? trimmed.substring(0, trimmed.length() - 1) : trimmed);
    }

    /**
     * A comparable key: {@code Type/id} without version for a local reference; the versionless URL for one on another
     * server; the value itself for {@code urn:}, contained ({@code #}) and conditional ({@code Type?search})
     * references; null when the reference has no reference string (only an identifier, a display, an extension).
     */
    public String key(Reference reference) {
        return reference == null ? null : key(reference.getReference());
    }

    public String key(String value) {
        if (value == null) {
            return null;
        }
        if (value.startsWith("urn:") || value.startsWith("#") || value.contains("?")) {
            return value;
        }
        String versionless = HISTORY.matcher(value).replaceAll("");
        if (isAbsolute(versionless)) {
            String local = relativePart(versionless);
            if (local == null) {
                return versionless;
            }
            versionless = local;
        }
        String[] parts = versionless.split("/");
        if (parts.length < 2) {
            return value;
        }
        return parts[parts.length - 2] + "/" + parts[parts.length - 1];
    }

    /**
     * The keys ({@code Type/id}) of every literal reference in the resource, contained resources included, that names
     * a resource on this server; each once, in the order they stand.
     */
    public Set<String> referencedKeys(IBaseResource resource) {
        Set<String> keys = new LinkedHashSet<>();
        for (IBaseReference reference : FhirContext.forR4Cached()
                .newTerser()
                .getAllPopulatedChildElementsOfType(resource, IBaseReference.class)) {
            String value = reference.getReferenceElement().getValue();
            if (isLocal(value)) {
                String key = key(value);
                if (key.indexOf('/') > 0) {
                    keys.add(key);
                }
            }
        }
        return keys;
    }

    /** Whether a reference string names a resource this server holds (or would hold): relative, or on its base. */
    public boolean isLocal(String value) {
        if (value == null || value.startsWith("#") || value.startsWith("urn:") || value.contains("?")) {
            return false;
        }
        return !isAbsolute(value) || relativePart(value) != null;
    }

    /** The part after this server's base, or null when the URL is on another server. */
    private String relativePart(String url) {
        if (base == null || !url.startsWith(base + "/")) {
            return null;
        }
        return url.substring(base.length() + 1);
    }

    private static boolean isAbsolute(String value) {
        return value.startsWith("http://") || value.startsWith("https://");
    }
}
