package org.carerelay.metrics;

import java.util.ArrayList;
import java.util.List;
import org.carerelay.fhir.Definitions;
import org.carerelay.metrics.rules.Metric;
import org.hl7.fhir.r4.model.CodeSystem;
import org.hl7.fhir.r4.model.CodeableConcept;
import org.hl7.fhir.r4.model.Coding;
import org.hl7.fhir.r4.model.Enumerations.PublicationStatus;
import org.hl7.fhir.r4.model.Extension;
import org.hl7.fhir.r4.model.Measure;
import org.hl7.fhir.r4.model.OperationDefinition;
import org.hl7.fhir.r4.model.Resource;
import org.springframework.stereotype.Component;

/**
 * What the metrics feature publishes: a Measure per metric (its populations, basis and scoring), the Measure of the
 * whole report, the coordination-metric CodeSystem of group and stratifier codes, and $coordination-metrics.
 */
@Component
final class MetricDefinitions implements Definitions.Published {

    static final String POPULATION_BASIS =
            "http://hl7.org/fhir/us/cqfmeasures/StructureDefinition/cqfm-populationBasis";
    static final String SCORING = "http://terminology.hl7.org/CodeSystem/measure-scoring";

    @Override
    public List<Resource> resources() {
        List<Resource> resources = new ArrayList<>();
        resources.add(codeSystem());
        for (Metric metric : Metric.values()) {
            resources.add(measure(metric));
        }
        resources.add(all());
        resources.add(operation());
        return resources;
    }

    private static CodeSystem codeSystem() {
        CodeSystem system = Definitions.codeSystem(
                "coordination-metric",
                MetricReport.METRIC_SYSTEM,
                "CareRelay coordination metrics",
                "The metrics of $coordination-metrics (the codes of its report groups) and the names of their"
                        + " stratifiers");
        for (Metric metric : Metric.values()) {
            system.addConcept()
                    .setCode(metric.code())
                    .setDisplay(metric.title())
                    .setDefinition(metric.measured());
        }
        system.addConcept().setCode(MetricReport.MONTH).setDisplay("Month").setDefinition("Stratifier: calendar month");
        system.addConcept()
                .setCode("receiver")
                .setDisplay("Receiver")
                .setDefinition("Stratifier: the receiving practitioner (ServiceRequest.performer, Task.owner)");
        system.addConcept().setCode("status").setDisplay("Status").setDefinition("Stratifier: the handoff's status");
        system.addConcept()
                .setCode(MetricReport.ORGANIZATION)
                .setDisplay("Organization")
                .setDefinition(
                        "Stratifier: the managing organization of the patient counted (Patient.managingOrganization)");
        return system;
    }

    private static Measure measure(Metric metric) {
        Measure measure = base(metric.code(), MetricReport.measureUrl(metric), metric.title());
        measure.setDescription(metric.title() + ". " + metric.population() + ". " + metric.measured() + ".");
        measure.setScoring(
                new CodeableConcept(new Coding(SCORING, metric.scoring().code(), null)));
        measure.addExtension(new Extension(POPULATION_BASIS, new org.hl7.fhir.r4.model.CodeType(metric.basis())));
        group(measure, metric);
        return measure;
    }

    /** The Measure a report names: every metric, a group each. */
    private static Measure all() {
        Measure measure = base("coordination-metrics", MetricReport.COORDINATION_METRICS, "Coordination metrics");
        measure.setDescription("The coordination metrics of $coordination-metrics, one group per metric; each metric is"
                + " also a Measure of its own at https://carerelay.org/fhir/Measure/<metric>.");
        for (Metric metric : Metric.values()) {
            group(measure, metric);
        }
        return measure;
    }

    private static Measure base(String id, String url, String title) {
        Measure measure = new Measure();
        measure.setId(id);
        measure.setUrl(url)
                .setName(title.replaceAll("[^A-Za-z]", ""))
                .setTitle(title)
                .setStatus(PublicationStatus.ACTIVE)
                .setPublisher("CareRelay");
        return measure;
    }

    private static void group(Measure measure, Metric metric) {
        Measure.MeasureGroupComponent group = measure.addGroup();
        group.setId(metric.code());
        group.setCode(new CodeableConcept(new Coding(MetricReport.METRIC_SYSTEM, metric.code(), metric.title())));
        group.setDescription(metric.title() + " (" + metric.scoring().code() + ", basis " + metric.basis() + ")");
        switch (metric.scoring()) {
            case PROPORTION, RATIO -> {
                population(group, "initial-population", metric.population());
                population(group, "denominator", metric.population());
                population(group, "denominator-exclusion", metric.exclusions());
                population(group, "numerator", metric.measured());
            }
            case CONTINUOUS_VARIABLE -> {
                population(group, "initial-population", metric.population());
                population(group, "measure-population", metric.population());
                population(group, "measure-population-exclusion", metric.exclusions());
                population(group, "measure-observation", metric.measured());
            }
            case COHORT ->
                population(group, "initial-population", metric.population() + "; excluded: " + metric.exclusions());
        }
        group.addStratifier()
                .setCode(new CodeableConcept(new Coding(MetricReport.METRIC_SYSTEM, "month", null)))
                .setDescription("Calendar month of the resource's date, with interval=month");
        for (String stratum : metric.strata()) {
            group.addStratifier().setCode(new CodeableConcept(new Coding(MetricReport.METRIC_SYSTEM, stratum, null)));
        }
        group.addStratifier()
                .setCode(new CodeableConcept(new Coding(MetricReport.METRIC_SYSTEM, MetricReport.ORGANIZATION, null)))
                .setDescription("The managing organization of the patient counted (none: without one)");
    }

    private static void population(Measure.MeasureGroupComponent group, String code, String description) {
        group.addPopulation()
                .setCode(new CodeableConcept(new Coding(MetricReport.POPULATION_SYSTEM, code, null)))
                .setDescription(description);
    }

    private static OperationDefinition operation() {
        OperationDefinition definition = Definitions.operation(
                "coordination-metrics",
                "coordination-metrics",
                "CoordinationMetrics",
                "Coordination metrics",
                "A summary MeasureReport of the coordination metrics over a period: a group per metric with its"
                        + " populations, score, a stratifier per month (interval=month) and per receiver or status"
                        + " where it applies; each population names a contained List of the resources counted.");
        definition.setAffectsState(false).setSystem(true).setType(false).setInstance(false);
        Definitions.in(definition, "periodStart", 1, "1", "date", "First day of the period (carerelay.time-zone)");
        Definitions.in(definition, "periodEnd", 1, "1", "date", "Last day of the period, at most 60 months on");
        Definitions.in(definition, "interval", 0, "1", "code", "month: a stratifier per calendar month");
        Definitions.in(definition, "metric", 0, "*", "code", "Only these metrics (coordination-metric codes)");
        Definitions.in(definition, "subject", 0, "1", "string", "A Group (its active members) or a Patient");
        Definitions.in(definition, "organization", 0, "1", "string", "Patients this Organization manages");
        Definitions.in(definition, "careTeam", 0, "1", "string", "The patient of this CareTeam");
        Definitions.in(
                definition,
                "practitioner",
                0,
                "1",
                "string",
                "The receiving Practitioner (ServiceRequest.performer, Task.owner); the metrics without a receiver"
                        + " ignore it");
        Definitions.out(definition, "return", 1, "1", "MeasureReport", "The summary report");
        return definition;
    }
}
