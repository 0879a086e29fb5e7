package org.carerelay.conflict.rules;

import java.math.BigDecimal;
import java.time.LocalDate;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.stream.Collectors;
import org.hl7.fhir.r4.model.CodeableConcept;
import org.hl7.fhir.r4.model.Condition;
import org.hl7.fhir.r4.model.Encounter;
import org.hl7.fhir.r4.model.Observation;

/** Drug–drug interactions, drug–disease contraindications and duplicate therapy, from the knowledge's entries. */
final class DrugRules {

    private final Knowledge knowledge;

    DrugRules(Knowledge knowledge) {
        this.knowledge = knowledge;
    }

    /** How a drug matched a class: the member (ingredient) and whether only by its words. */
    record Match(Knowledge.Member member, boolean textOnly) {}

    /**
     * How a drug of the chart matches a class, found once per chart: the interaction and duplicate entries ask it for
     * every pair of drugs, and a match by words runs a pattern per member of the class.
     */
    private Optional<Match> match(Chart chart, Drug drug, String classId) {
        return chart.drugMatches
                .computeIfAbsent(drug, d -> new HashMap<>())
                .computeIfAbsent(classId, id -> match(drug, id));
    }

    private Optional<Match> match(Drug drug, String classId) {
        Knowledge.DrugClass drugClass = knowledge.classes().get(classId);
        Knowledge.Member byCode = Codes.byCode(drug.concept(), drugClass);
        if (byCode != null) {
            return Optional.of(new Match(byCode, false));
        }
        Knowledge.Member byText = Codes.byText(drug.concept(), drugClass);
        return byText == null ? Optional.empty() : Optional.of(new Match(byText, true));
    }

    List<Conflict> interactions(Chart chart) {
        List<Conflict> conflicts = new ArrayList<>();
        List<Drug> drugs = chart.drugs;
        for (Knowledge.Interaction interaction : knowledge.interactions()) {
            for (int i = 0; i < drugs.size(); i++) {
                for (int j = i + 1; j < drugs.size(); j++) {
                    Drug x = drugs.get(i);
                    Drug y = drugs.get(j);
                    if (sameTherapy(x, y)) {
                        continue;
                    }
                    Optional<Match> xa = match(chart, x, interaction.a());
                    Optional<Match> yb = match(chart, y, interaction.b());
                    Drug first = x;
                    Drug second = y;
                    if (xa.isEmpty() || yb.isEmpty()) {
                        xa = match(chart, y, interaction.a());
                        yb = match(chart, x, interaction.b());
                        first = y;
                        second = x;
                    }
                    if (xa.isEmpty() || yb.isEmpty()) {
                        continue;
                    }
                    if (interaction.a().equals(interaction.b())
                            && xa.get()
                                    .member()
                                    .name()
                                    .equalsIgnoreCase(yb.get().member().name())) {
                        continue; // one drug twice is duplicate therapy, not an interaction
                    }
                    String summary =
                            first.side().described() + " with " + second.side().described() + ": "
                                    + knowledge.classes().get(interaction.a()).display() + " with "
                                    + knowledge.classes().get(interaction.b()).display();
                    conflicts.add(new Conflict(
                            ConflictRule.DRUG_DRUG,
                            interaction.id(),
                            interaction.severity(),
                            first.side(),
                            second.side(),
                            interaction.sources().stream()
                                    .map(knowledge::source)
                                    .toList(),
                            summary,
                            null,
                            interaction.action(),
                            xa.get().textOnly() || yb.get().textOnly()));
                }
            }
        }
        return conflicts;
    }

