package org.carerelay.handoff.rules;

import java.util.Arrays;
import java.util.Optional;
import org.hl7.fhir.r4.model.Coding;
import org.hl7.fhir.r4.model.Task;

/** What kind of transfer of responsibility a Task is, read from {@code Task.code}. */
public enum HandoffType {
    REFERRAL("referral", "Referral"),
    TRANSITION_OF_CARE("transition-of-care", "Transition of care"),
    SHIFT_CHANGE("shift-change", "Shift change"),
    WARM_HANDOFF("warm-handoff", "Warm handoff");

    private final String code;
    private final String display;

    HandoffType(String code, String display) {
        this.code = code;
        this.display = display;
    }

    public String code() {
        return code;
    }

    public String display() {
        return display;
    }

    /**
     * The handoff type of a Task, or empty if the Task is no handoff. A {@code task-code#fulfill} Task whose focus is a
     * ServiceRequest is a referral (the closed-loop referral pattern).
     */
    public static Optional<HandoffType> of(Task task, HandoffRecord record) {
        for (Coding coding : task.getCode().getCoding()) {
            if (HandoffCodes.HANDOFF_TYPE.equals(coding.getSystem())) {
                Optional<HandoffType> type = Arrays.stream(values())
                        .filter(t -> t.code.equals(coding.getCode()))
                        .findFirst();
                if (type.isPresent()) {
                    return type;
                }
            }
        }
        boolean fulfill = task.getCode().getCoding().stream()
                .anyMatch(c -> HandoffCodes.TASK_CODE.equals(c.getSystem()) && "fulfill".equals(c.getCode()));
        if (fulfill
                && task.hasFocus()
                && "ServiceRequest".equals(record.typeOf(task.getFocus()).orElse(null))) {
            return Optional.of(REFERRAL);
        }
        return Optional.empty();
    }
}
