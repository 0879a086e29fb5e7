package org.carerelay.conflict;

import ca.uhn.fhir.context.FhirContext;
import ca.uhn.fhir.rest.api.server.SystemRequestDetails;
import ca.uhn.fhir.rest.api.server.cdshooks.CdsServiceRequestJson;
import ca.uhn.fhir.rest.server.exceptions.BaseServerResponseException;
import ca.uhn.hapi.fhir.cdshooks.api.json.CdsServiceIndicatorEnum;
import ca.uhn.hapi.fhir.cdshooks.api.json.CdsServiceJson;
import ca.uhn.hapi.fhir.cdshooks.api.json.CdsServiceResponseCardJson;
import ca.uhn.hapi.fhir.cdshooks.api.json.CdsServiceResponseCardSourceJson;
import ca.uhn.hapi.fhir.cdshooks.api.json.CdsServiceResponseJson;
import ca.uhn.hapi.fhir.cdshooks.api.json.CdsServiceResponseSuggestionJson;
import ca.uhn.hapi.fhir.cdshooks.api.json.CdsServicesJson;
import ca.uhn.hapi.fhir.cdshooks.module.CdsHooksObjectMapperFactory;
import ca.uhn.hapi.fhir.cdshooks.serializer.CdsServiceRequestJsonDeserializer;
import com.fasterxml.jackson.databind.ObjectMapper;
import jakarta.servlet.http.HttpServletRequest;
import java.time.Instant;
import java.time.LocalDate;
import java.util.ArrayList;
import java.util.Date;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.UUID;
import java.util.stream.Collectors;
import org.carerelay.caregap.rules.AsOf;
import org.carerelay.config.CareRelayProperties;
import org.carerelay.conflict.rules.Conflict;
import org.carerelay.conflict.rules.ConflictEvaluator;
import org.carerelay.conflict.rules.Days;
import org.carerelay.conflict.rules.Knowledge;
import org.carerelay.conflict.rules.PlanRecord;
import org.carerelay.conflict.rules.Side;
import org.carerelay.fhir.LocalServer;
import org.hl7.fhir.instance.model.api.IBaseResource;
import org.hl7.fhir.r4.model.Bundle;
import org.hl7.fhir.r4.model.IdType;
import org.hl7.fhir.r4.model.MedicationRequest;
import org.hl7.fhir.r4.model.Patient;
import org.hl7.fhir.r4.model.Resource;
import org.hl7.fhir.r4.model.ServiceRequest;
import org.springframework.beans.factory.annotation.Value;
import org.springframework.http.MediaType;
import org.springframework.http.ResponseEntity;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.PathVariable;
import org.springframework.web.bind.annotation.PostMapping;
import org.springframework.web.bind.annotation.RequestBody;
import org.springframework.web.bind.annotation.RequestHeader;
import org.springframework.web.bind.annotation.RestController;

/**
 * The plan-conflict rules at the point of ordering, as a CDS Hooks 2.0 service (the JSON model and request
 * deserializer of HAPI's hapi-fhir-server-cds-hooks): discovery at {@code [server root]/cds-services}, and
 * {@code order-sign} and {@code order-select} answering one card per conflict the draft orders would create with what
 * is already on the patient's record, naming the other side's prescriber and plan. The record is read from this
 * server's store; {@code fhirServer} is not called back, so a local one over plain http, or none, is fine.
 *
 * <p>Each card offers CareRelay's override reasons ({@link OverrideReasons}) and one suggestion, to remove the draft;
 * the cards answered are remembered ({@link IssuedCards}) for their feedback ({@link ConflictFeedback}).
 *
 * <p>With {@code carerelay.security.enabled} a hook call needs a CDS client's JWT ({@link CdsClients}); without an
 * acceptable one the answer is 401. Discovery stays open: it names services, not patients.
 */
@RestController
final class ConflictHooks {

    static final String ORDER_SIGN = "plan-conflicts-order-sign";
    static final String ORDER_SELECT = "plan-conflicts-order-select";

    private final FhirContext fhir;
    private final ObjectMapper json;
    private final PlanRecords records;
    private final ConflictEvaluator evaluator;
    private final CareRelayProperties properties;
    private final boolean secured;
    private final CdsClients clients;
    private final IssuedCards issued;
    private final Map<String, CdsServiceJson> services = new LinkedHashMap<>();

