package org.carerelay.handoff.rules;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.tuple;
import static org.carerelay.handoff.rules.HandoffScenario.OTHER_PATIENT;
import static org.carerelay.handoff.rules.HandoffScenario.RECEIVER;
import static org.carerelay.handoff.rules.HandoffScenario.referral;
import static org.carerelay.handoff.rules.HandoffScenario.shiftChange;
import static org.carerelay.handoff.rules.HandoffScenario.transitionOfCare;

import org.hl7.fhir.r4.model.CodeableConcept;
import org.hl7.fhir.r4.model.Coding;
import org.hl7.fhir.r4.model.Condition;
import org.hl7.fhir.r4.model.OperationOutcome.IssueSeverity;
import org.hl7.fhir.r4.model.Reference;
import org.hl7.fhir.r4.model.ServiceRequest;
import org.hl7.fhir.r4.model.StringType;
import org.hl7.fhir.r4.model.Task.TaskStatus;
import org.junit.jupiter.api.Nested;
import org.junit.jupiter.api.Test;

class HandoffRulesTest {

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
            assertThat(scenario.validate()).contains(java.util.List.of());
        }

        @Test
        void fulfillTaskFocusedOnSomethingElseIsNoHandoff() {
            HandoffScenario scenario = referral()
                    .with(t -> t.setCode(new CodeableConcept(new Coding(HandoffCodes.TASK_CODE, "fulfill", null)))
                            .setFocus(new Reference("Patient/ana")));
            assertThat(scenario.validate()).isEmpty();
        }
    }

    @Nested
    class PatientMissing {
        @Test
        void emptyForIsAnError() {
            assertThat(referral().with(t -> t.setFor(null)).findingsOf(HandoffRule.PATIENT_MISSING))
                    .extracting(Finding::severity, Finding::path)
                    .containsExactly(tuple(IssueSeverity.ERROR, "for"));
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
        void receiverOnNoActiveCareTeamIsAWarning() {
            assertThat(referral().without("CareTeam/team").findingsOf(HandoffRule.RECEIVER_NOT_ON_CARE_TEAM))
                    .extracting(Finding::severity, Finding::path)
                    .containsExactly(tuple(IssueSeverity.WARNING, "owner"));
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
        void noActionListIsAnError() {
            assertThat(referral().with(t -> t.setFocus(null)).findingsOf(HandoffRule.ACTIONS_MISSING))
                    .extracting(Finding::severity, Finding::path)
                    .containsExactly(tuple(IssueSeverity.ERROR, "focus"));
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
    }

    @Test
    void everyRuleHasAStableKebabCaseCode() {
        assertThat(HandoffRule.values()).hasSize(16);
        assertThat(HandoffRule.values())
                .extracting(HandoffRule::code)
                .allMatch(code -> code.matches("[a-z]+(-[a-z]+)*"))
                .doesNotHaveDuplicates();
    }
}
