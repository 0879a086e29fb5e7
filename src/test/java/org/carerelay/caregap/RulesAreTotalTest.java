package org.carerelay.caregap;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.Collections;
import java.util.Date;
import java.util.EnumSet;
import java.util.IdentityHashMap;
import java.util.List;
import java.util.Set;
import net.jqwik.api.Arbitraries;
import net.jqwik.api.Arbitrary;
import net.jqwik.api.ForAll;
import net.jqwik.api.Property;
import net.jqwik.api.Provide;
import org.carerelay.caregap.rules.CareGapEvaluator;
import org.carerelay.caregap.rules.CareGapRule;
import org.carerelay.caregap.rules.Gap;
import org.carerelay.caregap.rules.PatientRecord;
import org.carerelay.caregap.rules.ShippedConflicts;
import org.hl7.fhir.r4.model.Bundle;
import org.hl7.fhir.r4.model.DateTimeType;
import org.hl7.fhir.r4.model.DetectedIssue;
import org.hl7.fhir.r4.model.Resource;

/**
 * Every care-gap rule answers every valid R4 record, and the report is built from what they find: no exception, every
 * gap shows evidence from the record, and its message names no missing value. Kept out of the {@code rules} package on
 * purpose: mutation testing measures the named scenarios there, and a property that draws new records on every run
 * would make the score wander.
 */
class RulesAreTotalTest {

    private static final CareGapEvaluator EVALUATOR = ShippedConflicts.evaluator();
    private static final Set<CareGapRule> ALL = EnumSet.allOf(CareGapRule.class);
    private static final List<Date> AS_OF = List.of(
            instant("2026-06-30T12:00:00Z"),
            instant("2026-07-01T00:00:00+14:00"),
            instant("2025-12-31T23:59:59Z"),
            instant("2027-03-01T00:00:00Z"));

    @Property(tries = 1000)
    void everyRuleAnswersEveryRecordWithEvidenceFromIt(@ForAll("records") RecordShapes.Drawn drawn) {
        PatientRecord record = drawn.record();
        Set<Resource> inRecord = Collections.newSetFromMap(new IdentityHashMap<>());
        inRecord.addAll(RecordShapes.resources(record));
        for (Date asOf : AS_OF) {
            List<Gap> gaps = EVALUATOR.evaluate(record, asOf, ALL);
            assertThat(gaps).allSatisfy(gap -> {
                assertThat(gap.evidence()).isNotEmpty().allMatch(inRecord::contains);
                assertThat(gap.message()).isNotBlank().doesNotContain("null");
            });
            if (!gaps.isEmpty()) {
                Bundle report = GapReport.document(
                        record.patient(), gaps, org.carerelay.caregap.rules.AsOf.at(asOf), "http://localhost/fhir");
                assertThat(report.getEntry().stream().filter(e -> e.getResource() instanceof DetectedIssue))
                        .hasSameSizeAs(gaps);
            }
        }
    }

    @Property(tries = 300)
    void evaluationIsDeterministicAndLeavesTheRecordAsItWas(
            @ForAll("records") RecordShapes.Drawn drawn, @ForAll("asOf") Date asOf) {
        PatientRecord record = drawn.record();
        List<String> before = json(record);
        List<Gap> first = EVALUATOR.evaluate(record, asOf, ALL);
        List<Gap> second = EVALUATOR.evaluate(record, asOf, ALL);
        assertThat(second).isEqualTo(first);
        assertThat(json(record)).isEqualTo(before);
    }

    @Provide
    Arbitrary<RecordShapes.Drawn> records() {
        return RecordShapes.records();
    }

    @Provide
    Arbitrary<Date> asOf() {
        return Arbitraries.of(AS_OF);
    }

    private static List<String> json(PatientRecord record) {
        return RecordShapes.resources(record).stream().map(RecordShapes::json).toList();
    }

    private static Date instant(String value) {
        return new DateTimeType(value).getValue();
    }
}
