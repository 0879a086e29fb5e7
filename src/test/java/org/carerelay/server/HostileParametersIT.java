package org.carerelay.server;

import static org.assertj.core.api.Assertions.assertThat;

import java.net.URLEncoder;
import java.net.http.HttpRequest;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import net.jqwik.api.AfterFailureMode;
import net.jqwik.api.Arbitraries;
import net.jqwik.api.Arbitrary;
import net.jqwik.api.Combinators;
import net.jqwik.api.ForAll;
import net.jqwik.api.Property;
import net.jqwik.api.Provide;
import net.jqwik.api.ShrinkingMode;
import net.jqwik.api.Tuple;
import net.jqwik.api.lifecycle.BeforeProperty;
import org.carerelay.testing.AbstractFhirIT;
import org.carerelay.testing.RawHttp;
import org.carerelay.testing.RawHttp.Response;
import org.hl7.fhir.r4.model.CapabilityStatement;
import org.hl7.fhir.r4.model.CapabilityStatement.CapabilityStatementRestResourceComponent;
import org.hl7.fhir.r4.model.Patient;
import org.hl7.fhir.r4.model.Reference;
import org.hl7.fhir.r4.model.Task;
import org.springframework.test.context.TestContextManager;

/**
 * Property: whatever a client puts in a parameter or a conditional header (days that do not exist, huge and negative
 * numbers, empty modifiers and chains, unknown prefixes, control characters), the answer is never a 5xx and comes
 * within the request deadline. The search parameters are every one the CapabilityStatement lists for the main
 * resource types; the operations are CareRelay's own. jqwik generates the requests from a fixed seed, so a failure
 * repeats; the tries are bounded by count and by time (requests stop once the budget is spent), so the suite stays
 * fast.
 */
class HostileParametersIT extends AbstractFhirIT {

    private static final int TRIES = 1000;
    // Requests stop after the budget; one that runs into the request deadline (a chain of chains over the Synthea
    // records on H2 does) can add the deadline to it.
    private static final Duration BUDGET = Duration.ofSeconds(20);
    // carerelay.limits.request-timeout, plus what the deadline cannot cover: statements get the whole seconds left
    // (at least one), the database cancels asynchronously, and the answer still has to be written.
    private static final Duration DEADLINE = Duration.ofSeconds(30 + 5);

    private static final List<String> TYPES = List.of(
            "Patient",
            "Practitioner",
            "Organization",
            "Task",
            "ServiceRequest",
            "CarePlan",
            "CareTeam",
            "Condition",
            "Observation",
            "Encounter",
            "Provenance",
            "DocumentReference",
            "MedicationRequest",
            "Group");

    private static final List<String> CONTROL_PARAMETERS = List.of(
            "_id",
            "_lastUpdated",
            "_count",
            "_offset",
            "_sort",
            "_include",
            "_revinclude",
            "_summary",
            "_elements",
            "_total",
            "_has",
            "_has:Task:patient:status",
            "_has:Observation",
            "_tag",
            "_profile",
            "_security",
            "_source",
            "_text",
            "_content",
            "_list",
            "_filter",
            "_contained",
            "_containedType",
            "_format",
            "_pretty",
            "_type");

    /** A request as the client sends it. */
    record Probe(String method, String path, String body, Map<String, String> headers) {
        Response send(RawHttp http) {
            return http.send(
                    method,
                    path,
                    body == null ? null : "application/fhir+json",
                    body == null ? HttpRequest.BodyPublishers.noBody() : HttpRequest.BodyPublishers.ofString(body),
                    headers);
        }
    }

    private static long stopAt;

    private String patient;
    private String task;

    /**
     * jqwik runs this class, not JUnit Jupiter, so Spring's extension does not: the shared server is joined through
     * Spring's own test context manager, which finds the one context every IT uses in its cache.
     */
    @BeforeProperty
    void joinTheSharedServer() throws Exception {
        new TestContextManager(getClass()).prepareTestInstance(this);
        client = FHIR.newRestfulGenericClient(baseUrl());
        http = RawHttp.at(baseUrl());
        patient = create(client, new Patient().setActive(false));
        task = create(
                client,
                new Task()
                        .setStatus(Task.TaskStatus.DRAFT)
                        .setIntent(Task.TaskIntent.ORDER)
                        .setFor(new Reference(patient)));
        stopAt = System.nanoTime() + BUDGET.toNanos();
    }

