package org.carerelay.notify;

import ca.uhn.fhir.interceptor.api.Hook;
import ca.uhn.fhir.interceptor.api.Interceptor;
import ca.uhn.fhir.interceptor.api.Pointcut;
import org.carerelay.notify.rules.HandoffTopic;
import org.carerelay.server.ServerInterceptor;
import org.hl7.fhir.instance.model.api.IBaseConformance;
import org.hl7.fhir.r4.model.CanonicalType;
import org.hl7.fhir.r4.model.CapabilityStatement;
import org.hl7.fhir.r4.model.CapabilityStatement.CapabilityStatementRestResourceComponent;

/**
 * The CapabilityStatement's Subscription entry says what notifications the server sends: the topic it publishes, as
 * the Subscriptions Backport IG declares it for R4, and the channel types and payloads in its documentation (R4 has no
 * element for them).
 */
@Interceptor
final class SubscriptionCapabilities implements ServerInterceptor {

    static final String TOPIC_CANONICAL = Backport.BASE + "capabilitystatement-subscriptiontopic-canonical";

    @Hook(Pointcut.SERVER_CAPABILITY_STATEMENT_GENERATED)
    public void declare(IBaseConformance generated) {
        CapabilityStatement statement = (CapabilityStatement) generated;
        for (CapabilityStatementRestResourceComponent resource :
                statement.getRestFirstRep().getResource()) {
            if (resource.getType().equals("Subscription")) {
                resource.addExtension(TOPIC_CANONICAL, new CanonicalType(HandoffTopic.URL));
                resource.setDocumentation("Channel types rest-hook and websocket (/websocket, bind-with-token from"
                        + " Subscription/[id]/$get-ws-binding-token; email, sms and message are refused with 422),"
                        + " payload application/fhir+json or application/fhir+xml. Criteria-based subscriptions"
                        + " (R4), and topic-based ones (Subscriptions Backport IG) on the topic " + HandoffTopic.URL
                        + " with payload content empty, id-only or full-resource. Delivered at least once from a"
                        + " transactional outbox, in order per subscription, numbered for de-duplication; see"
                        + " Subscription/[id]/$status and $events.");
            }
        }
    }
}
