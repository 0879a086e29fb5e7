package org.carerelay.server;

import static org.assertj.core.api.Assertions.assertThat;

import java.net.http.HttpRequest;
import java.time.Duration;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import net.jqwik.api.AfterFailureMode;
import net.jqwik.api.Arbitraries;
import net.jqwik.api.Arbitrary;
import net.jqwik.api.Combinators;
import net.jqwik.api.ForAll;
import net.jqwik.api.Property;
import net.jqwik.api.Provide;
import net.jqwik.api.ShrinkingMode;
import net.jqwik.api.lifecycle.BeforeProperty;
import org.carerelay.testing.AbstractFhirIT;
import org.carerelay.testing.RawHttp;
import org.carerelay.testing.RawHttp.Response;
import org.hl7.fhir.r4.model.Bundle;
import org.hl7.fhir.r4.model.Observation;
import org.hl7.fhir.r4.model.Patient;
import org.springframework.test.context.TestContextManager;

/**
 * Property: whatever sequence of writes clients send (create, conditional create, create and update by PUT, JSON
 * Patch, delete, delete and re-create, transaction, batch), a search sent after each write counts exactly the
 * resources that match, although the same search, sent before the write, stored results the server may reuse. A fixed
 * seed makes a failure repeat; tries and a time budget keep it fast.
 */
class SearchReusePropertyIT extends AbstractFhirIT {

    private static final int TRIES = 30;
    private static final Duration BUDGET = Duration.ofSeconds(40);

    private String patient;
    private long stopAt;

    enum Kind {
        POST,
        CONDITIONAL_POST,
        PUT_NEW,
        PUT_AWAY,
        PUT_BACK,
        PATCH_AWAY,
        DELETE,
        RECREATE,
        TRANSACTION,
        BATCH
    }

    /** One write and which of the candidate resources it picks (modulo their number). */
    record Step(Kind kind, int pick) {}

    @BeforeProperty
    void joinTheSharedServer() throws Exception {
        new TestContextManager(getClass()).prepareTestInstance(this);
        client = FHIR.newRestfulGenericClient(baseUrl());
        http = RawHttp.at(baseUrl());
        patient = create(client, new Patient());
        stopAt = System.nanoTime() + BUDGET.toNanos();
    }

    @Provide
    Arbitrary<List<Step>> writes() {
        Arbitrary<Step> step = Combinators.combine(
                        Arbitraries.of(Kind.class), Arbitraries.integers().between(0, 99))
                .as(Step::new);
        return step.list().ofMinSize(3).ofMaxSize(10);
    }

    @Property(seed = "29", tries = TRIES, shrinking = ShrinkingMode.OFF, afterFailure = AfterFailureMode.SAMPLE_FIRST)
    void everySearchCountsWhatIsStoredWhenItIsSent(@ForAll("writes") List<Step> steps) {
        if (System.nanoTime() > stopAt) {
            return; // the time budget is spent; the remaining tries pass without a request
        }
        Model model = new Model(UUID.randomUUID().toString());
        String search = "/Observation?code=" + SearchReuseIT.CODES + "%7C" + model.code;
        model.stored.put(created(model.code), true);
        model.stored.put(created(model.code), true);
        List<Step> sent = new ArrayList<>();
        assertThat(SearchReuseIT.page(http, search).total()).isEqualTo(2);
        for (Step step : steps) {
            sent.add(step);
            apply(step, model);
            assertThat(SearchReuseIT.page(http, search).total())
                    .as("after %s", sent)
                    .isEqualTo(model.matching());
        }
    }

    /** What is stored: each Observation's id and whether it carries the searched code; deleted ones apart. */
    static final class Model {
        final String code;
        final Map<String, Boolean> stored = new LinkedHashMap<>();
        final List<String> deleted = new ArrayList<>();

        Model(String code) {
            this.code = code;
        }

        long matching() {
            return stored.values().stream().filter(matches -> matches).count();
        }

        String pick(int n, boolean matches) {
            List<String> candidates = stored.entrySet().stream()
                    .filter(e -> e.getValue() == matches)
                    .map(Map.Entry::getKey)
                    .toList();
            return candidates.isEmpty() ? null : candidates.get(n % candidates.size());
        }
    }