    @Property(
            seed = "17",
            tries = TRIES,
            shrinking = ShrinkingMode.BOUNDED,
            afterFailure = AfterFailureMode.SAMPLE_FIRST)
    void noParameterOrHeaderValueIsAServerErrorOrOutlastsTheDeadline(@ForAll("probes") Probe probe) {
        if (System.nanoTime() > stopAt) {
            return; // the time budget is spent; the remaining tries pass without a request
        }
        long started = System.nanoTime();
        Response response = probe.send(http);
        Duration took = Duration.ofNanos(System.nanoTime() - started);

        assertThat(response.status())
                .as(
                        "%s answered %s",
                        probe,
                        response.body()
                                .substring(0, Math.min(300, response.body().length())))
                .isLessThan(500);
        assertThat(took).as("%s took", probe).isLessThan(DEADLINE);
    }

    @Provide
    Arbitrary<Probe> probes() {
        return Arbitraries.frequencyOf(
                Tuple.of(6, searches(searchParameters())),
                Tuple.of(2, careGaps(patient)),
                Tuple.of(2, validateHandoff(task)),
                Tuple.of(2, conditionalHeaders(patient)));
    }

    /** Search parameter names of the main types, as the server lists them. */
    private Map<String, List<String>> searchParameters() {
        CapabilityStatement capabilities =
                client.capabilities().ofType(CapabilityStatement.class).execute();
        Map<String, List<String>> names = new TreeMap<>();
        for (CapabilityStatementRestResourceComponent resource :
                capabilities.getRestFirstRep().getResource()) {
            if (TYPES.contains(resource.getType())) {
                List<String> params = new ArrayList<>(CONTROL_PARAMETERS);
                resource.getSearchParam().forEach(param -> params.add(param.getName()));
                names.put(
                        resource.getType(), params.stream().distinct().sorted().toList());
            }
        }
        assertThat(names).hasSize(TYPES.size());
        return names;
    }

    private static Arbitrary<Probe> searches(Map<String, List<String>> parameters) {
        return Arbitraries.of(List.copyOf(parameters.keySet()))
                .flatMap(type -> Combinators.combine(Arbitraries.of(parameters.get(type)), modifiers(), hostileValues())
                        .as((name, modifier, value) ->
                                get("/" + type + "?" + encode(name + modifier) + "=" + encode(value))));
    }

    private static Arbitrary<Probe> careGaps(String patient) {
        Arbitrary<String> names = Arbitraries.of(
                "asOf",
                "periodEnd",
                "periodStart",
                "rule",
                "status",
                "_count",
                "subject",
                "practitioner",
                "organization",
                "measureId",
                "measureUrl",
                "measureIdentifier",
                "nonsense");
        Arbitrary<String> paths = Arbitraries.of(
                "/" + patient + "/$care-gaps",
                "/Patient/$care-gaps",
                "/Measure/$care-gaps",
                "/" + patient + "/$plan-conflicts",
                "/Patient/$plan-conflicts");
        Arbitrary<Probe> viaGet = Combinators.combine(paths, names, hostileValues(), names, hostileValues())
                .as((path, name, value, other, otherValue) -> get(path + "?" + encode(name) + "=" + encode(value) + "&"
                        + encode(other) + "=" + encode(otherValue)));
        Arbitrary<Probe> viaPost = Combinators.combine(
                        paths,
                        names,
                        Arbitraries.of("valueDate", "valueString", "valueCode", "valueReference"),
                        hostileValues())
                .as((path, name, type, value) -> post(
                        path,
                        "{\"resourceType\":\"Parameters\",\"parameter\":[{\"name\":\"" + json(name) + "\",\"" + type
                                + "\":"
                                + (type.equals("valueReference")
                                        ? "{\"reference\":\"" + json(value) + "\"}"
                                        : "\"" + json(value) + "\"")
                                + "}]}"));
        return Arbitraries.oneOf(viaGet, viaPost);
    }

