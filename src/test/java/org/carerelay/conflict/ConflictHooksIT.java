package org.carerelay.conflict;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.net.http.HttpRequest;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.carerelay.testing.AbstractFhirIT;
import org.carerelay.testing.RawHttp;
import org.carerelay.testing.RawHttp.Response;
import org.hl7.fhir.r4.model.CarePlan;
import org.hl7.fhir.r4.model.CodeableConcept;
import org.hl7.fhir.r4.model.Coding;
import org.hl7.fhir.r4.model.Condition;
import org.hl7.fhir.r4.model.Patient;
import org.hl7.fhir.r4.model.Reference;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.springframework.boot.test.web.server.LocalManagementPort;

/**
 * The CDS Hooks service over HTTP: discovery at the server root (not under /fhir), and order-sign with a draft NSAID
 * for a heart-failure patient answered with a card naming the cardiologist and her plan, offering override reasons
 * and a suggestion to remove the draft; a draft that conflicts with nothing gets no card, prefetch and
 * fhirAuthorization are ignored, and malformed calls are 4xx. Feedback on the cards is counted on the Prometheus
 * endpoint by service, outcome, knowledge entry and reason, and checked against the card it names.
 */
class ConflictHooksIT extends AbstractFhirIT {

    private static final ObjectMapper JSON = new ObjectMapper();
    private static boolean loaded;

    private static final String REASONS = "https://carerelay.org/fhir/CodeSystem/cds-override-reason";
    private static final String FEEDBACK = "/cds-services/plan-conflicts-order-sign/feedback";

    @LocalManagementPort
    int managementPort;

    private RawHttp root;

    @BeforeEach
    void load() {
        root = RawHttp.at("http://localhost:" + port);
        synchronized (ConflictHooksIT.class) {
            if (loaded) {
                return;
            }
            org.hl7.fhir.r4.model.Practitioner cardiologist = new org.hl7.fhir.r4.model.Practitioner();
            cardiologist.setId("cds-cardio");
            client.update().resource(cardiologist).execute();
            Patient patient = new Patient();
            patient.setId("cds-hf");
            client.update().resource(patient).execute();
            Condition failure = new Condition()
                    .setSubject(new Reference("Patient/cds-hf"))
                    .setCode(new CodeableConcept(
                            new Coding("http://snomed.info/sct", "88805009", "Chronic congestive heart failure")))
                    .setAsserter(new Reference("Practitioner/cds-cardio").setDisplay("Dr Haddad"));
            failure.getClinicalStatus()
                    .addCoding(new Coding("http://terminology.hl7.org/CodeSystem/condition-clinical", "active", null));
            failure.setId("cds-hf-condition");
            client.update().resource(failure).execute();
            CarePlan plan = new CarePlan()
                    .setStatus(CarePlan.CarePlanStatus.ACTIVE)
                    .setIntent(CarePlan.CarePlanIntent.PLAN)
                    .setSubject(new Reference("Patient/cds-hf"))
                    .setAuthor(new Reference("Practitioner/cds-cardio"));
            plan.addAddresses(new Reference("Condition/cds-hf-condition"));
            plan.setId("cds-hf-plan");
            client.update().resource(plan).execute();
            loaded = true;
        }
    }

    @Test
    void discoveryListsOrderSignAndOrderSelectAtTheServerRoot() throws Exception {
        Response response = root.get("/cds-services");
        assertThat(response.status()).as(response.body()).isEqualTo(200);
        List<String> services = new ArrayList<>();
        JSON.readTree(response.body())
                .get("services")
                .forEach(s ->
                        services.add(s.get("id").asText() + " " + s.get("hook").asText()));
        assertThat(services)
                .containsExactly("plan-conflicts-order-sign order-sign", "plan-conflicts-order-select order-select");
        // the record is read from this server's own store: nothing to prefetch
        JSON.readTree(response.body())
                .get("services")
                .forEach(s -> assertThat(s.has("prefetch")).as(s.toString()).isFalse());
    }

