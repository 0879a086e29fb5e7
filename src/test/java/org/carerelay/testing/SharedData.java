package org.carerelay.testing;

import static org.junit.jupiter.api.Assumptions.assumeTrue;

import java.nio.file.Files;
import java.nio.file.Path;

/**
 * The real data set beside the repository ({@code ../shared/data}): Synthea patients, FHIR R4 spec examples and DEQM
 * examples. Tests that read it skip, saying why, when a clone has no such folder beside it.
 */
public final class SharedData {

    private SharedData() {}

    public static Path folder(String name) {
        Path root = Path.of(System.getProperty("carerelay.shared-data", "../shared/data"));
        Path folder = root.resolve(name);
        assumeTrue(
                Files.isDirectory(folder),
                () -> "skipped: shared data folder " + folder + " is absent (clone without ../shared beside it)");
        return folder;
    }
}
