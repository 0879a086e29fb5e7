package org.carerelay.metrics;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.UUID;
import org.carerelay.testing.AbstractFhirIT;
import org.carerelay.testing.RawHttp.Response;
import org.hl7.fhir.r4.model.Coding;
import org.hl7.fhir.r4.model.DateTimeType;
import org.hl7.fhir.r4.model.Encounter;
import org.hl7.fhir.r4.model.Group;
import org.hl7.fhir.r4.model.HumanName;
import org.hl7.fhir.r4.model.IdType;
import org.hl7.fhir.r4.model.ListResource;
import org.hl7.fhir.r4.model.MeasureReport;
import org.hl7.fhir.r4.model.Patient;
import org.hl7.fhir.r4.model.Period;
import org.hl7.fhir.r4.model.Reference;
import org.hl7.fhir.r4.model.ServiceRequest;
import org.junit.jupiter.api.Test;

/**
 * The metrics count what the record says now: a deleted resource and a superseded version count for nothing, whether
 * the metric reads them directly (referrals, stays) or finds them through what references a counted resource (the
 * outcome that closed a referral). The report and its drill-down name exactly the current resources.
 */
class MetricsCurrentRecordsIT extends AbstractFhirIT {

    private static final String V3_ACT = "http://terminology.hl7.org/CodeSystem/v3-ActCode";

    @Test
    void deletedResourcesAndSupersededVersionsCountForNothing() {
        String patient =
                create(client, new Patient().addName(new HumanName().setFamily("Current" + UUID.randomUUID())));
        String group = create(
                client,
                new Group()
                        .setType(Group.GroupType.PERSON)
                        .setActual(true)
                        .addMember(new Group.GroupMemberComponent(new Reference(patient))));

        // closed by an outcome that was then deleted: open
        String closedThenDeleted = referral(patient);
        String deletedOutcome = create(client, visit(patient, "AMB", "2026-01-15", "2026-01-15", closedThenDeleted));
        client.delete().resourceById(new IdType(deletedOutcome)).execute();
        // closed by an outcome whose current version is cancelled: open
        String closedThenCancelled = referral(patient);
        String cancelled = create(client, visit(patient, "AMB", "2026-01-12", "2026-01-12", closedThenCancelled));
        Encounter outcome =
                client.read().resource(Encounter.class).withId(cancelled).execute();
        client.update()
                .resource(outcome.setStatus(Encounter.EncounterStatus.CANCELLED))
                .execute();
        // closed, 10 days after it was authored
        String closed = referral(patient);
        create(client, visit(patient, "AMB", "2026-01-20", "2026-01-20", closed));
        // revoked after it was authored, and deleted: not counted
        String revoked = referral(patient);
        ServiceRequest current =
                client.read().resource(ServiceRequest.class).withId(revoked).execute();
        client.update()
                .resource(current.setStatus(ServiceRequest.ServiceRequestStatus.REVOKED))
                .execute();
        client.delete().resourceById(new IdType(referral(patient))).execute();

        // stays: one of 4 days; one deleted; one that is now recorded as an ambulatory visit
        String stay = create(client, visit(patient, "IMP", "2026-01-02", "2026-01-06", null));
        client.delete()
                .resourceById(new IdType(create(client, visit(patient, "IMP", "2026-01-08", "2026-01-18", null))))
                .execute();
        String reclassified = create(client, visit(patient, "IMP", "2026-01-09", "2026-01-19", null));
        Encounter ambulatory =
                client.read().resource(Encounter.class).withId(reclassified).execute();
        client.update()
                .resource(ambulatory.setClass_(new Coding(V3_ACT, "AMB", "ambulatory")))
                .execute();

        MeasureReport report = report("/$coordination-metrics?periodStart=2026-01-01&periodEnd=2026-01-31&subject="
                + group + "&metric=referral-loop-closure&metric=referral-closure-days"
                + "&metric=average-length-of-stay&metric=readmission-30-day");

        Map<String, String> figures = new TreeMap<>();
        ExpectedFigures.of(report).forEach((key, value) -> {
            if (key.chars().filter(c -> c == '|').count() == 1) {
                figures.put(key, value);
            }
        });
        assertThat(figures)
                .isEqualTo(Map.ofEntries(
                        Map.entry("referral-loop-closure|initial-population", "3"),
                        Map.entry("referral-loop-closure|denominator", "3"),
                        Map.entry("referral-loop-closure|numerator", "1"),
                        Map.entry("referral-loop-closure|score", "0.3333"),
                        Map.entry("referral-closure-days|initial-population", "1"),
                        Map.entry("referral-closure-days|measure-population", "1"),
                        Map.entry("referral-closure-days|measure-observation", "1"),
                        Map.entry("referral-closure-days|score", "10"),
                        Map.entry("average-length-of-stay|initial-population", "1"),
                        Map.entry("average-length-of-stay|measure-population", "1"),
                        Map.entry("average-length-of-stay|measure-observation", "1"),
                        Map.entry("average-length-of-stay|score", "4"),
                        Map.entry("readmission-30-day|initial-population", "1"),
                        Map.entry("readmission-30-day|denominator", "1"),
                        Map.entry("readmission-30-day|numerator", "0"),
                        Map.entry("readmission-30-day|score", "0")));
        assertThat(listed(report, "referral-loop-closure", "denominator"))
                .isEqualTo(List.of(closedThenDeleted, closedThenCancelled, closed).stream()
                        .sorted()
                        .toList());
        assertThat(listed(report, "referral-loop-closure", "numerator")).isEqualTo(List.of(closed));
        assertThat(listed(report, "average-length-of-stay", "measure-population"))
                .isEqualTo(List.of(stay));
    }

    private String referral(String patient) {
        return create(
                client,
                new ServiceRequest()
                        .setStatus(ServiceRequest.ServiceRequestStatus.ACTIVE)
                        .setIntent(ServiceRequest.ServiceRequestIntent.ORDER)
                        .setSubject(new Reference(patient))
                        .setAuthoredOnElement(new DateTimeType("2026-01-10")));
    }

    private static Encounter visit(String patient, String type, String start, String end, String basedOn) {
        Encounter visit = new Encounter()
                .setStatus(Encounter.EncounterStatus.FINISHED)
                .setClass_(new Coding(V3_ACT, type, null))
                .setSubject(new Reference(patient))
                .setPeriod(new Period().setStartElement(new DateTimeType(start)).setEndElement(new DateTimeType(end)));
        if (basedOn != null) {
            visit.addBasedOn(new Reference(basedOn));
        }
        return visit;
    }

    /** The references a population's drill-down List names, sorted. */
    private static List<String> listed(MeasureReport report, String metric, String population) {
        var group = report.getGroup().stream()
                .filter(g -> g.getCode().getCodingFirstRep().getCode().equals(metric))
                .findFirst()
                .orElseThrow();
        String reference = group.getPopulation().stream()
                .filter(p -> p.getCode().getCodingFirstRep().getCode().equals(population))
                .findFirst()
                .orElseThrow()
                .getSubjectResults()
                .getReference();
        return report.getContained().stream()
                .filter(r -> ("#" + r.getIdElement().getIdPart()).equals(reference)
                        || r.getId().equals(reference))
                .map(ListResource.class::cast)
                .findFirst()
                .orElseThrow()
                .getEntry()
                .stream()
                .map(e -> e.getItem().getReference())
                .sorted()
                .toList();
    }

    private MeasureReport report(String path) {
        Response response = http.get(path);
        assertThat(response.status()).as(response.body()).isEqualTo(200);
        return FHIR.newJsonParser().parseResource(MeasureReport.class, response.body());
    }
}