    @Test
    void aDraftNsaidForAHeartFailurePatientGetsACardNamingTheOtherPrescriberAndPlan() throws Exception {
        Response response = post("plan-conflicts-order-sign", "order-sign", "198014", "Naproxen 500 MG Oral Tablet");
        assertThat(response.status()).as(response.body()).isEqualTo(200);
        JsonNode cards = JSON.readTree(response.body()).get("cards");
        assertThat(cards).hasSize(1);
        JsonNode card = cards.get(0);
        assertThat(card.get("indicator").asText()).isEqualTo("critical");
        assertThat(card.get("summary").asText())
                .isEqualTo("Drug-disease contraindication: Naproxen 500 MG Oral Tablet with Chronic congestive heart"
                        + " failure (Dr Haddad (Practitioner/cds-cardio))");
        assertThat(card.get("detail").asText())
                .startsWith("AHA 2016 statement on drugs that may cause or exacerbate heart failure: ");
        assertThat(card.get("source").get("url").asText()).isEqualTo("https://doi.org/10.1161/CIR.0000000000000426");
        assertThat(card.get("uuid").asText()).hasSize(36);
        // of the reasons, not "the other order is being stopped": the other side is a condition
        List<String> reasons = new ArrayList<>();
        card.get("overrideReasons")
                .forEach(r -> reasons.add(r.get("system").asText() + "|"
                        + r.get("code").asText() + "|" + r.get("display").asText()));
        assertThat(reasons)
                .containsExactly(
                        REASONS + "|benefit-outweighs-risk|Benefit outweighs the risk for this patient",
                        REASONS + "|will-monitor|Will monitor the patient closely",
                        REASONS + "|agreed-with-other-prescriber|Agreed with the other prescriber",
                        REASONS + "|record-out-of-date|The record is out of date: the conflicting item no longer"
                                + " applies");
        assertThat(card.get("selectionBehavior").asText()).isEqualTo("at-most-one");
        JsonNode suggestion = card.get("suggestions").get(0);
        assertThat(card.get("suggestions")).hasSize(1);
        assertThat(suggestion.get("label").asText()).isEqualTo("Remove the draft order of Naproxen 500 MG Oral Tablet");
        assertThat(suggestion.get("uuid").asText()).hasSize(36);
        assertThat(suggestion.get("actions").get(0).toString())
                .isEqualTo("{\"type\":\"delete\",\"description\":\"Remove Naproxen 500 MG Oral Tablet"
                        + " (MedicationRequest/draft-1)\",\"resourceId\":\"MedicationRequest/draft-1\"}");
    }

    @Test
    void theOverrideReasonsArePublishedAsACodeSystem() {
        org.hl7.fhir.r4.model.Bundle found = client.search()
                .byUrl("CodeSystem?url=" + REASONS)
                .returnBundle(org.hl7.fhir.r4.model.Bundle.class)
                .execute();
        assertThat(found.getEntry()).hasSize(1);
        org.hl7.fhir.r4.model.CodeSystem system =
                (org.hl7.fhir.r4.model.CodeSystem) found.getEntry().get(0).getResource();
        assertThat(system.getConcept())
                .extracting(org.hl7.fhir.r4.model.CodeSystem.ConceptDefinitionComponent::getCode)
                .containsExactly(
                        "benefit-outweighs-risk",
                        "will-monitor",
                        "agreed-with-other-prescriber",
                        "other-order-stopping",
                        "record-out-of-date");
    }

