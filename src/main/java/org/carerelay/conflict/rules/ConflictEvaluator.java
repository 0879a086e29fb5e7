package org.carerelay.conflict.rules;

import java.util.ArrayList;
import java.util.Collection;
import java.util.EnumSet;
import java.util.List;
import java.util.Set;
import org.carerelay.fhir.LocalServer;

/**
 * Finds the conflicts in one patient's plans on a day. Deceased and inactive patients have none (nothing they take
 * can still be changed); the rules are total: any record, however incomplete, yields a list.
 */
public final class ConflictEvaluator {

    private final DrugRules drugs;
    private final GoalRules goals;
    private final ProhibitedRules prohibited;
    private final LocalServer server;

    public ConflictEvaluator(Knowledge knowledge, LocalServer server) {
        this.drugs = new DrugRules(knowledge);
        this.goals = new GoalRules(knowledge);
        this.prohibited = new ProhibitedRules(knowledge);
        this.server = server;
    }

    public List<Conflict> evaluate(PlanRecord record, Days days, Collection<ConflictRule> rules) {
        // only a stated value counts: an element holding just an extension (a data-absent-reason) says nothing
        if (record.patient().hasActiveElement()
                && Boolean.FALSE.equals(record.patient().getActiveElement().getValue())) {
            return List.of();
        }
        if (record.patient().hasDeceasedBooleanType()
                && Boolean.TRUE.equals(record.patient().getDeceasedBooleanType().getValue())) {
            return List.of();
        }
        if (record.patient().hasDeceasedDateTimeType()) {
            java.time.LocalDate died = days.dayOf(record.patient().getDeceasedDateTimeType());
            if (died != null && !died.isAfter(days.day())) {
                return List.of();
            }
        }
        Set<ConflictRule> wanted = rules.isEmpty() ? EnumSet.allOf(ConflictRule.class) : EnumSet.copyOf(rules);
        Chart chart = new Chart(record, days, server);
        List<Conflict> conflicts = new ArrayList<>();
        if (wanted.contains(ConflictRule.DRUG_DRUG)) {
            conflicts.addAll(drugs.interactions(chart));
        }
        if (wanted.contains(ConflictRule.DRUG_DISEASE)) {
            conflicts.addAll(drugs.contraindications(chart));
        }
        if (wanted.contains(ConflictRule.DUPLICATE_THERAPY)) {
            conflicts.addAll(drugs.duplicates(chart));
        }
        if (wanted.contains(ConflictRule.CONFLICTING_GOALS)) {
            conflicts.addAll(goals.conflicts(chart));
        }
        if (wanted.contains(ConflictRule.PROHIBITED_VS_ORDERED)) {
            conflicts.addAll(prohibited.conflicts(chart));
        }
        return conflicts;
    }
}
