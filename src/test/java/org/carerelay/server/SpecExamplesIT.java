package org.carerelay.server;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.net.http.HttpRequest;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.stream.Stream;
import org.carerelay.testing.AbstractFhirIT;
import org.carerelay.testing.RawHttp.Response;
import org.carerelay.testing.SharedData;
import org.hl7.fhir.r4.model.Reference;
import org.hl7.fhir.r4.model.Resource;
import org.junit.jupiter.api.Test;

/**
 * Every FHIR R4 specification example in {@code ../shared/data/r4-examples}, stored under its own id with PUT, is
 * either stored and read back equal (meta aside) or refused with a 4xx OperationOutcome naming the missing reference.
 * Once what they reference exists, the coordination examples all round-trip.
 */
class SpecExamplesIT extends AbstractFhirIT {

    private static final Set<String> COORDINATION_TYPES = Set.of("CarePlan", "CareTeam", "ServiceRequest", "Task");

    @Test
    void specExamplesRoundTripOrNameTheirMissingReference() throws IOException {
        Map<String, Resource> examples = load(SharedData.folder("r4-examples"));
        assertThat(examples).hasSize(117);

        Map<String, String> refused = new LinkedHashMap<>();
        int stored = 0;
        for (Map.Entry<String, Resource> example : examples.entrySet()) {
            Response response = put(example.getValue());
            if (response.status() / 100 == 2) {
                assertRoundTrips(example.getKey(), example.getValue(), response);
                stored++;
            } else {
                assertThat(response.status()).as(example.getKey()).isEqualTo(400);
                String diagnostics = response.outcome().getIssueFirstRep().getDiagnostics();
                String missing = references(example.getValue()).stream()
                        .filter(diagnostics::contains)
                        .findFirst()
                        .orElseThrow(() -> new AssertionError(
                                example.getKey() + " was refused without naming a reference: " + diagnostics));
                refused.put(example.getKey(), missing);
            }
        }
        assertThat(stored + refused.size()).isEqualTo(examples.size());

        // Give every missing reference a minimal stand-in (an example that references itself or sits in a cycle
        // needs one too), then store the refused examples again; an example replaces its own stand-in.
        Map<String, String> stillRefused = new HashMap<>(refused);
        for (int pass = 0; pass < 10 && !stillRefused.isEmpty(); pass++) {
            Set.copyOf(stillRefused.values()).forEach(this::putStandIn);
            for (String file : List.copyOf(stillRefused.keySet())) {
                Response response = put(examples.get(file));
                if (response.status() / 100 == 2) {
                    assertRoundTrips(file, examples.get(file), response);
                    stillRefused.remove(file);
                } else {
                    String diagnostics = response.outcome().getIssueFirstRep().getDiagnostics();
                    references(examples.get(file)).stream()
                            .filter(diagnostics::contains)
                            .findFirst()
                            .ifPresent(missing -> stillRefused.put(file, missing));
                }
            }
        }
        assertThat(stillRefused).as("examples that still do not round-trip").isEmpty();
        long coordination = examples.values().stream()
                .filter(r -> COORDINATION_TYPES.contains(r.fhirType()))
                .count();
        assertThat(coordination).isEqualTo(44);
    }

    private Response put(Resource resource) {
        String body = FHIR.newJsonParser().encodeResourceToString(resource);
        if (!resource.hasIdElement() || resource.getIdElement().getIdPart() == null) {
            return http.send(
                    "POST",
                    "/" + resource.fhirType(),
                    "application/fhir+json",
                    HttpRequest.BodyPublishers.ofString(body));
        }
        return http.send(
                "PUT",
                "/" + resource.fhirType() + "/" + resource.getIdElement().getIdPart(),
                "application/fhir+json",
                HttpRequest.BodyPublishers.ofString(body));
    }

    private void putStandIn(String reference) {
        if (http.get("/" + reference).status() == 200) {
            return;
        }
        String[] parts = reference.split("/");
        String body = "{\"resourceType\":\"" + parts[0] + "\",\"id\":\"" + parts[1] + "\"}";
        Response response =
                http.send("PUT", "/" + reference, "application/fhir+json", HttpRequest.BodyPublishers.ofString(body));
        assertThat(response.status()).as("stand-in " + reference).isEqualTo(201);
    }

    private void assertRoundTrips(String file, Resource sent, Response response) {
        String location =
                response.header("Location") != null ? response.header("Location") : response.header("Content-Location");
        String path = location.substring(location.indexOf("/fhir/") + "/fhir".length())
                .replaceAll("/_history/.*", "");
        Response read = http.get(path);
        assertThat(read.status()).as(file).isEqualTo(200);
        Resource stored = (Resource) FHIR.newJsonParser().parseResource(read.body());
        Resource expected = (Resource)
                FHIR.newJsonParser().parseResource(FHIR.newJsonParser().encodeResourceToString(sent));
        for (Resource resource : List.of(expected, stored)) {
            resource.setMeta(null);
            resource.setId(
                    sent.getIdElement().getIdPart() == null
                            ? null
                            : sent.getIdElement().getIdPart());
        }
        assertThat(FHIR.newJsonParser().encodeResourceToString(stored))
                .as(file + " read back")
                .isEqualTo(FHIR.newJsonParser().encodeResourceToString(expected));
    }

    private static Set<String> references(Resource resource) {
        Set<String> references = new java.util.LinkedHashSet<>();
        for (Reference reference : FHIR.newTerser().getAllPopulatedChildElementsOfType(resource, Reference.class)) {
            if (reference.getReference() != null && reference.getReference().matches("[A-Z][A-Za-z]+/[^/]+")) {
                references.add(reference.getReference());
            }
        }
        return references;
    }

    private static Map<String, Resource> load(Path folder) throws IOException {
        Map<String, Resource> examples = new LinkedHashMap<>();
        List<Path> files;
        try (Stream<Path> list = Files.list(folder)) {
            files = new ArrayList<>(
                    list.filter(p -> p.toString().endsWith(".json")).sorted().toList());
        }
        for (Path file : files) {
            examples.put(file.getFileName().toString(), (Resource)
                    FHIR.newJsonParser().parseResource(Files.readString(file)));
        }
        return examples;
    }
}
