package org.carerelay.caregap;

import static org.assertj.core.api.Assertions.assertThat;

import ca.uhn.fhir.rest.api.server.RequestDetails;
import ca.uhn.fhir.rest.api.server.SystemRequestDetails;
import ca.uhn.fhir.rest.server.FifoMemoryPagingProvider;
import io.micrometer.core.instrument.simple.SimpleMeterRegistry;
import java.util.ArrayList;
import java.util.Date;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import net.jqwik.api.Arbitraries;
import net.jqwik.api.Arbitrary;
import net.jqwik.api.ForAll;
import net.jqwik.api.Property;
import net.jqwik.api.Provide;
import net.jqwik.api.constraints.IntRange;
import org.carerelay.caregap.rules.PatientRecord;
import org.carerelay.caregap.rules.RecordPart;
import org.carerelay.caregap.rules.ShippedConflicts;
import org.carerelay.config.CareRelayProperties;
import org.hl7.fhir.r4.model.Bundle;
import org.hl7.fhir.r4.model.Composition;
import org.hl7.fhir.r4.model.DateTimeType;
import org.hl7.fhir.r4.model.DateType;
import org.hl7.fhir.r4.model.OperationOutcome;
import org.hl7.fhir.r4.model.Parameters;
import org.hl7.fhir.r4.model.Patient;
import org.hl7.fhir.r4.model.ServiceRequest;
import org.hl7.fhir.r4.model.Type;

/**
 * A population walked page by page answers what one page of all answers, patient for patient, whatever the page size
 * and however gaps and failures lie; and the walk reads a patient without a gap once, one with a gap or a failure at
 * most twice (once examined past a page's end, once reported). The read port and the stored population are in memory.
 */
class PopulationWalkTest {

    private static final DateType AS_OF = new DateType("2026-06-30");

    /** What a patient's record holds: no gap, an open referral, or a shape the rules trip over. */
    enum Kind {
        NONE,
        GAP,
        FAILURE
    }

    @Provide
    Arbitrary<List<Kind>> populations() {
        return Arbitraries.frequencyOf(
                        net.jqwik.api.Tuple.of(12, Arbitraries.just(Kind.NONE)),
                        net.jqwik.api.Tuple.of(3, Arbitraries.just(Kind.GAP)),
                        net.jqwik.api.Tuple.of(1, Arbitraries.just(Kind.FAILURE)))
                .list()
                .ofMaxSize(260);
    }

    @Property(tries = 200)
    void aWalkAnswersWhatOnePageAnswersAndReadsNoGapFreePatientTwice(
            @ForAll("populations") List<Kind> kinds, @ForAll @IntRange(min = 1, max = 30) int count) {
        Population whole = new Population(kinds);
        List<String> expected = whole.entries(whole.population(500));

        Population paged = new Population(kinds);
        List<String> walked = new ArrayList<>();
        Parameters page = paged.population(count);
        int pages = 1;
        while (true) {
            List<String> entries = paged.entries(page);
            assertThat(entries.size()).isLessThanOrEqualTo(count);
            walked.addAll(entries);
            String next = paged.next(page);
            if (next == null) {
                break;
            }
            assertThat(entries).as("a page before the last is full").hasSize(count);
            page = paged.page(count, next);
            pages++;
        }

        // a page lists its reports, then its failures
        assertThat(only("report", walked)).isEqualTo(only("report", expected));
        assertThat(only("failure", walked)).isEqualTo(only("failure", expected));
        // at most one empty page, at the end: a walk may not know it is over until it looks
        assertThat(pages).isBetween(1, (expected.size() + count - 1) / count + 1);
        for (int i = 0; i < kinds.size(); i++) {
            int reads = paged.reads.getOrDefault("p" + i, 0);
            if (kinds.get(i) == Kind.NONE) {
                assertThat(reads).as("reads of gap-free p" + i).isEqualTo(1);
            } else {
                assertThat(reads).as("reads of p" + i).isBetween(1, 2);
            }
        }
    }

    private static List<String> only(String kind, List<String> entries) {
        return entries.stream().filter(e -> e.startsWith(kind + " ")).toList();
    }

    /** One stored population behind the provider, counting how often each patient's record is read. */
    private static final class Population {

