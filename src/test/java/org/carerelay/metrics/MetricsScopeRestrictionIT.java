package org.carerelay.metrics;

import static org.assertj.core.api.Assertions.assertThat;

import ca.uhn.fhir.context.FhirContext;
import java.util.Map;
import java.util.TreeMap;
import java.util.UUID;
import org.carerelay.testing.AbstractSecuredFhirIT;
import org.carerelay.testing.RawHttp.Response;
import org.hl7.fhir.r4.model.MeasureReport;
import org.hl7.fhir.r4.model.Resource;
import org.junit.jupiter.api.Test;

/**
 * {@code $coordination-metrics} needs a {@code user/} or {@code system/} scope on every type; a restricted one
 * ({@code system/*.rs?_tag=...}) counts only what the token may see, also among what the metrics find through HAPI's
 * reference index (the outcome that closed a referral), and places a patient it may not see in no organization, as
 * when every read was a search.
 */
class MetricsScopeRestrictionIT extends AbstractSecuredFhirIT {

    private static final FhirContext FHIR = FhirContext.forR4Cached();
    private static final String CLINIC = "https://example.org/clinic";
    private static final String TAGGED = "\"meta\":{\"tag\":[{\"system\":\"" + CLINIC + "\",\"code\":\"a\"}]},";

    @Test
    void aRestrictedScopeCountsOnlyWhatItMaySee() {
        String system = token().scope("system/*.cruds").rsa();
        String organization =
                create("Organization", "{\"resourceType\":\"Organization\",\"name\":\"Scope clinic\"}", system);
        // the patient is outside the clinic: its organization is not the clinic's to see
        String patient = create(
                "Patient",
                "{\"resourceType\":\"Patient\",\"managingOrganization\":{\"reference\":\"" + organization
                        + "\"},\"name\":[{\"family\":\"Scope" + UUID.randomUUID() + "\"}]}",
                system);
        String group = create(
                "Group",
                "{\"resourceType\":\"Group\"," + TAGGED + "\"type\":\"person\",\"actual\":true,"
                        + "\"member\":[{\"entity\":{\"reference\":\"" + patient + "\"}}]}",
                system);
        // seen: a referral of the clinic, closed by an encounter the clinic does not see
        String seen = create("ServiceRequest", referral(patient, true), system);
        create("Encounter", visit(patient, seen, false), system);
        // unseen: a referral outside the clinic, closed by one of its encounters
        String unseen = create("ServiceRequest", referral(patient, false), system);
        create("Encounter", visit(patient, unseen, true), system);

        String query = "/$coordination-metrics?periodStart=2026-01-01&periodEnd=2026-01-31&metric=referral-loop-closure"
                + "&subject=" + group;
        String clinic = token().scope("system/*.rs?_tag=" + CLINIC + "|a").rsa();

        assertThat(figures(query, system))
                .isEqualTo(Map.of(
                        "referral-loop-closure|initial-population",
                        "2",
                        "referral-loop-closure|denominator",
                        "2",
                        "referral-loop-closure|numerator",
                        "2",
                        "referral-loop-closure|score",
                        "1",
                        "referral-loop-closure|organization=" + organization + "|initial-population",
                        "2"));
        assertThat(figures(query, clinic))
                .isEqualTo(Map.of(
                        "referral-loop-closure|initial-population", "1",
                        "referral-loop-closure|denominator", "1",
                        "referral-loop-closure|numerator", "0",
                        "referral-loop-closure|score", "0",
                        "referral-loop-closure|organization=none|initial-population", "1"));
    }

    private static String referral(String patient, boolean tagged) {
        return "{\"resourceType\":\"ServiceRequest\"," + (tagged ? TAGGED : "")
                + "\"status\":\"active\",\"intent\":\"order\",\"subject\":{\"reference\":\"" + patient
                + "\"},\"authoredOn\":\"2026-01-10\"}";
    }

    private static String visit(String patient, String referral, boolean tagged) {
        return "{\"resourceType\":\"Encounter\"," + (tagged ? TAGGED : "")
                + "\"status\":\"finished\",\"class\":{\"system\":"
                + "\"http://terminology.hl7.org/CodeSystem/v3-ActCode\",\"code\":\"AMB\"},\"subject\":{\"reference\":\""
                + patient + "\"},\"basedOn\":[{\"reference\":\"" + referral
                + "\"}],\"period\":{\"start\":\"2026-01-15\",\"end\":\"2026-01-15\"}}";
    }

    /**
     * The report's overall figures ({@code metric|population} and {@code metric|score}) and the initial population of
     * each organization stratum.
     */
    private Map<String, String> figures(String query, String token) {
        Response response = get(query, token);
        assertThat(response.status()).as(response.body()).isEqualTo(200);
        MeasureReport report = FHIR.newJsonParser().parseResource(MeasureReport.class, response.body());
        Map<String, String> figures = new TreeMap<>();
        ExpectedFigures.of(report).forEach((key, value) -> {
            if (key.chars().filter(c -> c == '|').count() == 1
                    || (key.contains("|organization=") && key.endsWith("|initial-population"))) {
                figures.put(key, value);
            }
        });
        return figures;
    }

    private String create(String type, String json, String token) {
        Response response = send("POST", "/" + type, json, token);
        assertThat(response.status()).as(response.body()).isEqualTo(201);
        Resource created = (Resource) FHIR.newJsonParser().parseResource(response.body());
        return type + "/" + created.getIdElement().getIdPart();
    }
}
