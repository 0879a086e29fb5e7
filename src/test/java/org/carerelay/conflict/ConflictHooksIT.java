package org.carerelay.conflict;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.net.http.HttpRequest;
import java.util.ArrayList;
import java.util.List;
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

/**
 * The CDS Hooks service over HTTP: discovery at the server root (not under /fhir), and order-sign with a draft NSAID
 * for a heart-failure patient answered with a card naming the cardiologist and her plan; a draft that conflicts with
 * nothing gets no card, and malformed calls are 4xx.
 */
class ConflictHooksIT extends AbstractFhirIT {

    private static final ObjectMapper JSON = new ObjectMapper();
    private static boolean loaded;

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
        String body = "{\"hookInstance\":\"0f0c6b4e-3f0a-4d4a-9a57-6d0b8e0a1b2c\",\"hook\":\"" + hook + "\","
                + "\"fhirServer\":\"http://localhost:" + port + "/fhir\","
                + "\"context\":{\"userId\":\"Practitioner/cds-gp\",\"patientId\":\"cds-hf\","
                + "\"selections\":[\"MedicationRequest/draft-1\"],"
                + "\"draftOrders\":{\"resourceType\":\"Bundle\",\"type\":\"collection\",\"entry\":[{\"resource\":"
                + "{\"resourceType\":\"MedicationRequest\",\"id\":\"draft-1\",\"status\":\"draft\","
                + "\"intent\":\"order\",\"subject\":{\"reference\":\"Patient/cds-hf\"},"
                + "\"requester\":{\"reference\":\"Practitioner/cds-gp\"},"
                + "\"medicationCodeableConcept\":{\"coding\":[{\"system\":"
                + "\"http://www.nlm.nih.gov/research/umls/rxnorm\",\"code\":\"" + rxnorm + "\",\"display\":\""
                + display + "\"}]}}}]}}}";
        return root.send(
                "POST", "/cds-services/" + service, "application/json", HttpRequest.BodyPublishers.ofString(body));
    }
}
