import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.UUID;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * Handoff benchmark, run with the JDK's source launcher against a running server:
 *
 *   java bench/HandoffBench.java http://localhost:18080/fhir latency   # $validate-handoff median and p95
 *   java bench/HandoffBench.java http://localhost:18080/fhir writes    # handoff Task creates per second
 *
 * It stores its own fixtures (patient, practitioners, care team, referral, plan, documents) and a handoff Task with
 * ten references.
 */
public class HandoffBench {

    private static final HttpClient HTTP = HttpClient.newHttpClient();
    private static final Pattern ID = Pattern.compile("\"id\"\\s*:\\s*\"([^\"]+)\"");
    private static String base;

    public static void main(String[] args) throws Exception {
        base = args[0];
        String mode = args[1];
        Fixtures f = new Fixtures();
        if (mode.equals("latency")) {
            String task = create("Task", f.task());
            String url = "/Task/" + task + "/$validate-handoff";
            for (int i = 0; i < 100; i++) {
                get(url);
            }
            int n = 1000;
            long[] nanos = new long[n];
            for (int i = 0; i < n; i++) {
                long start = System.nanoTime();
                get(url);
                nanos[i] = System.nanoTime() - start;
            }
            Arrays.sort(nanos);
            System.out.printf("validate_handoff_ms median=%.2f p95=%.2f (n=%d, 10 references)%n",
                    nanos[n / 2] / 1e6, nanos[(int) (n * 0.95)] / 1e6, n);
        } else {
            for (int i = 0; i < 100; i++) {
                create("Task", f.task());
            }
            int n = 2000;
            int threads = 4;
            ExecutorService pool = Executors.newFixedThreadPool(threads);
            long start = System.nanoTime();
            List<Future<?>> futures = new ArrayList<>();
            for (int t = 0; t < threads; t++) {
                futures.add(pool.submit(() -> {
                    for (int i = 0; i < n / threads; i++) {
                        create("Task", f.task());
                    }
                    return null;
                }));
            }
            for (Future<?> future : futures) {
                future.get();
            }
            double seconds = (System.nanoTime() - start) / 1e9;
            pool.shutdown();
            System.out.printf("task_writes_per_s=%.0f (n=%d, %d clients)%n", n / seconds, n, threads);
        }
    }

    static final class Fixtures {
        final String patient = create("Patient", "{\"resourceType\":\"Patient\",\"name\":[{\"family\":\"Bench\"}]}");
        final String giver = create("Practitioner", "{\"resourceType\":\"Practitioner\",\"name\":[{\"family\":\"Giver\"}]}");
        final String receiver = create("Practitioner", "{\"resourceType\":\"Practitioner\",\"name\":[{\"family\":\"Receiver\"}]}");
        final String team = create("CareTeam", "{\"resourceType\":\"CareTeam\",\"status\":\"active\",\"subject\":{\"reference\":\"Patient/"
                + patient + "\"},\"participant\":[{\"member\":{\"reference\":\"Practitioner/" + receiver + "\"}}]}");
        final String request = create("ServiceRequest", "{\"resourceType\":\"ServiceRequest\",\"status\":\"active\",\"intent\":\"order\","
                + "\"subject\":{\"reference\":\"Patient/" + patient + "\"}}");
        final String condition = create("Condition", "{\"resourceType\":\"Condition\",\"subject\":{\"reference\":\"Patient/" + patient
                + "\"},\"code\":{\"text\":\"depression\"}}");
        final String plan = create("CarePlan", "{\"resourceType\":\"CarePlan\",\"status\":\"active\",\"intent\":\"plan\","
                + "\"subject\":{\"reference\":\"Patient/" + patient + "\"},\"activity\":[{\"detail\":{\"status\":\"scheduled\","
                + "\"description\":\"weekly therapy\"}}]}");
        final String document = create("DocumentReference", "{\"resourceType\":\"DocumentReference\",\"status\":\"current\","
                + "\"subject\":{\"reference\":\"Patient/" + patient + "\"},\"content\":[{\"attachment\":{\"contentType\":\"text/plain\"}}]}");
        final String list = create("List", "{\"resourceType\":\"List\",\"status\":\"current\",\"mode\":\"snapshot\","
                + "\"subject\":{\"reference\":\"Patient/" + patient + "\"}}");
        final String encounter = create("Encounter", "{\"resourceType\":\"Encounter\",\"status\":\"finished\",\"class\":{\"code\":\"AMB\"},"
                + "\"subject\":{\"reference\":\"Patient/" + patient + "\"}}");

        /** A complete referral with ten references. */
        String task() {
            return "{\"resourceType\":\"Task\",\"status\":\"requested\",\"intent\":\"order\",\"priority\":\"urgent\","
                    + "\"identifier\":[{\"system\":\"urn:bench\",\"value\":\"" + UUID.randomUUID() + "\"}],"
                    + "\"code\":{\"coding\":[{\"system\":\"https://carerelay.org/fhir/CodeSystem/handoff-type\",\"code\":\"referral\"}]},"
                    + "\"for\":{\"reference\":\"Patient/" + patient + "\"},"
                    + "\"focus\":{\"reference\":\"ServiceRequest/" + request + "\"},"
                    + "\"requester\":{\"reference\":\"Practitioner/" + giver + "\"},"
                    + "\"owner\":{\"reference\":\"Practitioner/" + receiver + "\"},"
                    + "\"encounter\":{\"reference\":\"Encounter/" + encounter + "\"},"
                    + "\"reasonReference\":{\"reference\":\"Condition/" + condition + "\"},"
                    + "\"basedOn\":[{\"reference\":\"CarePlan/" + plan + "\"},{\"reference\":\"ServiceRequest/" + request + "\"}],"
                    + "\"input\":[{\"type\":{\"text\":\"discharge summary\"},\"valueReference\":{\"reference\":\"DocumentReference/" + document + "\"}},"
                    + "{\"type\":{\"text\":\"medications\"},\"valueReference\":{\"reference\":\"List/" + list + "\"}}],"
                    + "\"note\":[{\"text\":\"call the daughter if no answer\"}],"
                    + "\"restriction\":{\"period\":{\"end\":\"2030-01-01\"}}}";
        }
    }

    static String create(String type, String json) {
        HttpResponse<String> response = send(HttpRequest.newBuilder(URI.create(base + "/" + type))
                .header("Content-Type", "application/fhir+json")
                .POST(HttpRequest.BodyPublishers.ofString(json)).build());
        if (response.statusCode() != 201) {
            throw new IllegalStateException(type + " create answered " + response.statusCode() + ": " + response.body());
        }
        Matcher id = ID.matcher(response.body());
        if (!id.find()) {
            throw new IllegalStateException("no id in " + response.body());
        }
        return id.group(1);
    }

    static void get(String path) {
        HttpResponse<String> response = send(HttpRequest.newBuilder(URI.create(base + path)).GET().build());
        if (response.statusCode() != 200) {
            throw new IllegalStateException(path + " answered " + response.statusCode() + ": " + response.body());
        }
    }

    static HttpResponse<String> send(HttpRequest request) {
        try {
            return HTTP.send(request, HttpResponse.BodyHandlers.ofString());
        } catch (Exception e) {
            throw new IllegalStateException(e);
        }
    }
}
