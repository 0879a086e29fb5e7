package org.carerelay.notify.rules;

import static org.assertj.core.api.Assertions.assertThat;

import org.hl7.fhir.r4.model.Coding;
import org.hl7.fhir.r4.model.Reference;
import org.hl7.fhir.r4.model.Task;
import org.hl7.fhir.r4.model.Task.TaskStatus;
import org.junit.jupiter.api.Test;

class HandoffTopicTest {

    private static Task handoff(String type, TaskStatus status) {
        Task task = new Task().setStatus(status);
        task.getCode().addCoding(new Coding("https://carerelay.org/fhir/CodeSystem/handoff-type", type, null));
        return task;
    }

    private static Task fulfill(String focus) {
        Task task = new Task().setStatus(TaskStatus.REQUESTED);
        task.getCode().addCoding(new Coding("http://hl7.org/fhir/CodeSystem/task-code", "fulfill", null));
        task.setFocus(new Reference(focus));
        return task;
    }

    @Test
    void aCreatedHandoffOfEveryTypeIsAnEvent() {
        for (String type : new String[] {"referral", "transition-of-care", "shift-change", "warm-handoff"}) {
            assertThat(HandoffTopic.triggers(null, handoff(type, TaskStatus.REQUESTED)))
                    .as(type)
                    .isTrue();
        }
        assertThat(HandoffTopic.triggers(null, fulfill("ServiceRequest/1"))).isTrue();
    }

    @Test
    void onlyAStatusChangeOfAnUpdatedHandoffIsAnEvent() {
        Task before = handoff("referral", TaskStatus.REQUESTED);
        assertThat(HandoffTopic.triggers(before, handoff("referral", TaskStatus.ACCEPTED)))
                .isTrue();
        assertThat(HandoffTopic.triggers(before, handoff("referral", TaskStatus.REQUESTED)))
                .isFalse();
    }

    @Test
    void tasksThatAreNoHandoffAreNoEvents() {
        assertThat(HandoffTopic.triggers(null, handoff("discharge", TaskStatus.REQUESTED)))
                .isFalse();
        assertThat(HandoffTopic.triggers(null, fulfill("Patient/1"))).isFalse();
        assertThat(HandoffTopic.triggers(null, new Task().setStatus(TaskStatus.REQUESTED)))
                .isFalse();
    }
}
