import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;

/** Container health check, run with the JRE's source launcher: healthy when the FHIR endpoint answers metadata. */
public class HealthCheck {
    public static void main(String[] args) throws Exception {
        String port = System.getenv().getOrDefault("SERVER_PORT", "8080");
        HttpRequest request = HttpRequest.newBuilder(URI.create("http://localhost:" + port + "/fhir/metadata?_summary=true"))
                .timeout(Duration.ofSeconds(4))
                .build();
        int status = HttpClient.newHttpClient().send(request, HttpResponse.BodyHandlers.discarding()).statusCode();
        System.exit(status == 200 ? 0 : 1);
    }
}
