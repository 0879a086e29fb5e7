package org.carerelay.handoff.rules;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.tuple;
import static org.carerelay.handoff.rules.HandoffScenario.GIVER;
import static org.carerelay.handoff.rules.HandoffScenario.OTHER_PATIENT;
import static org.carerelay.handoff.rules.HandoffScenario.RECEIVER;
import static org.carerelay.handoff.rules.HandoffScenario.referral;
import static org.carerelay.handoff.rules.HandoffScenario.shiftChange;
import static org.carerelay.handoff.rules.HandoffScenario.transitionOfCare;

import java.util.List;
import org.hl7.fhir.r4.model.Bundle;
import org.hl7.fhir.r4.model.CarePlan;
import org.hl7.fhir.r4.model.CareTeam;
import org.hl7.fhir.r4.model.CodeableConcept;
import org.hl7.fhir.r4.model.Coding;
import org.hl7.fhir.r4.model.Composition;
import org.hl7.fhir.r4.model.Condition;
import org.hl7.fhir.r4.model.Group;
import org.hl7.fhir.r4.model.Identifier;
import org.hl7.fhir.r4.model.OperationOutcome.IssueSeverity;
import org.hl7.fhir.r4.model.Patient;
import org.hl7.fhir.r4.model.Reference;
import org.hl7.fhir.r4.model.ServiceRequest;
import org.hl7.fhir.r4.model.StringType;
import org.hl7.fhir.r4.model.Task.TaskStatus;
import org.junit.jupiter.api.Nested;
import org.junit.jupiter.api.Test;

class HandoffRulesTest {

    private static final Identifier MRN =
            new Identifier().setSystem("urn:example:mrn").setValue("12345");

    @Nested
    class CompleteHandoffs {
        @Test
        void completeReferralHasNoFindings() {
            assertThat(referral().findings()).isEmpty();
        }

        @Test
        void completeTransitionOfCareHasNoFindings() {
            assertThat(transitionOfCare().findings()).isEmpty();
        }

        @Test
        void completeShiftChangeHasNoFindings() {
            assertThat(shiftChange().findings()).isEmpty();
        }

        @Test
        void taskWithoutAHandoffCodeIsNoHandoff() {
            assertThat(referral().with(t -> t.setCode(null)).validate()).isEmpty();
        }

        @Test
        void fulfillTaskFocusedOnAServiceRequestIsAReferral() {
            HandoffScenario scenario = referral()
                    .with(t -> t.setCode(new CodeableConcept(new Coding(HandoffCodes.TASK_CODE, "fulfill", null))));
            assertThat(scenario.validate()).contains(List.of());
        }

        @Test
        void fulfillTaskFocusedOnSomethingElseIsNoHandoff() {
            HandoffScenario scenario = referral()
                    .with(t -> t.setCode(new CodeableConcept(new Coding(HandoffCodes.TASK_CODE, "fulfill", null)))
                            .setFocus(new Reference("Patient/ana")));
            assertThat(scenario.validate()).isEmpty();
        }

        @Test
        void taskOfAnotherTaskCodeFocusedOnAServiceRequestIsNoHandoff() {
            HandoffScenario scenario = referral()
                    .with(t -> t.setCode(new CodeableConcept(new Coding(HandoffCodes.TASK_CODE, "approve", null))));
            assertThat(scenario.validate()).isEmpty();
        }

        @Test
        void completeWarmHandoffHasNoFindings() {
            HandoffScenario scenario = referral()
                    .with(t -> t.setCode(
                            new CodeableConcept(new Coding(HandoffCodes.HANDOFF_TYPE, "warm-handoff", null))));
            assertThat(scenario.validate()).contains(List.of());
        }
    }

    @Nested
    class PatientMissing {
        @Test
        void emptyForIsAnError() {
            assertThat(referral().with(t -> t.setFor(null)).findingsOf(HandoffRule.PATIENT_MISSING))
                    .extracting(Finding::severity, Finding::path, Finding::message)
                    .containsExactly(
                            tuple(IssueSeverity.ERROR, "for", "The handoff names no patient (Task.for is empty)"));
        }

        @Test
        void forNamingAGroupIsAnError() {
            assertThat(referral().with(t -> t.setFor(new Reference("Group/g"))).findingsOf(HandoffRule.PATIENT_MISSING))
                    .extracting(Finding::message)
                    .containsExactly("Task.for points to a Group, not a Patient");
        }

        @Test
        void forNamingAPatientIsFine() {
            assertThat(referral().findingsOf(HandoffRule.PATIENT_MISSING)).isEmpty();
        }