    private static Arbitrary<Probe> validateHandoff(String task) {
        Arbitrary<Probe> stored =
                hostileValues().map(id -> get("/Task/" + encode(id) + "/$validate-handoff?_format=json"));
        Arbitrary<Probe> storedWithParameter = Combinators.combine(
                        Arbitraries.of("resource", "bundle", "_count", "nonsense"), hostileValues())
                .as((name, value) -> get("/" + task + "/$validate-handoff?" + encode(name) + "=" + encode(value)));
        Arbitrary<String> resources = hostileValues()
                .map(value -> List.of(
                        "{\"resourceType\":\"Task\",\"status\":\"requested\",\"intent\":\"order\",\"for\":"
                                + "{\"reference\":\"" + json(value) + "\"},\"code\":{\"coding\":[{\"system\":"
                                + "\"https://carerelay.org/fhir/CodeSystem/handoff-type\",\"code\":\"referral\"}]}}",
                        "{\"resourceType\":\"Task\",\"status\":\"" + json(value) + "\",\"intent\":\"order\"}",
                        "{\"resourceType\":\"Bundle\",\"type\":\"transaction\",\"entry\":[{\"fullUrl\":\""
                                + json(value) + "\",\"resource\":{\"resourceType\":\"Task\",\"status\":\"draft\","
                                + "\"intent\":\"order\"}}]}",
                        "{\"resourceType\":\"Bundle\",\"type\":\"collection\",\"entry\":[{}]}",
                        "{\"resourceType\":\"Patient\",\"id\":\"" + json(value) + "\"}"))
                .flatMap(Arbitraries::of);
        Arbitrary<Probe> posted = Combinators.combine(Arbitraries.of("resource", "bundle", "nonsense"), resources)
                .as((name, resource) -> post(
                        "/Task/$validate-handoff",
                        "{\"resourceType\":\"Parameters\",\"parameter\":[{\"name\":\"" + name + "\",\"resource\":"
                                + resource + "}]}"));
        return Arbitraries.oneOf(stored, storedWithParameter, posted);
    }

    private static Arbitrary<Probe> conditionalHeaders(String patient) {
        String id = patient.substring(patient.indexOf('/') + 1);
        String body = "{\"resourceType\":\"Patient\",\"id\":\"" + id + "\",\"active\":false}";
        String newPatient = "{\"resourceType\":\"Patient\",\"active\":false,\"identifier\":"
                + "[{\"system\":\"urn:carerelay:hostile\",\"value\":\"probe\"}]}";
        return Combinators.combine(
                        Arbitraries.of(
                                "GET If-None-Match",
                                "GET If-Modified-Since",
                                "PUT If-Match",
                                "PATCH If-Match",
                                "POST If-None-Exist",
                                "PUT If-None-Exist"),
                        hostileValues())
                .as((which, value) -> {
                    Map<String, String> headers = Map.of(which.substring(which.indexOf(' ') + 1), headerSafe(value));
                    return switch (which.substring(0, which.indexOf(' '))) {
                        case "GET" -> new Probe("GET", "/" + patient, null, headers);
                        case "PUT" -> new Probe("PUT", "/" + patient, body, headers);
                        case "PATCH" ->
                            new Probe(
                                    "PATCH",
                                    "/" + patient,
                                    "[{\"op\":\"replace\",\"path\":\"/active\",\"value\":false}]",
                                    Map.of(
                                            "If-Match",
                                            headerSafe(value),
                                            "Content-Type",
                                            "application/json-patch+json"));
                        default -> new Probe("POST", "/Patient", newPatient, headers);
                    };
                });
    }

