package org.carerelay.handoff;

import static org.assertj.core.api.Assertions.assertThat;

import ca.uhn.fhir.context.RuntimeSearchParam;
import ca.uhn.fhir.jpa.api.config.JpaStorageSettings;
import ca.uhn.fhir.rest.server.util.ISearchParamRegistry;
import java.net.http.HttpRequest;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import org.carerelay.handoff.HandoffProperties.GuardMode;
import org.carerelay.handoff.rules.HandoffCodes;
import org.carerelay.testing.AbstractFhirIT;
import org.carerelay.testing.RawHttp.Response;
import org.hl7.fhir.r4.model.Bundle;
import org.hl7.fhir.r4.model.CareTeam;
import org.hl7.fhir.r4.model.Coding;
import org.hl7.fhir.r4.model.Condition;
import org.hl7.fhir.r4.model.Encounter;
import org.hl7.fhir.r4.model.OperationOutcome;
import org.hl7.fhir.r4.model.OperationOutcome.OperationOutcomeIssueComponent;
import org.hl7.fhir.r4.model.Patient;
import org.hl7.fhir.r4.model.Practitioner;
import org.hl7.fhir.r4.model.Reference;
import org.hl7.fhir.r4.model.StringType;
import org.hl7.fhir.r4.model.Task;
import org.hl7.fhir.r4.model.Task.TaskStatus;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;

/** No way around the handoff guard: deletion and re-creation, conditional references, deleting what a handoff holds. */
class HandoffIntegrityIT extends AbstractFhirIT {

    @Autowired
    HandoffGuard guard;

    @Autowired
    JpaStorageSettings storage;

