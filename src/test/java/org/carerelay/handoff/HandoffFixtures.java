package org.carerelay.handoff;

import ca.uhn.fhir.rest.client.api.IGenericClient;
import java.util.UUID;
import org.carerelay.handoff.rules.HandoffCodes;
import org.carerelay.testing.AbstractFhirIT;
import org.hl7.fhir.r4.model.CareTeam;
import org.hl7.fhir.r4.model.Coding;
import org.hl7.fhir.r4.model.DateTimeType;
import org.hl7.fhir.r4.model.DocumentReference;
import org.hl7.fhir.r4.model.Enumerations;
import org.hl7.fhir.r4.model.ListResource;
import org.hl7.fhir.r4.model.Patient;
import org.hl7.fhir.r4.model.Practitioner;
import org.hl7.fhir.r4.model.Reference;
import org.hl7.fhir.r4.model.Resource;
import org.hl7.fhir.r4.model.ServiceRequest;
import org.hl7.fhir.r4.model.StringType;
import org.hl7.fhir.r4.model.Task;

/** Stores what a handoff refers to (patient, giver, receiver on a care team, the referral) and builds handoff Tasks. */
final class HandoffFixtures {

    final String patient;
    final String giver;
    final String receiver;
    final String referralRequest;
    final String dischargeSummary;
    final String medicationList;
    private final IGenericClient client;

    HandoffFixtures(IGenericClient client) {
        this.client = client;
        patient = create(new Patient().addName(new org.hl7.fhir.r4.model.HumanName().setFamily("Handoff")));
        giver = create(new Practitioner().addName(new org.hl7.fhir.r4.model.HumanName().setFamily("Giver")));
        receiver = create(new Practitioner().addName(new org.hl7.fhir.r4.model.HumanName().setFamily("Receiver")));
        CareTeam team = new CareTeam().setStatus(CareTeam.CareTeamStatus.ACTIVE);
        team.setSubject(new Reference(patient));
        team.addParticipant().setMember(new Reference(receiver));
        create(team);
        ServiceRequest request = new ServiceRequest()
                .setStatus(ServiceRequest.ServiceRequestStatus.ACTIVE)
                .setIntent(ServiceRequest.ServiceRequestIntent.ORDER);
        request.setSubject(new Reference(patient));
        request.getCode().setText("behavioral health referral");
        referralRequest = create(request);
        DocumentReference summary = new DocumentReference().setStatus(Enumerations.DocumentReferenceStatus.CURRENT);
        summary.setSubject(new Reference(patient));
        summary.addContent().getAttachment().setContentType("text/plain").setData("discharged home".getBytes());
        dischargeSummary = create(summary);
        ListResource medications =
                new ListResource().setStatus(ListResource.ListStatus.CURRENT).setMode(ListResource.ListMode.SNAPSHOT);
        medications.setSubject(new Reference(patient));
        medicationList = create(medications);
    }

    Task referral() {
        Task task = base("referral");
        task.setFocus(new Reference(referralRequest));
        return task;
    }

    Task transitionOfCare() {
        Task task = base("transition-of-care");
        task.addInput().setValue(new Reference(dischargeSummary)).getType().setText("discharge summary");
        task.addInput().setValue(new Reference(medicationList)).getType().setText("medication list");
        action(task, "daily weights; call if gain over 2 kg");
        return task;
    }

    Task shiftChange() {
        Task task = base("shift-change");
        action(task, "recheck potassium at 22:00");
        return task;
    }

    private Task base(String type) {
        Task task = new Task().setStatus(Task.TaskStatus.REQUESTED).setIntent(Task.TaskIntent.ORDER);
        task.addIdentifier()
                .setSystem("urn:carerelay:test:handoff")
                .setValue(UUID.randomUUID().toString());
        task.getCode().addCoding(new Coding(HandoffCodes.HANDOFF_TYPE, type, null));
        task.setFor(new Reference(patient));
        task.setRequester(new Reference(giver));
        task.setOwner(new Reference(receiver));
        task.setPriority(Task.TaskPriority.URGENT);
        task.getReasonCode().setText("new diagnosis of depression");
        task.addNote().setText("call the daughter if the patient does not answer");
        task.getRestriction().getPeriod().setEndElement(new DateTimeType("2026-12-01"));
        return task;
    }

    private static void action(Task task, String text) {
        task.addInput()
                .setValue(new StringType(text))
                .getType()
                .addCoding(new Coding(HandoffCodes.HANDOFF_PARAMETER, HandoffCodes.ACTION_ITEM_INPUT, null));
    }

    String create(Resource resource) {
        return AbstractFhirIT.create(client, resource);
    }
}
