package org.carerelay.server;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.ArrayList;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Set;
import java.util.UUID;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CyclicBarrier;
import org.carerelay.testing.AbstractFhirIT;
import org.carerelay.testing.RawHttp.Response;
import org.hl7.fhir.r4.model.Bundle;
import org.hl7.fhir.r4.model.Observation;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/**
 * The pages of a stored search, across the passes HAPI loads it in (503 results in its second pass, the rest in
 * the third): every page a request asks for is whole and the pages together are the matches, each once, also when two
 * requests ask at once for a page that needs the next pass. The server keeps a search it fetched for the rest of a
 * request ({@code SearchReuse}); these pages would come back short or time out if a kept copy hid the next pass.
 */
class SearchPagesIT extends AbstractFhirIT {

    static final int MATCHES = 560;

    /** Stored once per server: where, the marker code and the ids. */
    private static String storedOn;

    private static String marker;
    private static Set<String> stored;

    @BeforeEach
    void manyObservations() {
        if (baseUrl().equals(storedOn)) {
            return;
        }
        String code = UUID.randomUUID().toString();
        Bundle transaction = new Bundle().setType(Bundle.BundleType.TRANSACTION);
        for (int i = 0; i < MATCHES; i++) {
            transaction
                    .addEntry()
                    .setResource(observation(code))
                    .getRequest()
                    .setMethod(Bundle.HTTPVerb.POST)
                    .setUrl("Observation");
        }
        Bundle response = client.transaction().withBundle(transaction).execute();
        Set<String> ids = new LinkedHashSet<>();
        for (Bundle.BundleEntryComponent entry : response.getEntry()) {
            ids.add(entry.getResponse().getLocation().replaceAll("^(Observation/[^/]+).*", "$1"));
        }
        assertThat(ids).hasSize(MATCHES);
        stored = ids;
        marker = code;
        storedOn = baseUrl();
    }

    @Test
    void theNextLinksLeadThroughEveryMatchOnceWithTheTotalCounted() {
        Bundle page = bundle(http.get(
                "/Observation?code=" + SearchReuseIT.CODES + "%7C" + marker + "&_count=50&_total=accurate&_sort=_id"));
        assertThat(page.getTotal()).isEqualTo(MATCHES);
        List<String> seen = new ArrayList<>();
        int pages = 0;
        while (true) {
            pages++;
            assertThat(page.getEntry()).hasSize(pages <= MATCHES / 50 ? 50 : MATCHES % 50);
            page.getEntry()
                    .forEach(entry -> seen.add(
                            "Observation/" + entry.getResource().getIdElement().getIdPart()));
            Bundle.BundleLinkComponent next = page.getLink(Bundle.LINK_NEXT);
            if (next == null) {
                break;
            }
            page = bundle(http.get(next.getUrl().replaceFirst("^.*/fhir", "")));
        }

        assertThat(pages).isEqualTo(12);
        assertThat(seen).doesNotHaveDuplicates().containsExactlyInAnyOrderElementsOf(stored);
    }

    @Test
    void twoRequestsForAPageOfTheNextPassBothGetItWhole() throws Exception {
        Bundle first = bundle(http.get("/Observation?code=" + SearchReuseIT.CODES + "%7C" + marker + "&_count=50"));
        String storedAs = first.getLink(Bundle.LINK_NEXT).getUrl().replaceAll(".*[?&]_getpages=([^&]+).*", "$1");
        // results 500 to 549: the second pass ends at 503
        String beyondThePass = "?_getpages=" + storedAs + "&_getpagesoffset=500&_count=50&_bundletype=searchset";
        CyclicBarrier together = new CyclicBarrier(2);
        List<CompletableFuture<Response>> pages = new ArrayList<>();
        for (int i = 0; i < 2; i++) {
            pages.add(CompletableFuture.supplyAsync(() -> {
                try {
                    together.await();
                } catch (Exception e) {
                    throw new IllegalStateException(e);
                }
                return http.get(beyondThePass);
            }));
        }

        List<List<String>> ids = new ArrayList<>();
        for (CompletableFuture<Response> page : pages) {
            Bundle bundle = bundle(page.get());
            ids.add(bundle.getEntry().stream()
                    .map(entry ->
                            "Observation/" + entry.getResource().getIdElement().getIdPart())
                    .toList());
        }
        assertThat(ids.get(0)).hasSize(50).doesNotHaveDuplicates().isSubsetOf(stored);
        assertThat(ids.get(1)).isEqualTo(ids.get(0));
        Bundle rest = bundle(http.get(beyondThePass.replace("offset=500", "offset=550")));
        assertThat(rest.getEntry()).hasSize(10);
    }

    private static Observation observation(String code) {
        Observation observation = new Observation().setStatus(Observation.ObservationStatus.FINAL);
        observation.getCode().addCoding().setSystem(SearchReuseIT.CODES).setCode(code);
        return observation;
    }

    private static Bundle bundle(Response response) {
        assertThat(response.status()).as(response.body()).isEqualTo(200);
        return FHIR.newJsonParser().parseResource(Bundle.class, response.body());
    }
}
