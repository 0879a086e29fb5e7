package org.carerelay.handoff;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.tuple;

import java.net.http.HttpRequest;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.function.BiConsumer;
import java.util.stream.Stream;
import org.carerelay.handoff.HandoffProperties.GuardMode;
import org.carerelay.handoff.rules.HandoffCodes;
import org.carerelay.testing.AbstractFhirIT;
import org.carerelay.testing.RawHttp;
import org.carerelay.testing.RawHttp.Response;
import org.hl7.fhir.r4.model.Bundle;
import org.hl7.fhir.r4.model.CapabilityStatement;
import org.hl7.fhir.r4.model.CodeSystem;
import org.hl7.fhir.r4.model.CodeableConcept;
import org.hl7.fhir.r4.model.Coding;
import org.hl7.fhir.r4.model.Encounter;
import org.hl7.fhir.r4.model.OperationOutcome;
import org.hl7.fhir.r4.model.OperationOutcome.IssueSeverity;
import org.hl7.fhir.r4.model.OperationOutcome.OperationOutcomeIssueComponent;
import org.hl7.fhir.r4.model.Parameters;
import org.hl7.fhir.r4.model.Provenance;
import org.hl7.fhir.r4.model.Reference;
import org.hl7.fhir.r4.model.ServiceRequest;
import org.hl7.fhir.r4.model.StringType;
import org.hl7.fhir.r4.model.Task;
import org.hl7.fhir.r4.model.Task.TaskStatus;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.test.web.server.LocalManagementPort;

/** $validate-handoff and the handoff guard, over HTTP. */
class HandoffIT extends AbstractFhirIT {

    @Autowired
    HandoffGuard guard;

    @LocalManagementPort
    int managementPort;

    private HandoffFixtures fixtures;

    @BeforeEach
    void fixtures() {
        guard.mode(GuardMode.OFF);
        fixtures = new HandoffFixtures(client);
        guard.mode(GuardMode.ENFORCE);
    }

    @AfterEach
    void enforceAgain() {
        guard.mode(GuardMode.ENFORCE);
    }

    @Test
    void completeReferralTransitionOfCareAndShiftChangeAreAcceptedAndValidateClean() {
        for (Task task : List.of(fixtures.referral(), fixtures.transitionOfCare(), fixtures.shiftChange())) {
            Response created = post("/Task", task, Map.of());
            assertThat(created.status()).isEqualTo(201);
            assertThat(created.header(HandoffFindingsReporter.HEADER)).isNull();

            String id = created.header("Location").replaceAll(".*/Task/([^/]+)/.*", "$1");
            OperationOutcome outcome =
                    http.get("/Task/" + id + "/$validate-handoff").outcome();
            assertThat(outcome.getIssue())
                    .extracting(
                            OperationOutcomeIssueComponent::getSeverity,
                            i -> i.getDetails().getText())
                    .containsExactly(tuple(IssueSeverity.INFORMATION, "The handoff is complete"));
        }
    }

