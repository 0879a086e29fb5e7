import java.io.BufferedReader;
import java.io.InputStreamReader;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * Bulk Data export throughput, run with the JDK's source launcher against a loaded server:
 *
 *   java bench/ExportBench.java BASE_URL
 *
 * One system-level $export of everything, polled every second until the manifest is ready, then every file
 * downloaded (streamed, lines counted). Prints the job's resources per second (kick-off to manifest) and the whole
 * dance's (kick-off to last file downloaded), and checks that each file holds the count the manifest gives.
 */
public class ExportBench {

    private static final HttpClient HTTP = HttpClient.newHttpClient();
    private static final Pattern FILE =
            Pattern.compile("\"type\"\\s*:\\s*\"(\\w+)\",\\s*\"url\"\\s*:\\s*\"([^\"]+)\",\\s*\"count\"\\s*:\\s*(\\d+)");

    public static void main(String[] args) throws Exception {
        String base = args[0];
        long start = System.nanoTime();
        HttpResponse<String> kickOff = HTTP.send(
                HttpRequest.newBuilder(URI.create(base + "/$export"))
                        .header("Prefer", "respond-async")
                        .header("Accept", "application/fhir+json")
                        .build(),
                HttpResponse.BodyHandlers.ofString());
        if (kickOff.statusCode() != 202) {
            throw new IllegalStateException("kick-off answered " + kickOff.statusCode() + ": " + kickOff.body());
        }
        String status = kickOff.headers().firstValue("Content-Location").orElseThrow();
        HttpResponse<String> manifest;
        do {
            Thread.sleep(1000);
            manifest = HTTP.send(HttpRequest.newBuilder(URI.create(status)).build(), HttpResponse.BodyHandlers.ofString());
        } while (manifest.statusCode() == 202);
        if (manifest.statusCode() != 200 || manifest.body().contains("\"OperationOutcome\"")) {
            throw new IllegalStateException("status answered " + manifest.statusCode() + ": " + manifest.body());
        }
        double jobSeconds = (System.nanoTime() - start) / 1e9;
        long resources = 0;
        int files = 0;
        Matcher file = FILE.matcher(manifest.body());
        while (file.find()) {
            long lines = download(file.group(2));
            if (lines != Long.parseLong(file.group(3))) {
                throw new IllegalStateException(file.group(2) + " holds " + lines + " resources, the manifest says "
                        + file.group(3));
            }
            resources += lines;
            files++;
        }
        double allSeconds = (System.nanoTime() - start) / 1e9;
        System.out.printf(
                "export=%d resources in %d files: job %.1fs (%.0f resources/s), with download %.1fs (%.0f resources/s)%n",
                resources, files, jobSeconds, resources / jobSeconds, allSeconds, resources / allSeconds);
    }

    private static long download(String url) throws Exception {
        HttpResponse<java.io.InputStream> response = HTTP.send(
                HttpRequest.newBuilder(URI.create(url)).header("Accept", "application/fhir+ndjson").build(),
                HttpResponse.BodyHandlers.ofInputStream());
        if (response.statusCode() != 200) {
            throw new IllegalStateException(url + " answered " + response.statusCode());
        }
        long lines = 0;
        try (BufferedReader reader =
                new BufferedReader(new InputStreamReader(response.body(), StandardCharsets.UTF_8))) {
            String line;
            while ((line = reader.readLine()) != null) {
                if (!line.isBlank()) {
                    lines++;
                }
            }
        }
        return lines;
    }
}