        @Test
        void forByIdentifierAloneIsOfUnknownType() {
            HandoffScenario scenario = referral().with(t -> t.setFor(new Reference().setIdentifier(MRN)));
            assertThat(scenario.findingsOf(HandoffRule.PATIENT_MISSING))
                    .extracting(Finding::severity, Finding::path, Finding::message)
                    .containsExactly(tuple(
                            IssueSeverity.ERROR,
                            "for",
                            "Task.for points to a resource of unknown type, not a Patient"));
        }

        @Test
        void forByIdentifierTypedPatientIsFine() {
            HandoffScenario scenario = referral()
                    .with(t -> t.setFor(new Reference().setType("Patient").setIdentifier(MRN)));
            assertThat(scenario.findingsOf(HandoffRule.PATIENT_MISSING)).isEmpty();
        }

        @Test
        void forNamingAPatientInTheSameBundleIsFine() {
            HandoffScenario scenario = referral()
                    .entry("urn:uuid:3f1c", new Patient())
                    .with(t -> t.setFor(new Reference("urn:uuid:3f1c")));
            assertThat(scenario.findingsOf(HandoffRule.PATIENT_MISSING)).isEmpty();
        }

        @Test
        void forNamingAContainedPatientIsFine() {
            HandoffScenario scenario =
                    referral().entry("#patient", new Patient()).with(t -> t.setFor(new Reference("#patient")));
            assertThat(scenario.findingsOf(HandoffRule.PATIENT_MISSING)).isEmpty();
        }

        @Test
        void forNamingABundleEntryOfAnotherTypeIsAnError() {
            HandoffScenario scenario =
                    referral().entry("urn:uuid:9a2e", new Group()).with(t -> t.setFor(new Reference("urn:uuid:9a2e")));
            assertThat(scenario.findingsOf(HandoffRule.PATIENT_MISSING))
                    .extracting(Finding::message)
                    .containsExactly("Task.for points to a Group, not a Patient");
        }
    }

    @Nested
    class GiverAndReceiver {
        @Test
        void noRequesterIsAnError() {
            assertThat(referral().with(t -> t.setRequester(null)).findingsOf(HandoffRule.GIVER_MISSING))
                    .extracting(Finding::severity, Finding::path)
                    .containsExactly(tuple(IssueSeverity.ERROR, "requester"));
        }

        @Test
        void requesterByIdentifierIsEnough() {
            HandoffScenario scenario = referral()
                    .with(t -> t.setRequester(new Reference()
                            .setIdentifier(new org.hl7.fhir.r4.model.Identifier()
                                    .setSystem("urn:npi")
                                    .setValue("1"))));
            assertThat(scenario.findingsOf(HandoffRule.GIVER_MISSING)).isEmpty();
        }

        @Test
        void openReferralWithoutOwnerIsOnlyAWarning() {
            assertThat(referral().with(t -> t.setOwner(null)).findingsOf(HandoffRule.RECEIVER_MISSING))
                    .extracting(Finding::severity)
                    .containsExactly(IssueSeverity.WARNING);
        }

        @Test
        void openReferralWithoutOwnerWaitsToBeClaimed() {
            assertThat(referral().with(t -> t.setOwner(null)).findingsOf(HandoffRule.RECEIVER_MISSING))
                    .extracting(Finding::message)
                    .containsExactly(
                            "The referral has no receiver yet (Task.owner is empty); it waits for someone to claim it");
        }

        @Test
        void acceptedReferralWithoutOwnerIsAnError() {
            assertThat(referral()
                            .with(t -> t.setOwner(null).setStatus(TaskStatus.ACCEPTED))
                            .findingsOf(HandoffRule.RECEIVER_MISSING))
                    .extracting(Finding::severity)
                    .containsExactly(IssueSeverity.ERROR);
        }

        @Test
        void shiftChangeWithoutOwnerIsAnError() {
            assertThat(shiftChange().with(t -> t.setOwner(null)).findingsOf(HandoffRule.RECEIVER_MISSING))
                    .extracting(Finding::severity, Finding::path)
                    .containsExactly(tuple(IssueSeverity.ERROR, "owner"));
        }

        @Test
        void shiftChangeWithoutOwnerNamesNoReceiver() {
            assertThat(shiftChange().with(t -> t.setOwner(null)).findingsOf(HandoffRule.RECEIVER_MISSING))
                    .extracting(Finding::message)
                    .containsExactly("The handoff names no receiver (Task.owner is empty)");
        }

        @Test
        void receiverOnNoActiveCareTeamIsAWarning() {
            assertThat(referral().without("CareTeam/team").findingsOf(HandoffRule.RECEIVER_NOT_ON_CARE_TEAM))
                    .extracting(Finding::severity, Finding::path)
                    .containsExactly(tuple(IssueSeverity.WARNING, "owner"));
        }

