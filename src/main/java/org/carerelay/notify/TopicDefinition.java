package org.carerelay.notify;

import java.util.List;
import org.carerelay.fhir.Definitions;
import org.carerelay.notify.rules.HandoffTopic;
import org.hl7.fhir.r4.model.Basic;
import org.hl7.fhir.r4.model.CodeType;
import org.hl7.fhir.r4.model.CodeableConcept;
import org.hl7.fhir.r4.model.Coding;
import org.hl7.fhir.r4.model.Extension;
import org.hl7.fhir.r4.model.MarkdownType;
import org.hl7.fhir.r4.model.Resource;
import org.hl7.fhir.r4.model.StringType;
import org.hl7.fhir.r4.model.UriType;

/**
 * The handoff topic as a readable resource. R4 has no SubscriptionTopic, so it is a {@code Basic} carrying the R4B
 * SubscriptionTopic cross-version extensions, as the Subscriptions Backport IG represents topics on R4 servers:
 * {@code Basic/handoff-topic}, findable by its canonical.
 */
final class TopicDefinition implements Definitions.Published {

    static final String ID = "handoff-topic";
    static final String EXTENSION = "http://hl7.org/fhir/4.3/StructureDefinition/extension-SubscriptionTopic.";
    static final String TASK = "http://hl7.org/fhir/StructureDefinition/Task";

    @Override
    public List<Resource> resources() {
        Basic topic = new Basic();
        topic.setId(ID);
        topic.setCode(new CodeableConcept(new Coding("http://hl7.org/fhir/fhir-types", "SubscriptionTopic", null)));
        topic.addExtension(EXTENSION + "url", new UriType(HandoffTopic.URL));
        topic.addExtension(EXTENSION + "title", new StringType("Handoff created or changed status"));
        topic.addExtension(EXTENSION + "status", new CodeType("active"));
        topic.addExtension(
                EXTENSION + "description",
                new MarkdownType("A handoff Task (a code of the handoff-type CodeSystem, or task-code fulfill with a"
                        + " ServiceRequest focus: the closed-loop referral) was created or changed status."));
        Extension trigger = topic.addExtension().setUrl(EXTENSION + "resourceTrigger");
        trigger.addExtension("description", new MarkdownType("A handoff Task is created or its status changes"));
        trigger.addExtension("resource", new UriType(TASK));
        trigger.addExtension("supportedInteraction", new CodeType("create"));
        trigger.addExtension("supportedInteraction", new CodeType("update"));
        for (String filter : HandoffTopic.FILTERS.stream().sorted().toList()) {
            Extension canFilterBy = topic.addExtension().setUrl(EXTENSION + "canFilterBy");
            canFilterBy.addExtension("description", new MarkdownType("Task." + filter + " (Task?" + filter + "=...)"));
            canFilterBy.addExtension("resource", new UriType(TASK));
            canFilterBy.addExtension("filterParameter", new StringType(filter));
        }
        Extension shape = topic.addExtension().setUrl(EXTENSION + "notificationShape");
        shape.addExtension("resource", new UriType(TASK));
        return List.of(topic);
    }
}
