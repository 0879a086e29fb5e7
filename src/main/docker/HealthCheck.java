import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;

/**
 * Container health check, run with the JRE's source launcher: healthy when the readiness probe on the management port
 * says UP (the server is started and its database answers).
 */
public class HealthCheck {
    public static void main(String[] args) throws Exception {
        String port = System.getenv().getOrDefault("MANAGEMENT_SERVER_PORT", "8081");
        HttpRequest request = HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + port + "/actuator/health/readiness"))
                .timeout(Duration.ofSeconds(4))
                .build();
        int status = HttpClient.newHttpClient().send(request, HttpResponse.BodyHandlers.discarding()).statusCode();
        System.exit(status == 200 ? 0 : 1);
    }
}