    @Test
    void prefetchAndFhirAuthorizationAreAcceptedAndIgnored() throws Exception {
        String extra = "\"fhirAuthorization\":{\"access_token\":\"some-opaque-token\",\"token_type\":\"Bearer\","
                + "\"expires_in\":300,\"scope\":\"user/Patient.read\",\"subject\":\"cds-service\","
                + "\"patient\":\"cds-hf\"},"
                + "\"prefetch\":{\"patient\":{\"resourceType\":\"Patient\",\"id\":\"cds-hf\"},\"nothing\":null},";
        Response plain = post("plan-conflicts-order-sign", "order-sign", "198014", "Naproxen 500 MG Oral Tablet");
        Response withBoth =
                post("plan-conflicts-order-sign", "order-sign", "198014", "Naproxen 500 MG Oral Tablet", extra);

        assertThat(withBoth.status()).as(withBoth.body()).isEqualTo(200);
        assertThat(summaries(withBoth)).isEqualTo(summaries(plain)).hasSize(1);
    }

    @Test
    void feedbackIsCountedByEntryOutcomeAndReason() throws Exception {
        JsonNode card = nsaidCard();
        String reasonTags = "entry=\"dd-nsaid-heart-failure\",outcome=\"overridden\",reason=\"will-monitor\"";
        double before = counter(reasonTags);

        Response overridden = feedback(
                card.get("uuid").asText(),
                "\"outcome\":\"overridden\",\"overrideReason\":"
                        + "{\"reason\":{\"system\":\"" + REASONS
                        + "\",\"code\":\"will-monitor\",\"display\":\"Will monitor"
                        + " the patient closely\"},\"userComment\":\"weekly weights\"}");

        assertThat(overridden.status()).as(overridden.body()).isEqualTo(200);
        await().atMost(Duration.ofSeconds(10))
                .untilAsserted(() -> assertThat(counter(reasonTags)).isEqualTo(before + 1));

        String acceptedTags = "entry=\"dd-nsaid-heart-failure\",outcome=\"accepted\",reason=\"none\"";
        double acceptedBefore = counter(acceptedTags);
        Response accepted = feedback(
                card.get("uuid").asText(),
                "\"outcome\":\"accepted\",\"acceptedSuggestions\":[{\"id\":\""
                        + card.get("suggestions").get(0).get("uuid").asText() + "\"}]");
        assertThat(accepted.status()).as(accepted.body()).isEqualTo(200);
        await().atMost(Duration.ofSeconds(10))
                .untilAsserted(() -> assertThat(counter(acceptedTags)).isEqualTo(acceptedBefore + 1));
    }

    @Test
    void feedbackOnACardThisServerDoesNotKnowIsCountedAsUnknown() {
        String tags = "entry=\"unknown\",outcome=\"overridden\",reason=\"client\"";
        double before = counter(tags);

        Response response = feedback(
                java.util.UUID.randomUUID().toString(),
                "\"outcome\":\"overridden\",\"overrideReason\":{\"reason\":{\"system\":"
                        + "\"https://ehr.example.org/override\",\"code\":\"d7ecf885\"}}");

        assertThat(response.status()).as(response.body()).isEqualTo(200);
        await().atMost(Duration.ofSeconds(10))
                .untilAsserted(() -> assertThat(counter(tags)).isEqualTo(before + 1));
    }

    @Test
    void feedbackTheCardDidNotOfferIsRefusedWithWhereAndNothingIsCounted() throws Exception {
        JsonNode card = nsaidCard();
        String stopping = "\"outcome\":\"overridden\",\"overrideReason\":{\"reason\":{\"system\":\"" + REASONS
                + "\",\"code\":\"other-order-stopping\"}}";
        String tags = "entry=\"dd-nsaid-heart-failure\",outcome=\"overridden\",reason=\"other-order-stopping\"";
        double before = counter(tags);

        Response notOffered = feedback(card.get("uuid").asText(), stopping);
        assertThat(notOffered.status()).as(notOffered.body()).isEqualTo(400);
        assertThat(JSON.readTree(notOffered.body()).get("location").asText())
                .isEqualTo("feedback[0].overrideReason.reason");
        assertThat(JSON.readTree(notOffered.body()).get("error").asText())
                .isEqualTo("feedback[0].overrideReason.reason: card "
                        + card.get("uuid").asText() + " does not offer the reason other-order-stopping");

        Response otherSuggestion = feedback(
                card.get("uuid").asText(),
                "\"outcome\":\"accepted\",\"acceptedSuggestions\":[{\"id\":\"" + java.util.UUID.randomUUID() + "\"}]");
        assertThat(otherSuggestion.status()).isEqualTo(400);
        assertThat(JSON.readTree(otherSuggestion.body()).get("location").asText())
                .isEqualTo("feedback[0].acceptedSuggestions[0].id");

        // the same reason on a card this server does not know cannot be checked, and is counted
        assertThat(feedback(java.util.UUID.randomUUID().toString(), stopping).status())
                .isEqualTo(200);
        assertThat(counter(tags)).isEqualTo(before);
    }