    static Stream<Arguments> ruleTriggers() {
        return Stream.of(
                trigger("patient-missing", "error", "Task.for", (t, f) -> t.setFor(new Reference(f.giver))),
                trigger("giver-missing", "error", "Task.requester", (t, f) -> t.setRequester(null)),
                trigger(
                        "receiver-missing",
                        "error",
                        "Task.owner",
                        (t, f) -> t.setOwner(null).setStatus(TaskStatus.RECEIVED)),
                trigger("severity-missing", "error", "Task.priority", (t, f) -> t.setPriority(null)),
                trigger("summary-missing", "error", "Task.reasonCode", (t, f) -> t.setReasonCode(null)),
                trigger("actions-missing", "error", "Task.focus", (t, f) -> t.setFocus(null)),
                trigger("contingency-missing", "warning", "Task.note", (t, f) -> t.setNote(null)),
                trigger("due-date-missing", "error", "Task.restriction.period.end", (t, f) -> t.setRestriction(null)),
                trigger(
                        "medication-list-missing",
                        "error",
                        "Task.input",
                        (t, f) -> t.setCode(new CodeableConcept(
                                        new Coding(HandoffCodes.HANDOFF_TYPE, "transition-of-care", null)))
                                .addInput()
                                .setValue(new Reference(f.dischargeSummary))
                                .getType()
                                .setText("discharge summary")),
                trigger(
                        "subject-mismatch",
                        "error",
                        "Task.focus",
                        (t, f) -> t.setFocus(new Reference(otherReferral(f)))),
                trigger(
                        "dangling-reference",
                        "error",
                        "Task.basedOn[0]",
                        (t, f) -> t.addBasedOn(new Reference("CarePlan/nowhere-" + UUID.randomUUID()))),
                trigger(
                        "receiver-not-on-care-team",
                        "warning",
                        "Task.owner",
                        (t, f) -> t.setOwner(new Reference(f.giver))),
                trigger("synthesis-missing", "warning", "Task.output", (t, f) -> t.setStatus(TaskStatus.ACCEPTED)),
                trigger(
                        "status-reason-missing",
                        "error",
                        "Task.statusReason",
                        (t, f) -> t.setStatus(TaskStatus.REJECTED)),
                trigger("loop-not-closed", "error", "Task.output", (t, f) -> t.setStatus(TaskStatus.COMPLETED)));
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("ruleTriggers")
    void eachRuleIsFoundByTheOperation(
            String rule, String severity, String expression, BiConsumer<Task, HandoffFixtures> change) {
        Task task = fixtures.referral();
        change.accept(task, fixtures);

        Response response = validate("resource", task);

        assertThat(response.status()).isEqualTo(200);
        assertThat(ruleIssues(response.outcome(), rule))
                .extracting(
                        i -> i.getSeverity().toCode(),
                        i -> i.getExpression().get(0).getValue())
                .containsExactly(tuple(severity, expression));
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("ruleTriggers")
    void eachRuleIsEnforcedByTheGuard(
            String rule, String severity, String expression, BiConsumer<Task, HandoffFixtures> change) {
        Task task = fixtures.referral();
        change.accept(task, fixtures);

        Response response = post("/Task", task, Map.of());

        if (severity.equals("error")) {
            assertThat(response.status()).isEqualTo(422);
            assertThat(ruleIssues(response.outcome(), rule))
                    .extracting(
                            i -> i.getSeverity().toCode(),
                            i -> i.getExpression().get(0).getValue())
                    .containsExactly(tuple(severity, expression));
            assertThat(count("Task?identifier=" + identifier(task))).isZero();
        } else {
            assertThat(response.status()).isEqualTo(201);
            assertThat(response.header(HandoffFindingsReporter.HEADER)).isEqualTo("1");
        }
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("ruleTriggers")
    void eachRuleIsReportedByTheGuardInWarnMode(
            String rule, String severity, String expression, BiConsumer<Task, HandoffFixtures> change) {
        guard.mode(GuardMode.WARN);
        Task task = fixtures.referral();
        change.accept(task, fixtures);

        Response response = post("/Task", task, Map.of("Prefer", "return=OperationOutcome"));

        if (rule.equals("dangling-reference")) {
            // Without the guard, the server's own referential integrity refuses the write.
            assertThat(response.status()).isEqualTo(400);
            assertThat(response.outcome().getIssueFirstRep().getDiagnostics()).contains("CarePlan/nowhere-");
            return;
        }
        assertThat(response.status()).isEqualTo(201);
        assertThat(Integer.parseInt(response.header(HandoffFindingsReporter.HEADER)))
                .isPositive();
        assertThat(ruleIssues(response.outcome(), rule))
                .extracting(
                        i -> i.getSeverity().toCode(),
                        i -> i.getExpression().get(0).getValue())
                .containsExactly(tuple(severity, expression));
        assertThat(count("Task?identifier=" + identifier(task))).isEqualTo(1);
    }

    @Test
    void refusedFindingsAreCountedByRuleOnThePrometheusEndpoint() {
        Task bad = fixtures.referral().setRequester(null);

        assertThat(post("/Task", bad, Map.of()).status()).isEqualTo(422);

        String metrics = RawHttp.at("http://localhost:" + managementPort)
                .get("/actuator/prometheus")
                .body();
        assertThat(metrics)
                .containsPattern("carerelay_handoff_findings_total\\{application=\"carerelay\",refused=\"true\","
                        + "rule=\"[a-z0-9-]+\",severity=\"error\"} [1-9]");
    }

    @Test
    void completedToInProgressIsAnInvalidTransition() {
        Encounter visit = new Encounter().setStatus(Encounter.EncounterStatus.FINISHED);
        visit.getClass_()
                .setSystem("http://terminology.hl7.org/CodeSystem/v3-ActCode")
                .setCode("AMB");
        visit.setSubject(new Reference(fixtures.patient));
        String encounter = fixtures.create(visit);
        Task task = fixtures.referral().setStatus(TaskStatus.COMPLETED);
        task.addOutput().setValue(new Reference(encounter)).getType().setText("visit");
        String id = client.create().resource(task).execute().getId().getIdPart();

        task.setId(id);
        task.setStatus(TaskStatus.INPROGRESS);
        task.addNote().setAuthor(new Reference(fixtures.receiver)).setText("reopening");
        Response response = put("/Task/" + id, task);

        assertThat(response.status()).isEqualTo(422);
        assertThat(ruleIssues(response.outcome(), "invalid-transition"))
                .extracting(
                        i -> i.getExpression().get(0).getValue(),
                        i -> i.getDetails().getText())
                .containsExactly(tuple("Task.status", "A handoff cannot go from completed to in-progress"));
        assertThat(client.read().resource(Task.class).withId(id).execute().getStatus())
                .isEqualTo(TaskStatus.COMPLETED);
    }

    @Test
    void patchThatRemovesThePriorityIsRefused() {
        String id =
                client.create().resource(fixtures.referral()).execute().getId().getIdPart();

        Response response = http.send(
                "PATCH",
                "/Task/" + id,
                "application/json-patch+json",
                HttpRequest.BodyPublishers.ofString("[{\"op\":\"remove\",\"path\":\"/priority\"}]"));

        assertThat(response.status()).isEqualTo(422);
        assertThat(ruleIssues(response.outcome(), "severity-missing")).hasSize(1);
    }

    @Test
    void transactionWithOneBadHandoffStoresNothing() {
        String marker = UUID.randomUUID().toString();
        Bundle transaction = new Bundle().setType(Bundle.BundleType.TRANSACTION);
        ServiceRequest request = new ServiceRequest()
                .setStatus(ServiceRequest.ServiceRequestStatus.ACTIVE)
                .setIntent(ServiceRequest.ServiceRequestIntent.ORDER);
        request.setSubject(new Reference(fixtures.patient));
        request.addIdentifier().setSystem("urn:carerelay:test").setValue(marker);
        String requestUrn = "urn:uuid:" + UUID.randomUUID();
        transaction
                .addEntry()
                .setFullUrl(requestUrn)
                .setResource(request)
                .getRequest()
                .setMethod(Bundle.HTTPVerb.POST)
                .setUrl("ServiceRequest");
        Task good = fixtures.referral().setFocus(new Reference(requestUrn));
        transaction
                .addEntry()
                .setFullUrl("urn:uuid:" + UUID.randomUUID())
                .setResource(good)
                .getRequest()
                .setMethod(Bundle.HTTPVerb.POST)
                .setUrl("Task");
        Task bad = fixtures.referral().setFocus(new Reference(requestUrn)).setRequester(null);
        transaction
                .addEntry()
                .setFullUrl("urn:uuid:" + UUID.randomUUID())
                .setResource(bad)
                .getRequest()
                .setMethod(Bundle.HTTPVerb.POST)
                .setUrl("Task");

        Response response = http.postJson("", FHIR.newJsonParser().encodeResourceToString(transaction));

        assertThat(response.status()).isEqualTo(422);
        assertThat(ruleIssues(response.outcome(), "giver-missing"))
                .extracting(i -> i.getExpression().get(0).getValue())
                .containsExactly("Bundle.entry[2].resource.requester");
        assertThat(count("ServiceRequest?identifier=urn:carerelay:test|" + marker))
                .isZero();
        assertThat(count("Task?identifier=" + identifier(good))).isZero();
    }

    @Test
    void batchRefusesOnlyTheBadHandoff() {
        Bundle batch = new Bundle().setType(Bundle.BundleType.BATCH);
        Task good = fixtures.referral();
        Task bad = fixtures.referral().setOwner(null).setStatus(TaskStatus.ACCEPTED);
        batch.addEntry()
                .setResource(good)
                .getRequest()
                .setMethod(Bundle.HTTPVerb.POST)
                .setUrl("Task");
        batch.addEntry()
                .setResource(bad)
                .getRequest()
                .setMethod(Bundle.HTTPVerb.POST)
                .setUrl("Task");

        Bundle response = client.transaction().withBundle(batch).execute();

        assertThat(response.getEntry())
                .extracting(e -> e.getResponse().getStatus().substring(0, 3))
                .containsExactly("201", "422");
        OperationOutcome outcome =
                (OperationOutcome) response.getEntry().get(1).getResponse().getOutcome();
        assertThat(ruleIssues(outcome, "receiver-missing"))
                .extracting(
                        OperationOutcomeIssueComponent::getSeverity,
                        i -> i.getExpression().get(0).getValue(),
                        OperationOutcomeIssueComponent::getDiagnostics)
                .containsExactly(tuple(
                        IssueSeverity.ERROR,
                        "Bundle.entry[1].resource.owner",
                        "The handoff names no receiver (Task.owner is empty)"));
        assertThat(count("Task?identifier=" + identifier(good))).isEqualTo(1);
        assertThat(count("Task?identifier=" + identifier(bad))).isZero();
    }

    @Test
    void conditionalUpdateOfAnUnsafeHandoffIsRefused() {
        Task task = fixtures.referral();
        client.create().resource(task).execute();
        task.setPriority(null);

        Response response = http.send(
                "PUT",
                "/Task?identifier=" + identifier(task).replace("|", "%7C"),
                "application/fhir+json",
                HttpRequest.BodyPublishers.ofString(FHIR.newJsonParser().encodeResourceToString(task)));

        assertThat(response.status()).isEqualTo(422);
        assertThat(ruleIssues(response.outcome(), "severity-missing")).hasSize(1);
    }

    @Test
    void bundleParameterChecksEveryHandoffAndPointsIntoTheBundle() {
        Bundle bundle = new Bundle().setType(Bundle.BundleType.TRANSACTION);
        String requestUrn = "urn:uuid:" + UUID.randomUUID();
        ServiceRequest request = new ServiceRequest()
                .setStatus(ServiceRequest.ServiceRequestStatus.ACTIVE)
                .setIntent(ServiceRequest.ServiceRequestIntent.ORDER);
        request.setSubject(new Reference(fixtures.patient));
        bundle.addEntry()
                .setFullUrl(requestUrn)
                .setResource(request)
                .getRequest()
                .setMethod(Bundle.HTTPVerb.POST)
                .setUrl("ServiceRequest");
        bundle.addEntry()
                .setResource(fixtures.referral().setFocus(new Reference(requestUrn)))
                .getRequest()
                .setMethod(Bundle.HTTPVerb.POST)
                .setUrl("Task");
        bundle.addEntry()
                .setResource(fixtures.referral().setOwner(null).setStatus(TaskStatus.ACCEPTED))
                .getRequest()
                .setMethod(Bundle.HTTPVerb.POST)
                .setUrl("Task");

        Response response = validate("bundle", bundle);

        assertThat(response.status()).isEqualTo(200);
        assertThat(response.outcome().getIssue())
                .extracting(
                        i -> i.getDetails().getCodingFirstRep().getCode(),
                        i -> i.getExpression().get(0).getValue())
                .containsExactlyInAnyOrder(
                        tuple("receiver-missing", "Bundle.entry[2].resource.owner"),
                        tuple("synthesis-missing", "Bundle.entry[2].resource.output"));
    }

    @Test
    void issueCarriesRuleAndIpassCodings() {
        Response response = validate("resource", fixtures.referral().setPriority(null));

        OperationOutcomeIssueComponent issue =
                ruleIssues(response.outcome(), "severity-missing").get(0);
        assertThat(issue.getCode()).isEqualTo(OperationOutcome.IssueType.REQUIRED);
        assertThat(issue.getDetails().getCoding())
                .extracting(Coding::getSystem, Coding::getCode)
                .containsExactly(
                        tuple(HandoffCodes.HANDOFF_RULE, "severity-missing"),
                        tuple(HandoffCodes.IPASS, "illness-severity"));
        assertThat(issue.getDetails().getText()).startsWith("No illness severity");
    }

    @Test
    void requestsThatAreNoHandoffAreRefusedWith400() {
        Task plain = new Task().setStatus(TaskStatus.REQUESTED).setIntent(Task.TaskIntent.ORDER);
        Response notHandoff = validate("resource", plain);
        assertThat(notHandoff.status()).isEqualTo(400);
        assertThat(notHandoff.outcome().getIssueFirstRep().getDiagnostics()).startsWith("The Task is not a handoff");

        Response nothing = http.postJson("/Task/$validate-handoff", "{\"resourceType\":\"Parameters\"}");
        assertThat(nothing.status()).isEqualTo(400);
        assertThat(nothing.outcome().getIssueFirstRep().getDiagnostics())
                .isEqualTo("Send exactly one of the parameters 'resource' (a Task) or 'bundle' (a Bundle)");

        String id = client.create().resource(plain).execute().getId().getIdPart();
        assertThat(http.get("/Task/" + id + "/$validate-handoff").status()).isEqualTo(400);
        assertThat(http.get("/Task/missing-" + id + "/$validate-handoff").status())
                .isEqualTo(404);
    }

    @Test
    void provenanceRecordsWhoHandedWhatToWhomAndWhen() {
        Task task = fixtures.referral();
        String id = client.create().resource(task).execute().getId().getIdPart();
        task.setId(id);
        task.setStatus(TaskStatus.ACCEPTED);
        task.addOutput()
                .setValue(new StringType("seeing her Thursday"))
                .getType()
                .addCoding(new Coding(HandoffCodes.HANDOFF_PARAMETER, HandoffCodes.RECEIVER_SYNTHESIS_OUTPUT, null));
        Response accepted = put("/Task/" + id, task);
        assertThat(accepted.status()).as(accepted.body()).isEqualTo(200);
        Encounter visit = new Encounter().setStatus(Encounter.EncounterStatus.FINISHED);
        visit.getClass_()
                .setSystem("http://terminology.hl7.org/CodeSystem/v3-ActCode")
                .setCode("AMB");
        visit.setSubject(new Reference(fixtures.patient));
        task.setStatus(TaskStatus.COMPLETED);
        task.addOutput()
                .setValue(new Reference(fixtures.create(visit)))
                .getType()
                .setText("visit");
        Response completed = put("/Task/" + id, task);
        assertThat(completed.status()).as(completed.body()).isEqualTo(200);

        Bundle provenance = client.search()
                .byUrl("Provenance?target=Task/" + id + "&_sort=recorded")
                .returnBundle(Bundle.class)
                .execute();

        assertThat(provenance.getEntry())
                .extracting(e -> (Provenance) e.getResource())
                .extracting(
                        p -> p.getTargetFirstRep().getReference(),
                        p -> p.getActivity().getCodingFirstRep().getCode(),
                        p -> p.getAgentFirstRep().getWho().getReference())
                .containsExactly(
                        tuple("Task/" + id + "/_history/1", "requested", fixtures.giver),
                        tuple("Task/" + id + "/_history/2", "accepted", fixtures.receiver),
                        tuple("Task/" + id + "/_history/3", "completed", fixtures.receiver));
    }

    @Test
    void concurrentStatusChangesOfOneTaskKeepProvenanceConsistent() throws Exception {
        Task task = fixtures.referral();
        String id = client.create().resource(task).execute().getId().getIdPart();
        task.setId(id);
        List<java.util.concurrent.Callable<Response>> updates = new java.util.ArrayList<>();
        for (int i = 0; i < 8; i++) {
            Task accepted = task.copy().setStatus(TaskStatus.ACCEPTED);
            accepted.addOutput()
                    .setValue(new StringType("synthesis " + i))
                    .getType()
                    .addCoding(
                            new Coding(HandoffCodes.HANDOFF_PARAMETER, HandoffCodes.RECEIVER_SYNTHESIS_OUTPUT, null));
            updates.add(() -> put("/Task/" + id, accepted));
        }
        java.util.concurrent.ExecutorService pool = java.util.concurrent.Executors.newFixedThreadPool(8);
        List<Response> responses = new java.util.ArrayList<>();
        try {
            for (java.util.concurrent.Future<Response> future : pool.invokeAll(updates)) {
                responses.add(future.get());
            }
        } finally {
            pool.shutdown();
        }

        assertThat(responses).extracting(Response::status).allMatch(status -> status == 200 || status == 409);
        long stored = responses.stream().filter(r -> r.status() == 200).count();
        assertThat(stored).isPositive();
        Bundle history = client.history()
                .onInstance(new org.hl7.fhir.r4.model.IdType("Task", id))
                .returnBundle(Bundle.class)
                .execute();
        assertThat(history.getEntry()).hasSize((int) (1 + stored));
        assertThat(client.search()
                        .byUrl("Provenance?target=Task/" + id)
                        .returnBundle(Bundle.class)
                        .execute()
                        .getEntry())
                .extracting(e -> ((Provenance) e.getResource())
                        .getActivity()
                        .getCodingFirstRep()
                        .getCode())
                .containsExactlyInAnyOrder("requested", "accepted");
    }

    @Test
    void codeSystemsAndOperationDefinitionArePublished() {
        CodeSystem rules = client
                .search()
                .byUrl("CodeSystem?url=" + HandoffCodes.HANDOFF_RULE)
                .returnBundle(Bundle.class)
                .execute()
                .getEntry()
                .stream()
                .map(e -> (CodeSystem) e.getResource())
                .findFirst()
                .orElseThrow();
        assertThat(rules.getConcept()).hasSize(16);
        for (String url : List.of(HandoffCodes.HANDOFF_TYPE, HandoffCodes.IPASS)) {
            assertThat(count("CodeSystem?url=" + url)).isEqualTo(1);
        }
        assertThat(count("OperationDefinition?url=" + HandoffDefinitions.VALIDATE_HANDOFF_URL))
                .isEqualTo(1);

        CapabilityStatement capabilities =
                client.capabilities().ofType(CapabilityStatement.class).execute();
        assertThat(capabilities.getRestFirstRep().getResource().stream()
                        .filter(r -> r.getType().equals("Task"))
                        .findFirst()
                        .orElseThrow()
                        .getOperation())
                .filteredOn(op -> op.getName().equals("validate-handoff"))
                .extracting(CapabilityStatement.CapabilityStatementRestResourceOperationComponent::getDefinition)
                .containsOnly(HandoffDefinitions.VALIDATE_HANDOFF_URL);
    }

    @Test
    void focusOnAnotherServerIsNeverMatchedToALocalResourceOfTheSameId() {
        // this server holds ServiceRequest/X of another patient; the hospital's ServiceRequest/X is another resource
        String local = otherReferral(fixtures);
        Task task = fixtures.referral().setFocus(new Reference("https://hospital.example.org/fhir/" + local));

        Response response = validate("resource", task);

        assertThat(response.status()).isEqualTo(200);
        assertThat(ruleIssues(response.outcome(), "subject-mismatch")).isEmpty();
        assertThat(ruleIssues(response.outcome(), "dangling-reference")).isEmpty();
        // the same reference, relative, is the local resource and about another patient
        assertThat(ruleIssues(
                        validate("resource", task.setFocus(new Reference(local)))
                                .outcome(),
                        "subject-mismatch"))
                .hasSize(1);
    }

    private static Arguments trigger(
            String rule, String severity, String expression, BiConsumer<Task, HandoffFixtures> change) {
        return Arguments.of(rule, severity, expression, change);
    }

    private static String otherReferral(HandoffFixtures fixtures) {
        return fixtures.create(new ServiceRequest()
                .setStatus(ServiceRequest.ServiceRequestStatus.ACTIVE)
                .setIntent(ServiceRequest.ServiceRequestIntent.ORDER)
                .setSubject(new Reference(fixtures.create(new org.hl7.fhir.r4.model.Patient()))));
    }

    private Response validate(String parameter, org.hl7.fhir.r4.model.Resource resource) {
        Parameters parameters = new Parameters();
        parameters.addParameter().setName(parameter).setResource(resource);
        return http.postJson("/Task/$validate-handoff", FHIR.newJsonParser().encodeResourceToString(parameters));
    }

    private Response post(String path, Task task, Map<String, String> headers) {
        return http.send(
                "POST",
                path,
                "application/fhir+json",
                HttpRequest.BodyPublishers.ofString(FHIR.newJsonParser().encodeResourceToString(task)),
                headers);
    }

    private Response put(String path, Task task) {
        return http.send(
                "PUT",
                path,
                "application/fhir+json",
                HttpRequest.BodyPublishers.ofString(FHIR.newJsonParser().encodeResourceToString(task)));
    }

    private static String identifier(Task task) {
        return task.getIdentifierFirstRep().getSystem() + "|"
                + task.getIdentifierFirstRep().getValue();
    }

    private static List<OperationOutcomeIssueComponent> ruleIssues(OperationOutcome outcome, String rule) {
        return outcome.getIssue().stream()
                .filter(i -> i.getDetails().getCoding().stream()
                        .anyMatch(c -> HandoffCodes.HANDOFF_RULE.equals(c.getSystem()) && rule.equals(c.getCode())))
                .toList();
    }
}
