import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.util.Arrays;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * The cost of authorization on reads and searches, run with the JDK's source launcher against a running server:
 *
 *   java bench/AuthBench.java http://localhost:18080/fhir seed             # a patient with 20 Tasks (no token)
 *   java bench/AuthBench.java http://localhost:18080/fhir measure [TOKEN]  # read and 20-Task search latencies
 *
 * The same database is measured with security off and on (bench/run.sh does both and reports the ratio).
 */
public class AuthBench {

    private static final HttpClient HTTP = HttpClient.newHttpClient();
    private static final String PATIENT = "bench-auth";
    private static String base;
    private static String token;

    public static void main(String[] args) throws Exception {
        base = args[0];
        token = args.length > 2 ? args[2] : null;
        if (args[1].equals("seed")) {
            send("PUT", "/Patient/" + PATIENT, "{\"resourceType\":\"Patient\",\"id\":\"" + PATIENT + "\"}");
            for (int i = 0; i < 20; i++) {
                send("PUT", "/Task/" + PATIENT + "-" + i, "{\"resourceType\":\"Task\",\"id\":\"" + PATIENT + "-" + i
                        + "\",\"status\":\"requested\",\"intent\":\"order\",\"description\":\"call back " + i + "\","
                        + "\"for\":{\"reference\":\"Patient/" + PATIENT + "\"}}");
            }
            return;
        }
        String read = "/Task/" + PATIENT + "-7";
        String search = "/Task?patient=Patient/" + PATIENT + "&_count=20";
        if (entries(send("GET", search, null)) != 20) {
            throw new IllegalStateException("the search does not answer the 20 seeded Tasks");
        }
        System.out.printf("read_ms %s search20_ms %s%n", latency(read), latency(search));
    }

    private static String latency(String path) throws Exception {
        for (int i = 0; i < 300; i++) {
            send("GET", path, null);
        }
        int n = 1000;
        long[] nanos = new long[n];
        for (int i = 0; i < n; i++) {
            long start = System.nanoTime();
            send("GET", path, null);
            nanos[i] = System.nanoTime() - start;
        }
        Arrays.sort(nanos);
        return String.format("median=%.2f p95=%.2f", nanos[n / 2] / 1e6, nanos[(int) (n * 0.95)] / 1e6);
    }

    private static int entries(String bundle) {
        Matcher matcher = Pattern.compile("\"fullUrl\"").matcher(bundle);
        int count = 0;
        while (matcher.find()) {
            count++;
        }
        return count;
    }

    private static String send(String method, String path, String body) throws Exception {
        HttpRequest.Builder request = HttpRequest.newBuilder(URI.create(base + path))
                .method(method, body == null ? HttpRequest.BodyPublishers.noBody() : HttpRequest.BodyPublishers.ofString(body));
        if (body != null) {
            request.header("Content-Type", "application/fhir+json");
        }
        if (token != null) {
            request.header("Authorization", "Bearer " + token);
        }
        HttpResponse<String> response = HTTP.send(request.build(), HttpResponse.BodyHandlers.ofString());
        if (response.statusCode() >= 300) {
            throw new IllegalStateException(method + " " + path + " answered " + response.statusCode());
        }
        return response.body();
    }
}