    @Test
    void malformedFeedbackIs400SayingWhatAndWhere() throws Exception {
        Response notJson =
                root.send("POST", FEEDBACK, "application/json", HttpRequest.BodyPublishers.ofString("{\"feedback\":"));
        assertThat(notJson.status()).isEqualTo(400);
        assertThat(JSON.readTree(notJson.body()).get("location").asText()).isEqualTo("$");

        Response ignored = feedback(java.util.UUID.randomUUID().toString(), "\"outcome\":\"ignored\"");
        assertThat(ignored.status()).isEqualTo(400);
        assertThat(JSON.readTree(ignored.body()).get("error").asText())
                .isEqualTo("feedback[0].outcome: must be accepted or overridden, not 'ignored'");

        Response noTimestamp = root.send(
                "POST",
                FEEDBACK,
                "application/json",
                HttpRequest.BodyPublishers.ofString("{\"feedback\":[{\"card\":\"" + java.util.UUID.randomUUID()
                        + "\",\"outcome\":\"overridden\"}]}"));
        assertThat(noTimestamp.status()).isEqualTo(400);
        assertThat(JSON.readTree(noTimestamp.body()).get("location").asText())
                .isEqualTo("feedback[0].outcomeTimestamp");

        Response noService = root.send(
                "POST",
                "/cds-services/no-such-service/feedback",
                "application/json",
                HttpRequest.BodyPublishers.ofString("{\"feedback\":[]}"));
        assertThat(noService.status()).isEqualTo(404);
    }

    private JsonNode nsaidCard() throws Exception {
        Response response = post("plan-conflicts-order-sign", "order-sign", "198014", "Naproxen 500 MG Oral Tablet");
        assertThat(response.status()).as(response.body()).isEqualTo(200);
        JsonNode cards = JSON.readTree(response.body()).get("cards");
        assertThat(cards).hasSize(1);
        return cards.get(0);
    }

    private Response feedback(String card, String outcome) {
        return root.send(
                "POST",
                FEEDBACK,
                "application/json",
                HttpRequest.BodyPublishers.ofString("{\"feedback\":[{\"card\":\"" + card + "\"," + outcome
                        + ",\"outcomeTimestamp\":\"2026-06-01T10:05:31Z\"}]}"));
    }

    /** The feedback counter of the order-sign service with these tags (in Prometheus' order), 0 before the first. */
    private double counter(String tags) {
        String metrics = RawHttp.at("http://localhost:" + managementPort)
                .get("/actuator/prometheus")
                .body();
        Matcher line = Pattern.compile("carerelay_cds_feedback_total\\{application=\"carerelay\"," + Pattern.quote(tags)
                        + ",service=\"plan-conflicts-order-sign\"} ([0-9.E]+)")
                .matcher(metrics);
        return line.find() ? Double.parseDouble(line.group(1)) : 0;
    }

    private static List<String> summaries(Response response) throws Exception {
        List<String> summaries = new ArrayList<>();
        JSON.readTree(response.body())
                .get("cards")
                .forEach(c -> summaries.add(c.get("summary").asText()));
        return summaries;
    }

