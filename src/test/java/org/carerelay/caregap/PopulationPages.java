package org.carerelay.caregap;

import ca.uhn.fhir.rest.api.server.RequestDetails;
import java.net.URLDecoder;
import java.nio.charset.StandardCharsets;
import java.util.Optional;
import org.hl7.fhir.r4.model.DateType;
import org.hl7.fhir.r4.model.IntegerType;
import org.hl7.fhir.r4.model.Parameters;
import org.hl7.fhir.r4.model.StringType;

/** Population pages asked of the provider directly, as the REST layer would ask them for a client. */
final class PopulationPages {

    private PopulationPages() {}

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
