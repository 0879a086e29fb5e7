package org.carerelay.server;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import java.time.Duration;
import java.util.UUID;
import org.carerelay.testing.AbstractFhirIT;
import org.carerelay.testing.RawHttp;
import org.hl7.fhir.r4.model.OperationOutcome.IssueType;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import org.springframework.boot.test.system.CapturedOutput;
import org.springframework.boot.test.system.OutputCaptureExtension;

/** Each FHIR request leaves one line: method, path, status and duration; an access_token in the URL is blanked. */
@ExtendWith(OutputCaptureExtension.class)
class RequestLogIT extends AbstractFhirIT {

    @Test
    void eachRequestLeavesOneLine(CapturedOutput output) {
        String id = "log-" + UUID.randomUUID();

        http.get("/Patient/" + id);
        http.get("/Patient/" + id + "?access_token=secret-value");

        // the line is written once the response has gone out, so the client can be a moment ahead of it
        await().atMost(Duration.ofSeconds(10))
                .untilAsserted(() -> assertThat(output.getOut())
                        .containsPattern("carerelay\\.requests +: GET /fhir/Patient/" + id + " 404 \\d+ ms\n")
                        .containsPattern(
                                "carerelay\\.requests +: GET /fhir/Patient/" + id + "\\?access_token=\\*\\*\\* \\d{3} ")
                        .doesNotContain("secret-value"));
    }

    @Test
    void aValueTheServerCannotParseIsAnsweredWithoutAnErrorLine(CapturedOutput output) {
        String value = "2023-02-30";

        RawHttp.Response response = http.get("/Patient?birthdate=" + value);

        assertThat(response.status()).isEqualTo(400);
        assertThat(response.outcome().getIssueFirstRep().getCode()).isEqualTo(IssueType.INVALID);
        assertThat(response.outcome().getIssueFirstRep().getDiagnostics())
                .startsWith("Parameter 'birthdate': ")
                .contains(value);
        assertThat(response.outcome().getIssueFirstRep().getExpression())
                .extracting(Object::toString)
                .containsExactly("birthdate");
        await().atMost(Duration.ofSeconds(10))
                .untilAsserted(() -> assertThat(output.getOut())
                        .containsPattern("carerelay\\.requests +: GET /fhir/Patient\\?birthdate=" + value + " 400 "));
        assertThat(output.getOut().lines().filter(line -> line.contains(" ERROR ")))
                .noneMatch(line -> line.contains(value));
    }
}