        @Test
        void careTeamWithoutTheReceiverIsAWarning() {
            CareTeam team = new CareTeam().setStatus(CareTeam.CareTeamStatus.ACTIVE);
            team.setSubject(new Reference(HandoffScenario.PATIENT));
            team.addParticipant().setMember(new Reference(GIVER));
            HandoffScenario scenario = referral().add(team, "CareTeam/team");
            assertThat(scenario.findingsOf(HandoffRule.RECEIVER_NOT_ON_CARE_TEAM))
                    .extracting(Finding::message)
                    .containsExactly(
                            "The receiver Practitioner/receiver is on none of the patient's active care teams");
        }

        @Test
        void receiverOnAnActiveCareTeamIsFine() {
            assertThat(referral().findingsOf(HandoffRule.RECEIVER_NOT_ON_CARE_TEAM))
                    .isEmpty();
        }
    }

    @Nested
    class Ipass {
        @Test
        void noPriorityAndNoSeverityInputIsAnError() {
            assertThat(referral().with(t -> t.setPriority(null)).findingsOf(HandoffRule.SEVERITY_MISSING))
                    .extracting(Finding::severity, Finding::path)
                    .containsExactly(tuple(IssueSeverity.ERROR, "priority"));
        }

        @Test
        void illnessSeverityInputStandsInForPriority() {
            HandoffScenario scenario = referral()
                    .with(t -> t.setPriority(null)
                            .addInput()
                            .setValue(new CodeableConcept(new Coding(HandoffCodes.ILLNESS_SEVERITY, "watcher", null)))
                            .getType()
                            .addCoding(new Coding(
                                    HandoffCodes.HANDOFF_PARAMETER, HandoffCodes.ILLNESS_SEVERITY_INPUT, null)));
            assertThat(scenario.findingsOf(HandoffRule.SEVERITY_MISSING)).isEmpty();
        }

        @Test
        void severityInputOfAnotherCodeSystemIsNoSeverity() {
            HandoffScenario scenario = referral()
                    .with(t -> t.setPriority(null)
                            .addInput()
                            .setValue(new StringType("watcher"))
                            .getType()
                            .addCoding(new Coding("urn:example:local", HandoffCodes.ILLNESS_SEVERITY_INPUT, null)));
            assertThat(scenario.findingsOf(HandoffRule.SEVERITY_MISSING)).hasSize(1);
        }

        @Test
        void noReasonIsAnError() {
            assertThat(referral().with(t -> t.setReasonCode(null)).findingsOf(HandoffRule.SUMMARY_MISSING))
                    .extracting(Finding::path)
                    .containsExactly("reasonCode");
        }

        @Test
        void reasonReferenceIsASummary() {
            Condition condition = new Condition();
            condition.setSubject(new Reference("Patient/ana"));
            HandoffScenario scenario = referral()
                    .add(condition, "Condition/depression")
                    .with(t -> t.setReasonCode(null).setReasonReference(new Reference("Condition/depression")));
            assertThat(scenario.findingsOf(HandoffRule.SUMMARY_MISSING)).isEmpty();
        }

        @Test
        void transitionOfCareWithoutDischargeSummaryIsAnError() {
            HandoffScenario scenario = transitionOfCare().with(t -> t.getInput().remove(0));
            assertThat(scenario.findingsOf(HandoffRule.SUMMARY_MISSING))
                    .extracting(Finding::severity, Finding::path)
                    .containsExactly(tuple(IssueSeverity.ERROR, "input"));
        }

        @Test
        void patientSummaryDocumentIsADischargeSummary() {
            Bundle summary = new Bundle().setType(Bundle.BundleType.DOCUMENT);
            summary.addEntry().setResource(new Composition());
            HandoffScenario scenario = transitionOfCare()
                    .add(summary, "Bundle/ips")
                    .with(t -> t.getInput().get(0).setValue(new Reference("Bundle/ips")));
            assertThat(scenario.findingsOf(HandoffRule.SUMMARY_MISSING)).isEmpty();
        }

        @Test
        void bundleThatIsNoDocumentIsNoDischargeSummary() {
            Bundle collection = new Bundle().setType(Bundle.BundleType.COLLECTION);
            collection.addEntry().setResource(new Composition());
            Bundle documentWithoutComposition = new Bundle().setType(Bundle.BundleType.DOCUMENT);
            documentWithoutComposition.addEntry().setResource(new Condition());
            for (Bundle notASummary : List.of(collection, documentWithoutComposition)) {
                HandoffScenario scenario = transitionOfCare()
                        .add(notASummary, "Bundle/other")
                        .with(t -> t.getInput().get(0).setValue(new Reference("Bundle/other")));
                assertThat(scenario.findingsOf(HandoffRule.SUMMARY_MISSING))
                        .extracting(Finding::severity, Finding::path)
                        .containsExactly(tuple(IssueSeverity.ERROR, "input"));
            }
        }

