package org.carerelay.handoff;

import static org.assertj.core.api.Assertions.assertThat;

import java.net.http.HttpRequest;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.Callable;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import net.jqwik.api.AfterFailureMode;
import net.jqwik.api.Arbitraries;
import net.jqwik.api.Arbitrary;
import net.jqwik.api.Combinators;
import net.jqwik.api.ForAll;
import net.jqwik.api.Property;
import net.jqwik.api.Provide;
import net.jqwik.api.ShrinkingMode;
import net.jqwik.api.lifecycle.BeforeProperty;
import org.carerelay.handoff.HandoffProperties.GuardMode;
import org.carerelay.handoff.rules.HandoffCodes;
import org.carerelay.handoff.rules.Transitions;
import org.carerelay.testing.AbstractFhirIT;
import org.carerelay.testing.RawHttp;
import org.carerelay.testing.RawHttp.Response;
import org.hl7.fhir.r4.model.Bundle;
import org.hl7.fhir.r4.model.Coding;
import org.hl7.fhir.r4.model.Encounter;
import org.hl7.fhir.r4.model.IdType;
import org.hl7.fhir.r4.model.OperationOutcome;
import org.hl7.fhir.r4.model.Parameters;
import org.hl7.fhir.r4.model.Provenance;
import org.hl7.fhir.r4.model.Reference;
import org.hl7.fhir.r4.model.StringType;
import org.hl7.fhir.r4.model.Task;
import org.hl7.fhir.r4.model.Task.TaskStatus;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.test.context.TestContextManager;

/**
 * Property: whatever sequence of writes clients send to a stored handoff (update, JSON Patch, FHIRPath Patch,
 * conditional update, delete and re-create, transaction, batch, and updates from concurrent clients), every stored
 * version keeps the guard's rules (no error finding, every status change one the Task state machine allows, also
 * across a deletion), every write the server acknowledged is stored as acknowledged, and every stored status change
 * has exactly one Provenance. A fixed seed makes a failure repeat; tries and a time budget keep it fast.
 */
class HandoffWritesPropertyIT extends AbstractFhirIT {

    private static final int TRIES = 40;
    private static final Duration BUDGET = Duration.ofSeconds(45);

    @Autowired
    HandoffGuard guard;

    private HandoffFixtures fixtures;
    private String encounter;
    private long stopAt;

    enum Kind {
        PUT,
        JSON_PATCH,
        FHIRPATH_PATCH,
        CONDITIONAL_PUT,
        DELETE_AND_PUT,
        TRANSACTION,
        BATCH,
        CONCURRENT_PUTS,
        CONCURRENT_TRANSACTIONS
    }

    /** One write: how it is sent, the status it asks for, and whether it drops a required element. */
    record Step(Kind kind, TaskStatus status, boolean incomplete) {}

    /** A write the server acknowledged: the version it answered and the status that version must hold. */
    record Ack(long version, TaskStatus status, Step step) {}

    @BeforeProperty
    void joinTheSharedServer() throws Exception {
        new TestContextManager(getClass()).prepareTestInstance(this);
        client = FHIR.newRestfulGenericClient(baseUrl());
        http = RawHttp.at(baseUrl());
        guard.mode(GuardMode.ENFORCE);
        fixtures = new HandoffFixtures(client);
        Encounter visit = new Encounter().setStatus(Encounter.EncounterStatus.FINISHED);
        visit.getClass_()
                .setSystem("http://terminology.hl7.org/CodeSystem/v3-ActCode")
                .setCode("AMB");
        visit.setSubject(new Reference(fixtures.patient));
        encounter = fixtures.create(visit);
        stopAt = System.nanoTime() + BUDGET.toNanos();
    }

    @Provide
    Arbitrary<List<Step>> writes() {
        Arbitrary<Step> step = Combinators.combine(
                        Arbitraries.of(Kind.class),
                        Arbitraries.of(TaskStatus.class).filter(status -> status != TaskStatus.NULL),
                        Arbitraries.integers().between(0, 9).map(n -> n == 0))
                .as(Step::new);
        return step.list().ofMinSize(3).ofMaxSize(8);
    }

