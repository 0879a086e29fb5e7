package org.carerelay.server;

import static org.assertj.core.api.Assertions.assertThat;
import static org.carerelay.server.RestApiIT.ids;

import java.util.UUID;
import org.carerelay.testing.AbstractFhirIT;
import org.hl7.fhir.r4.model.Bundle;
import org.hl7.fhir.r4.model.CarePlan;
import org.hl7.fhir.r4.model.CareTeam;
import org.hl7.fhir.r4.model.Patient;
import org.hl7.fhir.r4.model.Practitioner;
import org.hl7.fhir.r4.model.ServiceRequest;
import org.hl7.fhir.r4.model.Task;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/** The searches care coordination lives on, each with an exact answer. */
class CareCoordinationSearchIT extends AbstractFhirIT {

    private String patient;
    private String otherPatient;
    private String giver;
    private String receiver;
    private String referral;
    private String openTask;
    private String doneTask;
    private String otherPatientsTask;
    private String activePlan;
    private String activeTeam;

    @BeforeEach
    void record() {
        patient = create(new Patient().addName(new org.hl7.fhir.r4.model.HumanName().setFamily("Coord")));
        otherPatient = create(new Patient().addName(new org.hl7.fhir.r4.model.HumanName().setFamily("Other")));
        giver = create(new Practitioner().addName(new org.hl7.fhir.r4.model.HumanName().setFamily("Giver")));
        receiver = create(new Practitioner().addName(new org.hl7.fhir.r4.model.HumanName().setFamily("Receiver")));

        ServiceRequest request = new ServiceRequest()
                .setStatus(ServiceRequest.ServiceRequestStatus.ACTIVE)
                .setIntent(ServiceRequest.ServiceRequestIntent.ORDER);
        request.getSubject().setReference(patient);
        request.getCode().setText("behavioral health referral " + UUID.randomUUID());
        referral = create(request);

        openTask = create(task(Task.TaskStatus.REQUESTED, patient));
        doneTask = create(task(Task.TaskStatus.COMPLETED, patient));
        otherPatientsTask = create(task(Task.TaskStatus.REQUESTED, otherPatient));

        CarePlan plan =
                new CarePlan().setStatus(CarePlan.CarePlanStatus.ACTIVE).setIntent(CarePlan.CarePlanIntent.PLAN);
        plan.getSubject().setReference(patient);
        activePlan = create(plan);
        CarePlan old =
                new CarePlan().setStatus(CarePlan.CarePlanStatus.COMPLETED).setIntent(CarePlan.CarePlanIntent.PLAN);
        old.getSubject().setReference(patient);
        create(old);

        CareTeam team = new CareTeam().setStatus(CareTeam.CareTeamStatus.ACTIVE);
        team.getSubject().setReference(patient);
        team.addParticipant().getMember().setReference(receiver);
        activeTeam = create(team);
        CareTeam inactive = new CareTeam().setStatus(CareTeam.CareTeamStatus.INACTIVE);
        inactive.getSubject().setReference(patient);
        inactive.addParticipant().getMember().setReference(giver);
        create(inactive);
    }

    @Test
    void tasksByPatient() {
        assertThat(ids(search("Task?patient=" + patient))).containsExactlyInAnyOrder(openTask, doneTask);
    }

    @Test
    void tasksByOwner() {
        assertThat(ids(search("Task?owner=" + receiver)))
                .containsExactlyInAnyOrder(openTask, doneTask, otherPatientsTask);
    }

    @Test
    void tasksByStatus() {
        assertThat(ids(search("Task?patient=" + patient + "&status=requested"))).containsExactly(openTask);
        assertThat(ids(search("Task?owner=" + receiver + "&status=completed"))).containsExactly(doneTask);
        assertThat(ids(search("Task?owner=" + receiver + "&status=requested")))
                .containsExactlyInAnyOrder(openTask, otherPatientsTask);
    }

    @Test
    void tasksByFocus() {
        assertThat(ids(search("Task?focus=" + referral + "&patient=" + patient)))
                .containsExactlyInAnyOrder(openTask, doneTask);
    }

    @Test
    void tasksIncludeTheirFocus() {
        assertThat(ids(search("Task?patient=" + patient + "&status=requested&_include=Task:focus")))
                .containsExactlyInAnyOrder(openTask, referral);
    }

    @Test
    void serviceRequestsRevincludeTheTasksThatFulfilThem() {
        assertThat(ids(search("ServiceRequest?_id=" + id(referral) + "&_revinclude=Task:focus")))
                .containsExactlyInAnyOrder(referral, openTask, doneTask, otherPatientsTask);
    }

    @Test
    void activeCarePlansOfAPatient() {
        assertThat(ids(search("CarePlan?patient=" + patient + "&status=active")))
                .containsExactly(activePlan);
    }

    @Test
    void activeCareTeamsOfAPatient() {
        assertThat(ids(search("CareTeam?patient=" + patient + "&status=active")))
                .containsExactly(activeTeam);
    }

    @Test
    void careTeamsByParticipant() {
        assertThat(ids(search("CareTeam?participant=" + receiver))).containsExactly(activeTeam);
    }

    private Task task(Task.TaskStatus status, String forPatient) {
        Task task = new Task().setStatus(status).setIntent(Task.TaskIntent.ORDER);
        task.getFor().setReference(forPatient);
        task.getFocus().setReference(referral);
        task.getRequester().setReference(giver);
        task.getOwner().setReference(receiver);
        return task;
    }

    private String create(org.hl7.fhir.r4.model.Resource resource) {
        return create(client, resource);
    }

    private static String id(String reference) {
        return reference.substring(reference.indexOf('/') + 1);
    }

    private Bundle search(String url) {
        return client.search()
                .byUrl(url + "&_count=100")
                .returnBundle(Bundle.class)
                .execute();
    }
}
