package org.carerelay.testing;

import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import org.springframework.boot.context.event.ApplicationPreparedEvent;
import org.springframework.context.ApplicationListener;
import org.springframework.core.env.Environment;

/**
 * Refuses to start the application in a test unless it runs on a database the test created and on a port the system
 * picked: a test must never open the user's {@code ./data}, a PostgreSQL it did not create, or the port of a server
 * running from the same clone. Registered for every test through {@code META-INF/spring.factories}; it looks at the
 * environment once every property source (configuration files, test properties, command-line arguments) is in place.
 */
public final class TestIsolation implements ApplicationListener<ApplicationPreparedEvent> {

    private static final List<String> PORTS = List.of("server.port", "management.server.port");

    @Override
    public void onApplicationEvent(ApplicationPreparedEvent event) {
        List<String> problems = problems(event.getApplicationContext().getEnvironment());
        if (!problems.isEmpty()) {
            throw new IllegalStateException("A test may only use what it created: " + String.join("; ", problems));
        }
    }

    static List<String> problems(Environment environment) {
        List<String> problems = new ArrayList<>();
        String url = environment.getProperty("spring.datasource.url");
        if (!TestDatabase.created(url) || !insideTestFolders(url)) {
            problems.add("spring.datasource.url is " + url + ", not a database created by TestDatabase");
        }
        for (String port : PORTS) {
            String value = environment.getProperty(port);
            if (value != null
                    && !"0".equals(value.trim())
                    && !"-1".equals(value.trim())
                    && !ReservedPort.reserved(value)) {
                problems.add(port + " is " + value + ", not 0 or a ReservedPort (a free port picked by the system)");
            }
        }
        return problems;
    }

    /** An H2 file lies under target/ or the temporary folder; a PostgreSQL database is checked by name alone. */
    private static boolean insideTestFolders(String url) {
        if (url.startsWith("jdbc:postgresql:")) {
            return true;
        }
        if (!url.startsWith("jdbc:h2:file:")) {
            return false;
        }
        int options = url.indexOf(';');
        Path file = Path.of(url.substring("jdbc:h2:file:".length(), options < 0 ? url.length() : options))
                .toAbsolutePath()
                .normalize();
        return file.startsWith(Path.of("target").toAbsolutePath())
                || file.startsWith(Path.of(System.getProperty("java.io.tmpdir")).toAbsolutePath());
    }
}
