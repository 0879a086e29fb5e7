package org.carerelay.caregap;

import ca.uhn.fhir.rest.api.server.RequestDetails;
import ca.uhn.fhir.rest.server.IPagingProvider;
import ca.uhn.fhir.rest.server.SimpleBundleProvider;
import java.net.URLDecoder;
import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.Optional;
import org.hl7.fhir.r4.model.DateType;
import org.hl7.fhir.r4.model.IntegerType;
import org.hl7.fhir.r4.model.Parameters;
import org.hl7.fhir.r4.model.Patient;
import org.hl7.fhir.r4.model.StringType;

/** Population pages asked of the provider directly, as the REST layer would ask them for a client. */
final class PopulationPages {

    private PopulationPages() {}

    /**
     * Stores {@code patients} as a population search in {@code searches} and answers its id. The stored search knows its
     * id, as HAPI's do, so that a page's next link can name it.
     */
    static String stored(IPagingProvider searches, RequestDetails request, List<Patient> patients) {
        String[] uuid = new String[1];
        SimpleBundleProvider population = new SimpleBundleProvider(patients) {
            @Override
            public String getUuid() {
                return uuid[0];
            }
        };
        uuid[0] = searches.storeResultList(request, population);
        return uuid[0];
    }

    /** The page of {@code count} reports that {@code cursor} points at, with every filter left out. */
    static Parameters page(CareGapsProvider provider, DateType asOf, int count, String cursor, RequestDetails request) {
        return provider.populationCareGaps(
                asOf,
                null,
                null,
                null,
                null,
                null,
                null,
                null,
                new IntegerType(count),
                new StringType(cursor),
                null,
                request);
    }

    /** The page's next link, when it has one. */
    static Optional<String> nextLink(Parameters page) {
        return page.getParameter().stream()
                .filter(p -> p.getName().equals("next"))
                .findFirst()
                .map(p -> p.getValue().primitiveValue());
    }

    /** The {@code _cursor} of a next link, decoded. */
    static String cursorOf(String link) {
        return URLDecoder.decode(
                link.substring(link.indexOf("_cursor=") + "_cursor=".length()), StandardCharsets.UTF_8);
    }
}
