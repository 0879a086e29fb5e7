package org.carerelay.handoff.rules;

import java.util.EnumMap;
import java.util.EnumSet;
import java.util.Map;
import java.util.Set;
import org.hl7.fhir.r4.model.Task.TaskStatus;

/**
 * The status changes the FHIR R4 Task state machine allows. Completed, cancelled, failed, rejected and
 * entered-in-error are final; any status may be corrected to entered-in-error; nothing goes back to draft.
 */
final class TaskStateMachine {

    private static final Map<TaskStatus, Set<TaskStatus>> NEXT = new EnumMap<>(TaskStatus.class);

    static {
        NEXT.put(TaskStatus.DRAFT, EnumSet.of(TaskStatus.REQUESTED, TaskStatus.CANCELLED));
        NEXT.put(
                TaskStatus.REQUESTED,
                EnumSet.of(
                        TaskStatus.RECEIVED,
                        TaskStatus.ACCEPTED,
                        TaskStatus.REJECTED,
                        TaskStatus.READY,
                        TaskStatus.INPROGRESS,
                        TaskStatus.CANCELLED));
        NEXT.put(
                TaskStatus.RECEIVED,
                EnumSet.of(
                        TaskStatus.ACCEPTED,
                        TaskStatus.REJECTED,
                        TaskStatus.READY,
                        TaskStatus.INPROGRESS,
                        TaskStatus.CANCELLED));
        // An accepted referral is often simply completed (or fails) without a recorded in-progress step.
        NEXT.put(
                TaskStatus.ACCEPTED,
                EnumSet.of(
                        TaskStatus.READY,
                        TaskStatus.INPROGRESS,
                        TaskStatus.ONHOLD,
                        TaskStatus.COMPLETED,
                        TaskStatus.FAILED,
                        TaskStatus.CANCELLED));
        NEXT.put(
                TaskStatus.READY,
                EnumSet.of(
                        TaskStatus.INPROGRESS,
                        TaskStatus.ONHOLD,
                        TaskStatus.COMPLETED,
                        TaskStatus.FAILED,
                        TaskStatus.CANCELLED));
        NEXT.put(
                TaskStatus.INPROGRESS,
                EnumSet.of(TaskStatus.ONHOLD, TaskStatus.COMPLETED, TaskStatus.FAILED, TaskStatus.CANCELLED));
        NEXT.put(
                TaskStatus.ONHOLD,
                EnumSet.of(TaskStatus.INPROGRESS, TaskStatus.READY, TaskStatus.FAILED, TaskStatus.CANCELLED));
    }

    private TaskStateMachine() {}

    static boolean allows(TaskStatus from, TaskStatus to) {
        if (from == to || to == TaskStatus.ENTEREDINERROR) {
            return true;
        }
        return NEXT.getOrDefault(from, Set.of()).contains(to);
    }
}
