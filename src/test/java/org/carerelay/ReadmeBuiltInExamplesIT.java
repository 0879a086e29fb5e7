package org.carerelay;

import static org.assertj.core.api.Assertions.assertThat;
import static org.carerelay.testing.Browser.form;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import org.carerelay.ReadmeExamples.Example;
import org.carerelay.testing.AbstractAuthorizationServerIT;
import org.carerelay.testing.RawHttp;
import org.junit.jupiter.api.Test;

/**
 * The curl examples of the README's built-in authorization server section, pasted in order against a server that
 * issues its own tokens, with the backend service of the test context standing in for the README's
 * {@code nightly-sync}: {@code $ASSERTION} one assertion (pasted twice, so the second is a replay), {@code $ASSERTION2}
 * and {@code $ASSERTION3} fresh ones, {@code $ACCESS} a token of {@code system/*.rs}.
 */
class ReadmeBuiltInExamplesIT extends AbstractAuthorizationServerIT {

    private static final String README_ORIGIN = "http://localhost:8080";

    @Test
    void everyBuiltInServerExampleAnswersWhatTheReadmePromises() throws Exception {
        String readme = Files.readString(Path.of("README.md"));
        assertThat(readme).contains("--carerelay.security.clients[0].client-id=" + BACKEND);
        Map<String, String> environment = Map.of(
                "ASSERTION", assertion(),
                "ASSERTION2", assertion(),
                "ASSERTION3", assertion(),
                "ACCESS", access());

        List<Example> examples = ReadmeExamples.curlExamples(readme).stream()
                .filter(example -> example.section().equals(ReadmeExamples.BUILT_IN))
                .toList();
        assertThat(examples).hasSize(7);
        for (Example example : examples) {
            ReadmeExamples.Answer answer =
                    ReadmeExamples.paste(example.command().replace(README_ORIGIN, ORIGIN), environment);
            assertThat(answer.status())
                    .as("%s\nanswered %s", example, answer.body())
                    .isEqualTo(example.expectedStatus());
        }
    }

    private static String assertion() {
        return CLIENT_KEYS.assertion(BACKEND, TOKEN_ENDPOINT).rs384();
    }

    private static String access() {
        RawHttp.Response token = oauthPost(
                "/oauth2/token",
                form(
                        "grant_type", "client_credentials",
                        "scope", "system/*.rs",
                        "client_assertion_type", "urn:ietf:params:oauth:client-assertion-type:jwt-bearer",
                        "client_assertion", assertion()),
                null,
                null);
        assertThat(token.status()).as(token.body()).isEqualTo(200);
        return json(token).get("access_token").asText();
    }
}
