package org.carerelay.handoff;

import ca.uhn.fhir.context.FhirContext;
import ca.uhn.fhir.jpa.api.dao.DaoRegistry;
import ca.uhn.fhir.jpa.searchparam.MatchUrlService;
import ca.uhn.fhir.jpa.searchparam.SearchParameterMap;
import ca.uhn.fhir.rest.api.server.RequestDetails;
import ca.uhn.fhir.rest.server.exceptions.BaseServerResponseException;
import java.util.List;
import java.util.Optional;
import org.hl7.fhir.instance.model.api.IBaseResource;
import org.springframework.stereotype.Component;

/**
 * Resolves a conditional reference ({@code Patient?identifier=...}) with the match search HAPI runs when it stores
 * the resource, so that the guard judges the resource the reference will point to. HAPI resolves match URLs only after
 * the pre-storage hooks where the guard runs.
 */
@Component
final class MatchUrls {

    private final DaoRegistry daos;
    private final MatchUrlService matchUrls;
    private final FhirContext fhir;

    MatchUrls(DaoRegistry daos, MatchUrlService matchUrls, FhirContext fhir) {
        this.daos = daos;
        this.matchUrls = matchUrls;
        this.fhir = fhir;
    }

    /** Whether a reference string is a match URL relative to this server. */
    static boolean isMatchUrl(String reference) {
        int query = reference.indexOf('?');
        return query > 0
                && !reference.startsWith("urn:")
                && !reference.startsWith("#")
                && !reference.substring(0, query).contains("/")
                && !reference.substring(0, query).contains(":");
    }

    /**
     * The {@code Type/id} of the one resource a match URL matches, searched with the caller's request; empty when it
     * matches none or several (HAPI then refuses the write) or is no valid search.
     */
    Optional<String> resolve(String matchUrl, RequestDetails request) {
        String type = matchUrl.substring(0, matchUrl.indexOf('?'));
        if (!daos.isResourceTypeSupported(type)) {
            return Optional.empty();
        }
        try {
            SearchParameterMap search = matchUrls.translateMatchUrl(matchUrl, fhir.getResourceDefinition(type));
            search.setLoadSynchronousUpTo(2);
            List<? extends IBaseResource> found = daos.getResourceDao(type).searchForResources(search, request);
            return found.size() == 1
                    ? Optional.of(found.get(0)
                            .getIdElement()
                            .toUnqualifiedVersionless()
                            .withResourceType(type)
                            .getValue())
                    : Optional.empty();
        } catch (BaseServerResponseException | IllegalArgumentException e) {
            return Optional.empty();
        }
    }
}