    @Autowired
    ISearchParamRegistry registry;

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
        storage.setEnforceReferentialIntegrityOnDelete(true);
    }

    @Test
    void aDeletedCompletedHandoffCannotBeWrittenAgainAsInProgress() {
        Task task = completedReferral(fixtures.create(visit()));
        String id = client.create().resource(task).execute().getId().getIdPart();
        assertThat(http.send("DELETE", "/Task/" + id, null, HttpRequest.BodyPublishers.noBody())
                        .status())
                .isEqualTo(200);

        task.setId(id);
        task.setStatus(TaskStatus.INPROGRESS);
        Response put = send("PUT", "/Task/" + id, task);
        Bundle transaction = new Bundle().setType(Bundle.BundleType.TRANSACTION);
        transaction
                .addEntry()
                .setFullUrl("Task/" + id)
                .setResource(task)
                .getRequest()
                .setMethod(Bundle.HTTPVerb.PUT)
                .setUrl("Task/" + id);
        Response inTransaction = http.postJson("", FHIR.newJsonParser().encodeResourceToString(transaction));

        for (Response refused : List.of(put, inTransaction)) {
            assertThat(refused.status()).as(refused.body()).isEqualTo(422);
            assertThat(ruleIssues(refused.outcome(), "invalid-transition"))
                    .extracting(OperationOutcomeIssueComponent::getDiagnostics)
                    .containsExactly("A handoff cannot go from completed to in-progress");
        }
        assertThat(http.get("/Task/" + id).status()).isEqualTo(410);
    }

    @Test
    void aConditionalPatientReferenceIsJudgedAsTheResourceItMatches() {
        String mrn = UUID.randomUUID().toString();
        Patient other = new Patient();
        other.addIdentifier().setSystem("urn:carerelay:test:mrn").setValue(mrn);
        String otherPatient = fixtures.create(other);
        Task task = fixtures.referral().setFor(new Reference("Patient?identifier=urn:carerelay:test:mrn|" + mrn));

        Response created = send("POST", "/Task", task);
        Bundle transaction = new Bundle().setType(Bundle.BundleType.TRANSACTION);
        addCreate(transaction, task);
        Response inTransaction = http.postJson("", FHIR.newJsonParser().encodeResourceToString(transaction));

        for (Response refused : List.of(created, inTransaction)) {
            assertThat(refused.status()).as(refused.body()).isEqualTo(422);
            assertThat(ruleIssues(refused.outcome(), "subject-mismatch"))
                    .extracting(OperationOutcomeIssueComponent::getDiagnostics)
                    .containsExactly(fixtures.referralRequest + " is about " + fixtures.patient
                            + ", but the Task is about Patient?identifier=urn:carerelay:test:mrn|" + mrn);
        }
        assertThat(count("Task?identifier=" + identifier(task))).isZero();

        Patient same =
                client.read().resource(Patient.class).withId(fixtures.patient).execute();
        same.addIdentifier().setSystem("urn:carerelay:test:mrn").setValue("same-" + mrn);
        client.update().resource(same).execute();
        Task matching =
                fixtures.referral().setFor(new Reference("Patient?identifier=urn:carerelay:test:mrn|same-" + mrn));
        Response stored = send("POST", "/Task", matching);
        assertThat(stored.status()).as(stored.body()).isEqualTo(201);
        String id = stored.header("Location").replaceAll(".*/Task/([^/]+)/.*", "$1");
        assertThat(client.read()
                        .resource(Task.class)
                        .withId(id)
                        .execute()
                        .getFor()
                        .getReference())
                .isEqualTo(fixtures.patient)
                .isNotEqualTo(otherPatient);
    }

    @Test
    void everythingAHandoffReferencesIsProtectedFromDeletion() {
        String encounter = fixtures.create(visit());
        String condition = fixtures.create(condition());
        Task task = completedReferral(encounter);
        task.setReasonReference(new Reference(condition));
        String id = client.create().resource(task).execute().getId().getIdPart();

        for (String held : List.of(
                encounter, condition, fixtures.referralRequest, fixtures.patient, fixtures.receiver, fixtures.giver)) {
            Response refused = http.send("DELETE", "/" + held, null, HttpRequest.BodyPublishers.noBody());

            assertThat(refused.status()).as(held + ": " + refused.body()).isEqualTo(409);
            assertThat(refused.outcome().getIssueFirstRep().getSeverity())
                    .isEqualTo(OperationOutcome.IssueSeverity.ERROR);
            // named by the handoff's own check (HAPI's would name the first referencing resource of any type)
            assertThat(refused.outcome().getIssueFirstRep().getDiagnostics())
                    .startsWith("Unable to delete " + held + " because Task/")
                    .contains("Task/" + id);
            assertThat(http.get("/" + held).status()).isEqualTo(200);
        }
    }

    @Test
    void theStringIndexLeavesOutTheReferencesThatParametersOfAnyTypeIndex() {
        String encounter = fixtures.create(visit());
        Task task = completedReferral(encounter);
        String id = client.create().resource(task).execute().getId().getIdPart();

        // output, owner and requester are in held-reference; for and focus are in HAPI's links only
        for (String held : List.of(encounter, fixtures.receiver, fixtures.giver)) {
            assertThat(count("Task?_id=" + id + "&held-reference=" + held))
                    .as(held)
                    .isEqualTo(1);
        }
        for (String linked : List.of(fixtures.patient, fixtures.referralRequest)) {
            assertThat(count("Task?_id=" + id + "&held-reference=" + linked))
                    .as(linked)
                    .isZero();
        }
        assertThat(count("Task?_id=" + id + "&subject=" + fixtures.patient)).isEqualTo(1);
    }

    @Test
    void theLinkedPathsAreThoseOfStandardTaskParametersThatTakeAnyType() {
        // HAPI lists every type a reference can name (all but Parameters) for a parameter that takes any
        List<String> any = FHIR.getResourceTypes().stream()
                .filter(type -> !type.equals("Parameters"))
                .toList();
        List<String> paths = new ArrayList<>();
        for (String code : HeldReferences.LINKED_PARAMETERS) {
            RuntimeSearchParam parameter = registry.getActiveSearchParam(
                    "Task", code, ISearchParamRegistry.SearchParamLookupContextEnum.INDEX);
            paths.add(parameter.getPath());
            assertThat(parameter.getTargets()).as(code).containsExactlyInAnyOrderElementsOf(any);
        }

        assertThat(paths).isEqualTo(HeldReferences.LINKED_PATHS);
    }

    @Test
    void aReferenceOfATypeItsStandardParameterDoesNotTakeIsHeldThroughTheStringIndex() {
        // HAPI refuses CareTeam/id as a requester, but not a conditional reference, which it resolves to one; the
        // requester parameter does not take CareTeams, so HAPI's link table has no row for it
        String mrn = UUID.randomUUID().toString();
        CareTeam team = new CareTeam().setStatus(CareTeam.CareTeamStatus.ACTIVE);
        team.addIdentifier().setSystem("urn:carerelay:test:team").setValue(mrn);
        String teamId = fixtures.create(team);
        Task task = new Task().setStatus(TaskStatus.REQUESTED).setIntent(Task.TaskIntent.ORDER);
        task.setFor(new Reference(fixtures.patient))
                .setRequester(new Reference("CareTeam?identifier=urn:carerelay:test:team|" + mrn));
        String id = client.create().resource(task).execute().getId().getIdPart();
        assertThat(client.read()
                        .resource(Task.class)
                        .withId(id)
                        .execute()
                        .getRequester()
                        .getReference())
                .isEqualTo(teamId);
        assertThat(count("Task?_id=" + id + "&held-reference=" + teamId)).isEqualTo(1);
        assertThat(count("Task?_id=" + id + "&requester=" + teamId)).isZero();

        Response refused = http.send("DELETE", "/" + teamId, null, HttpRequest.BodyPublishers.noBody());

        assertThat(refused.status()).as(refused.body()).isEqualTo(409);
        assertThat(refused.outcome().getIssueFirstRep().getDiagnostics())
                .isEqualTo("Unable to delete " + teamId + " because Task/" + id + " references it");
    }

    @Test
    void aHandoffWhoseReferencesAreGoneCanStillBeClosed() {
        String encounter = fixtures.create(visit());
        String condition = fixtures.create(condition());
        Task completed = completedReferral(encounter);
        String completedId =
                client.create().resource(completed).execute().getId().getIdPart();
        Task accepted = accepted(fixtures.referral());
        accepted.setReasonReference(new Reference(condition));
        String acceptedId = client.create().resource(accepted).execute().getId().getIdPart();
        // as in a database written before every reference was protected
        storage.setEnforceReferentialIntegrityOnDelete(false);
        for (String gone : List.of(encounter, condition)) {
            assertThat(http.send("DELETE", "/" + gone, null, HttpRequest.BodyPublishers.noBody())
                            .status())
                    .isEqualTo(200);
        }
        storage.setEnforceReferentialIntegrityOnDelete(true);

        accepted.setId(acceptedId);
        Response stillDangling = send("PUT", "/Task/" + acceptedId, accepted);
        assertThat(stillDangling.status()).isEqualTo(422);
        assertThat(ruleIssues(stillDangling.outcome(), "dangling-reference")).hasSize(1);

        completed.setId(completedId);
        completed.setStatus(TaskStatus.ENTEREDINERROR);
        Response enteredInError = send("PUT", "/Task/" + completedId, completed);
        accepted.setStatus(TaskStatus.CANCELLED).getStatusReason().setText("patient moved away");
        Response cancelled = send("PUT", "/Task/" + acceptedId, accepted);

        assertThat(enteredInError.status()).as(enteredInError.body()).isEqualTo(200);
        assertThat(cancelled.status()).as(cancelled.body()).isEqualTo(200);
        assertThat(client.read()
                        .resource(Task.class)
                        .withId(acceptedId)
                        .execute()
                        .getStatus())
                .isEqualTo(TaskStatus.CANCELLED);
    }

    @Test
    void aReferenceIsFoundByItsTypeAndIdNeverByTheIdAlone() {
        String shared = "same-id-" + UUID.randomUUID();
        Practitioner practitioner = new Practitioner();
        practitioner.setId(shared);
        practitioner.addName().setFamily("Same-Id");
        client.update().resource(practitioner).execute();
        Task task = fixtures.referral().setEncounter(new Reference("Encounter/" + shared));

        Response refused = send("POST", "/Task", task);

        assertThat(refused.status()).as(refused.body()).isEqualTo(422);
        assertThat(ruleIssues(refused.outcome(), "dangling-reference"))
                .extracting(OperationOutcomeIssueComponent::getDiagnostics)
                .containsExactly("Task.encounter references Encounter/" + shared
                        + ", which exists neither on the server nor in the same bundle");

        // the Practitioner of that id is found, and the stored Task is linked to it
        task.setEncounter(null).setOwner(new Reference("Practitioner/" + shared));
        Response stored = send("POST", "/Task", task);
        assertThat(stored.status()).as(stored.body()).isEqualTo(201);
        assertThat(count("Task?identifier=" + identifier(task) + "&owner=Practitioner/" + shared))
                .isEqualTo(1);
    }

    @Test
    void aResourceDeletedEarlierInTheSameTransactionIsGoneForTheHandoff() {
        String encounter = fixtures.create(visit());
        CareTeam team = team(fixtures.patient, CareTeam.CareTeamStatus.ACTIVE, fixtures.giver);
        String teamId = fixtures.create(team);
        Task task = fixtures.referral().setEncounter(new Reference(encounter)).setOwner(new Reference(fixtures.giver));
        Bundle transaction = new Bundle().setType(Bundle.BundleType.TRANSACTION);
        transaction.addEntry().getRequest().setMethod(Bundle.HTTPVerb.DELETE).setUrl(encounter);
        transaction.addEntry().getRequest().setMethod(Bundle.HTTPVerb.DELETE).setUrl(teamId);
        addCreate(transaction, task);

        Response refused = http.postJson("", FHIR.newJsonParser().encodeResourceToString(transaction));

        assertThat(refused.status()).as(refused.body()).isEqualTo(422);
        assertThat(ruleIssues(refused.outcome(), "dangling-reference"))
                .extracting(OperationOutcomeIssueComponent::getDiagnostics)
                .containsExactly("Task.encounter references " + encounter
                        + ", which exists neither on the server nor in the same bundle");
        assertThat(http.get("/" + encounter).status()).isEqualTo(200);

        // the care team the same transaction deletes no longer has the receiver on it
        transaction.getEntry().remove(0);
        task.setEncounter(null);
        Response stored = http.postJson("", FHIR.newJsonParser().encodeResourceToString(transaction));
        assertThat(stored.status()).as(stored.body()).isEqualTo(200);
        assertThat(stored.header(HandoffFindingsReporter.HEADER)).isEqualTo("1");
        assertThat(http.get("/" + teamId).status()).isEqualTo(410);
    }

    @Test
    void onlyAnActiveCareTeamOfThePatientHasTheReceiverOnIt() {
        Practitioner nurse = new Practitioner();
        nurse.addName().setFamily("Nurse");
        String receiver = fixtures.create(nurse);
        Patient someoneElse = new Patient();
        someoneElse.addName().setFamily("Else");
        String otherPatient = fixtures.create(someoneElse);
        fixtures.create(team(fixtures.patient, CareTeam.CareTeamStatus.INACTIVE, receiver));
        fixtures.create(team(otherPatient, CareTeam.CareTeamStatus.ACTIVE, receiver));
        fixtures.create(team(fixtures.patient, CareTeam.CareTeamStatus.ACTIVE, fixtures.giver));

        Response notOnTeam = sendForOutcome(fixtures.referral().setOwner(new Reference(receiver)));

        assertThat(notOnTeam.status()).as(notOnTeam.body()).isEqualTo(201);
        assertThat(ruleIssues(notOnTeam.outcome(), "receiver-not-on-care-team"))
                .extracting(OperationOutcomeIssueComponent::getDiagnostics)
                .containsExactly("The receiver " + receiver + " is on none of the patient's active care teams");

        fixtures.create(team(fixtures.patient, CareTeam.CareTeamStatus.ACTIVE, receiver));
        Response onTeam = sendForOutcome(fixtures.referral().setOwner(new Reference(receiver)));

        assertThat(onTeam.status()).as(onTeam.body()).isEqualTo(201);
        assertThat(ruleIssues(onTeam.outcome(), "receiver-not-on-care-team")).isEmpty();
    }

    private static void addCreate(Bundle transaction, Task task) {
        transaction
                .addEntry()
                .setFullUrl("urn:uuid:" + UUID.randomUUID())
                .setResource(task)
                .getRequest()
                .setMethod(Bundle.HTTPVerb.POST)
                .setUrl("Task");
    }

    private static CareTeam team(String patient, CareTeam.CareTeamStatus status, String member) {
        CareTeam team = new CareTeam().setStatus(status).setSubject(new Reference(patient));
        team.addParticipant().setMember(new Reference(member));
        return team;
    }

    private Response sendForOutcome(Task task) {
        return http.send(
                "POST",
                "/Task",
                "application/fhir+json",
                HttpRequest.BodyPublishers.ofString(FHIR.newJsonParser().encodeResourceToString(task)),
                Map.of("Prefer", "return=OperationOutcome"));
    }

    private Task completedReferral(String encounter) {
        Task task = fixtures.referral().setStatus(TaskStatus.COMPLETED);
        task.addOutput().setValue(new Reference(encounter)).getType().setText("visit");
        return task;
    }

    private static Task accepted(Task task) {
        task.setStatus(TaskStatus.ACCEPTED)
                .addOutput()
                .setValue(new StringType("seeing her Thursday"))
                .getType()
                .addCoding(new Coding(HandoffCodes.HANDOFF_PARAMETER, HandoffCodes.RECEIVER_SYNTHESIS_OUTPUT, null));
        return task;
    }

    private Encounter visit() {
        Encounter visit = new Encounter().setStatus(Encounter.EncounterStatus.FINISHED);
        visit.getClass_()
                .setSystem("http://terminology.hl7.org/CodeSystem/v3-ActCode")
                .setCode("AMB");
        visit.setSubject(new Reference(fixtures.patient));
        return visit;
    }

    private Condition condition() {
        Condition condition = new Condition();
        condition.getCode().setText("depression");
        condition.setSubject(new Reference(fixtures.patient));
        return condition;
    }

    private Response send(String method, String path, Task task) {
        return http.send(
                method,
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
