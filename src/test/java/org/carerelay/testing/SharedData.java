package org.carerelay.testing;

import java.nio.file.Files;
import java.nio.file.Path;

/**
 * The real data set beside the repository ({@code ../shared/data}): Synthea patients, FHIR R4 spec examples and DEQM
 * examples. Tests that read it skip when a clone has no such folder beside it, saying so on the console; under
 * {@code CI=true} a missing folder fails them instead.
 */
public final class SharedData {

    private SharedData() {}

    public static Path folder(String name) {
        Path root = Path.of(System.getProperty("carerelay.shared-data", "../shared/data"));
        Path folder = root.resolve(name);
        Prerequisite.require(
                Files.isDirectory(folder), "the shared data folder " + folder + " (../shared beside the clone)");
        return folder;
    }
}
