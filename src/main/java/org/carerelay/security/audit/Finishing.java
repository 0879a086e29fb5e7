package org.carerelay.security.audit;

import java.nio.charset.StandardCharsets;
import java.util.regex.Pattern;
import org.carerelay.fhir.Caller;
import org.hl7.fhir.r4.model.AuditEvent;
import org.hl7.fhir.r4.model.AuditEvent.AuditEventEntityComponent;
import org.hl7.fhir.r4.model.AuditEvent.AuditEventOutcome;

/** What every AuditEvent gets before it is stored, whoever built it: the outcome, searchable names, no secrets. */
final class Finishing {

    private static final Pattern ACCESS_TOKEN = Pattern.compile("(access_token=)[^&\\s]*");

    private Finishing() {}

    /** 4 (minor failure) when the client's request was refused or wrong, 8 (serious failure) when the server failed. */
    static void failed(AuditEvent event, int status, String reason) {
        event.setOutcome(status >= 500 ? AuditEventOutcome._8 : AuditEventOutcome._4);
        event.setOutcomeDesc(redact(reason));
    }

    static void finish(AuditEvent event, String requestId) {
        for (AuditEvent.AuditEventAgentComponent agent : event.getAgent()) {
            // the client id as altId makes it searchable: AuditEvent?altid=[client id]
            if (Caller.OAUTH_CLIENT.equals(agent.getWho().getIdentifier().getSystem())) {
                agent.setAltId(agent.getWho().getIdentifier().getValue());
            }
        }
        for (AuditEventEntityComponent entity : event.getEntity()) {
            // BALP's events for the entries of a batch carry no id of their own: they get the batch's
            if (BalpShape.ENTITY_TYPE.equals(entity.getType().getSystem())
                    && !entity.getWhat().getIdentifier().hasValue()
                    && requestId != null) {
                entity.getWhat().getIdentifier().setValue(requestId);
            }
            if (entity.hasDescription()) {
                entity.setDescription(redact(entity.getDescription()));
            }
            if (entity.hasQuery()) {
                entity.setQuery(redact(new String(entity.getQuery(), StandardCharsets.UTF_8))
                        .getBytes(StandardCharsets.UTF_8));
            }
        }
    }

    /** A token sent as a query parameter stays out of the audit (Authorization headers are never read at all). */
    static String redact(String text) {
        return text == null ? null : ACCESS_TOKEN.matcher(text).replaceAll("$1(redacted)");
    }
}
