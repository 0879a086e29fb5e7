package org.carerelay.security.audit;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.charset.StandardCharsets;
import org.hl7.fhir.r4.model.AuditEvent;
import org.hl7.fhir.r4.model.AuditEvent.AuditEventAction;
import org.hl7.fhir.r4.model.Reference;
import org.junit.jupiter.api.Test;

class FinishingTest {

    @Test
    void aRefusalIsAMinorFailureAndAServerErrorASeriousOne() {
        AuditEvent refused = event();
        Finishing.failed(refused, 403, "needs user/CarePlan.s");
        AuditEvent broken = event();
        Finishing.failed(broken, 500, "database gone");

        assertThat(refused.getOutcome().toCode()).isEqualTo("4");
        assertThat(refused.getOutcomeDesc()).isEqualTo("needs user/CarePlan.s");
        assertThat(broken.getOutcome().toCode()).isEqualTo("8");
    }

    @Test
    void theClientIdBecomesTheClientAgentsAltId() {
        AuditEvent event = event();

        Finishing.finish(event, "request-1");

        assertThat(event.getAgent().get(0).getAltId()).isEqualTo("app-1");
        assertThat(event.getAgent().get(2).hasAltId()).isFalse();
    }

    @Test
    void anEventWithoutARequestIdGetsTheRequestsOwn() {
        AuditEvent event = event();
        BalpShape.requestId(event, null);

        Finishing.finish(event, "request-1");

        assertThat(event.getEntity().get(1).getWhat().getIdentifier().getValue())
                .isEqualTo("request-1");
    }

    @Test
    void anAccessTokenInTheQueryIsRedacted() {
        AuditEvent event = event();
        BalpShape.query(event, "GET", "http://x/fhir/Patient?access_token=eyJ.abc.def&name=a");
        Finishing.failed(event, 400, "Unknown parameter in ?access_token=eyJ.abc.def");

        Finishing.finish(event, "request-1");

        AuditEvent.AuditEventEntityComponent query = event.getEntity().get(1);
        assertThat(new String(query.getQuery(), StandardCharsets.UTF_8))
                .isEqualTo("http://x/fhir/Patient?access_token=(redacted)&name=a");
        assertThat(query.getDescription()).isEqualTo("GET http://x/fhir/Patient?access_token=(redacted)&name=a");
        assertThat(event.getOutcomeDesc()).doesNotContain("eyJ");
    }

    private static AuditEvent event() {
        AuditEvent event = BalpShape.event(AuditEventAction.R, "http://x/fhir");
        BalpShape.agents(
                event,
                CallerAgents.client("app-1"),
                "127.0.0.1",
                "http://x/fhir",
                new Reference("http://x/fhir/Practitioner/1"));
        BalpShape.requestId(event, "request-0");
        return event;
    }
}
