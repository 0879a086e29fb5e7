package org.carerelay.server;

import static org.assertj.core.api.Assertions.assertThat;

import ca.uhn.fhir.context.FhirContext;
import java.net.http.HttpRequest;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.concurrent.Callable;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import org.carerelay.CareRelayApplication;
import org.carerelay.testing.RawHttp;
import org.carerelay.testing.RawHttp.Response;
import org.carerelay.testing.ServerArguments;
import org.carerelay.testing.TestDatabase;
import org.hl7.fhir.r4.model.Bundle;
import org.hl7.fhir.r4.model.Patient;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.Assumptions;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.springframework.boot.SpringApplication;
import org.springframework.boot.web.context.WebServerApplicationContext;
import org.springframework.context.ConfigurableApplicationContext;

/**
 * Two servers on one PostgreSQL database, as behind a load balancer: what one stores the other reads, searches and
 * lists in history at once, and conditional creates racing across the two store one resource.
 */
class TwoServersOneDatabaseIT {

    private static final FhirContext FHIR = FhirContext.forR4Cached();
    private static final String SYSTEM = "urn:carerelay:test:nodes";

    private static ConfigurableApplicationContext first;
    private static ConfigurableApplicationContext second;
    private static RawHttp a;
    private static RawHttp b;

    @BeforeAll
    static void startTwoServers() {
        Assumptions.assumeTrue(
                "postgres".equals(TestDatabase.name()),
                "several servers share a database server; this run is on the embedded H2, which one process owns");
        String[] arguments = ServerArguments.of(TestDatabase.freshDatabase(), 0);
        first = SpringApplication.run(CareRelayApplication.class, arguments);
        second = SpringApplication.run(CareRelayApplication.class, arguments);
        a = RawHttp.at(base(first));
        b = RawHttp.at(base(second));
    }

    @AfterAll
    static void stopThem() {
        if (second != null) {
            second.close();
        }
        if (first != null) {
            first.close();
        }
    }

    @Test
    void whatOneServerStoresTheOtherReadsSearchesAndListsAtOnce() {
        String value = UUID.randomUUID().toString();
        Response created = a.postJson("/Patient", patient(value, "Ana", "Nodes"));
        assertThat(created.status()).isEqualTo(201);
        String id = created.header("Location").replaceAll(".*/Patient/([^/]+)/_history/.*", "$1");

        assertThat(b.get("/Patient/" + id).status()).isEqualTo(200);
        assertThat(entries(b.get("/Patient?identifier=" + SYSTEM + "%7C" + value)))
                .isEqualTo(1);

        Response updated = b.send(
                "PUT",
                "/Patient/" + id,
                "application/fhir+json",
                HttpRequest.BodyPublishers.ofString(
                        patient(value, "Ana", "Updated").replaceFirst("\\{", "{\"id\":\"" + id + "\",")),
                Map.of("If-Match", "W/\"1\""));
        assertThat(updated.status()).isEqualTo(200);
        assertThat(a.get("/Patient/" + id).header("ETag")).isEqualTo("W/\"2\"");
        assertThat(entries(a.get("/Patient/" + id + "/_history"))).isEqualTo(2);
        assertThat(entries(a.get("/Patient?family=Updated&identifier=" + SYSTEM + "%7C" + value)))
                .isEqualTo(1);

        Response stale = a.send(
                "PUT",
                "/Patient/" + id,
                "application/fhir+json",
                HttpRequest.BodyPublishers.ofString(
                        patient(value, "Ana", "Nodes").replaceFirst("\\{", "{\"id\":\"" + id + "\",")),
                Map.of("If-Match", "W/\"1\""));
        assertThat(stale.status()).as("the other server's version counts").isEqualTo(412);
    }

    @Test
    void conditionalCreatesRacingAcrossTheTwoStoreOneResource() throws Exception {
        String value = UUID.randomUUID().toString();
        String body = patient(value, "Racer", "Nodes");
        ExecutorService pool = Executors.newFixedThreadPool(8);
        List<Callable<Response>> calls = new ArrayList<>();
        for (int i = 0; i < 8; i++) {
            RawHttp server = i % 2 == 0 ? a : b;
            calls.add(() -> server.send(
                    "POST",
                    "/Patient",
                    "application/fhir+json",
                    HttpRequest.BodyPublishers.ofString(body),
                    Map.of("If-None-Exist", "identifier=" + SYSTEM + "|" + value)));
        }
        List<Response> responses = new ArrayList<>();
        try {
            for (Future<Response> future : pool.invokeAll(calls)) {
                responses.add(future.get());
            }
        } finally {
            pool.shutdown();
        }

        assertThat(responses).extracting(Response::status).allMatch(status -> status == 200 || status == 201);
        assertThat(responses)
                .extracting(Response::status)
                .filteredOn(status -> status == 201)
                .hasSize(1);
        assertThat(entries(a.get("/Patient?identifier=" + SYSTEM + "%7C" + value)))
                .isEqualTo(1);
        assertThat(entries(b.get("/Patient?identifier=" + SYSTEM + "%7C" + value)))
                .isEqualTo(1);
    }

    @Test
    void aSearchPagedOnOneServerIsContinuedOnTheOther() {
        String family = "Paged" + UUID.randomUUID().toString().replace("-", "");
        for (int i = 0; i < 3; i++) {
            assertThat(a.postJson("/Patient", patient("page-" + i + "-" + family, "P" + i, family))
                            .status())
                    .isEqualTo(201);
        }
        Bundle page = FHIR.newJsonParser()
                .parseResource(
                        Bundle.class,
                        a.get("/Patient?family=" + family + "&_count=2").body());
        assertThat(page.getEntry()).hasSize(2);
        String next = page.getLink(Bundle.LINK_NEXT).getUrl();
        String onTheOther = next.substring(next.indexOf("/fhir") + "/fhir".length());

        Bundle rest = FHIR.newJsonParser()
                .parseResource(Bundle.class, b.get(onTheOther).body());

        assertThat(rest.getEntry()).hasSize(1);
    }

    private static int entries(Response response) {
        assertThat(response.status()).isEqualTo(200);
        return FHIR.newJsonParser()
                .parseResource(Bundle.class, response.body())
                .getEntry()
                .size();
    }

    private static String patient(String value, String given, String family) {
        Patient patient = new Patient();
        patient.addIdentifier().setSystem(SYSTEM).setValue(value);
        patient.addName().setFamily(family).addGiven(given);
        return FHIR.newJsonParser().encodeResourceToString(patient);
    }

    private static String base(ConfigurableApplicationContext context) {
        return "http://localhost:"
                + ((WebServerApplicationContext) context).getWebServer().getPort() + "/fhir";
    }
}