        private final Map<String, PatientRecord> stored = new LinkedHashMap<>();
        private final Map<String, Integer> reads = new HashMap<>();
        private final FifoMemoryPagingProvider searches = new FifoMemoryPagingProvider(10);
        private final RequestDetails request = new SystemRequestDetails();
        private final CareGapsProvider provider;

        Population(List<Kind> kinds) {
            PatientRecords records = new PatientRecords() {
                @Override
                public Patient patient(org.hl7.fhir.r4.model.IdType patientId, Date asOf, RequestDetails request) {
                    return stored.get(patientId.getIdPart()).patient();
                }

                @Override
                public List<PatientRecord> load(
                        List<Patient> patients, Date asOf, Set<RecordPart> parts, RequestDetails request) {
                    return patients.stream()
                            .map(p -> p.getIdElement().getIdPart())
                            .peek(id -> reads.merge(id, 1, Integer::sum))
                            .map(stored::get)
                            .toList();
                }
            };
            CareGapProperties defaults = new CareGapProperties(
                    null, null, null, null, null, null, null, null, null, null, null, null, null, null, null);
            CareRelayProperties server = new CareRelayProperties(
                    null, java.time.ZoneOffset.UTC, new CareRelayProperties.Paging(20, 500, null), null, null);
            provider = new CareGapsProvider(
                    new CareGapService(
                            records,
                            null,
                            null,
                            searches,
                            defaults,
                            server,
                            new SimpleMeterRegistry(),
                            ShippedConflicts.RULES),
                    new PopulationScope(null, server),
                    server);
            ((SystemRequestDetails) request).setFhirServerBase("http://localhost/fhir");
            for (int i = 0; i < kinds.size(); i++) {
                Kind kind = kinds.get(i);
                Patient patient = kind == Kind.FAILURE ? new UnreadablePatient() : new Patient();
                patient.setId("Patient/p" + i);
                List<ServiceRequest> referrals = new ArrayList<>();
                if (kind != Kind.NONE) {
                    ServiceRequest referral = new ServiceRequest()
                            .setStatus(ServiceRequest.ServiceRequestStatus.ACTIVE)
                            .setIntent(ServiceRequest.ServiceRequestIntent.ORDER)
                            .setAuthoredOnElement(new DateTimeType("2026-05-01"));
                    referral.setId("ServiceRequest/p" + i);
                    referrals.add(referral);
                }
                stored.put(
                        "p" + i,
                        new PatientRecord(
                                patient, List.of(), referrals, List.of(), List.of(), List.of(), List.of(), List.of(),
                                List.of(), List.of()));
            }
        }

        Parameters population(int count) {
            List<Patient> patients =
                    stored.values().stream().map(PatientRecord::patient).toList();
            String search = PopulationPages.stored(searches, request, patients);
            return page(
                    count,
                    Cursor.start(search, Math.min(CareGapService.BATCH, count)).toString());
        }

        /** The next page's cursor, or null on the last page. */
        String next(Parameters page) {
            return PopulationPages.nextLink(page).map(PopulationPages::cursorOf).orElse(null);
        }

        Parameters page(int count, String cursor) {
            return PopulationPages.page(provider, AS_OF, count, cursor, request);
        }

        /** A page's reports and failures, in order, by patient: {@code report Patient/x} or {@code failure …}. */
        List<String> entries(Parameters page) {
            List<String> entries = new ArrayList<>();
            for (Parameters.ParametersParameterComponent p : page.getParameter()) {
                if (p.getName().equals("return")) {
                    Composition composition = (Composition)
                            ((Bundle) p.getResource()).getEntryFirstRep().getResource();
                    entries.add("report " + composition.getSubject().getReference());
                } else if (p.getName().equals("failure")) {
                    entries.add("failure "
                            + ((OperationOutcome) p.getResource())
                                    .getIssueFirstRep()
                                    .getDetails()
                                    .getText());
                }
            }
            return entries;
        }
    }

    /** A patient the rules cannot read. */
    private static final class UnreadablePatient extends Patient {
        @Override
        public Type getDeceased() {
            throw new IllegalStateException("deceased[x] cannot be read");
        }
    }
}