    @Property(seed = "17", tries = TRIES, shrinking = ShrinkingMode.OFF, afterFailure = AfterFailureMode.SAMPLE_FIRST)
    void noWriteSequenceGetsAroundTheGuard(@ForAll("writes") List<Step> steps) throws Exception {
        if (System.nanoTime() > stopAt) {
            return; // the time budget is spent; the remaining tries pass without a request
        }
        Task task = fixtures.referral();
        String id = client.create().resource(task).execute().getId().getIdPart();
        task.setId(id);
        List<Ack> acks = new ArrayList<>();
        acks.add(new Ack(1, TaskStatus.REQUESTED, null));
        boolean deleted = false;
        for (Step step : steps) {
            deleted = apply(step, id, task, acks, deleted);
        }

        List<Task> history = history(id);
        assertGuardRulesHold(id, history, steps);
        for (Ack ack : acks) {
            Task version = history.stream()
                    .filter(v -> v.getIdElement().getVersionIdPartAsLong() == ack.version())
                    .findFirst()
                    .orElseThrow(() -> new AssertionError("acknowledged " + ack + " is not stored: " + steps));
            assertThat(version.getStatus()).as("%s of %s", ack, steps).isEqualTo(ack.status());
        }
        assertOneProvenancePerStatusChange(id, history, steps);
    }

    /** Sends one step; answers whether the Task is deleted afterwards (its re-creation refused). */
    private boolean apply(Step step, String id, Task task, List<Ack> acks, boolean deleted) throws Exception {
        Task next = next(task, id, step);
        int acknowledged = acks.size();
        Kind kind = deleted && step.kind() == Kind.CONDITIONAL_PUT ? Kind.PUT : step.kind();
        switch (kind) {
            case PUT -> ack(acks, step, send("PUT", "/Task/" + id, json(next), "application/fhir+json"));
            case CONDITIONAL_PUT ->
                ack(
                        acks,
                        step,
                        send(
                                "PUT",
                                "/Task?identifier=" + identifier(task).replace("|", "%7C"),
                                json(next),
                                "application/fhir+json"));
            case JSON_PATCH ->
                ack(
                        acks,
                        step,
                        send(
                                "PATCH",
                                "/Task/" + id,
                                "[{\"op\":\"replace\",\"path\":\"/status\",\"value\":\""
                                        + step.status().toCode() + "\"}"
                                        + (step.incomplete() ? ",{\"op\":\"remove\",\"path\":\"/priority\"}" : "")
                                        + "]",
                                "application/json-patch+json"));
            case FHIRPATH_PATCH -> {
                Parameters patch = new Parameters();
                Parameters.ParametersParameterComponent operation =
                        patch.addParameter().setName("operation");
                operation.addPart().setName("type").setValue(new org.hl7.fhir.r4.model.CodeType("replace"));
                operation.addPart().setName("path").setValue(new StringType("Task.status"));
                operation
                        .addPart()
                        .setName("value")
                        .setValue(
                                new org.hl7.fhir.r4.model.CodeType(step.status().toCode()));
                ack(acks, step, send("PATCH", "/Task/" + id, json(patch), "application/fhir+json"));
            }
            case DELETE_AND_PUT -> {
                Response deletion = http.send("DELETE", "/Task/" + id, null, HttpRequest.BodyPublishers.noBody());
                assertThat(deletion.status()).as(deletion.body()).isEqualTo(200);
                ack(acks, step, send("PUT", "/Task/" + id, json(next), "application/fhir+json"));
            }
            case TRANSACTION, BATCH -> {
                Bundle bundle = new Bundle()
                        .setType(step.kind() == Kind.BATCH ? Bundle.BundleType.BATCH : Bundle.BundleType.TRANSACTION);
                bundle.addEntry()
                        .setFullUrl("Task/" + id)
                        .setResource(next)
                        .getRequest()
                        .setMethod(Bundle.HTTPVerb.PUT)
                        .setUrl("Task/" + id);
                ackBundle(acks, step, http.postJson("", json(bundle)));
            }
            case CONCURRENT_PUTS, CONCURRENT_TRANSACTIONS -> {
                List<Callable<Response>> writes = new ArrayList<>();
                for (int i = 0; i < 3; i++) {
                    Task mine = next(task, id, step);
                    mine.getNoteFirstRep().setText("client " + i);
                    if (step.kind() == Kind.CONCURRENT_PUTS) {
                        writes.add(() -> send("PUT", "/Task/" + id, json(mine), "application/fhir+json"));
                    } else {
                        Bundle bundle = new Bundle().setType(Bundle.BundleType.TRANSACTION);
                        bundle.addEntry()
                                .setFullUrl("Task/" + id)
                                .setResource(mine)
                                .getRequest()
                                .setMethod(Bundle.HTTPVerb.PUT)
                                .setUrl("Task/" + id);
                        writes.add(() -> http.postJson("", json(bundle)));
                    }
                }
                ExecutorService pool = Executors.newFixedThreadPool(3);
                try {
                    for (Future<Response> answer : pool.invokeAll(writes)) {
                        if (step.kind() == Kind.CONCURRENT_PUTS) {
                            ack(acks, step, answer.get());
                        } else {
                            ackBundle(acks, step, answer.get());
                        }
                    }
                } finally {
                    pool.shutdown();
                }
            }
        }
        if (kind == Kind.DELETE_AND_PUT) {
            return acks.size() == acknowledged;
        }
        return deleted && acks.size() == acknowledged;
    }

