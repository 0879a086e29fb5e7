package org.carerelay.security;

import ca.uhn.fhir.jpa.searchparam.matcher.SearchParamMatcher;
import ca.uhn.fhir.rest.api.server.RequestDetails;
import java.util.List;
import org.carerelay.security.scopes.Scope;
import org.hl7.fhir.instance.model.api.IBaseResource;
import org.springframework.stereotype.Component;

/** SMART v2 scope restrictions ({@code patient/Observation.rs?category=laboratory}) matched against a resource. */
@Component
final class Restrictions {

    private final SearchParamMatcher matcher;

    Restrictions(SearchParamMatcher matcher) {
        this.matcher = matcher;
    }

    /** Whether some grant lets the resource through: an unrestricted one, or one whose restriction it matches. */
    boolean allow(List<Scope> grants, String type, IBaseResource resource, RequestDetails request) {
        for (Scope grant : grants) {
            if (!grant.restricted()
                    || matcher.match(type + "?" + query(grant), resource, request)
                            .matched()) {
                return true;
            }
        }
        return false;
    }

    static String query(Scope grant) {
        return grant.text().substring(grant.text().indexOf('?') + 1);
    }
}
