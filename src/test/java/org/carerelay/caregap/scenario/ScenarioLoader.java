package org.carerelay.caregap.scenario;

import ca.uhn.fhir.context.FhirContext;
import ca.uhn.fhir.rest.client.api.IGenericClient;
import ca.uhn.fhir.rest.client.api.ServerValidationModeEnum;
import java.time.LocalDate;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.EnumMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.stream.Collectors;
import org.carerelay.caregap.rules.CareGapRule;
import org.carerelay.caregap.scenario.ScenarioGenerator.PlantedPatient;
import org.hl7.fhir.r4.model.Bundle;
import org.hl7.fhir.r4.model.Patient;
import org.hl7.fhir.r4.model.Resource;

/**
 * Writes a generated population to a server as transactions of {@value #PATIENTS_PER_TRANSACTION} patients, and
 * answers what it planted. Every resource has a generated id and is written with PUT, so loading the same seed again
 * changes nothing.
 *
 * <pre>
 *   java -cp ... org.carerelay.caregap.scenario.ScenarioLoader BASE_URL SEED COUNT [AS_OF] [--onto-existing]
 *       [--synthea-density]
 * </pre>
 *
 * With {@code --onto-existing} the coordination record is added to the patients already on the server (for example
 * the Synthea patients) instead of creating patients. With {@code --synthea-density} each generated patient also gets
 * a Synthea-sized history ({@link ScenarioGenerator#withSyntheaDensity()}, 328 resources more, the same planted
 * gaps), written {@value #DENSE_PATIENTS_PER_TRANSACTION} patients per transaction, about the size of a Synthea bundle.
 */
public final class ScenarioLoader {

    static final int PATIENTS_PER_TRANSACTION = 25;
    static final int DENSE_PATIENTS_PER_TRANSACTION = 2;

    /** What a load planted: per patient and in total. */
    public record Planted(List<PlantedPatient> patients) {

        public Map<CareGapRule, Integer> byRule() {
            Map<CareGapRule, Integer> totals = new EnumMap<>(CareGapRule.class);
            patients.forEach(p -> p.gaps().forEach((rule, n) -> totals.merge(rule, n, Integer::sum)));
            return totals;
        }

        public List<PlantedPatient> withGaps() {
            return patients.stream().filter(p -> p.gapCount() > 0).toList();
        }
    }

    private final IGenericClient client;
    private final int patientsPerTransaction;

    public ScenarioLoader(IGenericClient client) {
        this(client, PATIENTS_PER_TRANSACTION);
    }

    /** @param patientsPerTransaction how many generated patients one transaction writes */
    public ScenarioLoader(IGenericClient client, int patientsPerTransaction) {
        this.client = client;
        this.patientsPerTransaction = patientsPerTransaction;
    }

    /** Generates and stores patients {@code 0..count-1} of the generator, two transactions at a time. */
    public Planted load(ScenarioGenerator generator, int count) throws Exception {
        transaction(generator.shared());
        List<PlantedPatient> patients = new ArrayList<>();
        for (int n = 0; n < count; n++) {
            patients.add(null);
        }
        ExecutorService writers = Executors.newFixedThreadPool(2);
        try {
            List<Future<?>> writes = new ArrayList<>();
            for (int start = 0; start < count; start += patientsPerTransaction) {
                int from = start;
                int to = Math.min(count, start + patientsPerTransaction);
                writes.add(writers.submit(() -> {
                    List<Resource> resources = new ArrayList<>();
                    for (int n = from; n < to; n++) {
                        PlantedPatient patient = generator.patient(n);
                        patients.set(n, patient.withoutResources());
                        resources.addAll(patient.resources());
                    }
                    transaction(resources);
                    return null;
                }));
            }
            for (Future<?> write : writes) {
                write.get();
            }
        } finally {
            writers.shutdown();
        }
        return new Planted(List.copyOf(patients));
    }

