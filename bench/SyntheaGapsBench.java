import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * Care gaps on real charts, run with the JDK's source launcher against a server holding the Synthea patients (and
 * nothing else that is a Patient):
 *
 *   java bench/SyntheaGapsBench.java BASE_URL [AS_OF]
 *
 * Warm runs only (each figure is the median of 5 after 2 warm-up runs): one page of 500 with one rule and with all
 * ten, the same population walked with _count=1, and Patient/[id]/$care-gaps over every patient.
 */
public class SyntheaGapsBench {

    private static final HttpClient HTTP = HttpClient.newHttpClient();
    private static final Pattern LINK = Pattern.compile("<([^>]+)>;\\s*rel=\"next\"");
    private static final Pattern ID = Pattern.compile("\"resource\":\\{\"resourceType\":\"Patient\",\"id\":\"([^\"]+)\"");

    public static void main(String[] args) throws Exception {
        String base = args[0];
        // today by default: a past day is judged by the record as it stood then, and the charts were stored today
        String asOf = args.length > 1 ? args[1] : java.time.LocalDate.now(java.time.ZoneOffset.UTC).toString();
        String page = base + "/Patient/$care-gaps?asOf=" + asOf + "&_count=500";
        report("one page of 500, rule=hba1c-overdue", () -> walk(page + "&rule=hba1c-overdue"));
        report("one page of 500, all ten rules", () -> walk(page));
        String walk1 = base + "/Patient/$care-gaps?asOf=" + asOf + "&_count=1";
        report("walk with _count=1, rule=hba1c-overdue", () -> walk(walk1 + "&rule=hba1c-overdue"));
        report("walk with _count=1, all ten rules", () -> walk(walk1));

        List<String> ids = new ArrayList<>();
        String url = base + "/Patient?_elements=id&_count=500";
        Matcher m = ID.matcher(get(url).body());
        while (m.find()) {
            ids.add(m.group(1));
        }
        for (int i = 0; i < 2; i++) {
            for (String id : ids) {
                get(base + "/Patient/" + id + "/$care-gaps?asOf=" + asOf);
            }
        }
        long[] nanos = new long[ids.size() * 3];
        int n = 0;
        for (int i = 0; i < 3; i++) {
            for (String id : ids) {
                long start = System.nanoTime();
                get(base + "/Patient/" + id + "/$care-gaps?asOf=" + asOf);
                nanos[n++] = System.nanoTime() - start;
            }
        }
        Arrays.sort(nanos);
        System.out.printf(
                "Patient/[id]/$care-gaps, all rules, %d calls over %d patients: median=%.1fms p95=%.1fms%n",
                n, ids.size(), nanos[n / 2] / 1e6, nanos[(int) (n * 0.95)] / 1e6);
    }

    interface Run {
        String run() throws Exception;
    }

    private static void report(String what, Run run) throws Exception {
        run.run();
        run.run();
        long[] nanos = new long[5];
        String result = null;
        for (int i = 0; i < nanos.length; i++) {
            long start = System.nanoTime();
            result = run.run();
            nanos[i] = System.nanoTime() - start;
        }
        Arrays.sort(nanos);
        System.out.printf("%s: median=%.3fs (min %.3fs, max %.3fs); %s%n",
                what, nanos[2] / 1e9, nanos[0] / 1e9, nanos[4] / 1e9, result);
    }

    /** Follows next links to the end; says how many pages and reports. */
    private static String walk(String url) throws Exception {
        int pages = 0;
        int reports = 0;
        int issues = 0;
        while (url != null) {
            HttpResponse<String> response = get(url);
            pages++;
            reports += count(response.body(), "\"resourceType\":\"Composition\"");
            issues += count(response.body(), "\"resourceType\":\"DetectedIssue\"");
            url = response.headers()
                    .firstValue("Link")
                    .map(LINK::matcher)
                    .filter(Matcher::find)
                    .map(mm -> mm.group(1))
                    .orElse(null);
        }
        return reports + " reports, " + issues + " gaps, " + pages + " pages";
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
