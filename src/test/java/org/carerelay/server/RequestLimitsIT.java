package org.carerelay.server;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.net.http.HttpRequest;
import java.nio.charset.StandardCharsets;
import java.sql.Connection;
import java.sql.SQLException;
import java.sql.SQLTimeoutException;
import java.sql.Statement;
import java.time.Duration;
import java.util.Map;
import java.util.concurrent.atomic.AtomicReference;
import java.util.stream.Collectors;
import java.util.stream.IntStream;
import java.util.zip.GZIPOutputStream;
import javax.sql.DataSource;
import org.carerelay.testing.AbstractFhirIT;
import org.carerelay.testing.RawHttp.Response;
import org.carerelay.testing.TestDatabase;
import org.hl7.fhir.r4.model.OperationOutcome;
import org.hl7.fhir.r4.model.OperationOutcome.IssueSeverity;
import org.hl7.fhir.r4.model.OperationOutcome.IssueType;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.mock.web.MockHttpServletRequest;
import org.springframework.mock.web.MockHttpServletResponse;

/** Every request is bounded: parameters, decimals, decompressed bodies, operation bundles, statement time. */
class RequestLimitsIT extends AbstractFhirIT {

    @Autowired
    private DataSource dataSource;

    @AfterEach
    void serverKeepsServing() {
        assertThat(http.get("/metadata").status()).isEqualTo(200);
    }

    @Test
    void twoHundredAndedParametersAreRefusedAtOnce() {
        String query = IntStream.range(0, 200).mapToObj(i -> "name=x" + i).collect(Collectors.joining("&"));

        long started = System.nanoTime();
        Response response = http.get("/Patient?" + query);

        assertThat(Duration.ofNanos(System.nanoTime() - started)).isLessThan(Duration.ofSeconds(5));
        assertThat(response.status()).isEqualTo(400);
        OperationOutcome.OperationOutcomeIssueComponent issue = firstError(response);
        assertThat(issue.getCode()).isEqualTo(IssueType.TOOCOSTLY);
        assertThat(issue.getDiagnostics())
                .contains("200 parameters")
                .contains("maximum is 50")
                .contains("carerelay.limits.max-search-parameters");
    }

    @Test
    void fiftyParametersAreServed() {
        String query = IntStream.range(0, 50).mapToObj(i -> "name=x" + i).collect(Collectors.joining("&"));

        assertThat(http.get("/Patient?" + query).status()).isEqualTo(200);
    }

    @Test
    void moreOrValuesThanTheLimitAreRefused() {
        String values = IntStream.range(0, 101).mapToObj(i -> "x" + i).collect(Collectors.joining(","));

        Response response = http.get("/Patient?name=" + values);

        assertThat(response.status()).isEqualTo(400);
        OperationOutcome.OperationOutcomeIssueComponent issue = firstError(response);
        assertThat(issue.getCode()).isEqualTo(IssueType.TOOCOSTLY);
        assertThat(issue.getDiagnostics()).contains("101 values").contains("carerelay.limits.max-or-values");
        assertThat(issue.getExpression()).extracting(Object::toString).containsExactly("name");
        assertThat(http.get("/Patient?name=" + values.substring(0, values.lastIndexOf(',')))
                        .status())
                .isEqualTo(200);
    }

    @Test
    void hugeExponentInAResourceIsRefusedBeforeAnythingExpandsIt() {
        for (String value : new String[] {"1e1000000", "1e400", "-1E-400"}) {
            long started = System.nanoTime();
            Response response = http.postJson("/Observation", observationWithValue(value));

            assertThat(Duration.ofNanos(System.nanoTime() - started)).isLessThan(Duration.ofSeconds(5));
            assertThat(response.status()).as(value).isEqualTo(400);
            OperationOutcome.OperationOutcomeIssueComponent issue = firstError(response);
            assertThat(issue.getCode()).isEqualTo(IssueType.VALUE);
            assertThat(issue.getDiagnostics())
                    .contains("carerelay.limits.max-decimal-exponent")
                    .contains("/valueQuantity/value");
        }
    }

