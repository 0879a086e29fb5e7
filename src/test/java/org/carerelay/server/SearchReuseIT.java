package org.carerelay.server;

import static org.assertj.core.api.Assertions.assertThat;

import java.net.http.HttpRequest;
import java.util.UUID;
import org.carerelay.testing.AbstractFhirIT;
import org.carerelay.testing.RawHttp.Response;
import org.carerelay.testing.TestDatabase;
import org.hl7.fhir.r4.model.Bundle;
import org.hl7.fhir.r4.model.HumanName;
import org.hl7.fhir.r4.model.Observation;
import org.hl7.fhir.r4.model.Patient;
import org.hl7.fhir.r4.model.Reference;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/**
 * A repeated search is answered from the results stored for it (on the embedded database, which this process alone
 * writes to; never on PostgreSQL, which several servers may share) until something it could match is written: a write
 * of the searched type, or of any type for a search that reaches into other resources. {@code SearchReuseProperty}
 * sends random sequences of writes by every path.
 */
class SearchReuseIT extends AbstractFhirIT {

    static final String CODES = "urn:carerelay:it:reuse";

    private String marker;
    private String patient;

    /** One page of a search: the total the server counted and the id of its stored results (from the next link). */
    record Page(int total, String storedAs) {}

    @BeforeEach
    void twoObservations() {
        marker = UUID.randomUUID().toString();
        Patient someone = new Patient();
        someone.addName(new HumanName().setFamily("Reuse-" + marker));
        patient = create(client, someone);
        create(client, observation(marker, patient));
        create(client, observation(marker, patient));
        awaitReuse();
    }

    /**
     * Waits (at most a minute) until a search can be reused at all: after a SearchParameter write (the server's own at
     * start-up, another test's) nothing is reused until HAPI's reindex has finished.
     */
    private void awaitReuse() {
        if (!reused()) {
            return;
        }
        String probe = "/Observation?code=" + CODES + "%7C" + marker;
        long giveUpAt = System.nanoTime() + java.time.Duration.ofMinutes(1).toNanos();
        String previous = page(http, probe).storedAs();
        while (System.nanoTime() < giveUpAt) {
            String now = page(http, probe).storedAs();
            if (now.equals(previous)) {
                return;
            }
            previous = now;
            try {
                Thread.sleep(200);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                return;
            }
        }
    }

    @Test
    void aRepeatedSearchIsAnsweredFromItsStoredResultsOnlyOnTheEmbeddedDatabase() {
        Page first = page(http, "/Observation?code=" + CODES + "%7C" + marker);
        Page again = page(http, "/Observation?code=" + CODES + "%7C" + marker);

        assertThat(again.total()).isEqualTo(2);
        if (reused()) {
            assertThat(again.storedAs()).isEqualTo(first.storedAs());
        } else {
            assertThat(again.storedAs()).isNotEqualTo(first.storedAs());
        }
    }

    @Test
    void aWriteOfTheSearchedTypeIsSeenByTheNextSearch() {
        Page first = page(http, "/Observation?code=" + CODES + "%7C" + marker);

        create(client, observation(marker, patient));
        Page after = page(http, "/Observation?code=" + CODES + "%7C" + marker);

        assertThat(after.total()).isEqualTo(3);
        assertThat(after.storedAs()).isNotEqualTo(first.storedAs());
    }

    @Test
    void aWriteOfAnotherTypeLeavesTheStoredResultsInUse() {
        Page first = page(http, "/Observation?code=" + CODES + "%7C" + marker);

        create(client, new Patient().addName(new HumanName().setFamily("Other-" + marker)));
        Page after = page(http, "/Observation?code=" + CODES + "%7C" + marker);

        assertThat(after.total()).isEqualTo(2);
        assertThat(after.storedAs().equals(first.storedAs())).isEqualTo(reused());
    }

    @Test
    void aChainedSearchSeesWritesOfTheTypeItReachesInto() {
        String chained = "/Observation?subject:Patient.family=Reuse-" + marker;
        assertThat(page(http, chained).total()).isEqualTo(2);

        Patient renamed = client.read().resource(Patient.class).withId(patient).execute();
        renamed.getNameFirstRep().setFamily("Renamed-" + marker);
        client.update().resource(renamed).execute();

        assertThat(page(http, chained).total()).isZero();
    }

    @Test
    void aReverseChainSeesWritesOfTheTypeItReachesInto() {
        String has = "/Patient?_has:Observation:subject:code=" + CODES + "%7C" + marker;
        assertThat(page(http, has).total()).isEqualTo(1);

        Response searched = http.get("/Observation?code=" + CODES + "%7C" + marker);
        Bundle observations = FHIR.newJsonParser().parseResource(Bundle.class, searched.body());
        for (Bundle.BundleEntryComponent entry : observations.getEntry()) {
            String id = entry.getResource()
                    .getIdElement()
                    .toUnqualifiedVersionless()
                    .getValue();
            assertThat(http.send("DELETE", "/" + id, null, HttpRequest.BodyPublishers.noBody())
                            .status())
                    .isEqualTo(200);
        }

        assertThat(page(http, has).total()).isZero();
    }

    static boolean reused() {
        return !"postgres".equals(TestDatabase.name());
    }

    static Observation observation(String code, String subject) {
        Observation observation = new Observation().setStatus(Observation.ObservationStatus.FINAL);
        observation.getCode().addCoding().setSystem(CODES).setCode(code);
        observation.setSubject(new Reference(subject));
        return observation;
    }

    /** The first page of one result per page, with the total counted. */
    static Page page(org.carerelay.testing.RawHttp http, String search) {
        Response response = http.get(search + "&_count=1&_total=accurate");
        assertThat(response.status()).as(response.body()).isEqualTo(200);
        Bundle bundle = FHIR.newJsonParser().parseResource(Bundle.class, response.body());
        Bundle.BundleLinkComponent next = bundle.getLink(Bundle.LINK_NEXT);
        String storedAs = next == null ? null : next.getUrl().replaceAll(".*[?&]_getpages=([^&]+).*", "$1");
        return new Page(bundle.getTotal(), storedAs);
    }
}