        @Test
        void noActionListIsAnError() {
            assertThat(referral().with(t -> t.setFocus(null)).findingsOf(HandoffRule.ACTIONS_MISSING))
                    .extracting(Finding::severity, Finding::path)
                    .containsExactly(tuple(IssueSeverity.ERROR, "focus"));
        }

        @Test
        void freeTextInputIsNoActionList() {
            HandoffScenario scenario = transitionOfCare()
                    .with(t -> t.getInput().remove(2))
                    .with(t -> t.addInput()
                            .setValue(new StringType("if short of breath, call the heart failure nurse"))
                            .getType()
                            .addCoding(new Coding(
                                    HandoffCodes.HANDOFF_PARAMETER, HandoffCodes.CONTINGENCY_PLAN_INPUT, null)));
            assertThat(scenario.findings())
                    .extracting(Finding::rule, Finding::path)
                    .containsExactly(tuple(HandoffRule.ACTIONS_MISSING, "focus"));
        }

        @Test
        void carePlanWithoutActivitiesIsNoActionList() {
            HandoffScenario scenario = transitionOfCare().with(t -> t.getInput().remove(2));
            assertThat(scenario.findingsOf(HandoffRule.ACTIONS_MISSING)).hasSize(1);
        }

        @Test
        void carePlanWithActivitiesIsAnActionList() {
            assertThat(transitionOfCare().findingsOf(HandoffRule.ACTIONS_MISSING))
                    .isEmpty();
        }

        @Test
        void noNoteAndNoContingencyInputIsAWarning() {
            assertThat(referral().with(t -> t.setNote(null)).findingsOf(HandoffRule.CONTINGENCY_MISSING))
                    .extracting(Finding::severity, Finding::path)
                    .containsExactly(tuple(IssueSeverity.WARNING, "note"));
        }

        @Test
        void contingencyPlanInputIsSituationAwareness() {
            HandoffScenario scenario = referral()
                    .with(t -> t.setNote(null)
                            .addInput()
                            .setValue(new StringType("if suicidal ideation, call crisis line"))
                            .getType()
                            .addCoding(new Coding(
                                    HandoffCodes.HANDOFF_PARAMETER, HandoffCodes.CONTINGENCY_PLAN_INPUT, null)));
            assertThat(scenario.findingsOf(HandoffRule.CONTINGENCY_MISSING)).isEmpty();
        }

        @Test
        void transitionOfCareWithoutMedicationListIsAnError() {
            assertThat(transitionOfCare()
                            .with(t -> t.getInput().remove(1))
                            .findingsOf(HandoffRule.MEDICATION_LIST_MISSING))
                    .extracting(Finding::severity, Finding::path)
                    .containsExactly(tuple(IssueSeverity.ERROR, "input"));
        }

        @Test
        void medicationsInFreeTextAreNoMedicationList() {
            HandoffScenario scenario = transitionOfCare()
                    .with(t -> t.getInput().remove(1))
                    .with(t -> t.addInput()
                            .setValue(new StringType("metoprolol 25 mg twice daily"))
                            .getType()
                            .setText("medications"));
            assertThat(scenario.findingsOf(HandoffRule.MEDICATION_LIST_MISSING)).hasSize(1);
        }

        @Test
        void referralNeedsNoMedicationList() {
            assertThat(referral().findingsOf(HandoffRule.MEDICATION_LIST_MISSING))
                    .isEmpty();
        }

        @Test
        void acceptedWithoutSynthesisIsAWarning() {
            assertThat(referral().with(t -> t.setStatus(TaskStatus.ACCEPTED)).findingsOf(HandoffRule.SYNTHESIS_MISSING))
                    .extracting(Finding::severity, Finding::path)
                    .containsExactly(tuple(IssueSeverity.WARNING, "output"));
        }

        @Test
        void receiverSynthesisOutputIsASynthesis() {
            HandoffScenario scenario = referral()
                    .with(t -> t.setStatus(TaskStatus.ACCEPTED)
                            .addOutput()
                            .setValue(new StringType("seeing her Thursday; daughter is the contact"))
                            .getType()
                            .addCoding(new Coding(
                                    HandoffCodes.HANDOFF_PARAMETER, HandoffCodes.RECEIVER_SYNTHESIS_OUTPUT, null)));
            assertThat(scenario.findingsOf(HandoffRule.SYNTHESIS_MISSING)).isEmpty();
        }

