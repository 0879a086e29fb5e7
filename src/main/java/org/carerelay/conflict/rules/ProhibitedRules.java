package org.carerelay.conflict.rules;

import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Objects;
import org.hl7.fhir.r4.model.CarePlan;
import org.hl7.fhir.r4.model.CodeableConcept;
import org.hl7.fhir.r4.model.Coding;
import org.hl7.fhir.r4.model.ServiceRequest;

/**
 * Prohibited versus ordered: one active plan's activity says {@code doNotPerform} for what is ordered elsewhere (a
 * medication order, an active ServiceRequest, or another plan's activity). The same code, or the same ingredient by
 * code, is a match; the same words or an ingredient named only in words is a lower-confidence one.
 */
final class ProhibitedRules {

    private final Knowledge knowledge;

    ProhibitedRules(Knowledge knowledge) {
        this.knowledge = knowledge;
    }

    private record Order(Side side, CodeableConcept concept) {}

    List<Conflict> conflicts(Chart chart) {
        List<Order> orders = new ArrayList<>();
        chart.drugs.stream().filter(Drug::order).forEach(d -> orders.add(new Order(d.side(), d.concept())));
        for (ServiceRequest request : chart.record.serviceRequests()) {
            if (request.getStatus() == ServiceRequest.ServiceRequestStatus.ACTIVE
                    && !request.getDoNotPerform()
                    && request.hasCode()
                    && !chart.days.after(request.getAuthoredOnElement())) {
                String key = chart.key(request);
                CarePlan plan = chart.planOf.get(key);
                orders.add(new Order(
                        chart.side(
                                request,
                                key,
                                request.getCode(),
                                request.hasRequester() ? request.getRequester() : Chart.authorOf(plan),
                                plan),
                        request.getCode()));
            }
        }
        for (CarePlan plan : chart.plans) {
            for (int i = 0; i < plan.getActivity().size(); i++) {
                CarePlan.CarePlanActivityComponent activity = plan.getActivity().get(i);
                if (activity.hasDetail()
                        && !activity.getDetail().getDoNotPerform()
                        && !Chart.ended(activity)
                        && activity.getDetail().hasCode()) {
                    CodeableConcept code = activity.getDetail().getCode();
                    orders.add(new Order(chart.activitySide(plan, i, code), code));
                }
            }
        }
        List<Conflict> conflicts = new ArrayList<>();
        for (CarePlan plan : chart.plans) {
            for (int i = 0; i < plan.getActivity().size(); i++) {
                CarePlan.CarePlanActivityComponent activity = plan.getActivity().get(i);
                if (!activity.hasDetail() || !activity.getDetail().getDoNotPerform() || Chart.ended(activity)) {
                    continue;
                }
                List<CodeableConcept> prohibited = new ArrayList<>();
                if (activity.getDetail().hasCode()) {
                    prohibited.add(activity.getDetail().getCode());
                }
                if (activity.getDetail().hasProductCodeableConcept()) {
                    prohibited.add(activity.getDetail().getProductCodeableConcept());
                }
                if (prohibited.isEmpty()) {
                    continue;
                }
                Side prohibition = chart.activitySide(plan, i, prohibited.get(0));
                for (Order order : orders) {
                    if (Objects.equals(order.side().plan(), prohibition.plan())) {
                        continue;
                    }
                    Boolean textOnly = null;
                    for (CodeableConcept concept : prohibited) {
                        Boolean match = match(concept, order.concept());
                        if (match != null && (textOnly == null || !match)) {
                            textOnly = match;
                        }
                    }
                    if (textOnly == null) {
                        continue;
                    }
                    Knowledge.Prohibited rule = knowledge.prohibited();
                    conflicts.add(new Conflict(
                            ConflictRule.PROHIBITED_VS_ORDERED,
                            rule.id(),
                            rule.severity(),
                            prohibition,
                            order.side(),
                            rule.sources().stream().map(knowledge::source).toList(),
                            "not to be done: " + prohibition.described() + "; ordered: "
                                    + order.side().described(),
                            null,
                            rule.action(),
                            textOnly));
                }
            }
        }
        return conflicts;
    }

    /** False: the same thing by code; true: the same thing by words only; null: not the same. */
    private Boolean match(CodeableConcept prohibited, CodeableConcept ordered) {
        for (Coding a : prohibited.getCoding()) {
            for (Coding b : ordered.getCoding()) {
                if (a.hasCode()
                        && a.hasSystem()
                        && a.getSystem().equals(b.getSystem())
                        && a.getCode().equals(b.getCode())) {
                    return false;
                }
            }
        }
        String byCodeA = ingredient(prohibited, false);
        if (byCodeA != null && byCodeA.equals(ingredient(ordered, false))) {
            return false;
        }
        String wordsA = Codes.words(prohibited).trim().toLowerCase(Locale.ROOT);
        if (!wordsA.equals("(unnamed)")
                && wordsA.equals(Codes.words(ordered).trim().toLowerCase(Locale.ROOT))) {
            return true;
        }
        String textA = ingredient(prohibited, true);
        return textA != null && textA.equals(ingredient(ordered, true)) ? true : null;
    }

    /** The ingredient a concept names, by code (or, with {@code words}, by code or words); null when none. */
    private String ingredient(CodeableConcept concept, boolean words) {
        for (Knowledge.DrugClass drugClass : knowledge.classes().values()) {
            Knowledge.Member member = Codes.byCode(concept, drugClass);
            if (member == null && words) {
                member = Codes.byText(concept, drugClass);
            }
            if (member != null && member.rxnorm() != null) {
                return member.name().toLowerCase(Locale.ROOT);
            }
        }
        return null;
    }
}