    /** The Task as a client would write it next: the requested status and what that status needs. */
    private Task next(Task task, String id, Step step) {
        Task next = task.copy();
        next.setId(id);
        next.setStatus(step.status());
        next.getOutput().clear();
        if (step.status() != TaskStatus.REQUESTED && step.status() != TaskStatus.DRAFT) {
            next.addOutput()
                    .setValue(new StringType("seen, plan understood"))
                    .getType()
                    .addCoding(
                            new Coding(HandoffCodes.HANDOFF_PARAMETER, HandoffCodes.RECEIVER_SYNTHESIS_OUTPUT, null));
        }
        if (step.status() == TaskStatus.COMPLETED) {
            next.addOutput().setValue(new Reference(encounter)).getType().setText("visit");
        }
        next.getStatusReason().setText("status " + step.status().toCode());
        if (step.incomplete()) {
            next.setPriority(null);
        }
        return next;
    }

    private static void ack(List<Ack> acks, Step step, Response response) {
        assertThat(response.status()).as("%s: %s", step, response.body()).isLessThan(500);
        if (response.status() / 100 == 2) {
            Task written = FHIR.newJsonParser().parseResource(Task.class, response.body());
            acks.add(new Ack(Long.parseLong(written.getMeta().getVersionId()), written.getStatus(), step));
        } else {
            // 410: a patch of a Task whose re-creation was refused
            assertThat(response.status()).as("%s: %s", step, response.body()).isIn(409, 410, 412, 422);
        }
    }

    private static void ackBundle(List<Ack> acks, Step step, Response response) {
        assertThat(response.status()).as("%s: %s", step, response.body()).isLessThan(500);
        if (response.status() != 200) {
            assertThat(response.status()).as("%s: %s", step, response.body()).isIn(409, 412, 422);
            return;
        }
        Bundle.BundleEntryResponseComponent entry = FHIR.newJsonParser()
                .parseResource(Bundle.class, response.body())
                .getEntryFirstRep()
                .getResponse();
        if (entry.getStatus().startsWith("2")) {
            long version = new IdType(entry.getLocation()).getVersionIdPartAsLong();
            acks.add(new Ack(version, step.status(), step));
        } else {
            assertThat(entry.getStatus().substring(0, 3))
                    .as("%s: %s", step, response.body())
                    .isIn("409", "412", "422");
        }
    }