    List<Conflict> contraindications(Chart chart) {
        List<Conflict> conflicts = new ArrayList<>();
        List<Condition> current = chart.conditions();
        List<Condition> history = chart.history();
        Integer age = chart.days.age(chart.record.patient().getBirthDateElement());
        String sex = chart.record.patient().hasGender()
                ? chart.record.patient().getGender().toCode()
                : null;
        Optional<Observation> egfr = latestEgfr(chart);
        for (Knowledge.Contraindication rule : knowledge.contraindications()) {
            if (rule.minAge() != null && (age == null || age < rule.minAge())) {
                continue;
            }
            if (rule.sex() != null && !rule.sex().equals(sex)) {
                continue;
            }
            if (rule.exceptConditions().stream()
                    .anyMatch(id -> current.stream()
                            .anyMatch(c -> Codes.matches(
                                    c.getCode(), knowledge.conditions().get(id))))) {
                continue;
            }
            List<Condition> conditions = rule.countsHistory() ? history : current;
            List<String> codes = knowledge.conditions().get(rule.condition());
            for (Drug drug : chart.drugs) {
                Optional<Match> match = match(chart, drug, rule.drugs());
                if (match.isEmpty() || excepted(rule, drug, match.get())) {
                    continue;
                }
                String drugs = knowledge.classes().get(rule.drugs()).display();
                Optional<Condition> condition = conditions.stream()
                        .filter(c -> Codes.matches(c.getCode(), codes))
                        .findFirst();
                if (condition.isPresent()) {
                    Side side = chart.conditionSide(condition.get());
                    String severity = rule.severity();
                    String note = null;
                    if (rule.nyha() != null) {
                        // the label grades by NYHA class: the class the record states, else say it is not there
                        Optional<NyhaClass> stated = nyhaClass(chart, condition.get());
                        severity = stated.map(c -> rule.nyha().severity().getOrDefault(c.name(), rule.severity()))
                                .orElse(rule.severity());
                        note = stated.map(c -> "NYHA class " + c.name() + " (" + c.where() + ")")
                                .orElse("NYHA class not recorded");
                    }
                    if (rule.decompensation() != null) {
                        // the label: a recent decompensation requiring hospitalization, whatever the class
                        Optional<Encounter> stay = recentStay(chart, rule.decompensation(), codes);
                        if (stay.isPresent()) {
                            severity = graver(severity, rule.decompensation().severity());
                            String ended = stay.get().getPeriod().hasEnd()
                                    ? "ended "
                                            + chart.days.dayOf(
                                                    stay.get().getPeriod().getEndElement())
                                    : "not ended";
                            String recent = "recent decompensation: hospital stay for " + rule.condition() + ", "
                                    + ended + " (" + chart.key(stay.get()) + ")";
                            note = note == null ? recent : note + "; " + recent;
                        }
                    }
                    conflicts.add(conflict(rule, drug, side, drugs, severity, note, match.get()));
                    continue;
                }
                if (rule.egfrBelow() != null
                        && egfr.isPresent()
                        && egfrValue(egfr.get()).doubleValue() < rule.egfrBelow()) {
                    Observation result = egfr.get();
                    Side side = new Side(
                            result,
                            chart.key(result),
                            "latest eGFR "
                                    + egfrValue(result).stripTrailingZeros().toPlainString() + " mL/min/1.73m2",
                            result.getPerformer().isEmpty() ? null : result.getPerformerFirstRep(),
                            null);
                    conflicts.add(conflict(rule, drug, side, drugs, rule.severity(), null, match.get()));
                    continue;
                }
                if (rule.uncertain() != null) {
                    Knowledge.Uncertain uncertain = rule.uncertain();
                    List<String> broad = knowledge.conditions().get(uncertain.condition());
                    conditions.stream()
                            .filter(c -> Codes.matches(c.getCode(), broad))
                            .filter(c -> uncertain.unless().stream()
                                    .noneMatch(u -> Codes.matches(
                                            c.getCode(), knowledge.conditions().get(u))))
                            .findFirst()
                            .ifPresent(c -> conflicts.add(conflict(
                                    rule,
                                    drug,
                                    chart.conditionSide(c),
                                    drugs,
                                    uncertain.severity(),
                                    uncertain.note(),
                                    match.get())));
                }
            }
        }
        return onePerPair(conflicts);
    }

    /**
     * One finding per drug and condition: when two entries name the same pair (olanzapine is an antipsychotic and
     * strongly anticholinergic; a label and Beers both warn), the first entry of the knowledge file reports it.
     */
    private static List<Conflict> onePerPair(List<Conflict> conflicts) {
        java.util.Set<String> seen = new java.util.HashSet<>();
        return conflicts.stream()
                .filter(c -> seen.add(c.first().key() + " " + c.first().described() + " "
                        + c.second().key()))
                .toList();
    }