    private static Arbitrary<String> modifiers() {
        return Arbitraries.frequencyOf(
                Tuple.of(6, Arbitraries.just("")),
                Tuple.of(
                        4,
                        Arbitraries.of(
                                ":",
                                "::",
                                ":missing",
                                ":exact",
                                ":contains",
                                ":not",
                                ":above",
                                ":below",
                                ":in",
                                ":not-in",
                                ":text",
                                ":of-type",
                                ":identifier",
                                ":Patient",
                                ":Nonsense",
                                ":iterate",
                                ".",
                                "..",
                                ".name",
                                ".nonsense",
                                ":Patient.",
                                ":Patient.name",
                                ":Patient._has:::",
                                ":Patient.identifier:",
                                "._id",
                                ".subject.name")));
    }

    /** Malformed and extreme values, and arbitrary strings around them. */
    static Arbitrary<String> hostileValues() {
        Arbitrary<String> known = Arbitraries.of(
                "1000-02-29",
                "2023-02-30",
                "2023-13-01",
                "2023-00-10",
                "0000-01-01",
                "99999-01-01",
                "-2023-01-01",
                "2023-01-01T25:61:61Z",
                "2023-01-01T10:00:00+25:00",
                "2023-01-01T10:00",
                "ge2023-02-30",
                "gt",
                "ap",
                "eb-",
                "zz5",
                "gtxyz",
                "lt1e400",
                "-1",
                "-0",
                "0",
                "2147483648",
                "-2147483649",
                "99999999999999999999999999",
                "1e1000000",
                "1e400",
                "-1e-400",
                "1e-1000000",
                "NaN",
                "Infinity",
                "0x10",
                "",
                " ",
                "|",
                "||",
                "|||",
                "a|b|c|d",
                "\\",
                "\\,",
                ",",
                ",,",
                "$",
                "%",
                "%00",
                "null",
                "true",
                "Patient/",
                "/",
                "Patient/x/_history/abc",
                "Patient/1/_history/-1",
                "urn:uuid:",
                "http://",
                "http://[::1",
                "Patient?",
                "Patient?identifier=",
                "_has:::=1",
                "*",
                "W/\"\"",
                "W/\"x",
                "\"",
                "'",
                "{}",
                "[]",
                "<x/>",
                "..",
                "../../metadata",
                "Patient:",
                ":",
                "::",
                "name:",
                "subject.",
                "1,2,3,4,5,6,7,8,9,10",
                "en-US|",
                "http://loinc.org|",
                "|http://unitsofmeasure.org|",
                "5.4|http://unitsofmeasure.org|mg",
                "ap5.4||",
                "1.000000000000000000000000000000000001",
                "open-gap",
                "referral-open",
                "Patient/" + "9".repeat(100));
        return Arbitraries.frequencyOf(
                Tuple.of(6, known),
                Tuple.of(2, Arbitraries.strings().withCharRange(' ', '~').ofMaxLength(40)),
                Tuple.of(1, Arbitraries.strings().all().ofMaxLength(12)),
                Tuple.of(
                        2,
                        Arbitraries.strings().withChars("0123456789.-+eE:TZ|,$").ofMaxLength(30)),
                Tuple.of(1, Arbitraries.integers().between(1000, 3000).map("a"::repeat)));
    }

    private static Probe get(String path) {
        return new Probe("GET", path, null, Map.of());
    }

    private static Probe post(String path, String body) {
        return new Probe("POST", path, body, Map.of());
    }

    private static String encode(String value) {
        return URLEncoder.encode(value, StandardCharsets.UTF_8);
    }

    /** A header value HTTP can carry: printable ASCII only (the client library refuses anything else). */
    private static String headerSafe(String value) {
        String printable = value.chars()
                .filter(c -> c >= ' ' && c <= '~')
                .collect(StringBuilder::new, StringBuilder::appendCodePoint, StringBuilder::append)
                .toString()
                .trim();
        return printable.isEmpty() ? "x" : printable;
    }

    private static String json(String value) {
        StringBuilder escaped = new StringBuilder();
        for (char c : value.toCharArray()) {
            if (c == '"' || c == '\\') {
                escaped.append('\\').append(c);
            } else if (c < ' ' || Character.isSurrogate(c)) {
                escaped.append(String.format("\\u%04x", (int) c));
            } else {
                escaped.append(c);
            }
        }
        return escaped.toString();
    }
}
