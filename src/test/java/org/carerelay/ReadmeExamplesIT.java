package org.carerelay;

import static java.nio.charset.StandardCharsets.UTF_8;
import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.concurrent.TimeUnit;
import org.carerelay.ReadmeExamples.Example;
import org.carerelay.testing.AbstractFhirIT;
import org.hl7.fhir.r4.model.Bundle;
import org.hl7.fhir.r4.model.DetectedIssue;
import org.hl7.fhir.r4.model.Parameters;
import org.junit.jupiter.api.Test;

/**
 * Every {@code curl} of the README, pasted in README order into a bash as a newcomer would, against this server
 * instead of localhost:8080: each answers the status its comment promises, and the care-gap examples find the gap the
 * README's record plants. The README's data (Ana Rivera, MRN 12345, Dr Lee, Dr Okafor) is used by no other test, so
 * the examples see what they would see on a fresh server. The ScenarioLoader command is no curl and is not run: it
 * loads a population for minutes, and PopulationCareGapsIT runs the same generator.
 */
class ReadmeExamplesIT extends AbstractFhirIT {

    private static final String README_BASE = "http://localhost:8080/fhir";
    private static final String CARE_GAP_RULE = "https://carerelay.org/fhir/CodeSystem/care-gap-rule";
    /**
     * curl as pasted, but also writing the status to stderr, where no pipe in the example can cut it off; -q leaves
     * out the user's ~/.curlrc.
     */
    private static final String CURL_WITH_STATUS =
            "curl() { command curl -q --write-out '%{stderr}%{http_code}\\n' \"$@\"; }\n";

    @Test
    void everyCurlExampleAnswersWhatTheReadmePromisesInReadmeOrder() throws Exception {
        List<Example> examples = ReadmeExamples.curlExamples(Files.readString(Path.of("README.md")));
        assertThat(examples).isNotEmpty();

        for (Example example : examples) {
            assertThat(example.command()).as(example.toString()).contains(README_BASE);
            Answer answer = paste(example.command().replace(README_BASE, baseUrl()));

            assertThat(answer.status())
                    .as("%s\nanswered %s", example, answer.body())
                    .isEqualTo(example.expectedStatus());
            if (example.command().contains("$care-gaps")) {
                assertThat(gapRules(answer.body())).as(example.toString()).contains("referral-open");
            }
        }
    }

    /** The rule codes of the DetectedIssues in a $care-gaps answer, with or without the headers curl -i prints. */
    private static List<String> gapRules(String body) {
        String json = body.startsWith("HTTP/") ? body.substring(body.indexOf("\r\n\r\n") + 4) : body;
        return FHIR.newJsonParser().parseResource(Parameters.class, json).getParameter().stream()
                .filter(parameter -> parameter.getResource() instanceof Bundle)
                .flatMap(parameter -> ((Bundle) parameter.getResource()).getEntry().stream())
                .filter(entry -> entry.getResource() instanceof DetectedIssue)
                .flatMap(entry -> ((DetectedIssue) entry.getResource()).getCode().getCoding().stream())
                .filter(coding -> CARE_GAP_RULE.equals(coding.getSystem()))
                .map(coding -> coding.getCode())
                .toList();
    }

    private record Answer(int status, String body) {}

    private static Answer paste(String command) throws IOException, InterruptedException {
        Path stderr = Files.createTempFile("readme-curl", ".txt");
        try {
            ProcessBuilder builder =
                    new ProcessBuilder("bash", "-c", CURL_WITH_STATUS + command).redirectError(stderr.toFile());
            // a proxy of the user's would be asked for localhost
            builder.environment().keySet().removeIf(name -> name.toLowerCase().endsWith("_proxy"));
            Process bash = builder.start();
            String body = new String(bash.getInputStream().readAllBytes(), UTF_8);
            assertThat(bash.waitFor(2, TimeUnit.MINUTES)).as("bash ends").isTrue();
            List<String> statuses = Files.readAllLines(stderr);
            assertThat(bash.exitValue())
                    .as("bash exit value, stderr %s", statuses)
                    .isZero();
            assertThat(statuses).as("one status from curl").hasSize(1);
            return new Answer(Integer.parseInt(statuses.get(0)), body);
        } finally {
            Files.delete(stderr);
        }
    }
}