    /** Adds the coordination record of patients {@code 0, 1, ...} to every patient already stored, page by page. */
    public Planted loadOntoExisting(ScenarioGenerator generator) {
        transaction(generator.shared());
        List<PlantedPatient> planted = new ArrayList<>();
        Bundle page = client.search()
                .forResource(Patient.class)
                .count(200)
                .returnBundle(Bundle.class)
                .execute();
        while (page != null) {
            List<String> ids = page.getEntry().stream()
                    .map(e -> e.getResource().getIdElement().getIdPart())
                    .toList();
            planted.addAll(onto(generator, ids, planted.size()));
            page = page.getLink(Bundle.LINK_NEXT) == null
                    ? null
                    : client.loadPage().next(page).execute();
        }
        return new Planted(planted);
    }

    /** Adds the coordination record of patients {@code 0, 1, ...} to the given stored patients. */
    public Planted loadOnto(ScenarioGenerator generator, List<String> patientIds) {
        transaction(generator.shared());
        return new Planted(onto(generator, patientIds, 0));
    }

    private List<PlantedPatient> onto(ScenarioGenerator generator, List<String> patientIds, int first) {
        List<PlantedPatient> planted = new ArrayList<>();
        List<Resource> resources = new ArrayList<>();
        for (String id : patientIds) {
            PlantedPatient patient = generator.onto(id, first + planted.size());
            planted.add(patient.withoutResources());
            resources.addAll(patient.resources());
        }
        transaction(resources);
        return planted;
    }

    private void transaction(List<Resource> resources) {
        Bundle transaction = new Bundle().setType(Bundle.BundleType.TRANSACTION);
        for (Resource resource : resources) {
            String url = resource.fhirType() + "/" + resource.getIdElement().getIdPart();
            transaction
                    .addEntry()
                    .setFullUrl(url)
                    .setResource(resource)
                    .getRequest()
                    .setMethod(Bundle.HTTPVerb.PUT)
                    .setUrl(url);
        }
        client.transaction().withBundle(transaction).execute();
    }

    public static void main(String[] args) throws Exception {
        if (args.length < 3) {
            System.err.println(
                    "usage: ScenarioLoader BASE_URL SEED COUNT [AS_OF] [--onto-existing] [--synthea-density]");
            System.exit(2);
        }
        FhirContext fhir = FhirContext.forR4Cached();
        fhir.getRestfulClientFactory().setServerValidationMode(ServerValidationModeEnum.NEVER);
        fhir.getRestfulClientFactory().setSocketTimeout(600_000);
        long seed = Long.parseLong(args[1]);
        LocalDate asOf =
                args.length > 3 && !args[3].startsWith("--") ? LocalDate.parse(args[3]) : LocalDate.now(ZoneOffset.UTC);
        boolean onto = List.of(args).contains("--onto-existing");
        boolean dense = List.of(args).contains("--synthea-density");
        ScenarioGenerator sparse = new ScenarioGenerator(seed, asOf, "s" + seed);
        ScenarioGenerator generator = dense ? sparse.withSyntheaDensity() : sparse;
        ScenarioLoader loader = new ScenarioLoader(
                fhir.newRestfulGenericClient(args[0]),
                dense ? DENSE_PATIENTS_PER_TRANSACTION : PATIENTS_PER_TRANSACTION);
        Planted planted = onto ? loader.loadOntoExisting(generator) : loader.load(generator, Integer.parseInt(args[2]));
        System.out.println("patients=" + planted.patients().size() + " with_gaps="
                + planted.withGaps().size() + " as_of=" + asOf + " planted="
                + planted.byRule().entrySet().stream()
                        .map(e -> e.getKey().code() + ":" + e.getValue())
                        .collect(Collectors.joining(",")));
        if (!planted.withGaps().isEmpty()) {
            System.out.println(
                    "first_patient_with_gaps=" + planted.withGaps().get(0).patientId());
        }
    }
}
