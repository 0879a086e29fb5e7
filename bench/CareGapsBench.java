import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.util.Arrays;
import java.util.Random;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * Care-gap benchmark, run with the JDK's source launcher against a server holding a generated population
 * (ScenarioLoader, prefix "s" + seed):
 *
 *   java bench/CareGapsBench.java BASE_URL SEED PATIENTS AS_OF latency      # Patient/[id]/$care-gaps median and p95
 *   java bench/CareGapsBench.java BASE_URL SEED PATIENTS AS_OF population   # Patient/$care-gaps over everyone
 */
public class CareGapsBench {

    private static final HttpClient HTTP = HttpClient.newHttpClient();
    private static final Pattern LINK = Pattern.compile("<([^>]+)>;\\s*rel=\"next\"");

    public static void main(String[] args) throws Exception {
        String base = args[0];
        long seed = Long.parseLong(args[1]);
        int patients = Integer.parseInt(args[2]);
        String asOf = args[3];
        if (args[4].equals("latency")) {
            Random random = new Random(seed);
            for (int i = 0; i < 200; i++) {
                get(base + patientUrl(seed, random.nextInt(patients), asOf));
            }
            int n = 1000;
            long[] nanos = new long[n];
            for (int i = 0; i < n; i++) {
                String url = base + patientUrl(seed, random.nextInt(patients), asOf);
                long start = System.nanoTime();
                get(url);
                nanos[i] = System.nanoTime() - start;
            }
            Arrays.sort(nanos);
            System.out.printf(
                    "care-gaps one patient (%d calls over %d patients): median=%.1fms p95=%.1fms%n",
                    n, patients, nanos[n / 2] / 1e6, nanos[(int) (n * 0.95)] / 1e6);
        } else {
            String url = base + "/Patient/$care-gaps?asOf=" + asOf + "&_count=500";
            long start = System.nanoTime();
            int pages = 0;
            int reports = 0;
            while (url != null) {
                HttpResponse<String> response = get(url);
                pages++;
                reports += count(response.body(), "\"resourceType\":\"Composition\"");
                url = response.headers()
                        .firstValue("Link")
                        .map(LINK::matcher)
                        .filter(Matcher::find)
                        .map(m -> m.group(1))
                        .orElse(null);
            }
            System.out.printf(
                    "care-gaps population: %d reports in %d pages in %.1fs%n",
                    reports, pages, (System.nanoTime() - start) / 1e9);
        }
    }

    private static String patientUrl(long seed, int n, String asOf) {
        return String.format("/Patient/s%d-p%05d/$care-gaps?asOf=%s", seed, n, asOf);
    }

    private static int count(String body, String needle) {
        int count = 0;
        for (int i = body.indexOf(needle); i >= 0; i = body.indexOf(needle, i + 1)) {
            count++;
        }
        return count;
    }

    private static HttpResponse<String> get(String url) throws Exception {
        HttpResponse<String> response = HTTP.send(
                HttpRequest.newBuilder(URI.create(url)).GET().build(), HttpResponse.BodyHandlers.ofString());
        if (response.statusCode() != 200) {
            throw new IllegalStateException(url + " answered " + response.statusCode() + ": " + response.body());
        }
        return response;
    }
}
