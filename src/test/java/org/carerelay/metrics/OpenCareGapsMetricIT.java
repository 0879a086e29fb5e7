package org.carerelay.metrics;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.LocalDate;
import java.time.YearMonth;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.carerelay.caregap.scenario.ScenarioGenerator;
import org.carerelay.caregap.scenario.ScenarioGenerator.PlannedGap;
import org.carerelay.caregap.scenario.ScenarioGenerator.PlantedPatient;
import org.carerelay.caregap.scenario.ScenarioLoader;
import org.carerelay.handoff.HandoffGuard;
import org.carerelay.handoff.HandoffProperties.GuardMode;
import org.carerelay.metrics.ExpectedFigures.Item;
import org.carerelay.metrics.ExpectedFigures.Kind;
import org.carerelay.testing.AbstractFhirIT;
import org.carerelay.testing.RawHttp.Response;
import org.hl7.fhir.r4.model.Group;
import org.hl7.fhir.r4.model.ListResource;
import org.hl7.fhir.r4.model.MeasureReport;
import org.hl7.fhir.r4.model.Patient;
import org.hl7.fhir.r4.model.Reference;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;

/**
 * The {@code open-care-gaps} metric on a generated population whose gaps the generator planted: by rule, by
 * organization and by month, the counts are the planted gaps, and the drill-down lists the patients who have them.
 */
class OpenCareGapsMetricIT extends AbstractFhirIT {

    static final LocalDate TODAY = LocalDate.now(ZoneOffset.UTC);
    static final ScenarioGenerator GENERATOR = new ScenarioGenerator(11, TODAY, "ocg");
    static final int PATIENTS = 40;
    static final String GROUP = "Group/ocg-all";
    static final LocalDate START = TODAY.minusMonths(1).withDayOfMonth(1);

    private static boolean loaded;

    @Autowired
    HandoffGuard guard;

    @BeforeEach
    void loadPopulationOnce() throws Exception {
        synchronized (OpenCareGapsMetricIT.class) {
            if (loaded) {
                return;
            }
            guard.mode(GuardMode.WARN);
            try {
                new ScenarioLoader(client).load(GENERATOR, PATIENTS);
            } finally {
                guard.mode(GuardMode.ENFORCE);
            }
            Group group = new Group().setType(Group.GroupType.PERSON).setActual(true);
            group.setId(GROUP);
            for (int n = 0; n < PATIENTS; n++) {
                group.addMember()
                        .setEntity(
                                new Reference("Patient/" + GENERATOR.patient(n).patientId()));
            }
            client.update().resource(group).execute();
            loaded = true;
        }
    }

    @Test
    void openGapsAreThePlantedOnesByRuleOrganizationAndMonth() {
        MeasureReport report = report("/$coordination-metrics?metric=open-care-gaps&interval=month&subject=" + GROUP
                + "&periodStart=" + START + "&periodEnd=" + TODAY);

        List<Item> planted = new ArrayList<>();
        for (int n = 0; n < PATIENTS; n++) {
            PlantedPatient patient = GENERATOR.patient(n);
            String organization = patient.resources().stream()
                    .filter(Patient.class::isInstance)
                    .map(r -> ((Patient) r).getManagingOrganization().getReference())
                    .findFirst()
                    .orElseThrow();
            for (PlannedGap gap : patient.planned()) {
                planted.add(new Item(
                        "Patient/" + patient.patientId(),
                        TODAY,
                        Map.of("rule", gap.rule().code(), "organization", organization),
                        false,
                        null));
            }
        }
        List<YearMonth> months = List.of(YearMonth.from(START), YearMonth.from(TODAY));
        assertThat(ExpectedFigures.of(report))
                .isEqualTo(ExpectedFigures.expected(
                        "open-care-gaps", Kind.COHORT, planted, months, List.of("rule", "organization")));
        // every rule is planted, and some patients have none
        assertThat(planted.stream().map(i -> i.strata().get("rule")).distinct()).hasSize(11);
        List<String> withGaps =
                planted.stream().map(Item::resource).distinct().sorted().toList();
        assertThat(withGaps.size()).isLessThan(PATIENTS);

        ListResource drillDown = (ListResource) report.getContained().stream()
                .filter(r -> r.getIdElement().getIdPart().equals("open-care-gaps-initial-population"))
                .findFirst()
                .orElseThrow();
        assertThat(drillDown.getEntry().stream()
                        .map(e -> e.getItem().getReference())
                        .sorted()
                        .toList())
                .isEqualTo(withGaps);
    }

    @Test
    void aPeriodThatHasNotBegunHasNoOpenGapsYet() {
        MeasureReport report = report("/$coordination-metrics?metric=open-care-gaps&subject=" + GROUP + "&periodStart="
                + TODAY.plusDays(1) + "&periodEnd=" + TODAY.plusDays(30));

        assertThat(report.getGroupFirstRep().getPopulationFirstRep().getCount()).isZero();
    }

    private MeasureReport report(String path) {
        Response response = http.get(path);
        assertThat(response.status()).as(response.body()).isEqualTo(200);
        return FHIR.newJsonParser().parseResource(MeasureReport.class, response.body());
    }
}
