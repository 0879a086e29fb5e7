package org.carerelay;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import org.carerelay.ReadmeExamples.Example;
import org.carerelay.testing.AbstractFhirIT;
import org.hl7.fhir.r4.model.Bundle;
import org.hl7.fhir.r4.model.DetectedIssue;
import org.hl7.fhir.r4.model.Parameters;
import org.junit.jupiter.api.Test;

/**
 * Every {@code curl} of the README, pasted in README order into a bash as a newcomer would, against this server
 * instead of localhost:8080: each answers the status its comment promises, and the care-gap examples find the gap the
 * README's record plants, and the CDS feedback names a card the hook call answered. The examples of the security
 * sections run against secured servers ({@code ReadmeSecurityExamplesIT}). The README's data (Ana Rivera, MRN 12345, Dr Lee, Dr Okafor) is used by no other test, so
 * the examples see what they would see on a fresh server. The ScenarioLoader command is no curl and is not run: it
 * loads a population for minutes, and PopulationCareGapsIT runs the same generator.
 */
class ReadmeExamplesIT extends AbstractFhirIT {

    private static final String README_BASE = "http://localhost:8080/fhir";
    private static final String README_ROOT = "http://localhost:8080";
    private static final String CARE_GAP_RULE = "https://carerelay.org/fhir/CodeSystem/care-gap-rule";

    @Test
    void everyCurlExampleAnswersWhatTheReadmePromisesInReadmeOrder() throws Exception {
        List<Example> examples = ReadmeExamples.curlExamples(Files.readString(Path.of("README.md"))).stream()
                .filter(example -> !example.section().equals(ReadmeExamples.SECURITY)
                        && !example.section().equals(ReadmeExamples.BUILT_IN))
                .toList();
        assertThat(examples).isNotEmpty();

        // what the reader is told to take from one answer into the next command (the export's JOB and FILE)
        java.util.Map<String, String> taken = new java.util.HashMap<>();
        for (Example example : examples) {
            assertThat(example.command())
                    .as(example.toString())
                    .containsAnyOf(README_BASE, README_ROOT + "/cds-services");
            String command = example.command()
                    .replace(README_BASE, baseUrl())
                    .replace(README_ROOT + "/cds-services", "http://localhost:" + port + "/cds-services");
            ReadmeExamples.Answer answer = ReadmeExamples.paste(command, taken);
            if (example.command().contains("$export-poll-status")) {
                // the reader asks again until the export is done, as Retry-After says
                java.time.Instant giveUp = java.time.Instant.now().plus(java.time.Duration.ofMinutes(5));
                while (answer.status() == 202 && java.time.Instant.now().isBefore(giveUp)) {
                    Thread.sleep(1000);
                    answer = ReadmeExamples.paste(example.command().replace(README_BASE, baseUrl()), taken);
                }
                if (answer.status() == 200) {
                    String url = new com.fasterxml.jackson.databind.ObjectMapper()
                            .readTree(answer.body())
                            .get("output")
                            .get(0)
                            .get("url")
                            .asText();
                    taken.put("FILE", url.substring(url.lastIndexOf('/') + 1));
                }
            } else if (example.command().contains("$export?") && answer.status() == 202) {
                java.util.regex.Matcher job =
                        java.util.regex.Pattern.compile("_jobId=([\\w-]+)").matcher(answer.body());
                assertThat(job.find())
                        .as("%s\nanswered %s", example, answer.body())
                        .isTrue();
                taken.put("JOB", job.group(1));
            }

            assertThat(answer.status())
                    .as("%s\nanswered %s", example, answer.body())
                    .isEqualTo(example.expectedStatus());
            if (example.expectedStatus() == 422 && example.command().contains("task-code")) {
                // the README's refused handoff names the rule that refuses it
                assertThat(answer.body()).as(example.toString()).contains("loop-not-closed");
            }
            if (example.command().endsWith("ben-okoro/$plan-conflicts'")) {
                // the README's NSAID in heart failure, found with both authors
                assertThat(answer.body())
                        .as(example.toString())
                        .contains("dd-nsaid-heart-failure", "Practitioner/dr-lee", "Practitioner/dr-haddad");
            }
            if (example.command().contains("/cds-services/plan-conflicts-order-sign")
                    && !example.command().contains("/feedback")) {
                // the README's draft ibuprofen: a card naming the cardiologist, and one for the naproxen
                assertThat(answer.body())
                        .as(example.toString())
                        .contains("Practitioner/dr-haddad", "Duplicate therapy");
                // the heart-failure card, whose feedback the next example gives
                for (com.fasterxml.jackson.databind.JsonNode card : new com.fasterxml.jackson.databind.ObjectMapper()
                        .readTree(answer.body())
                        .get("cards")) {
                    if (card.get("summary").asText().startsWith("Drug-disease")) {
                        taken.put("CARD", card.get("uuid").asText());
                    }
                }
                assertThat(taken).as(example.toString()).containsKey("CARD");
            }
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
}