        @Test
        void outputsOfOtherTypesAreNoSynthesis() {
            HandoffScenario scenario = referral().with(t -> {
                t.setStatus(TaskStatus.ACCEPTED);
                t.addOutput()
                        .setValue(new StringType("booked"))
                        .getType()
                        .addCoding(new Coding(HandoffCodes.HANDOFF_PARAMETER, HandoffCodes.ACTION_ITEM_INPUT, null));
                t.addOutput()
                        .setValue(new StringType("seen"))
                        .getType()
                        .addCoding(new Coding("urn:example:local", HandoffCodes.RECEIVER_SYNTHESIS_OUTPUT, null));
            });
            assertThat(scenario.findingsOf(HandoffRule.SYNTHESIS_MISSING)).hasSize(1);
        }

        @Test
        void noteBySomeoneElseIsNoSynthesisEvenWithoutAnOwner() {
            HandoffScenario scenario = referral()
                    .with(t -> t.setStatus(TaskStatus.ACCEPTED)
                            .setOwner(null)
                            .addNote()
                            .setAuthor(new Reference(GIVER))
                            .setText("patient prefers mornings"));
            assertThat(scenario.findings())
                    .extracting(Finding::rule, Finding::severity)
                    .containsExactly(
                            tuple(HandoffRule.RECEIVER_MISSING, IssueSeverity.ERROR),
                            tuple(HandoffRule.SYNTHESIS_MISSING, IssueSeverity.WARNING));
        }

        @Test
        void noteByTheOwnerIsASynthesis() {
            HandoffScenario scenario = referral()
                    .with(t -> t.setStatus(TaskStatus.INPROGRESS)
                            .addNote()
                            .setAuthor(new Reference(RECEIVER))
                            .setText("I will see her Thursday; daughter is the contact"));
            assertThat(scenario.findingsOf(HandoffRule.SYNTHESIS_MISSING)).isEmpty();
        }
    }

    @Nested
    class Lifecycle {
        @Test
        void referralWithoutDueDateIsAnError() {
            assertThat(referral().with(t -> t.setRestriction(null)).findingsOf(HandoffRule.DUE_DATE_MISSING))
                    .extracting(Finding::severity, Finding::path)
                    .containsExactly(tuple(IssueSeverity.ERROR, "restriction.period.end"));
        }

        @Test
        void shiftChangeWithoutDueDateIsAWarning() {
            assertThat(shiftChange().with(t -> t.setRestriction(null)).findingsOf(HandoffRule.DUE_DATE_MISSING))
                    .extracting(Finding::severity)
                    .containsExactly(IssueSeverity.WARNING);
        }

        @Test
        void rejectedWithoutReasonIsAnError() {
            assertThat(referral()
                            .with(t -> t.setStatus(TaskStatus.REJECTED))
                            .findingsOf(HandoffRule.STATUS_REASON_MISSING))
                    .extracting(Finding::severity, Finding::path)
                    .containsExactly(tuple(IssueSeverity.ERROR, "statusReason"));
        }

        @Test
        void rejectedWithReasonIsFine() {
            HandoffScenario scenario = referral()
                    .with(t -> t.setStatus(TaskStatus.REJECTED)
                            .setStatusReason(new CodeableConcept().setText("not accepting new patients")));
            assertThat(scenario.findingsOf(HandoffRule.STATUS_REASON_MISSING)).isEmpty();
        }

        @Test
        void completedReferralWithoutOutcomeIsAnError() {
            HandoffScenario scenario = referral().with(t -> t.setStatus(TaskStatus.COMPLETED));
            assertThat(scenario.findingsOf(HandoffRule.LOOP_NOT_CLOSED))
                    .extracting(Finding::severity, Finding::path)
                    .containsExactly(tuple(IssueSeverity.ERROR, "output"));
        }

        @Test
        void completedReferralWithAnEncounterClosesTheLoop() {
            HandoffScenario scenario = referral()
                    .add(new org.hl7.fhir.r4.model.Encounter(), "Encounter/visit")
                    .with(t -> t.setStatus(TaskStatus.COMPLETED)
                            .addOutput()
                            .setValue(new Reference("Encounter/visit"))
                            .getType()
                            .setText("visit"));
            assertThat(scenario.findingsOf(HandoffRule.LOOP_NOT_CLOSED)).isEmpty();
        }

        @Test
        void leavingCompletedIsAnInvalidTransition() {
            HandoffScenario scenario =
                    referral().storedAs(TaskStatus.COMPLETED).with(t -> t.setStatus(TaskStatus.INPROGRESS));
            assertThat(scenario.findingsOf(HandoffRule.INVALID_TRANSITION))
                    .extracting(Finding::severity, Finding::path, Finding::message)
                    .containsExactly(
                            tuple(IssueSeverity.ERROR, "status", "A handoff cannot go from completed to in-progress"));
        }

