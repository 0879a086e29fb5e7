import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.LocalDate;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * Coordination metrics and registry benchmark, run with the JDK's source launcher against a server holding a
 * population (the generated care-gap scenario, or the Synthea patients):
 *
 *   java bench/MetricsBench.java BASE_URL AS_OF
 *
 * Times $coordination-metrics over the twelve months ending AS_OF, every metric, month by month (three runs: the
 * first cold), and the whole Patient/$depression-registry as of AS_OF walked in pages of 500.
 */
public class MetricsBench {

    private static final HttpClient HTTP = HttpClient.newHttpClient();
    private static final Pattern LINK = Pattern.compile("<([^>]+)>;\\s*rel=\"next\"");

    public static void main(String[] args) throws Exception {
        String base = args[0];
        LocalDate asOf = LocalDate.parse(args[1]);
        String metrics = base + "/$coordination-metrics?periodStart=" + asOf.minusYears(1).plusDays(1) + "&periodEnd="
                + asOf + "&interval=month";
        StringBuilder runs = new StringBuilder();
        for (int run = 0; run < 3; run++) {
            long start = System.nanoTime();
            HttpResponse<String> response = get(metrics);
            if (response.statusCode() != 200) {
                throw new IllegalStateException("$coordination-metrics answered " + response.statusCode());
            }
            runs.append(run == 0 ? "" : " / ").append(String.format("%.1fs", (System.nanoTime() - start) / 1e9));
        }
        System.out.printf("coordination-metrics, 12 months by month, all metrics: %s (cold / warm / warm)%n", runs);

        String url = base + "/Patient/$depression-registry?asOf=" + asOf + "&_count=500";
        long start = System.nanoTime();
        int pages = 0;
        int entries = 0;
        while (url != null) {
            HttpResponse<String> response = get(url);
            if (response.statusCode() != 200) {
                throw new IllegalStateException("$depression-registry answered " + response.statusCode());
            }
            pages++;
            entries += count(response.body(), "\"name\":\"entry\"");
            url = response.headers()
                    .firstValue("Link")
                    .map(LINK::matcher)
                    .filter(Matcher::find)
                    .map(m -> m.group(1))
                    .orElse(null);
        }
        System.out.printf(
                "depression-registry: %d patients in %d pages in %.1fs%n",
                entries, pages, (System.nanoTime() - start) / 1e9);
    }

    private static int count(String body, String needle) {
        int count = 0;
        for (int i = body.indexOf(needle); i >= 0; i = body.indexOf(needle, i + 1)) {
            count++;
        }
        return count;
    }

    private static HttpResponse<String> get(String url) throws Exception {
        return HTTP.send(
                HttpRequest.newBuilder(URI.create(url))
                        .header("Accept", "application/fhir+json")
                        .GET()
                        .build(),
                HttpResponse.BodyHandlers.ofString());
    }
}
