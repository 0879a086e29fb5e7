package org.carerelay;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import org.carerelay.ReadmeExamples.Example;
import org.junit.jupiter.api.Test;

/** How README examples are found; ReadmeExamplesIT runs them. */
class ReadmeExamplesTest {

    @Test
    void aCommandRunsOnOverBackslashesAndQuotedNewlines() {
        String readme = """
                ```sh
                # create → 201
                curl -s -X POST http://localhost:8080/fhir/Patient \\
                  -H 'Content-Type: application/fhir+json' \\
                  -d '{"resourceType":"Patient",
                       "name":[{"family":"O\\"Hara"}]}'

                # one more → 200
                curl -s http://localhost:8080/fhir/metadata | head -c 600
                mvn spring-boot:run   # a comment's quote (don't) opens nothing
                ```
                """;

        List<Example> examples = ReadmeExamples.curlExamples(readme);

        assertThat(examples).extracting(Example::line).containsExactly(3, 9);
        assertThat(examples).extracting(Example::expectedStatus).containsExactly(201, 200);
        assertThat(examples.get(0).command()).endsWith("\"name\":[{\"family\":\"O\\\"Hara\"}]}'");
        assertThat(examples.get(1).command()).isEqualTo("curl -s http://localhost:8080/fhir/metadata | head -c 600");
    }

    @Test
    void aCurlExampleWithoutAPromisedStatusIsAnError() {
        String readme = """
                ```sh
                # create a patient
                curl -s -X POST http://localhost:8080/fhir/Patient -d '{}'
                ```
                """;

        assertThatThrownBy(() -> ReadmeExamples.curlExamples(readme))
                .hasMessageStartingWith("README line 3: a curl example needs exactly one promised status");
    }

    @Test
    void aStatusPromisedAboveABlankLineDoesNotCount() {
        String readme = """
                ```sh
                # what the server supports → 200

                curl -s http://localhost:8080/fhir/metadata
                ```
                """;

        assertThatThrownBy(() -> ReadmeExamples.curlExamples(readme)).hasMessageContaining("found []");
    }

    @Test
    void aCurlExampleOutsideAShellBlockIsAnError() {
        String readme = """
                ```
                curl -s http://localhost:8080/fhir/metadata
                ```
                """;

        assertThatThrownBy(() -> ReadmeExamples.curlExamples(readme))
                .hasMessage("README line 2: a curl example outside a ```sh block");
    }

    @Test
    void everyCurlExampleOfTheReadmePromisesAStatus() throws IOException {
        List<Example> examples = ReadmeExamples.curlExamples(Files.readString(Path.of("README.md")));

        assertThat(examples).hasSizeGreaterThanOrEqualTo(10);
        assertThat(examples)
                .allSatisfy(example ->
                        assertThat(example.command()).startsWith("curl ").contains("http://localhost:8080/"));
    }
}