        @Test
        void acceptingARequestedHandoffIsAllowed() {
            HandoffScenario scenario =
                    referral().storedAs(TaskStatus.REQUESTED).with(t -> t.setStatus(TaskStatus.ACCEPTED));
            assertThat(scenario.findingsOf(HandoffRule.INVALID_TRANSITION)).isEmpty();
        }

        @Test
        void storedVersionWithoutStatusAllowsAnyStatus() {
            HandoffScenario scenario = referral().storedAs(null).with(t -> t.setStatus(TaskStatus.ACCEPTED));
            assertThat(scenario.findingsOf(HandoffRule.INVALID_TRANSITION)).isEmpty();
        }

        @Test
        void handoffWithoutStatusIsNoTransition() {
            HandoffScenario scenario = referral().storedAs(TaskStatus.COMPLETED).with(t -> t.setStatus(null));
            assertThat(scenario.findingsOf(HandoffRule.INVALID_TRANSITION)).isEmpty();
        }

        @Test
        void aHandoffWhoseOutcomeIsGoneCanStillBeCancelledOrMarkedEnteredInError() {
            for (TaskStatus closing : List.of(TaskStatus.CANCELLED, TaskStatus.ENTEREDINERROR)) {
                HandoffScenario scenario = referral()
                        .storedAs(TaskStatus.ACCEPTED)
                        .with(t -> {
                            t.setStatus(closing).setPriority(null);
                            t.getStatusReason().setText("called off");
                            t.addOutput().setValue(new Reference("Encounter/gone"));
                        });
                assertThat(scenario.findings()).as(closing.toCode()).isEmpty();
            }
        }

        @Test
        void closingStillChecksTheTransitionItsReasonAndThePatient() {
            ServiceRequest other = new ServiceRequest();
            other.setSubject(new Reference(OTHER_PATIENT));
            HandoffScenario scenario = referral()
                    .storedAs(TaskStatus.COMPLETED)
                    .add(other, "ServiceRequest/other")
                    .with(t -> t.setStatus(TaskStatus.CANCELLED).setFocus(new Reference("ServiceRequest/other")));
            assertThat(scenario.findings())
                    .extracting(Finding::rule)
                    .containsExactlyInAnyOrder(
                            HandoffRule.SUBJECT_MISMATCH,
                            HandoffRule.INVALID_TRANSITION,
                            HandoffRule.STATUS_REASON_MISSING);
        }

        @Test
        void anyStatusMayBeCorrectedToEnteredInError() {
            HandoffScenario scenario =
                    referral().storedAs(TaskStatus.COMPLETED).with(t -> t.setStatus(TaskStatus.ENTEREDINERROR));
            assertThat(scenario.findingsOf(HandoffRule.INVALID_TRANSITION)).isEmpty();
        }
    }

    @Nested
    class Structure {
        @Test
        void focusAboutAnotherPatientIsASubjectMismatch() {
            ServiceRequest other = new ServiceRequest();
            other.setSubject(new Reference(OTHER_PATIENT));
            HandoffScenario scenario = referral()
                    .add(other, "ServiceRequest/other")
                    .with(t -> t.setFocus(new Reference("ServiceRequest/other")));
            assertThat(scenario.findingsOf(HandoffRule.SUBJECT_MISMATCH))
                    .extracting(Finding::severity, Finding::path, Finding::message)
                    .containsExactly(tuple(
                            IssueSeverity.ERROR,
                            "focus",
                            "ServiceRequest/other is about Patient/ben, but the Task is about Patient/ana"));
        }

        @Test
        void basedOnReasonAndInputsMustBeAboutThePatientToo() {
            CarePlan plan = new CarePlan();
            plan.setSubject(new Reference(OTHER_PATIENT));
            Condition condition = new Condition();
            condition.setSubject(new Reference(OTHER_PATIENT));
            HandoffScenario scenario = referral()
                    .add(plan, "CarePlan/bens-plan")
                    .add(condition, "Condition/bens-condition")
                    .with(t -> t.addBasedOn(new Reference("CarePlan/bens-plan"))
                            .setReasonReference(new Reference("Condition/bens-condition"))
                            .addInput()
                            .setValue(new Reference("CarePlan/bens-plan"))
                            .getType()
                            .setText("plan"));
            assertThat(scenario.findingsOf(HandoffRule.SUBJECT_MISMATCH))
                    .extracting(Finding::path, Finding::message)
                    .containsExactly(
                            tuple(
                                    "basedOn[0]",
                                    "CarePlan/bens-plan is about Patient/ben, but the Task is about Patient/ana"),
                            tuple(
                                    "reasonReference",
                                    "Condition/bens-condition is about Patient/ben, but the Task is about Patient/ana"),
                            tuple(
                                    "input[0].value",
                                    "CarePlan/bens-plan is about Patient/ben, but the Task is about Patient/ana"));
        }

