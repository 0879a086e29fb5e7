package org.carerelay.handoff.rules;

import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.function.Consumer;
import org.carerelay.fhir.References;
import org.hl7.fhir.r4.model.CarePlan;
import org.hl7.fhir.r4.model.CareTeam;
import org.hl7.fhir.r4.model.Coding;
import org.hl7.fhir.r4.model.DateTimeType;
import org.hl7.fhir.r4.model.Patient;
import org.hl7.fhir.r4.model.Practitioner;
import org.hl7.fhir.r4.model.Reference;
import org.hl7.fhir.r4.model.Resource;
import org.hl7.fhir.r4.model.ServiceRequest;
import org.hl7.fhir.r4.model.Task;

/**
 * A readable handoff scenario for rule tests: start from a complete handoff of one type, change what the test is
 * about, and read the findings.
 */
final class HandoffScenario {

    static final String PATIENT = "Patient/ana";
    static final String OTHER_PATIENT = "Patient/ben";
    static final String GIVER = "Practitioner/giver";
    static final String RECEIVER = "Practitioner/receiver";
    static final String REFERRAL_REQUEST = "ServiceRequest/referral";

    private final Map<String, Resource> record = new HashMap<>();
    private final Task task;
    private Task stored;

    private HandoffScenario(Task task) {
        this.task = task;
        add(new Patient(), PATIENT);
        add(new Patient(), OTHER_PATIENT);
        add(new Practitioner(), GIVER);
        add(new Practitioner(), RECEIVER);
        ServiceRequest request = new ServiceRequest()
                .setStatus(ServiceRequest.ServiceRequestStatus.ACTIVE)
                .setIntent(ServiceRequest.ServiceRequestIntent.ORDER);
        request.setSubject(new Reference(PATIENT));
        add(request, REFERRAL_REQUEST);
        CareTeam team = new CareTeam().setStatus(CareTeam.CareTeamStatus.ACTIVE);
        team.setSubject(new Reference(PATIENT));
        team.addParticipant().setMember(new Reference(RECEIVER));
        add(team, "CareTeam/team");
    }

    /** A complete closed-loop referral, just requested. */
    static HandoffScenario referral() {
        Task task = base("referral");
        task.setFocus(new Reference(REFERRAL_REQUEST));
        return new HandoffScenario(task);
    }

    /** A complete transition of care, just requested. */
    static HandoffScenario transitionOfCare() {
        Task task = base("transition-of-care");
        task.addInput()
                .setValue(new Reference("DocumentReference/discharge-summary"))
                .getType()
                .setText("discharge summary");
        task.addInput().setValue(new Reference("List/medications")).getType().setText("medications");
        task.addInput().setValue(new Reference("CarePlan/plan")).getType().setText("plan");
        HandoffScenario scenario = new HandoffScenario(task);
        scenario.add(new org.hl7.fhir.r4.model.DocumentReference(), "DocumentReference/discharge-summary");
        scenario.add(new org.hl7.fhir.r4.model.ListResource(), "List/medications");
        CarePlan plan = new CarePlan();
        plan.setSubject(new Reference(PATIENT));
        plan.addActivity().getDetail().setDescription("daily weights");
        scenario.add(plan, "CarePlan/plan");
        return scenario;
    }

    /** A complete shift change, just requested. */
    static HandoffScenario shiftChange() {
        Task task = base("shift-change");
        task.addInput()
                .setValue(new org.hl7.fhir.r4.model.StringType("recheck potassium at 22:00"))
                .getType()
                .addCoding(new Coding(HandoffCodes.HANDOFF_PARAMETER, HandoffCodes.ACTION_ITEM_INPUT, null));
        return new HandoffScenario(task);
    }

    private static Task base(String type) {
        Task task = new Task().setStatus(Task.TaskStatus.REQUESTED).setIntent(Task.TaskIntent.ORDER);
        task.setId("Task/handoff");
        task.getCode().addCoding(new Coding(HandoffCodes.HANDOFF_TYPE, type, null));
        task.setFor(new Reference(PATIENT));
        task.setRequester(new Reference(GIVER));
        task.setOwner(new Reference(RECEIVER));
        task.setPriority(Task.TaskPriority.URGENT);
        task.getReasonCode().setText("new diagnosis of depression");
        task.addNote().setText("call the patient's daughter if no answer");
        task.getRestriction().getPeriod().setEndElement(new DateTimeType("2026-12-01"));
        return task;
    }

    HandoffScenario with(Consumer<Task> change) {
        change.accept(task);
        return this;
    }

    HandoffScenario add(Resource resource, String reference) {
        resource.setId(reference);
        record.put(reference, resource);
        return this;
    }

    /** A bundle entry: the resource under its fullUrl, keeping the id it carries (or none, for a new resource). */
    HandoffScenario entry(String fullUrl, Resource resource) {
        record.put(fullUrl, resource);
        return this;
    }

    /** A bundle entry whose fullUrl names a resource of the record, as a bundle index finds it under both names. */
    HandoffScenario alias(String fullUrl, String reference) {
        record.put(fullUrl, record.get(reference));
        return this;
    }

    HandoffScenario without(String reference) {
        record.remove(reference);
        return this;
    }

    /** The version of this Task already stored, with the given status. */
    HandoffScenario storedAs(Task.TaskStatus status) {
        stored = task.copy().setStatus(status);
        return this;
    }

    Task task() {
        return task;
    }

    Optional<List<Finding>> validate() {
        return new HandoffValidator().validate(task, new InMemoryRecord());
    }

    List<Finding> findings() {
        return validate().orElseThrow(() -> new AssertionError("not a handoff"));
    }

    List<Finding> findingsOf(HandoffRule rule) {
        return findings().stream().filter(f -> f.rule() == rule).toList();
    }

    private final class InMemoryRecord implements HandoffRecord {
        @Override
        public Optional<Resource> resolve(Reference reference) {
            return Optional.ofNullable(record.get(References.key(reference)));
        }

        @Override
        public List<CareTeam> activeCareTeams(Reference patient) {
            List<CareTeam> teams = new ArrayList<>();
            for (Resource resource : record.values()) {
                if (resource instanceof CareTeam team
                        && team.getStatus() == CareTeam.CareTeamStatus.ACTIVE
                        && References.key(patient).equals(References.key(team.getSubject()))) {
                    teams.add(team);
                }
            }
            return teams;
        }

        @Override
        public Optional<Task> storedVersion(Task candidate) {
            return Optional.ofNullable(stored);
        }
    }
}