    @Test
    void hugeExponentInXmlIsRefused() {
        String xml = "<Observation xmlns=\"http://hl7.org/fhir\"><status value=\"final\"/><code><text value=\"x\"/>"
                + "</code><valueQuantity><value value=\"1e1000000\"/></valueQuantity></Observation>";

        Response response =
                http.send("POST", "/Observation", "application/fhir+xml", HttpRequest.BodyPublishers.ofString(xml));

        assertThat(response.status()).isEqualTo(400);
        OperationOutcome outcome = FHIR.newXmlParser().parseResource(OperationOutcome.class, response.body());
        assertThat(outcome.getIssueFirstRep().getCode()).isEqualTo(IssueType.VALUE);
        assertThat(outcome.getIssueFirstRep().getDiagnostics()).contains("carerelay.limits.max-decimal-exponent");
    }

    @Test
    void tooManyDigitsAreRefusedAndEighteenSignificantDigitsKept() {
        Response tooMany = http.postJson("/Observation", observationWithValue("1" + "0".repeat(40)));
        assertThat(tooMany.status()).isEqualTo(400);
        assertThat(firstError(tooMany).getDiagnostics()).contains("carerelay.limits.max-decimal-digits");

        Response stored = http.postJson("/Observation", observationWithValue("123456789.123456789"));
        assertThat(stored.status()).isEqualTo(201);
        assertThat(stored.body()).contains("\"value\":123456789.123456789");
    }

    @Test
    void hugeExponentInASearchValueIsRefusedNamingTheParameter() {
        for (String value : new String[] {"1e1000000", "gt1e400", "1e400%7Chttp://unitsofmeasure.org%7Cmg"}) {
            long started = System.nanoTime();
            Response response = http.get("/Observation?value-quantity=" + value);

            assertThat(Duration.ofNanos(System.nanoTime() - started)).isLessThan(Duration.ofSeconds(5));
            assertThat(response.status()).as(value).isEqualTo(400);
            OperationOutcome.OperationOutcomeIssueComponent issue = firstError(response);
            assertThat(issue.getCode()).isEqualTo(IssueType.VALUE);
            assertThat(issue.getExpression()).extracting(Object::toString).containsExactly("value-quantity");
        }
        assertThat(http.get("/Observation?value-quantity=gt123456789.123456789").status())
                .isEqualTo(200);
    }

    @Test
    void gzipBodyIsCountedAfterDecompression() throws IOException {
        byte[] body =
                gzip("{\"resourceType\":\"Patient\",\"name\":[{\"family\":\"" + "x".repeat(25 * 1024 * 1024) + "\"}]}");
        assertThat(body.length).isLessThan(100 * 1024);

        Response response = http.send(
                "POST",
                "/Patient",
                "application/fhir+json",
                HttpRequest.BodyPublishers.ofByteArray(body),
                Map.of("Content-Encoding", "gzip"));

        assertThat(response.status()).isEqualTo(413);
        OperationOutcome.OperationOutcomeIssueComponent issue = firstError(response);
        assertThat(issue.getCode()).isEqualTo(IssueType.TOOLONG);
        assertThat(issue.getDiagnostics())
                .contains("carerelay.limits.max-request-size")
                .contains("after decompression");
    }

    @Test
    void smallGzipBodyIsStored() throws IOException {
        Response response = http.send(
                "POST",
                "/Patient",
                "application/fhir+json",
                HttpRequest.BodyPublishers.ofByteArray(
                        gzip("{\"resourceType\":\"Patient\",\"name\":[{\"family\":\"Gzipped\"}]}")),
                Map.of("Content-Encoding", "gzip"));

        assertThat(response.status()).isEqualTo(201);
        assertThat(response.body()).contains("Gzipped");
    }

