package org.carerelay;

import static org.assertj.core.api.Assertions.assertThat;

import java.net.http.HttpRequest;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.carerelay.ReadmeExamples.Example;
import org.carerelay.testing.AbstractSecuredFhirIT;
import org.junit.jupiter.api.Test;

/**
 * The curl examples of the README's security section, pasted in order against a secured server, with {@code $TOKEN}
 * a token of the scopes and patient the README's {@code DevTokens token} line asks for (signed by the test issuer this
 * server trusts instead of the stand-in's keys).
 */
class ReadmeSecurityExamplesIT extends AbstractSecuredFhirIT {

    private static final String README_BASE = "http://localhost:8080/fhir";
    private static final Pattern TOKEN_LINE =
            Pattern.compile("DevTokens token \\S+ " + Pattern.quote(README_BASE) + " '([^']+)' (\\S+)\\)");

    @Test
    void everySecurityExampleAnswersWhatTheReadmePromises() throws Exception {
        String readme = Files.readString(Path.of("README.md"));
        Matcher tokenLine = TOKEN_LINE.matcher(readme);
        assertThat(tokenLine.find()).as("the README's DevTokens token line").isTrue();
        String patient = tokenLine.group(2);
        String token = token().scope(tokenLine.group(1)).patient(patient).rsa();
        storePatient(patient);

        List<Example> examples = ReadmeExamples.curlExamples(readme).stream()
                .filter(example -> example.section().equals(ReadmeExamples.SECURITY))
                .toList();
        assertThat(examples).hasSize(7);
        for (Example example : examples) {
            ReadmeExamples.Answer answer =
                    ReadmeExamples.paste(example.command().replace(README_BASE, baseUrl()), Map.of("TOKEN", token));
            assertThat(answer.status())
                    .as("%s\nanswered %s", example, answer.body())
                    .isEqualTo(example.expectedStatus());
        }
    }

    private void storePatient(String id) {
        String body = "{\"resourceType\":\"Patient\",\"id\":\"" + id + "\"}";
        int status = http.send(
                        "PUT",
                        "/Patient/" + id,
                        "application/fhir+json",
                        HttpRequest.BodyPublishers.ofString(body),
                        bearer(token().scope("system/*.cruds").rsa()))
                .status();
        assertThat(status).as("no other test stores " + id).isEqualTo(201);
    }
}
