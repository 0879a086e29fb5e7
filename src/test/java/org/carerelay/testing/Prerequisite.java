package org.carerelay.testing;

import static org.junit.jupiter.api.Assertions.fail;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

/**
 * Something outside the repository a test needs (the shared data set, a browser). Without it the test is skipped with
 * one line on the console naming what is missing; under {@code CI=true} it fails, so that CI never passes by
 * skipping.
 */
public final class Prerequisite {

    private Prerequisite() {}

    public static void require(boolean present, String what) {
        if (present) {
            return;
        }
        String caller = StackWalker.getInstance()
                .walk(frames -> frames.filter(Prerequisite::isTestMethod)
                        .findFirst()
                        .map(f -> f.getClassName().substring(f.getClassName().lastIndexOf('.') + 1) + "."
                                + f.getMethodName())
                        .orElse("a test"));
        if ("true".equals(System.getenv("CI"))) {
            fail(caller + " needs " + what + ", which is missing (CI=true: missing prerequisites fail)");
        }
        System.out.println("SKIPPED " + caller + ": needs " + what + ", which is missing");
        assumeTrue(false, "needs " + what);
    }

    private static boolean isTestMethod(StackWalker.StackFrame frame) {
        String type = frame.getClassName();
        return (type.endsWith("IT") || type.endsWith("Test"))
                && !frame.getMethodName().startsWith("lambda$");
    }
}