        @Test
        void patientNamedByItsBundleEntryIsTheSamePatient() {
            HandoffScenario scenario = referral()
                    .alias("urn:uuid:ana", HandoffScenario.PATIENT)
                    .with(t -> t.setFor(new Reference("urn:uuid:ana")));
            assertThat(scenario.findingsOf(HandoffRule.SUBJECT_MISMATCH)).isEmpty();
        }

        @Test
        void bundleCopyOfTheStoredPatientIsTheSamePatient() {
            Patient update = new Patient();
            update.setId(HandoffScenario.PATIENT);
            HandoffScenario scenario =
                    referral().entry("urn:uuid:ana", update).with(t -> t.setFor(new Reference("urn:uuid:ana")));
            assertThat(scenario.findingsOf(HandoffRule.SUBJECT_MISMATCH)).isEmpty();
        }

        @Test
        void newPatientInTheBundleIsNotTheStoredPatient() {
            HandoffScenario scenario =
                    referral().entry("urn:uuid:new", new Patient()).with(t -> t.setFor(new Reference("urn:uuid:new")));
            assertThat(scenario.findingsOf(HandoffRule.SUBJECT_MISMATCH))
                    .extracting(Finding::message)
                    .containsExactly(
                            "ServiceRequest/referral is about Patient/ana, but the Task is about urn:uuid:new");
        }

        @Test
        void focusAboutAPatientThatDoesNotExistIsAMismatch() {
            ServiceRequest other = new ServiceRequest();
            other.setSubject(new Reference("Patient/nobody"));
            HandoffScenario scenario = referral()
                    .add(other, "ServiceRequest/other")
                    .with(t -> t.setFocus(new Reference("ServiceRequest/other")));
            assertThat(scenario.findingsOf(HandoffRule.SUBJECT_MISMATCH))
                    .extracting(Finding::message)
                    .containsExactly("ServiceRequest/other is about Patient/nobody, but the Task is about Patient/ana");
        }

        @Test
        void taskForAMissingPatientMismatchesItsFocus() {
            HandoffScenario scenario = referral().with(t -> t.setFor(new Reference("Patient/nobody")));
            assertThat(scenario.findings())
                    .extracting(Finding::rule, Finding::path)
                    .containsExactly(
                            tuple(HandoffRule.SUBJECT_MISMATCH, "focus"),
                            tuple(HandoffRule.DANGLING_REFERENCE, "for"),
                            tuple(HandoffRule.RECEIVER_NOT_ON_CARE_TEAM, "owner"));
        }

        @Test
        void focusAboutTheSameMissingPatientIsOnlyDangling() {
            ServiceRequest request = new ServiceRequest();
            request.setSubject(new Reference("Patient/nobody"));
            HandoffScenario scenario = referral()
                    .add(request, "ServiceRequest/for-nobody")
                    .with(t -> t.setFor(new Reference("Patient/nobody"))
                            .setFocus(new Reference("ServiceRequest/for-nobody")));
            assertThat(scenario.findings())
                    .extracting(Finding::rule)
                    .containsExactly(HandoffRule.DANGLING_REFERENCE, HandoffRule.RECEIVER_NOT_ON_CARE_TEAM);
        }

        @Test
        void focusAboutTheSamePatientIsFine() {
            assertThat(referral().findingsOf(HandoffRule.SUBJECT_MISMATCH)).isEmpty();
        }

        @Test
        void referenceToNothingIsDangling() {
            HandoffScenario scenario = referral().with(t -> t.setOwner(new Reference("Practitioner/nobody")));
            assertThat(scenario.findingsOf(HandoffRule.DANGLING_REFERENCE))
                    .extracting(Finding::severity, Finding::path)
                    .containsExactly(tuple(IssueSeverity.ERROR, "owner"));
        }

        @Test
        void everyReferenceOfTheTaskIsChecked() {
            HandoffScenario scenario = referral().with(t -> {
                t.addBasedOn(new Reference("CarePlan/gone"));
                t.addPartOf(new Reference("Task/gone"));
                t.addInput()
                        .setValue(new Reference("DocumentReference/gone"))
                        .getType()
                        .setText("letter");
                t.addOutput()
                        .setValue(new Reference("Encounter/gone"))
                        .getType()
                        .setText("visit");
            });
            assertThat(scenario.findingsOf(HandoffRule.DANGLING_REFERENCE))
                    .extracting(Finding::path)
                    .containsExactly("basedOn[0]", "partOf[0]", "input[0].value", "output[0].value");
        }