    @Test
    void unsupportedContentEncodingIsRefusedWith415() {
        Response response = http.send(
                "POST",
                "/Patient",
                "application/fhir+json",
                HttpRequest.BodyPublishers.ofString("{\"resourceType\":\"Patient\"}"),
                Map.of("Content-Encoding", "br"));

        assertThat(response.status()).isEqualTo(415);
        OperationOutcome.OperationOutcomeIssueComponent issue = firstError(response);
        assertThat(issue.getCode()).isEqualTo(IssueType.NOTSUPPORTED);
        assertThat(issue.getDiagnostics()).contains("'br'");
    }

    @Test
    void operationInputBundleIsUnderTheTransactionEntryLimit() {
        String entries = IntStream.range(0, 1001)
                .mapToObj(i -> "{\"resource\":{\"resourceType\":\"Basic\",\"code\":{\"text\":\"e" + i + "\"}}}")
                .collect(Collectors.joining(","));
        String parameters = "{\"resourceType\":\"Parameters\",\"parameter\":[{\"name\":\"bundle\",\"resource\":"
                + "{\"resourceType\":\"Bundle\",\"type\":\"collection\",\"entry\":[" + entries + "]}}]}";

        long started = System.nanoTime();
        Response response = http.postJson("/Task/$validate-handoff", parameters);

        assertThat(Duration.ofNanos(System.nanoTime() - started)).isLessThan(Duration.ofSeconds(5));
        assertThat(response.status()).isEqualTo(413);
        OperationOutcome.OperationOutcomeIssueComponent issue = firstError(response);
        assertThat(issue.getCode()).isEqualTo(IssueType.TOOLONG);
        assertThat(issue.getDiagnostics())
                .contains("1001 entries")
                .contains("carerelay.limits.max-transaction-entries");
    }

    @Test
    void aStatementPastTheRequestDeadlineIsCancelledAndNamesTheSetting() throws Exception {
        AtomicReference<SQLException> failure = new AtomicReference<>();
        long started = System.nanoTime();

        new RequestDeadline(Duration.ofSeconds(1))
                .doFilter(new MockHttpServletRequest(), new MockHttpServletResponse(), (request, response) -> {
                    try (Connection connection = dataSource.getConnection();
                            Statement statement = connection.createStatement()) {
                        statement.execute(slowQuery());
                    } catch (SQLException e) {
                        failure.set(e);
                    }
                });

        assertThat(Duration.ofNanos(System.nanoTime() - started)).isLessThan(Duration.ofSeconds(15));
        assertThat((Throwable) failure.get())
                .isInstanceOf(SQLTimeoutException.class)
                .hasMessageContaining("carerelay.limits.request-timeout");
        // outside a request the same pooled connections run without a limit
        try (Connection connection = dataSource.getConnection();
                Statement statement = connection.createStatement()) {
            assertThat(statement.getQueryTimeout()).isZero();
            assertThat(statement.execute("SELECT 1")).isTrue();
        }
    }

    private static String slowQuery() {
        return "postgres".equals(TestDatabase.name())
                ? "SELECT pg_sleep(30)"
                : "SELECT COUNT(*) FROM SYSTEM_RANGE(1, 1000000) A, SYSTEM_RANGE(1, 1000000) B";
    }

    private static String observationWithValue(String value) {
        return "{\"resourceType\":\"Observation\",\"status\":\"final\",\"code\":{\"text\":\"weight\"},"
                + "\"valueQuantity\":{\"value\":" + value + "}}";
    }

    private static byte[] gzip(String text) throws IOException {
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        try (GZIPOutputStream zip = new GZIPOutputStream(out)) {
            zip.write(text.getBytes(StandardCharsets.UTF_8));
        }
        return out.toByteArray();
    }

    static OperationOutcome.OperationOutcomeIssueComponent firstError(Response response) {
        OperationOutcome outcome = response.outcome();
        assertThat(outcome.getIssue()).isNotEmpty();
        OperationOutcome.OperationOutcomeIssueComponent issue = outcome.getIssueFirstRep();
        assertThat(issue.getSeverity()).isEqualTo(IssueSeverity.ERROR);
        return issue;
    }
}
