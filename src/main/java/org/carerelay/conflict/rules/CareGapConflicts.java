package org.carerelay.conflict.rules;

import java.time.LocalDate;
import java.util.EnumSet;
import java.util.List;
import org.carerelay.caregap.rules.AsOf;
import org.carerelay.caregap.rules.PatientRecord;
import org.carerelay.caregap.rules.PlanConflicts;
import org.carerelay.fhir.LocalServer;

/**
 * The plan-conflict rules behind care gaps' G11 ({@code conflicting-plans}): the same evaluator and knowledge as
 * {@code $plan-conflicts}, over the record the care-gap loader read.
 */
public final class CareGapConflicts implements PlanConflicts {

    private final ConflictEvaluator evaluator;
    private final List<String> egfr;
    private final List<String> nyha;
    private final int stayDays;
    private final List<String> stayClasses;

    public CareGapConflicts(Knowledge knowledge, LocalServer server) {
        this.evaluator = new ConflictEvaluator(knowledge, server);
        this.egfr = List.copyOf(knowledge.egfr());
        this.nyha = knowledge.nyha().values().stream().flatMap(List::stream).toList();
        this.stayDays = knowledge.stayDays();
        this.stayClasses = knowledge.stayClasses();
    }

    @Override
    public List<String> observationCodes() {
        return egfr;
    }

    @Override
    public List<String> observationValues() {
        return nyha;
    }

    @Override
    public int stayDays() {
        return stayDays;
    }

    @Override
    public List<String> stayClasses() {
        return stayClasses;
    }

    @Override
    public List<Conflict> in(PatientRecord record, AsOf asOf) {
        PlanRecord plans = PlanRecord.of(record);
        Days day = new Days(LocalDate.ofInstant(asOf.endOfDay().toInstant(), asOf.zone()), asOf.zone());
        return evaluator.evaluate(plans, day, EnumSet.allOf(ConflictRule.class)).stream()
                .map(c -> new Conflict(
                        c.rule().code() + "/" + c.entry(), c.severity(), side(c.first()), side(c.second()), c.detail()))
                .toList();
    }

    private static Side side(org.carerelay.conflict.rules.Side side) {
        return new Side(side.resource(), side.described());
    }
}
