package org.carerelay.testing;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.util.Map;
import org.hl7.fhir.r4.model.OperationOutcome;

/** Plain HTTP for what a FHIR client would never send: malformed bodies, odd headers, huge payloads. */
public final class RawHttp {

    private static final HttpClient CLIENT =
            HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(10)).build();

    private final String base;

    RawHttp(String base) {
        this.base = base;
    }

    /** Plain HTTP against any base on this machine (paths outside {@code /fhir}, for example). */
    public static RawHttp at(String base) {
        return new RawHttp(base);
    }

    public Response send(String method, String path, String contentType, HttpRequest.BodyPublisher body) {
        return send(method, path, contentType, body, Map.of());
    }

    public Response send(
            String method,
            String path,
            String contentType,
            HttpRequest.BodyPublisher body,
            Map<String, String> headers) {
        HttpRequest.Builder request = HttpRequest.newBuilder(URI.create(base + path))
                .timeout(Duration.ofMinutes(2))
                .method(method, body);
        if (contentType != null) {
            request.header("Content-Type", contentType);
        }
        headers.forEach(request::header);
        try {
            HttpResponse<String> response = CLIENT.send(request.build(), HttpResponse.BodyHandlers.ofString());
            return new Response(
                    response.statusCode(), response.body(), response.headers().map());
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException(e);
        }
    }

    public Response get(String path) {
        return send("GET", path, null, HttpRequest.BodyPublishers.noBody());
    }

    public Response postJson(String path, String json) {
        return send("POST", path, "application/fhir+json", HttpRequest.BodyPublishers.ofString(json));
    }

    public record Response(int status, String body, Map<String, java.util.List<String>> headers) {

        /** The body as an OperationOutcome; fails if it is anything else. */
        public OperationOutcome outcome() {
            return AbstractFhirIT.FHIR.newJsonParser().parseResource(OperationOutcome.class, body);
        }

        public String header(String name) {
            return headers.entrySet().stream()
                    .filter(e -> e.getKey().equalsIgnoreCase(name))
                    .map(e -> e.getValue().get(0))
                    .findFirst()
                    .orElse(null);
        }
    }
}
