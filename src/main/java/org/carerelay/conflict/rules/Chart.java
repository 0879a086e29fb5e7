package org.carerelay.conflict.rules;

import java.util.ArrayList;
import java.util.IdentityHashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.stream.Collectors;
import org.carerelay.fhir.LocalServer;
import org.hl7.fhir.r4.model.CarePlan;
import org.hl7.fhir.r4.model.CodeableConcept;
import org.hl7.fhir.r4.model.Coding;
import org.hl7.fhir.r4.model.Condition;
import org.hl7.fhir.r4.model.Dosage;
import org.hl7.fhir.r4.model.Medication;
import org.hl7.fhir.r4.model.MedicationRequest;
import org.hl7.fhir.r4.model.MedicationStatement;
import org.hl7.fhir.r4.model.Reference;
import org.hl7.fhir.r4.model.Resource;
import org.hl7.fhir.r4.model.Type;

/**
 * A patient's record as the conflict rules read it on a day: the active care plans and which plan names which
 * resource, the medications (with their authors: a medication's requester, else the author of the plan that names
 * it), and the current conditions (author: asserter, else recorder).
 */
final class Chart {

    /** Activity statuses that take an activity out of the plan. */
    private static final Set<String> ENDED_ACTIVITY = Set.of("cancelled", "completed", "stopped", "entered-in-error");

    /** Condition clinical statuses that make a condition current. */
    private static final Set<String> CURRENT = Set.of("active", "recurrence", "relapse");

    final PlanRecord record;
    final Days days;
    final LocalServer server;
    final List<CarePlan> plans = new ArrayList<>();
    /** The first active plan that names a resource (activity.reference, goal), by the resource's key. */
    final Map<String, CarePlan> planOf = new LinkedHashMap<>();

    final List<Drug> drugs = new ArrayList<>();
    /** How each drug matches each class, once found ({@link DrugRules}); by identity, as drugs are built once. */
    final Map<Drug, Map<String, Optional<DrugRules.Match>>> drugMatches = new IdentityHashMap<>();

    Chart(PlanRecord record, Days days, LocalServer server) {
        this.record = record;
        this.days = days;
        this.server = server;
        for (CarePlan plan : record.carePlans()) {
            if (plan.getStatus() != CarePlan.CarePlanStatus.ACTIVE
                    || days.after(plan.getCreatedElement())
                    || days.after(plan.getPeriod())) {
                continue;
            }
            plans.add(plan);
            for (CarePlan.CarePlanActivityComponent activity : plan.getActivity()) {
                if (activity.hasReference() && !ended(activity)) {
                    planOf.putIfAbsent(server.key(activity.getReference()), plan);
                }
            }
            plan.getGoal().forEach(goal -> planOf.putIfAbsent(server.key(goal), plan));
        }
        for (MedicationRequest request : record.medicationRequests()) {
            if (request.getStatus() != MedicationRequest.MedicationRequestStatus.ACTIVE
                    || days.after(request.getAuthoredOnElement())) {
                continue;
            }
            CodeableConcept concept = medication(request, request.getMedication());
            if (concept != null) {
                String key = key(request);
                CarePlan plan = planOf.get(key);
                Reference author = request.hasRequester() ? request.getRequester() : authorOf(plan);
                List<CodeableConcept> routes = request.getDosageInstruction().stream()
                        .filter(Dosage::hasRoute)
                        .map(Dosage::getRoute)
                        .toList();
                drugs.add(new Drug(side(request, key, concept, author, plan), concept, true, Set.of(), routes));
            }
        }
        for (MedicationStatement statement : record.medicationStatements()) {
            if (statement.getStatus() != MedicationStatement.MedicationStatementStatus.ACTIVE
                    || days.after(statement.getEffective())
                    || days.after(statement.getDateAssertedElement())) {
                continue;
            }
            CodeableConcept concept = medication(statement, statement.getMedication());
            if (concept != null) {
                String key = key(statement);
                CarePlan plan = planOf.get(key);
                Reference author = plan != null && plan.hasAuthor()
                        ? plan.getAuthor()
                        : statement.hasInformationSource() ? statement.getInformationSource() : null;
                Set<String> basedOn = statement.getBasedOn().stream()
                        .map(server::key)
                        .filter(k -> k != null)
                        .collect(Collectors.toSet());
                List<CodeableConcept> routes = statement.getDosage().stream()
                        .filter(Dosage::hasRoute)
                        .map(Dosage::getRoute)
                        .toList();
                drugs.add(new Drug(side(statement, key, concept, author, plan), concept, false, basedOn, routes));
            }
        }
        for (CarePlan plan : plans) {
            for (int i = 0; i < plan.getActivity().size(); i++) {
                CarePlan.CarePlanActivityComponent activity = plan.getActivity().get(i);
                if (!activity.hasDetail()
                        || ended(activity)
                        || activity.getDetail().getDoNotPerform()) {
                    continue;
                }
                if (activity.getDetail().hasProductCodeableConcept()) {
                    CodeableConcept concept = activity.getDetail().getProductCodeableConcept();
                    drugs.add(new Drug(activitySide(plan, i, concept), concept, true, Set.of(), List.of()));
                }
            }
        }
    }

