package org.carerelay.handoff.rules;

import org.hl7.fhir.r4.model.Task.TaskStatus;

/** The Task state machine for tests outside the rules package, which check stored histories against it. */
public final class Transitions {

    private Transitions() {}

    public static boolean allowed(TaskStatus from, TaskStatus to) {
        return TaskStateMachine.allows(from, to);
    }
}