    /** An excepted member of the class, or a route the entry leaves out. */
    private static boolean excepted(Knowledge.Contraindication rule, Drug drug, Match match) {
        if (rule.exceptMembers().stream()
                .anyMatch(name -> name.equalsIgnoreCase(match.member().name()))) {
            return true;
        }
        return rule.excludedRoutes() != null && Codes.byRoute(drug, rule.excludedRoutes());
    }

    private Conflict conflict(
            Knowledge.Contraindication rule,
            Drug drug,
            Side condition,
            String drugs,
            String severity,
            String note,
            Match match) {
        String summary = drug.side().described() + " with " + condition.described() + ": " + drugs
                + " contraindicated by " + rule.condition()
                + (rule.egfrBelow() != null
                        ? " or eGFR under " + rule.egfrBelow().intValue()
                        : "")
                + (rule.minAge() != null ? " at age " + rule.minAge() + " or older" : "")
                + (rule.sex() != null ? " (" + rule.sex() + ")" : "");
        return new Conflict(
                ConflictRule.DRUG_DISEASE,
                rule.id(),
                severity,
                drug.side(),
                condition,
                rule.sources().stream().map(knowledge::source).toList(),
                summary,
                note,
                rule.action(),
                match.textOnly());
    }

    /**
     * The latest hospital stay of the rule's classes for the condition ({@code reasonCode}, or a {@code reasonReference}
     * or {@code diagnosis} naming one of the record's conditions of it) that had begun by the day and had not ended
     * {@code withinDays} days before it (a stay not ended counts). A stay with neither a start nor an end is no
     * evidence of a recent one.
     */
    private static Optional<Encounter> recentStay(
            Chart chart, Knowledge.Decompensation rule, List<String> conditionCodes) {
        LocalDate since = chart.days.day().minusDays(rule.withinDays());
        Set<String> conditions = chart.conditions().stream()
                .filter(c -> Codes.matches(c.getCode(), conditionCodes))
                .map(chart::key)
                .collect(Collectors.toSet());
        return chart.record.encounters().stream()
                .filter(e -> rule.classes()
                        .contains(
                                e.getClass_().getSystem() + "|" + e.getClass_().getCode()))
                .filter(e -> e.getStatus() == null
                        || !NOT_A_STAY.contains(e.getStatus().toCode()))
                .filter(e -> chart.days.dayOf(e.getPeriod().getStartElement()) != null
                        || chart.days.dayOf(e.getPeriod().getEndElement()) != null)
                .filter(e -> !chart.days.after(e.getPeriod()))
                .filter(e -> {
                    LocalDate ended = chart.days.dayOf(e.getPeriod().getEndElement());
                    return ended == null || !ended.isBefore(since);
                })
                .filter(e -> e.getReasonCode().stream().anyMatch(reason -> Codes.matches(reason, conditionCodes))
                        || e.getReasonReference().stream().anyMatch(r -> conditions.contains(chart.server.key(r)))
                        || e.getDiagnosis().stream()
                                .anyMatch(d -> conditions.contains(chart.server.key(d.getCondition()))))
                .max(Comparator.comparing((Encounter e) -> Optional.ofNullable(
                                chart.days.dayOf(e.getPeriod().getEndElement()))
                        .orElse(LocalDate.MAX)));
    }

    /** Encounter statuses of a stay that did not take place. */
    private static final Set<String> NOT_A_STAY = Set.of("planned", "cancelled", "entered-in-error");

    private static String graver(String a, String b) {
        List<String> order = List.of("low", "moderate", "high");
        return order.indexOf(b) > order.indexOf(a) ? b : a;
    }

    /** A NYHA class ({@code I} to {@code IV}) and the resource that states it. */
    private record NyhaClass(String name, String where) {}