    ConflictHooks(
            FhirContext fhir,
            PlanRecords records,
            Knowledge knowledge,
            CareRelayProperties properties,
            CdsClients clients,
            IssuedCards issued,
            @Value("${carerelay.security.enabled:false}") boolean secured) {
        this.fhir = fhir;
        this.json = new CdsHooksObjectMapperFactory(fhir).newMapper();
        LocalServer server = LocalServer.at(properties.serverAddress());
        this.records = records;
        this.evaluator = new ConflictEvaluator(knowledge, server);
        this.properties = properties;
        this.secured = secured;
        this.clients = clients;
        this.issued = issued;
        service(ORDER_SIGN, "order-sign", "Plan conflicts of the orders being signed");
        service(ORDER_SELECT, "order-select", "Plan conflicts of the orders selected");
    }

    private void service(String id, String hook, String title) {
        CdsServiceJson service = new CdsServiceJson()
                .setId(id)
                .setHook(hook)
                .setTitle(title)
                .setDescription("Drug-drug, drug-disease, duplicate-therapy and prohibited-vs-ordered conflicts"
                        + " between the draft orders and the patient's plans and orders by other prescribers, from"
                        + " CareRelay's cited knowledge (CodeSystem/conflict-knowledge)");
        services.put(id, service);
    }

    @GetMapping(value = "/cds-services", produces = MediaType.APPLICATION_JSON_VALUE)
    ResponseEntity<String> discovery() throws Exception {
        CdsServicesJson discovery = new CdsServicesJson();
        services.values().forEach(discovery::addService);
        return ResponseEntity.ok(json.writeValueAsString(discovery));
    }

    @PostMapping(value = "/cds-services/{id}", produces = MediaType.APPLICATION_JSON_VALUE)
    ResponseEntity<String> call(
            @PathVariable("id") String id,
            @RequestBody String body,
            @RequestHeader(value = "Authorization", required = false) String authorization,
            HttpServletRequest http)
            throws Exception {
        CdsServiceJson service = services.get(id);
        if (service == null) {
            return error(404, "No CDS service '" + id + "'; see /cds-services");
        }
        if (secured) {
            CdsClients.Refusal refusal =
                    clients.refusal(authorization, Set.of(endpointUrl(properties, http, "/cds-services/" + id)));
            if (refusal != null) {
                return error(refusal.status(), refusal.message());
            }
        }
        CdsServiceRequestJson request;
        try {
            Object parsed = json.readValue(body, LinkedHashMap.class);
            request = new CdsServiceRequestJsonDeserializer(fhir, json).deserialize(service, parsed);
        } catch (RuntimeException e) {
            return error(400, "The request is not a CDS Hooks request: " + e.getMessage());
        }
        if (!service.getHook().equals(request.getHook())) {
            return error(
                    400,
                    "Service " + id + " answers the " + service.getHook() + " hook, not '" + request.getHook() + "'");
        }
        String patientId =
                request.getContext() == null ? null : request.getContext().getString("patientId");
        IBaseResource drafts =
                request.getContext() == null ? null : request.getContext().getResource("draftOrders");
        if (patientId == null || !(drafts instanceof Bundle draftOrders)) {
            return error(400, "context.patientId and context.draftOrders (a Bundle) are required");
        }
        Set<String> selected = "order-select".equals(service.getHook())
                ? Set.copyOf(request.getContext().getArray("selections"))
                : null;
        CdsServiceResponseJson response = new CdsServiceResponseJson();
        try {
            cards(patientId, draftOrders, selected).forEach(response::addCard);
        } catch (BaseServerResponseException e) {
            return error(e.getStatusCode(), e.getMessage());
        }
        return ResponseEntity.ok(json.writeValueAsString(response));
    }

    /**
     * The URL of the endpoint at {@code path} ({@code /cds-services/{id}}), a JWT's {@code aud}: under the root of
     * {@code carerelay.server-address} when it is set (the address clients use behind a proxy), else as this request
     * reached the server.
     */
    static String endpointUrl(CareRelayProperties properties, HttpServletRequest http, String path) {
        String address = properties.serverAddress();
        if (address != null && !address.isBlank()) {
            String root = address.trim().replaceAll("/+$", "").replaceAll("/fhir$", "");
            return root + path;
        }
        String url = http.getRequestURL().toString();
        return url.substring(0, url.length() - http.getRequestURI().length()) + http.getContextPath() + path;
    }

