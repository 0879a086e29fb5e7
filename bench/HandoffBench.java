import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Collections;
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
 *   java bench/HandoffBench.java http://localhost:18080/fhir notify    # the same with 0, 10 and 100 subscriptions,
 *                                                                      # and commit-to-delivery time
 *   java bench/HandoffBench.java http://localhost:18080/fhir stock     # side by side with stock HAPI: 400 creates,
 *                                                                      # Task searches, $everything
 *   java bench/HandoffBench.java http://localhost:18080/fhir stock-writes  # only the 400 creates
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
        } else if (mode.equals("notify")) {
            Notifications.run(f);
        } else if (mode.equals("stock") || mode.equals("stock-writes")) {
            SideBySide.run(f, mode.equals("stock-writes"));
        } else {
            for (int i = 0; i < 100; i++) {
                create("Task", f.task());
            }
            int n = 2000;
            int threads = 4;
            double seconds = SideBySide.creates(f, n, threads, Collections.synchronizedList(new ArrayList<>()));
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
            return task("urn:bench");
        }

        /** The same, its identifier in this system (what a subscription of the notify mode watches). */
        String task(String identifierSystem) {
            return "{\"resourceType\":\"Task\",\"status\":\"requested\",\"intent\":\"order\",\"priority\":\"urgent\","
                    + "\"identifier\":[{\"system\":\"" + identifierSystem + "\",\"value\":\"" + UUID.randomUUID() + "\"}],"
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

    /**
     * Handoff Task creates per second from four clients with 0, 10 and 100 active rest-hook subscriptions (each write
     * matches one of them, as when every clinic watches its own handoffs), and the time from commit (the Task's
     * meta.lastUpdated) to its arrival at a receiver on loopback, median and 99th percentile.
     */
    static final class Notifications {

        static void run(Fixtures f) throws Exception {
            java.util.concurrent.ConcurrentLinkedQueue<Long> delays = new java.util.concurrent.ConcurrentLinkedQueue<>();
            java.util.concurrent.atomic.AtomicInteger arrived = new java.util.concurrent.atomic.AtomicInteger();
            com.sun.net.httpserver.HttpServer receiver =
                    com.sun.net.httpserver.HttpServer.create(new java.net.InetSocketAddress("127.0.0.1", 0), 0);
            Pattern updated = Pattern.compile("\"lastUpdated\"\\s*:\\s*\"([^\"]+)\"");
            receiver.createContext("/hook", exchange -> {
                long now = System.currentTimeMillis();
                String body = new String(exchange.getRequestBody().readAllBytes(), java.nio.charset.StandardCharsets.UTF_8);
                Matcher m = updated.matcher(body);
                if (m.find()) {
                    delays.add(now - java.time.OffsetDateTime.parse(m.group(1)).toInstant().toEpochMilli());
                }
                arrived.incrementAndGet();
                exchange.sendResponseHeaders(200, -1);
                exchange.close();
            });
            ExecutorService receiving = Executors.newFixedThreadPool(4);
            receiver.setExecutor(receiving);
            receiver.start();
            String endpoint = "http://127.0.0.1:" + receiver.getAddress().getPort() + "/hook";
            for (int i = 0; i < 300; i++) {
                create("Task", f.task());
            }
            for (int subscriptions : new int[] {0, 10, 100}) {
                for (int i = 0; i < subscriptions; i++) {
                    create("Subscription", "{\"resourceType\":\"Subscription\",\"status\":\"requested\","
                            + "\"reason\":\"bench\",\"criteria\":\"Task?identifier=urn:bench:" + subscriptions + ":" + i + "|\","
                            + "\"channel\":{\"type\":\"rest-hook\",\"endpoint\":\"" + endpoint + "\","
                            + "\"payload\":\"application/fhir+json\"}}");
                }
                delays.clear();
                arrived.set(0);
                int n = 1200;
                int threads = 4;
                ExecutorService pool = Executors.newFixedThreadPool(threads);
                long start = System.nanoTime();
                List<Future<?>> futures = new ArrayList<>();
                for (int t = 0; t < threads; t++) {
                    int client = t;
                    futures.add(pool.submit(() -> {
                        for (int i = 0; i < n / threads; i++) {
                            int k = client * (n / threads) + i;
                            String system = subscriptions == 0
                                    ? "urn:bench"
                                    : "urn:bench:" + subscriptions + ":" + (k % subscriptions);
                            create("Task", f.task(system));
                        }
                        return null;
                    }));
                }
                for (Future<?> future : futures) {
                    future.get();
                }
                double seconds = (System.nanoTime() - start) / 1e9;
                pool.shutdown();
                long deadline = System.currentTimeMillis() + 120_000;
                while (subscriptions > 0 && arrived.get() < n && System.currentTimeMillis() < deadline) {
                    Thread.sleep(100);
                }
                long[] sorted = delays.stream().mapToLong(Long::longValue).sorted().toArray();
                String delivery = sorted.length == 0
                        ? ""
                        : String.format(" commit_to_delivery_ms median=%d p99=%d (%d of %d delivered)",
                                sorted[sorted.length / 2], sorted[(int) (sorted.length * 0.99)], arrived.get(), n);
                System.out.printf("subscriptions=%d task_writes_per_s=%.0f (n=%d, %d clients)%s%n",
                        subscriptions, n / seconds, n, threads, delivery);
            }
            receiver.stop(0);
            receiving.shutdownNow();
        }
    }

    /**
     * The side-by-side workload of {@code bench/run.sh DATA_DIR h2 stock} (issue #13): the same requests go to stock
     * HAPI and to CareRelay, each already holding the Synthea population. Task creates: the complete referral above,
     * 100 untimed, 1,600 untimed from four clients, then 400 timed from four clients. In mode {@code stock}, then 100
     * {@code Task?patient&status&_include=Task:focus} after 200 untimed and {@code Patient/$everything} on 50 Synthea
     * patients after 5 untimed calls. Prints one line per figure.
     */
    static final class SideBySide {

        private static final Pattern PATIENT_ID =
                Pattern.compile("\"resourceType\"\\s*:\\s*\"Patient\"\\s*,\\s*\"id\"\\s*:\\s*\"([^\"]+)\"");

        static void run(Fixtures f, boolean writesOnly) throws Exception {
            for (int i = 0; i < 100; i++) {
                create("Task", f.task());
            }
            int n = 400;
            int threads = 4;
            // untimed: 1,600 of the same creates from four clients first, so that every server is measured warm (its
            // JIT still compiles the write path after 500: a server's CPU per create falls by a third from the first
            // 900 creates to the third)
            creates(f, 4 * n, threads, Collections.synchronizedList(new ArrayList<>()));
            List<Long> nanos = Collections.synchronizedList(new ArrayList<>());
            double seconds = creates(f, n, threads, nanos);
            System.out.printf("task_creates_per_s=%.1f task_create_median_ms=%.1f (n=%d, %d clients)%n",
                    n / seconds, median(nanos), n, threads);
            if (writesOnly) {
                return;
            }
            String search = "/Task?patient=Patient/" + f.patient + "&status=requested&_include=Task:focus";
            for (int i = 0; i < 200; i++) {
                get(search);
            }
            List<Long> searches = new ArrayList<>();
            for (int i = 0; i < 100; i++) {
                long begin = System.nanoTime();
                get(search);
                searches.add(System.nanoTime() - begin);
            }
            System.out.printf("task_search_median_ms=%.1f (n=100)%n", median(searches));
            List<String> patients = new ArrayList<>();
            Matcher m = PATIENT_ID.matcher(body(base + "/Patient?_count=60"));
            while (m.find()) {
                if (!m.group(1).equals(f.patient)) {
                    patients.add(m.group(1));
                }
            }
            if (patients.size() < 55) {
                throw new IllegalStateException("expected 55 Synthea patients, found " + patients.size());
            }
            for (int i = 0; i < 5; i++) {
                get("/Patient/" + patients.get(50 + i) + "/$everything");
            }
            List<Long> everything = new ArrayList<>();
            for (int i = 0; i < 50; i++) {
                long begin = System.nanoTime();
                get("/Patient/" + patients.get(i) + "/$everything");
                everything.add(System.nanoTime() - begin);
            }
            System.out.printf("everything_median_ms=%.1f (n=50)%n", median(everything));
        }

        /** {@code n} referral creates from {@code threads} clients; each one's time goes to {@code nanos}. */
        static double creates(Fixtures f, int n, int threads, List<Long> nanos) throws Exception {
            ExecutorService pool = Executors.newFixedThreadPool(threads);
            long start = System.nanoTime();
            List<Future<?>> futures = new ArrayList<>();
            for (int t = 0; t < threads; t++) {
                futures.add(pool.submit(() -> {
                    for (int i = 0; i < n / threads; i++) {
                        long begin = System.nanoTime();
                        create("Task", f.task());
                        nanos.add(System.nanoTime() - begin);
                    }
                    return null;
                }));
            }
            for (Future<?> future : futures) {
                future.get();
            }
            pool.shutdown();
            return (System.nanoTime() - start) / 1e9;
        }

        private static String body(String url) {
            HttpResponse<String> response =
                    send(HttpRequest.newBuilder(URI.create(url)).GET().build());
            if (response.statusCode() != 200) {
                throw new IllegalStateException(url + " answered " + response.statusCode());
            }
            return response.body();
        }

        private static double median(List<Long> nanos) {
            long[] sorted = nanos.stream().mapToLong(Long::longValue).toArray();
            Arrays.sort(sorted);
            return sorted[sorted.length / 2] / 1e6;
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