    /** Every live version passes the rules on its own and follows the last live version before it. */
    private void assertGuardRulesHold(String id, List<Task> history, List<Step> steps) {
        Task lastLive = null;
        for (Task version : history) {
            if (!version.hasStatus()) {
                continue; // a deletion
            }
            if (lastLive != null) {
                assertThat(Transitions.allowed(lastLive.getStatus(), version.getStatus()))
                        .as(
                                "Task/%s went from %s to %s in version %s: %s",
                                id,
                                lastLive.getStatus(),
                                version.getStatus(),
                                version.getIdElement().getVersionIdPart(),
                                steps)
                        .isTrue();
            }
            Task alone = version.copy();
            alone.setId((String) null);
            alone.setMeta(null);
            Parameters parameters = new Parameters();
            parameters.addParameter().setName("resource").setResource(alone);
            OperationOutcome findings =
                    http.postJson("/Task/$validate-handoff", json(parameters)).outcome();
            assertThat(findings.getIssue())
                    .as("version %s of Task/%s: %s", version.getIdElement().getVersionIdPart(), id, steps)
                    .noneMatch(issue -> issue.getSeverity() == OperationOutcome.IssueSeverity.ERROR);
            lastLive = version;
        }
    }

    /** One Provenance for each version whose status differs from the version before it (or that is the first). */
    private void assertOneProvenancePerStatusChange(String id, List<Task> history, List<Step> steps) {
        List<String> expected = new ArrayList<>();
        TaskStatus before = null;
        for (Task version : history) {
            if (version.hasStatus() && version.getStatus() != before) {
                expected.add(
                        "Task/" + id + "/_history/" + version.getIdElement().getVersionIdPart());
            }
            before = version.hasStatus() ? version.getStatus() : null;
        }
        List<String> recorded = client
                .search()
                .byUrl("Provenance?target=Task/" + id + "&_count=100")
                .returnBundle(Bundle.class)
                .execute()
                .getEntry()
                .stream()
                .map(e -> ((Provenance) e.getResource()).getTargetFirstRep().getReference())
                .toList();
        assertThat(recorded).as("Provenance of Task/%s: %s", id, steps).containsExactlyInAnyOrderElementsOf(expected);
    }

    /** Every version, oldest first; a deletion (absent from the history's resources) is a Task without status. */
    private List<Task> history(String id) {
        Bundle bundle = client.history()
                .onInstance(new IdType("Task", id))
                .returnBundle(Bundle.class)
                .count(100)
                .execute();
        Map<Long, Task> stored = new java.util.TreeMap<>();
        for (Bundle.BundleEntryComponent entry : bundle.getEntry()) {
            if (entry.getResource() instanceof Task version && version.hasStatus()) {
                stored.put(version.getIdElement().getVersionIdPartAsLong(), version);
            }
        }
        long newest = stored.keySet().stream().mapToLong(Long::longValue).max().orElse(0);
        List<Task> versions = new ArrayList<>();
        for (long v = 1; v <= newest; v++) {
            Task deletion = new Task();
            deletion.setId(new IdType("Task", id, Long.toString(v)));
            versions.add(stored.getOrDefault(v, deletion));
        }
        return versions;
    }

    private Response send(String method, String path, String body, String contentType) {
        return http.send(
                method,
                path,
                contentType,
                HttpRequest.BodyPublishers.ofString(body),
                Map.of("Prefer", "return=representation"));
    }

    private static String json(org.hl7.fhir.r4.model.Resource resource) {
        return FHIR.newJsonParser().encodeResourceToString(resource);
    }

    private static String identifier(Task task) {
        return task.getIdentifierFirstRep().getSystem() + "|"
                + task.getIdentifierFirstRep().getValue();
    }
}