    /**
     * The NYHA class the record states: the latest result whose value is a class, judged on the day, else the
     * heart-failure condition's {@code stage.summary} or {@code severity}; empty when none says.
     */
    private Optional<NyhaClass> nyhaClass(Chart chart, Condition condition) {
        Optional<Observation> latest = chart.record.observations().stream()
                .filter(o -> o.getStatus() != null
                        && List.of("final", "amended", "corrected", "preliminary")
                                .contains(o.getStatus().toCode()))
                .filter(o -> o.getValue() instanceof CodeableConcept value && nyhaOf(value) != null)
                .filter(o -> !chart.days.after(o.getEffective()))
                .max(Comparator.comparing(
                        (Observation o) -> effectiveDay(chart, o), Comparator.nullsFirst(Comparator.naturalOrder())));
        if (latest.isPresent()) {
            return Optional.of(
                    new NyhaClass(nyhaOf((CodeableConcept) latest.get().getValue()), chart.key(latest.get())));
        }
        List<CodeableConcept> stated = new ArrayList<>();
        condition.getStage().forEach(stage -> stated.add(stage.getSummary()));
        stated.add(condition.getSeverity());
        return stated.stream()
                .map(this::nyhaOf)
                .filter(java.util.Objects::nonNull)
                .findFirst()
                .map(c -> new NyhaClass(c, chart.key(condition)));
    }

    /** The NYHA class ({@code I} to {@code IV}) a concept names, or null. */
    private String nyhaOf(CodeableConcept concept) {
        for (Map.Entry<String, List<String>> nyhaClass : knowledge.nyha().entrySet()) {
            if (Codes.matches(concept, nyhaClass.getValue())) {
                return nyhaClass.getKey();
            }
        }
        return null;
    }

    /** The latest final eGFR result with a number, judged on the day. */
    private Optional<Observation> latestEgfr(Chart chart) {
        return chart.record.observations().stream()
                .filter(o -> o.getStatus() != null
                        && List.of("final", "amended", "corrected")
                                .contains(o.getStatus().toCode()))
                .filter(o -> Codes.matches(o.getCode(), knowledge.egfr()))
                .filter(o -> egfrValue(o) != null)
                .filter(o -> !chart.days.after(o.getEffective()))
                .max(Comparator.comparing(
                        (Observation o) -> effectiveDay(chart, o), Comparator.nullsFirst(Comparator.naturalOrder())));
    }

    private static java.time.LocalDate effectiveDay(Chart chart, Observation o) {
        if (o.getEffective() instanceof org.hl7.fhir.r4.model.BaseDateTimeType date) {
            return chart.days.dayOf(date);
        }
        if (o.getEffective() instanceof org.hl7.fhir.r4.model.Period period) {
            return chart.days.dayOf(period.getStartElement());
        }
        return null;
    }

    private static BigDecimal egfrValue(Observation observation) {
        return observation.hasValueQuantity() ? observation.getValueQuantity().getValue() : null;
    }

    List<Conflict> duplicates(Chart chart) {
        Knowledge.Duplicates rule = knowledge.duplicates();
        List<Conflict> conflicts = new ArrayList<>();
        List<Drug> drugs = chart.drugs;
        for (int i = 0; i < drugs.size(); i++) {
            for (int j = i + 1; j < drugs.size(); j++) {
                Drug x = drugs.get(i);
                Drug y = drugs.get(j);
                if (sameTherapy(x, y)) {
                    continue;
                }
                for (String classId : rule.classes()) {
                    Optional<Match> mx = match(chart, x, classId);
                    Optional<Match> my = match(chart, y, classId);
                    if (mx.isEmpty() || my.isEmpty()) {
                        continue;
                    }
                    boolean sameIngredient = mx.get()
                            .member()
                            .name()
                            .equalsIgnoreCase(my.get().member().name());
                    String what = sameIngredient
                            ? "the same ingredient, " + mx.get().member().name()
                            : "two " + knowledge.classes().get(classId).display();
                    conflicts.add(new Conflict(
                            ConflictRule.DUPLICATE_THERAPY,
                            rule.id(),
                            rule.severity(),
                            x.side(),
                            y.side(),
                            rule.sources().stream().map(knowledge::source).toList(),
                            x.side().described() + " and " + y.side().described() + ": " + what,
                            null,
                            rule.action(),
                            mx.get().textOnly() || my.get().textOnly()));
                    break;
                }
            }
        }
        return conflicts;
    }

    /** A statement of an order and the order itself are one therapy. */
    private static boolean sameTherapy(Drug x, Drug y) {
        return x.basedOn().contains(y.side().key())
                || y.basedOn().contains(x.side().key());
    }
}
