import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * Plan conflicts on real charts, run with the JDK's source launcher against a server holding the Synthea patients:
 *
 *   java bench/PlanConflictsBench.java BASE_URL [AS_OF]
 *
 * Per patient, Patient/[id]/$plan-conflicts 2 times to warm up and then 20 times in a row (the measure: one
 * patient's p95 over 20 warm sequential calls); reports the largest and the median of those per-patient p95s, with
 * the patient of the largest. Then the population, Patient/$plan-conflicts?_count=500 walked to the end, median of 3
 * after a warm-up.
 */
public class PlanConflictsBench {

    private static final HttpClient HTTP = HttpClient.newHttpClient();
    private static final Pattern LINK = Pattern.compile("<([^>]+)>;\\s*rel=\"next\"");
    private static final Pattern ID = Pattern.compile("\"resource\":\\{\"resourceType\":\"Patient\",\"id\":\"([^\"]+)\"");

    public static void main(String[] args) throws Exception {
        String base = args[0];
        String asOf = args.length > 1 ? args[1] : java.time.LocalDate.now(java.time.ZoneOffset.UTC).toString();
        List<String> ids = new ArrayList<>();
        Matcher m = ID.matcher(get(base + "/Patient?_elements=id&_count=500").body());
        while (m.find()) {
            ids.add(m.group(1));
        }
        List<Double> p95s = new ArrayList<>();
        double worst = 0;
        String worstId = null;
        int reports = 0;
        for (String id : ids) {
            String url = base + "/Patient/" + id + "/$plan-conflicts?asOf=" + asOf;
            get(url);
            get(url);
            List<Double> times = new ArrayList<>();
            for (int i = 0; i < 20; i++) {
                long start = System.nanoTime();
                HttpResponse<String> response = get(url);
                times.add((System.nanoTime() - start) / 1e6);
                if (i == 0 && response.body().contains("\"return\"")) {
                    reports++;
                }
            }
            Collections.sort(times);
            double p95 = times.get(18);
            p95s.add(p95);
            if (p95 > worst) {
                worst = p95;
                worstId = id;
            }
        }
        Collections.sort(p95s);
        System.out.printf(
                "patients=%d with_conflicts=%d per_patient_p95_ms: median=%.1f max=%.1f (Patient/%s)%n",
                ids.size(), reports, p95s.get(p95s.size() / 2), worst, worstId);
        String population = base + "/Patient/$plan-conflicts?asOf=" + asOf + "&_count=500";
        walk(population);
        List<Double> walks = new ArrayList<>();
        for (int i = 0; i < 3; i++) {
            long start = System.nanoTime();
            walk(population);
            walks.add((System.nanoTime() - start) / 1e6);
        }
        Collections.sort(walks);
        System.out.printf("population walk (_count=500): median=%.0f ms%n", walks.get(1));
    }

    private static void walk(String url) throws Exception {
        while (url != null) {
            HttpResponse<String> response = get(url);
            url = response.headers().firstValue("Link").map(link -> {
                Matcher next = LINK.matcher(link);
                return next.find() ? next.group(1) : null;
            }).orElse(null);
        }
    }

    private static HttpResponse<String> get(String url) throws Exception {
        HttpResponse<String> response = HTTP.send(
                HttpRequest.newBuilder(URI.create(url)).build(), HttpResponse.BodyHandlers.ofString());
        if (response.statusCode() != 200) {
            throw new IllegalStateException(url + " answered " + response.statusCode() + ": " + response.body());
        }
        return response;
    }
}