    static boolean ended(CarePlan.CarePlanActivityComponent activity) {
        return activity.hasDetail()
                && activity.getDetail().getStatus() != null
                && ENDED_ACTIVITY.contains(activity.getDetail().getStatus().toCode());
    }

    /** A plan's activity as a side of a conflict: the plan is what is implicated. */
    Side activitySide(CarePlan plan, int index, CodeableConcept concept) {
        String key = key(plan);
        return new Side(plan, key, Codes.words(concept) + " (activity " + (index + 1) + ")", authorOf(plan), key);
    }

    Side side(Resource resource, String key, CodeableConcept concept, Reference author, CarePlan plan) {
        return new Side(resource, key, Codes.words(concept), author, plan == null ? null : key(plan));
    }

    static Reference authorOf(CarePlan plan) {
        return plan != null && plan.hasAuthor() ? plan.getAuthor() : null;
    }

    /** The current conditions: active by clinical status, not abated, confirmed or without a verification status. */
    List<Condition> conditions() {
        return history().stream()
                .filter(c -> c.getClinicalStatus().getCoding().stream()
                        .map(Coding::getCode)
                        .anyMatch(code -> code != null && CURRENT.contains(code)))
                .filter(c -> !c.hasAbatement())
                .toList();
    }

    /**
     * The conditions the patient has had, current or past (resolved, inactive, abated): confirmed or without a
     * verification status, begun or recorded by the day. A "history of" criterion reads these.
     */
    List<Condition> history() {
        return record.conditions().stream()
                .filter(c -> c.getVerificationStatus().getCoding().stream()
                        .map(Coding::getCode)
                        .allMatch(code -> code == null || code.equals("confirmed")))
                .filter(c -> !days.after(c.getOnset()) && !days.after(c.getRecordedDateElement()))
                .toList();
    }

    Side conditionSide(Condition condition) {
        Reference author = condition.hasAsserter()
                ? condition.getAsserter()
                : condition.hasRecorder() ? condition.getRecorder() : null;
        String key = key(condition);
        CarePlan plan = planOf.get(key);
        return new Side(condition, key, Codes.words(condition.getCode()), author, plan == null ? null : key(plan));
    }

    String key(Resource resource) {
        return resource.fhirType() + "/" + resource.getIdElement().getIdPart();
    }

    /** The medication's code: its own concept, or that of a contained Medication it references; else null. */
    private static CodeableConcept medication(Resource owner, Type medication) {
        if (medication instanceof CodeableConcept concept) {
            return concept.hasCoding() || concept.hasText() ? concept : null;
        }
        if (medication instanceof Reference reference
                && reference.getReference() != null
                && reference.getReference().startsWith("#")
                && owner instanceof org.hl7.fhir.r4.model.DomainResource domain) {
            for (Resource contained : domain.getContained()) {
                String id = contained.getIdElement().getIdPart();
                if (contained instanceof Medication med
                        && id != null
                        && reference.getReference().substring(1).equals(id.startsWith("#") ? id.substring(1) : id)
                        && med.hasCode()) {
                    return med.getCode();
                }
            }
        }
        return null;
    }
}
