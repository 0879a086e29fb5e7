package org.carerelay.conflict;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.micrometer.core.instrument.Counter;
import io.micrometer.core.instrument.MeterRegistry;
import jakarta.servlet.http.HttpServletRequest;
import java.util.ArrayList;
import java.util.List;
import java.util.Set;
import org.carerelay.config.CareRelayProperties;
import org.springframework.beans.factory.annotation.Value;
import org.springframework.http.MediaType;
import org.springframework.http.ResponseEntity;
import org.springframework.web.bind.annotation.PathVariable;
import org.springframework.web.bind.annotation.PostMapping;
import org.springframework.web.bind.annotation.RequestBody;
import org.springframework.web.bind.annotation.RequestHeader;
import org.springframework.web.bind.annotation.RestController;

/**
 * The CDS Hooks 2.0 feedback endpoint of the plan-conflict services, {@code POST [root]/cds-services/{id}/feedback}:
 * what prescribers did with the cards, counted as {@code carerelay.cds.feedback} by service, outcome, the card's
 * knowledge entry ({@code unknown} when this server no longer knows the card) and override reason. Feedback on a
 * known card must name its suggestions and, of CareRelay's override reasons, one it offered; nothing of a request is
 * counted unless all of it is acceptable. With security on, the same JWT checks as a hook call, for {@code aud} this
 * endpoint's URL or its service's.
 */
@RestController
final class ConflictFeedback {

    static final String METRIC = "carerelay.cds.feedback";
    private static final Set<String> SERVICES = Set.of(ConflictHooks.ORDER_SIGN, ConflictHooks.ORDER_SELECT);
    private static final ObjectMapper JSON = new ObjectMapper();

    private final CdsClients clients;
    private final IssuedCards issued;
    private final MeterRegistry meters;
    private final CareRelayProperties properties;
    private final boolean secured;

    ConflictFeedback(
            CdsClients clients,
            IssuedCards issued,
            MeterRegistry meters,
            CareRelayProperties properties,
            @Value("${carerelay.security.enabled:false}") boolean secured) {
        this.clients = clients;
        this.issued = issued;
        this.meters = meters;
        this.properties = properties;
        this.secured = secured;
    }

    @PostMapping(value = "/cds-services/{id}/feedback", produces = MediaType.APPLICATION_JSON_VALUE)
    ResponseEntity<String> feedback(
            @PathVariable("id") String id,
            @RequestBody(required = false) String body,
            @RequestHeader(value = "Authorization", required = false) String authorization,
            HttpServletRequest http) {
        if (!SERVICES.contains(id)) {
            return ConflictHooks.error(404, "No CDS service '" + id + "'; see /cds-services");
        }
        if (secured) {
            String service = "/cds-services/" + id;
            CdsClients.Refusal refusal = clients.refusal(
                    authorization,
                    Set.of(
                            ConflictHooks.endpointUrl(properties, http, service + "/feedback"),
                            ConflictHooks.endpointUrl(properties, http, service)));
            if (refusal != null) {
                return ConflictHooks.error(refusal.status(), refusal.message());
            }
        }
        List<Counted> counted = new ArrayList<>();
        try {
            JsonNode tree;
            try {
                tree = JSON.readTree(body == null ? "" : body);
            } catch (JsonProcessingException e) {
                throw new FeedbackRequest.Malformed("$", "not JSON: " + e.getOriginalMessage());
            }
            for (FeedbackRequest.Entry entry : FeedbackRequest.read(tree)) {
                IssuedCards.Card card = issued.find(entry.card());
                if (card != null) {
                    FeedbackRequest.Malformed mismatch = entry.against(card);
                    if (mismatch != null) {
                        throw mismatch;
                    }
                }
                counted.add(new Counted(entry.outcome(), card == null ? "unknown" : card.entry(), entry.reasonTag()));
            }
        } catch (FeedbackRequest.Malformed e) {
            return ResponseEntity.badRequest()
                    .contentType(MediaType.APPLICATION_JSON)
                    .body(JSON.createObjectNode()
                            .put("error", e.getMessage())
                            .put("location", e.where())
                            .toString());
        }
        for (Counted c : counted) {
            Counter.builder(METRIC)
                    .description("Feedback on plan-conflict CDS cards")
                    .tag("service", id)
                    .tag("outcome", c.outcome())
                    .tag("entry", c.entry())
                    .tag("reason", c.reason())
                    .register(meters)
                    .increment();
        }
        return ResponseEntity.ok().build();
    }

    private record Counted(String outcome, String entry, String reason) {}
}