    private List<CdsServiceResponseCardJson> cards(String patientId, Bundle draftOrders, Set<String> selected) {
        SystemRequestDetails request = new SystemRequestDetails();
        Instant now = Instant.now();
        Date end = AsOf.day(LocalDate.ofInstant(now, properties.timeZone()), properties.timeZone(), now)
                .endOfDay();
        Patient patient = records.patient(new IdType("Patient", patientId), end, request);
        PlanRecord stored = records.load(List.of(patient), end, request).get(0);
        List<MedicationRequest> orders = new ArrayList<>(stored.medicationRequests());
        List<ServiceRequest> services = new ArrayList<>(stored.serviceRequests());
        Set<String> drafts = new java.util.HashSet<>();
        for (Bundle.BundleEntryComponent entry : draftOrders.getEntry()) {
            Resource resource = entry.getResource();
            if (resource == null) {
                continue;
            }
            String key = resource.fhirType() + "/" + resource.getIdElement().getIdPart();
            if (selected != null && !selected.contains(key)) {
                continue;
            }
            // a draft is judged as if signed
            if (resource instanceof MedicationRequest draft) {
                MedicationRequest signed = draft.copy().setStatus(MedicationRequest.MedicationRequestStatus.ACTIVE);
                orders.add(signed);
                drafts.add(key);
            } else if (resource instanceof ServiceRequest draft) {
                services.add(draft.copy().setStatus(ServiceRequest.ServiceRequestStatus.ACTIVE));
                drafts.add(key);
            }
        }
        PlanRecord record = new PlanRecord(
                stored.patient(),
                stored.carePlans(),
                orders,
                stored.medicationStatements(),
                stored.conditions(),
                stored.goals(),
                stored.observations(),
                services,
                stored.encounters());
        Days days = new Days(LocalDate.ofInstant(now, properties.timeZone()), properties.timeZone());
        return evaluator.evaluate(record, days, List.of()).stream()
                .filter(c -> drafts.contains(c.first().key())
                        || drafts.contains(c.second().key()))
                .map(c -> card(c, drafts))
                .collect(Collectors.toList());
    }

    private CdsServiceResponseCardJson card(Conflict conflict, Set<String> drafts) {
        Side draft = drafts.contains(conflict.first().key()) ? conflict.first() : conflict.second();
        Side other = draft == conflict.first() ? conflict.second() : conflict.first();
        String summary = conflict.rule().title() + ": " + draft.what() + " with " + other.what() + " ("
                + other.authorName() + (other.plan() != null ? ", " + other.plan() : "") + ")";
        if (summary.length() > 140) {
            summary = summary.substring(0, 139) + "…";
        }
        Knowledge.Source source = conflict.sources().get(0);
        String uuid = UUID.randomUUID().toString();
        // the one thing a card can suggest: not to sign the draft
        CdsServiceResponseSuggestionJson remove = new CdsServiceResponseSuggestionJson()
                .setUuid(UUID.randomUUID().toString())
                .setLabel("Remove the draft order of " + draft.what());
        remove.addAction(new DeleteAction(draft.key(), "Remove " + draft.what() + " (" + draft.key() + ")"));
        List<String> reasons = OverrideReasons.offered(conflict.rule());
        issued.issued(uuid, new IssuedCards.Card(conflict.entry(), Set.of(remove.getUuid()), reasons));
        CdsServiceResponseCardJson card = new CdsServiceResponseCardJson()
                .setUuid(uuid)
                .setSummary(summary)
                .setDetail(conflict.detail())
                .setIndicator(
                        switch (conflict.severity()) {
                            case "high" -> CdsServiceIndicatorEnum.CRITICAL;
                            case "moderate" -> CdsServiceIndicatorEnum.WARNING;
                            default -> CdsServiceIndicatorEnum.INFO;
                        })
                .setSource(new CdsServiceResponseCardSourceJson()
                        .setLabel(source.shortName())
                        .setUrl(source.url()))
                .setSelectionBehaviour("at-most-one")
                .setOverrideReasons(OverrideReasons.codings(reasons));
        card.addSuggestion(remove);
        return card;
    }

    static ResponseEntity<String> error(int status, String message) {
        String escaped = message.replace("\\", "\\\\").replace("\"", "\\\"");
        return ResponseEntity.status(status)
                .contentType(MediaType.APPLICATION_JSON)
                .body("{\"error\":\"" + escaped + "\"}");
    }
}
