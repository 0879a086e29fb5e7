package org.carerelay.exchange;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.http.HttpRequest;
import java.time.Duration;
import java.time.Instant;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import org.carerelay.testing.RawHttp;
import org.carerelay.testing.RawHttp.Response;

/** A Bulk Data client as the specification describes one: kick-off, polling the status URL, downloading the files. */
final class BulkExportClient {

    static final ObjectMapper JSON = new ObjectMapper();

    private final RawHttp fhir;
    private final Map<String, String> headers;

    /** A client that sends these headers (a bearer token, say) with every request. */
    BulkExportClient(RawHttp fhir, Map<String, String> headers) {
        this.fhir = fhir;
        this.headers = headers;
    }

    /** The kick-off request, {@code Prefer: respond-async} as the specification requires. */
    Response kickOff(String path) {
        Map<String, String> all = new HashMap<>(headers);
        all.put("Prefer", "respond-async");
        all.put("Accept", "application/fhir+json");
        return fhir.send("GET", path, null, HttpRequest.BodyPublishers.noBody(), all);
    }

    /** Kicks off and answers the status URL, after checking the 202 and its Content-Location. */
    String started(String path) {
        Response kickOff = kickOff(path);
        assertThat(kickOff.status()).as(kickOff.body()).isEqualTo(202);
        assertThat(kickOff.header("Content-Location")).contains("/fhir/$export-poll-status?_jobId=");
        return kickOff.header("Content-Location");
    }

    Response status(String statusUrl) {
        return at(statusUrl, "GET");
    }

    Response cancel(String statusUrl) {
        return at(statusUrl, "DELETE");
    }

    /**
     * Polls until the export is done and answers its manifest. Every answer before that is 202 with
     * {@code X-Progress} and a {@code Retry-After} in seconds.
     */
    JsonNode manifest(String statusUrl) {
        Instant deadline = Instant.now().plus(Duration.ofMinutes(5));
        while (Instant.now().isBefore(deadline)) {
            Response status = status(statusUrl);
            if (status.status() == 200) {
                assertThat(status.header("Content-Type")).startsWith("application/json");
                return read(status.body());
            }
            assertThat(status.status()).as(status.body()).isEqualTo(202);
            assertThat(status.header("X-Progress")).isNotBlank();
            // the job moves on every carerelay.export.progress-check (5s by default, 1s in the test suite:
            // TestDatabase), not every 2 minutes as HAPI's own
            assertThat(status.header("Retry-After")).isEqualTo("1");
            pause();
        }
        throw new AssertionError("the export at " + statusUrl + " did not finish in 5 minutes");
    }

    /** The NDJSON lines of a file of the manifest. */
    List<String> download(String url) {
        Response file = at(url, "GET", Map.of("Accept", "application/fhir+ndjson"));
        assertThat(file.status()).as(url).isEqualTo(200);
        assertThat(file.header("Content-Type")).startsWith("application/fhir+ndjson");
        return file.body().lines().filter(line -> !line.isBlank()).toList();
    }

    /** Resources per type over all files of the manifest, after checking each file's count against its lines. */
    Map<String, Integer> countsInFiles(JsonNode manifest) {
        Map<String, Integer> counts = new TreeMap<>();
        for (JsonNode file : manifest.get("output")) {
            List<String> lines = download(file.get("url").asText());
            assertThat(file.get("count").asInt()).as(file.toString()).isEqualTo(lines.size());
            for (String line : lines) {
                assertThat(read(line).get("resourceType").asText())
                        .isEqualTo(file.get("type").asText());
            }
            counts.merge(file.get("type").asText(), lines.size(), Integer::sum);
        }
        return counts;
    }

    /** The ids ({@code Type/id}) of every resource in the files of the manifest. */
    List<String> idsInFiles(JsonNode manifest) {
        java.util.List<String> ids = new java.util.ArrayList<>();
        for (JsonNode file : manifest.get("output")) {
            for (String line : download(file.get("url").asText())) {
                JsonNode resource = read(line);
                ids.add(resource.get("resourceType").asText() + "/"
                        + resource.get("id").asText());
            }
        }
        return ids;
    }

    Response at(String url, String method) {
        return at(url, method, Map.of());
    }

    private Response at(String url, String method, Map<String, String> extra) {
        Map<String, String> all = new HashMap<>(headers);
        all.putAll(extra);
        return RawHttp.at(url).send(method, "", null, HttpRequest.BodyPublishers.noBody(), all);
    }

    static JsonNode read(String json) {
        try {
            return JSON.readTree(json);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    private static void pause() {
        try {
            Thread.sleep(1000);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException(e);
        }
    }
}