    private void apply(Step step, Model model) {
        switch (step.kind()) {
            case POST -> model.stored.put(created(model.code), true);
            case CONDITIONAL_POST -> {
                String identifier = "c" + step.pick();
                Observation observation = observation(null, model.code);
                observation.addIdentifier().setSystem(SearchReuseIT.CODES).setValue(model.code + identifier);
                Response response = http.send(
                        "POST",
                        "/Observation",
                        "application/fhir+json",
                        HttpRequest.BodyPublishers.ofString(json(observation)),
                        Map.of("If-None-Exist", "identifier=" + SearchReuseIT.CODES + "%7C" + model.code + identifier));
                assertThat(response.status()).as(response.body()).isIn(200, 201);
                if (response.status() == 201) {
                    model.stored.put(idOf(response), true);
                }
            }
            case PUT_NEW -> {
                String id = "reuse-" + UUID.randomUUID();
                put(id, model.code, 201);
                model.stored.put("Observation/" + id, true);
            }
            case PUT_AWAY, PATCH_AWAY -> {
                String id = model.pick(step.pick(), true);
                if (id == null) {
                    return;
                }
                if (step.kind() == Kind.PUT_AWAY) {
                    put(id.substring("Observation/".length()), "away-" + model.code, 200);
                } else {
                    String patch = "[{\"op\":\"replace\",\"path\":\"/code/coding/0/code\",\"value\":\"away-"
                            + model.code + "\"}]";
                    Response response = http.send(
                            "PATCH",
                            "/" + id,
                            "application/json-patch+json",
                            HttpRequest.BodyPublishers.ofString(patch));
                    assertThat(response.status()).as(response.body()).isEqualTo(200);
                }
                model.stored.put(id, false);
            }
            case PUT_BACK -> {
                String id = model.pick(step.pick(), false);
                if (id != null) {
                    put(id.substring("Observation/".length()), model.code, 200);
                    model.stored.put(id, true);
                }
            }
            case DELETE -> {
                String id = model.pick(step.pick(), step.pick() % 2 == 0);
                if (id != null) {
                    Response response = http.send("DELETE", "/" + id, null, HttpRequest.BodyPublishers.noBody());
                    assertThat(response.status()).as(response.body()).isEqualTo(200);
                    model.stored.remove(id);
                    model.deleted.add(id);
                }
            }
            case RECREATE -> {
                if (!model.deleted.isEmpty()) {
                    String id = model.deleted.remove(step.pick() % model.deleted.size());
                    put(id.substring("Observation/".length()), model.code, 201);
                    model.stored.put(id, true);
                }
            }
            case TRANSACTION, BATCH -> {
                Bundle bundle = new Bundle()
                        .setType(
                                step.kind() == Kind.TRANSACTION
                                        ? Bundle.BundleType.TRANSACTION
                                        : Bundle.BundleType.BATCH);
                bundle.addEntry()
                        .setFullUrl("urn:uuid:" + UUID.randomUUID())
                        .setResource(observation(null, model.code))
                        .getRequest()
                        .setMethod(Bundle.HTTPVerb.POST)
                        .setUrl("Observation");
                String gone = model.pick(step.pick(), true);
                if (gone != null) {
                    bundle.addEntry()
                            .getRequest()
                            .setMethod(Bundle.HTTPVerb.DELETE)
                            .setUrl(gone);
                }
                Response response = http.postJson("", json(bundle));
                assertThat(response.status()).as(response.body()).isEqualTo(200);
                Bundle answer = FHIR.newJsonParser().parseResource(Bundle.class, response.body());
                for (Bundle.BundleEntryComponent entry : answer.getEntry()) {
                    assertThat(entry.getResponse().getStatus()).startsWith("20");
                }
                String location = answer.getEntryFirstRep().getResponse().getLocation();
                model.stored.put(
                        new org.hl7.fhir.r4.model.IdType(location)
                                .toUnqualifiedVersionless()
                                .getValue(),
                        true);
                if (gone != null) {
                    model.stored.remove(gone);
                    model.deleted.add(gone);
                }
            }
        }
    }

    private String created(String code) {
        return create(client, observation(null, code));
    }

    private void put(String id, String code, int status) {
        Response response = http.send(
                "PUT",
                "/Observation/" + id,
                "application/fhir+json",
                HttpRequest.BodyPublishers.ofString(json(observation(id, code))));
        assertThat(response.status()).as(response.body()).isEqualTo(status);
    }

    private Observation observation(String id, String code) {
        Observation observation = SearchReuseIT.observation(code, patient);
        observation.setId(id);
        return observation;
    }

    private static String idOf(Response created) {
        return new org.hl7.fhir.r4.model.IdType(created.header("Location"))
                .toUnqualifiedVersionless()
                .getValue();
    }

    private static String json(org.hl7.fhir.r4.model.Resource resource) {
        return FHIR.newJsonParser().encodeResourceToString(resource);
    }
}
