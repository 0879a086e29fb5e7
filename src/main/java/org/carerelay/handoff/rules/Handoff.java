package org.carerelay.handoff.rules;

import java.util.List;
import java.util.stream.IntStream;
import org.hl7.fhir.r4.model.Reference;
import org.hl7.fhir.r4.model.Task;
import org.hl7.fhir.r4.model.Task.ParameterComponent;
import org.hl7.fhir.r4.model.Task.TaskOutputComponent;
import org.hl7.fhir.r4.model.Task.TaskStatus;

/** A Task under check, with its handoff type and the record its references resolve against. */
public record Handoff(Task task, HandoffType type, HandoffRecord record) {

    public TaskStatus status() {
        return task.getStatus();
    }

    public boolean is(HandoffType other) {
        return type == other;
    }

    /** Indexes of the inputs typed with a handoff-parameter code. */
    public List<Integer> inputsOfType(String code) {
        return IntStream.range(0, task.getInput().size())
                .filter(i -> hasCode(task.getInput().get(i), code))
                .boxed()
                .toList();
    }

    public boolean hasOutputOfType(String code) {
        return task.getOutput().stream()
                .anyMatch(o -> o.getType().getCoding().stream()
                        .anyMatch(
                                c -> HandoffCodes.HANDOFF_PARAMETER.equals(c.getSystem()) && code.equals(c.getCode())));
    }

    /** Whether any input references a resource of one of the given types. */
    public boolean hasInputReferencing(String... types) {
        return task.getInput().stream()
                .filter(i -> i.getValue() instanceof Reference)
                .map(i -> record.typeOf((Reference) i.getValue()).orElse(""))
                .anyMatch(t -> List.of(types).contains(t));
    }

    /** Whether any output references a resource of one of the given types. */
    public boolean hasOutputReferencing(List<String> types) {
        for (TaskOutputComponent output : task.getOutput()) {
            if (output.getValue() instanceof Reference reference
                    && types.contains(record.typeOf(reference).orElse(""))) {
                return true;
            }
        }
        return false;
    }

    private static boolean hasCode(ParameterComponent input, String code) {
        return input.getType().getCoding().stream()
                .anyMatch(c -> HandoffCodes.HANDOFF_PARAMETER.equals(c.getSystem()) && code.equals(c.getCode()));
    }
}
