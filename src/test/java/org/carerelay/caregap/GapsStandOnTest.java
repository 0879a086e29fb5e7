package org.carerelay.caregap;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.Date;
import java.util.List;
import java.util.Set;
import net.jqwik.api.Arbitrary;
import net.jqwik.api.ForAll;
import net.jqwik.api.Property;
import net.jqwik.api.Provide;
import org.carerelay.caregap.rules.CareGapEvaluator;
import org.carerelay.caregap.rules.CareGapRule;
import org.carerelay.caregap.rules.PatientRecord;
import org.carerelay.caregap.rules.ShippedConflicts;
import org.hl7.fhir.r4.model.DateTimeType;

/**
 * {@link CareGapRule#standsOn()} is a necessary condition: take from any record every resource of the types a rule
 * stands on, and the rule finds no gap, so a patient that nothing of those types references can be passed over unread.
 */
class GapsStandOnTest {

    private static final CareGapEvaluator EVALUATOR = ShippedConflicts.evaluator();
    private static final List<Date> AS_OF = List.of(
            new DateTimeType("2026-06-30T12:00:00Z").getValue(), new DateTimeType("2027-03-01T00:00:00Z").getValue());

    @Property(tries = 1000)
    void noRuleFindsAGapWithoutWhatItStandsOn(@ForAll("records") RecordShapes.Drawn drawn) {
        for (CareGapRule rule : CareGapRule.values()) {
            PatientRecord without = without(drawn.record(), rule.standsOn());
            for (Date asOf : AS_OF) {
                assertThat(EVALUATOR.evaluate(without, asOf, Set.of(rule)))
                        .as(rule.code())
                        .isEmpty();
            }
        }
    }

    @Provide
    Arbitrary<RecordShapes.Drawn> records() {
        return RecordShapes.records();
    }

    private static PatientRecord without(PatientRecord r, Set<String> types) {
        return new PatientRecord(
                r.patient(),
                types.contains("Condition") ? List.of() : r.conditions(),
                types.contains("ServiceRequest") ? List.of() : r.serviceRequests(),
                types.contains("Task") ? List.of() : r.tasks(),
                types.contains("CarePlan") ? List.of() : r.carePlans(),
                types.contains("CareTeam") ? List.of() : r.careTeams(),
                types.contains("Encounter") ? List.of() : r.encounters(),
                types.contains("Observation") ? List.of() : r.observations(),
                types.contains("Procedure") ? List.of() : r.procedures(),
                types.contains("DiagnosticReport") ? List.of() : r.reports(),
                types.contains("MedicationRequest") ? List.of() : r.medicationRequests(),
                types.contains("MedicationStatement") ? List.of() : r.medicationStatements(),
                types.contains("Goal") ? List.of() : r.goals());
    }
}
