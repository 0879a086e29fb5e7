package org.carerelay.fhir;

import ca.uhn.fhir.jpa.api.dao.DaoRegistry;
import ca.uhn.fhir.jpa.searchparam.SearchParameterMap;
import ca.uhn.fhir.rest.api.Constants;
import ca.uhn.fhir.rest.api.server.IBundleProvider;
import ca.uhn.fhir.rest.api.server.RequestDetails;
import java.util.HashMap;
import java.util.Map;
import java.util.function.Supplier;
import org.hl7.fhir.r4.model.Patient;

/**
 * The patients of a population operation whose pages go on in later requests (care gaps, the registry, plan
 * conflicts), found by a search HAPI stores. HAPI loads a stored search's row ids in passes: the first as many as the
 * request's {@code _count} (at least 14), a further one whenever a page reaches past what is loaded, and the request
 * that starts a further pass waits half a second before reading it (HAPI's search coordinator looks at a stale copy of
 * the search's state, then polls). A population page reads patients beyond its {@code _count}: a page of one report may
 * examine a hundred patients, so a walk with {@code _count=1} waited on its first page. The first pass is therefore as
 * wide as the server's largest page, whatever the page asks for; a population that fits in it never waits (a larger
 * one still waits at each of HAPI's later passes, at 501, 1,002 and 2,004 row ids with pages of 500).
 */
public final class PopulationSearch {

    private PopulationSearch() {}

    /** The patients {@code scope} finds, stored for paging, the first pass as wide as the server's largest page. */
    public static IBundleProvider patients(DaoRegistry daos, SearchParameterMap scope, RequestDetails request) {
        Integer widest =
                request.getServer() == null ? null : request.getServer().getMaximumPageSize();
        if (widest == null) {
            return daos.getResourceDao(Patient.class).search(scope, request);
        }
        return withCount(
                request, widest, () -> daos.getResourceDao(Patient.class).search(scope, request));
    }

    /**
     * What {@code search} answers while the request says {@code _count=count}: HAPI takes a stored search's count from
     * the request's {@code _count}, never from the map. The request's own parameters are back afterwards, also when the
     * search fails, and as a map HAPI may still change (it removes {@code _summary} and {@code _elements} from a failed
     * request before answering with an OperationOutcome; the map {@code getParameters} shows cannot be changed).
     */
    static <T> T withCount(RequestDetails request, int count, Supplier<T> search) {
        Map<String, String[]> asked = new HashMap<>(request.getParameters());
        Map<String, String[]> wide = new HashMap<>(asked);
        wide.put(Constants.PARAM_COUNT, new String[] {Integer.toString(count)});
        request.setParameters(wide);
        try {
            return search.get();
        } finally {
            request.setParameters(asked);
        }
    }
}
