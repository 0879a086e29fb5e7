package org.carerelay.testing;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import org.junit.jupiter.api.Test;
import org.opentest4j.AssertionFailedError;
import org.opentest4j.TestAbortedException;

class PrerequisiteTest {

    private static final boolean CI = "true".equals(System.getenv("CI"));

    @Test
    void aPresentPrerequisiteLetsTheTestRun() {
        Prerequisite.require(true, "nothing");
    }

    @Test
    void aMissingPrerequisiteSkipsWithOneLineOrFailsUnderCi() {
        PrintStream console = System.out;
        ByteArrayOutputStream printed = new ByteArrayOutputStream();
        System.setOut(new PrintStream(printed, true, StandardCharsets.UTF_8));
        try {
            assertThatThrownBy(() -> Prerequisite.require(false, "a browser"))
                    .isInstanceOf(CI ? AssertionFailedError.class : TestAbortedException.class)
                    .hasMessage(
                            CI
                                    ? "PrerequisiteTest.aMissingPrerequisiteSkipsWithOneLineOrFailsUnderCi"
                                            + " needs a browser, which is missing (CI=true: missing prerequisites"
                                            + " fail)"
                                    : "Assumption failed: needs a browser");
        } finally {
            System.setOut(console);
        }
        assertThat(printed.toString(StandardCharsets.UTF_8))
                .isEqualTo(
                        CI
                                ? ""
                                : "SKIPPED PrerequisiteTest.aMissingPrerequisiteSkipsWithOneLineOrFailsUnderCi:"
                                        + " needs a browser, which is missing" + System.lineSeparator());
    }
}
