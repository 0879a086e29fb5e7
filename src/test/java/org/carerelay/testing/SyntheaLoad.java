package org.carerelay.testing;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.http.HttpRequest;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.stream.Stream;
import org.carerelay.testing.RawHttp.Response;

/**
 * The Synthea patients of {@code ../shared/data/synthea}, loaded once per test run as transactions, hospitals and
 * practitioners first, then the patients from two clients at once. Synthea's bundles create with POST and refer to hospitals and practitioners by conditional
 * references, so loading them twice would make those references ambiguous: every test that needs them shares this
 * one load.
 */
public final class SyntheaLoad {

    private static final ObjectMapper JSON = new ObjectMapper();
    private static final int CLIENTS = 2;
    private static SyntheaLoad loaded;

    /** Resources per type in the files, and how many more of each type the server held after the load. */
    public final Map<String, Integer> inFiles;

    public final Map<String, Integer> added;

    /** The patient bundles, without the hospital and practitioner ones. */
    public final List<Path> patientBundles;

    private SyntheaLoad(Map<String, Integer> inFiles, Map<String, Integer> added, List<Path> patientBundles) {
        this.inFiles = inFiles;
        this.added = added;
        this.patientBundles = patientBundles;
    }

    /** Loads the Synthea folder the first time; skips the calling test when the shared data is absent. */
    public static synchronized SyntheaLoad once(RawHttp http) {
        Path folder = SharedData.folder("synthea");
        if (loaded == null) {
            loaded = load(http, folder);
        }
        return loaded;
    }

    public static JsonNode read(Path bundle) {
        try {
            return JSON.readTree(bundle.toFile());
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    private static SyntheaLoad load(RawHttp http, Path folder) {
        List<Path> first = new ArrayList<>();
        List<Path> patients = new ArrayList<>();
        try (Stream<Path> files = Files.list(folder)) {
            files.filter(f -> f.toString().endsWith(".json")).sorted().forEach(f -> {
                String name = f.getFileName().toString();
                (name.startsWith("hospitalInformation") || name.startsWith("practitionerInformation")
                                ? first
                                : patients)
                        .add(f);
            });
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        List<Path> ordered = new ArrayList<>(first);
        ordered.addAll(patients);
        Map<String, Integer> inFiles = new TreeMap<>();
        for (Path bundle : ordered) {
            for (JsonNode entry : read(bundle).get("entry")) {
                inFiles.merge(entry.get("resource").get("resourceType").asText(), 1, Integer::sum);
            }
        }
        Map<String, Integer> before = counts(http, inFiles.keySet());
        first.forEach(bundle -> post(http, bundle));
        // the patient bundles only read what the first ones created, so two clients post them at once
        ExecutorService clients = Executors.newFixedThreadPool(CLIENTS);
        try {
            List<Future<?>> posted = new ArrayList<>();
            patients.forEach(bundle -> posted.add(clients.submit(() -> post(http, bundle))));
            for (Future<?> one : posted) {
                one.get();
            }
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException(e);
        } catch (ExecutionException e) {
            if (e.getCause() instanceof AssertionError failed) {
                throw failed;
            }
            throw new IllegalStateException(e.getCause());
        } finally {
            clients.shutdownNow();
        }
        Map<String, Integer> added = new TreeMap<>();
        counts(http, inFiles.keySet()).forEach((type, count) -> added.put(type, count - before.get(type)));
        return new SyntheaLoad(inFiles, added, List.copyOf(patients));
    }

    private static void post(RawHttp http, Path bundle) {
        try {
            Response response =
                    http.send("POST", "", "application/fhir+json", HttpRequest.BodyPublishers.ofFile(bundle));
            assertThat(response.status()).as(bundle.getFileName().toString()).isEqualTo(200);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    private static Map<String, Integer> counts(RawHttp http, Iterable<String> types) {
        Map<String, Integer> counts = new TreeMap<>();
        for (String type : types) {
            Response response = http.get("/" + type + "?_summary=count");
            assertThat(response.status()).isEqualTo(200);
            try {
                counts.put(type, JSON.readTree(response.body()).get("total").asInt());
            } catch (IOException e) {
                throw new UncheckedIOException(e);
            }
        }
        return counts;
    }
}