    /** The draft may be the patient's first drug: the record's eGFR is read all the same. */
    @Test
    void aFirstDraftNsaidForAPatientWithALowEgfrGetsACard() throws Exception {
        Patient patient = new Patient();
        patient.setId("cds-ckd");
        client.update().resource(patient).execute();
        org.hl7.fhir.r4.model.Observation egfr = new org.hl7.fhir.r4.model.Observation()
                .setStatus(org.hl7.fhir.r4.model.Observation.ObservationStatus.FINAL)
                .setCode(new CodeableConcept(new Coding("http://loinc.org", "33914-3", null)))
                .setSubject(new Reference("Patient/cds-ckd"))
                .setEffective(new org.hl7.fhir.r4.model.DateTimeType("2026-05-01"))
                .setValue(new org.hl7.fhir.r4.model.Quantity(24).setUnit("mL/min/{1.73_m2}"));
        egfr.setId("cds-ckd-egfr");
        client.update().resource(egfr).execute();

        Response response =
                post("cds-ckd", "plan-conflicts-order-sign", "order-sign", "198014", "Naproxen 500 MG Oral Tablet", "");
        assertThat(response.status()).as(response.body()).isEqualTo(200);
        assertThat(summaries(response))
                .singleElement()
                .asString()
                .contains("Naproxen 500 MG Oral Tablet")
                .contains("latest eGFR 24 mL/min/1.73m2");
    }

    @Test
    void aDraftThatConflictsWithNothingGetsNoCard() throws Exception {
        Response response = post("plan-conflicts-order-sign", "order-sign", "6809", "metformin");
        assertThat(response.status()).as(response.body()).isEqualTo(200);
        assertThat(JSON.readTree(response.body()).get("cards")).isEmpty();
    }

    @Test
    void malformedCallsAreRefused() throws Exception {
        assertThat(post("no-such-service", "order-sign", "6809", "metformin").status())
                .isEqualTo(404);
        assertThat(post("plan-conflicts-order-sign", "order-select", "6809", "metformin")
                        .status())
                .isEqualTo(400);
        Response noDrafts = root.send(
                "POST",
                "/cds-services/plan-conflicts-order-sign",
                "application/json",
                HttpRequest.BodyPublishers.ofString("{\"hookInstance\":\"d1a2\",\"hook\":\"order-sign\","
                        + "\"context\":{\"patientId\":\"cds-hf\",\"userId\":\"Practitioner/x\"}}"));
        assertThat(noDrafts.status()).as(noDrafts.body()).isEqualTo(400);
    }

    private Response post(String service, String hook, String rxnorm, String display) {
        return post(service, hook, rxnorm, display, "");
    }

    private Response post(String service, String hook, String rxnorm, String display, String extra) {
        return post("cds-hf", service, hook, rxnorm, display, extra);
    }

    private Response post(String patient, String service, String hook, String rxnorm, String display, String extra) {
        String body = "{\"hookInstance\":\"0f0c6b4e-3f0a-4d4a-9a57-6d0b8e0a1b2c\",\"hook\":\"" + hook + "\","
                + extra
                + "\"fhirServer\":\"http://localhost:" + port + "/fhir\","
                + "\"context\":{\"userId\":\"Practitioner/cds-gp\",\"patientId\":\"" + patient + "\","
                + "\"selections\":[\"MedicationRequest/draft-1\"],"
                + "\"draftOrders\":{\"resourceType\":\"Bundle\",\"type\":\"collection\",\"entry\":[{\"resource\":"
                + "{\"resourceType\":\"MedicationRequest\",\"id\":\"draft-1\",\"status\":\"draft\","
                + "\"intent\":\"order\",\"subject\":{\"reference\":\"Patient/" + patient + "\"},"
                + "\"requester\":{\"reference\":\"Practitioner/cds-gp\"},"
                + "\"medicationCodeableConcept\":{\"coding\":[{\"system\":"
                + "\"http://www.nlm.nih.gov/research/umls/rxnorm\",\"code\":\"" + rxnorm + "\",\"display\":\""
                + display + "\"}]}}}]}}}";
        return root.send(
                "POST", "/cds-services/" + service, "application/json", HttpRequest.BodyPublishers.ofString(body));
    }
}