        @Test
        void danglingReferenceNamesThePathAndTheTarget() {
            HandoffScenario scenario = referral()
                    .with(t -> t.addInput()
                            .setValue(new Reference("DocumentReference/gone"))
                            .getType()
                            .setText("letter"));
            assertThat(scenario.findingsOf(HandoffRule.DANGLING_REFERENCE))
                    .extracting(Finding::message)
                    .containsExactly("Task.input[0].value references DocumentReference/gone, which exists neither on"
                            + " the server nor in the same bundle");
        }

        @Test
        void absoluteReferenceToAnotherServerIsNotChecked() {
            HandoffScenario scenario =
                    referral().with(t -> t.setOwner(new Reference("https://other.example.org/fhir/Practitioner/7")));
            assertThat(scenario.findingsOf(HandoffRule.DANGLING_REFERENCE)).isEmpty();
        }

        @Test
        void conditionalReferenceIsLeftToTheServer() {
            HandoffScenario scenario =
                    referral().with(t -> t.setFor(new Reference("Patient?identifier=urn:mrn|12345")));
            assertThat(scenario.findings()).isEmpty();
        }

        @Test
        void draftGetsOnlyStructuralRules() {
            HandoffScenario scenario = referral()
                    .with(t -> t.setStatus(TaskStatus.DRAFT)
                            .setOwner(new Reference("Practitioner/nobody"))
                            .setRequester(null)
                            .setPriority(null)
                            .setNote(null));
            assertThat(scenario.findings()).extracting(Finding::rule).containsExactly(HandoffRule.DANGLING_REFERENCE);
        }

        @Test
        void draftStillGetsEveryStructuralRule() {
            ServiceRequest other = new ServiceRequest();
            other.setSubject(new Reference(OTHER_PATIENT));
            HandoffScenario scenario = referral()
                    .add(other, "ServiceRequest/other")
                    .storedAs(TaskStatus.REQUESTED)
                    .with(t -> t.setStatus(TaskStatus.DRAFT)
                            .setFocus(new Reference("ServiceRequest/other"))
                            .setOwner(new Reference("Practitioner/nobody")));
            assertThat(scenario.findings())
                    .extracting(Finding::rule)
                    .containsExactly(
                            HandoffRule.SUBJECT_MISMATCH,
                            HandoffRule.DANGLING_REFERENCE,
                            HandoffRule.INVALID_TRANSITION);
        }
    }

    @Test
    void everyRuleHasAStableKebabCaseCode() {
        assertThat(HandoffRule.values()).hasSize(16);
        assertThat(HandoffRule.values())
                .extracting(HandoffRule::code)
                .allMatch(code -> code.matches("[a-z]+(-[a-z]+)*"))
                .doesNotHaveDuplicates();
    }

    @Test
    void everyRuleHasATitleAnIssueTypeAndItsIpassElement() {
        assertThat(HandoffRule.values()).allSatisfy(rule -> {
            assertThat(rule.title()).isNotBlank();
            assertThat(rule.issueType()).isNotNull();
        });
        assertThat(HandoffRule.values())
                .filteredOn(rule -> rule.ipass() != null)
                .extracting(HandoffRule::code, rule -> rule.ipass().code())
                .containsExactly(
                        tuple("severity-missing", "illness-severity"),
                        tuple("summary-missing", "patient-summary"),
                        tuple("actions-missing", "action-list"),
                        tuple("contingency-missing", "situation-awareness"),
                        tuple("medication-list-missing", "patient-summary"),
                        tuple("synthesis-missing", "synthesis-by-receiver"));
        assertThat(IpassElement.values())
                .extracting(IpassElement::display)
                .allSatisfy(d -> assertThat(d).isNotBlank());
    }

    @Test
    void handoffTypesHaveStableCodes() {
        assertThat(HandoffType.values())
                .extracting(HandoffType::code)
                .containsExactly("referral", "transition-of-care", "shift-change", "warm-handoff");
        assertThat(HandoffType.values())
                .extracting(HandoffType::display)
                .allSatisfy(d -> assertThat(d).isNotBlank());
    }

    @Test
    void errorsAndFatalsAreErrorsWarningsAreNot() {
        assertThat(IssueSeverity.values())
                .filteredOn(severity -> new Finding(HandoffRule.GIVER_MISSING, severity, "requester", "x").isError())
                .containsExactlyInAnyOrder(IssueSeverity.ERROR, IssueSeverity.FATAL);
    }
}
