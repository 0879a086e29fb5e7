package org.carerelay.notify.rules;

import java.util.Set;
import org.carerelay.fhir.Canonical;
import org.hl7.fhir.r4.model.Coding;
import org.hl7.fhir.r4.model.Task;

/**
 * CareRelay's subscription topic "a handoff Task was created or changed status": a Task is a handoff when its code
 * carries a code of the handoff-type CodeSystem, or is {@code task-code#fulfill} with a ServiceRequest focus (the
 * closed-loop referral pattern). Subscribers narrow it with the filters {@code owner}, {@code requester} and
 * {@code patient}.
 */
public final class HandoffTopic {

    public static final String URL = Canonical.BASE + "/SubscriptionTopic/handoff";
    public static final Set<String> FILTERS = Set.of("owner", "requester", "patient");

    private static final String HANDOFF_TYPE = Canonical.codeSystem("handoff-type");
    private static final Set<String> HANDOFF_CODES =
            Set.of("referral", "transition-of-care", "shift-change", "warm-handoff");
    private static final String TASK_CODE = "http://hl7.org/fhir/CodeSystem/task-code";

    private HandoffTopic() {}

    /** Whether this write is an event of the topic: a handoff created, or a handoff whose status changed. */
    public static boolean triggers(Task previous, Task current) {
        if (!isHandoff(current)) {
            return false;
        }
        return previous == null || previous.getStatus() != current.getStatus();
    }

    static boolean isHandoff(Task task) {
        for (Coding coding : task.getCode().getCoding()) {
            if (HANDOFF_TYPE.equals(coding.getSystem()) && HANDOFF_CODES.contains(coding.getCode())) {
                return true;
            }
        }
        boolean fulfill = task.getCode().getCoding().stream()
                .anyMatch(c -> TASK_CODE.equals(c.getSystem()) && "fulfill".equals(c.getCode()));
        String focus = task.getFocus().getReferenceElement().getResourceType();
        return fulfill && "ServiceRequest".equals(focus);
    }
}
