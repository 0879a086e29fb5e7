package org.carerelay.caregap;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.catchThrowableOfType;

import ca.uhn.fhir.rest.api.server.RequestDetails;
import ca.uhn.fhir.rest.api.server.SystemRequestDetails;
import ca.uhn.fhir.rest.server.FifoMemoryPagingProvider;
import ca.uhn.fhir.rest.server.exceptions.InternalErrorException;
import io.micrometer.core.instrument.simple.SimpleMeterRegistry;
import java.util.Date;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import org.carerelay.caregap.rules.PatientRecord;
import org.carerelay.caregap.rules.RecordPart;
import org.carerelay.caregap.rules.ShippedConflicts;
import org.carerelay.config.CareRelayProperties;
import org.hl7.fhir.r4.model.Bundle;
import org.hl7.fhir.r4.model.Composition;
import org.hl7.fhir.r4.model.DateTimeType;
import org.hl7.fhir.r4.model.DateType;
import org.hl7.fhir.r4.model.IdType;
import org.hl7.fhir.r4.model.OperationOutcome;
import org.hl7.fhir.r4.model.OperationOutcome.IssueSeverity;
import org.hl7.fhir.r4.model.OperationOutcome.IssueType;
import org.hl7.fhir.r4.model.Parameters;
import org.hl7.fhir.r4.model.Parameters.ParametersParameterComponent;
import org.hl7.fhir.r4.model.Patient;
import org.hl7.fhir.r4.model.ServiceRequest;
import org.hl7.fhir.r4.model.Type;
import org.junit.jupiter.api.Test;

/**
 * A record the rules still trip over, through the provider and the service as the server wires them, with the read
 * port and the stored population in memory. The rules are total, so the record here is one no store would hold: a
 * patient that throws when its {@code deceased[x]} is read.
 */
class UnevaluableRecordTest {

    private static final DateType AS_OF = new DateType("2026-06-30");
    private static final String FAILURE_TEXT = "The care gaps of Patient/b could not be evaluated: the care-gap rules"
            + " failed on a resource of the record; the server log has the details";

    private final Map<String, PatientRecord> stored = new LinkedHashMap<>();
    private final FifoMemoryPagingProvider searches = new FifoMemoryPagingProvider(10);
    private final RequestDetails request = new SystemRequestDetails();
    private final SimpleMeterRegistry meters = new SimpleMeterRegistry();
    private final CareGapsProvider provider;
    private int loaded;

    UnevaluableRecordTest() {
        PatientRecords records = new PatientRecords() {
            @Override
            public Patient patient(IdType patientId, Date asOf, RequestDetails request) {
                return stored.get(patientId.getIdPart()).patient();
            }

            @Override
            public List<PatientRecord> load(
                    List<Patient> patients, Date asOf, Set<RecordPart> parts, RequestDetails request) {
                loaded += patients.size();
                return patients.stream()
                        .map(p -> stored.get(p.getIdElement().getIdPart()))
                        .toList();
            }
        };
        CareGapProperties defaults = new CareGapProperties(
                null, null, null, null, null, null, null, null, null, null, null, null, null, null, null);
        CareRelayProperties server = new CareRelayProperties(
                null, java.time.ZoneOffset.UTC, new CareRelayProperties.Paging(20, 500, null), null, null);
        provider = new CareGapsProvider(
                new CareGapService(records, null, null, searches, defaults, server, meters, ShippedConflicts.RULES),
                new PopulationScope(null, server),
                server);
        ((SystemRequestDetails) request).setFhirServerBase("http://localhost/fhir");
        withOpenReferral(new Patient(), "a");
        withOpenReferral(new UnreadablePatient(), "b");
        withOpenReferral(new Patient(), "c");
    }

    @Test
    void populationPageListsTheFailedPatientAndKeepsTheOthersReports() {
        Parameters page = population(20);

        assertThat(page.getParameter())
                .extracting(ParametersParameterComponent::getName)
                .containsExactly("return", "return", "failure");
        assertThat(page.getParameter().subList(0, 2))
                .extracting(p -> ((Composition)
                                ((Bundle) p.getResource()).getEntryFirstRep().getResource())
                        .getSubject()
                        .getReference())
                .containsExactly("Patient/a", "Patient/c");
        assertFailureOfB((OperationOutcome) page.getParameter().get(2).getResource());
        assertThat(meters.get("carerelay.care-gaps.unevaluable").counter().count())
                .isEqualTo(1.0);
        assertThat(meters.get("carerelay.care-gaps.found")
                        .tag("rule", "referral-open")
                        .counter()
                        .count())
                .isEqualTo(2.0);
        assertThat(meters.get("carerelay.care-gaps.runs")
                        .tag("scope", "population")
                        .tag("outcome", "success")
                        .timer()
                        .count())
                .isEqualTo(1);
    }

    @Test
    void aFailureCountsTowardsThePageSize() {
        stored.remove("a");

        Parameters page = population(1);

        assertThat(page.getParameter())
                .extracting(ParametersParameterComponent::getName)
                .containsExactly("failure", "next");
        assertFailureOfB((OperationOutcome) page.getParameter().get(0).getResource());
    }

    /** A page of one report reads as few patients as it takes, not a batch of a hundred the next page reads again. */
    @Test
    void aPageOfOneReadsOnlyThePatientsItNeeds() {
        stored.remove("b");
        for (int i = 0; i < 150; i++) {
            // no gap: an empty record
            Patient patient = new Patient();
            patient.setId("Patient/n" + i);
            stored.put(
                    "n" + i,
                    new PatientRecord(
                            patient, List.of(), List.of(), List.of(), List.of(), List.of(), List.of(), List.of(),
                            List.of(), List.of()));
        }

        Parameters first = population(1);
        int afterFirst = loaded;

        assertThat(first.getParameter())
                .extracting(ParametersParameterComponent::getName)
                .containsExactly("return", "next");
        assertThat(afterFirst).isEqualTo(1);
        // the second report, c, is the second patient: read in a batch of two (c and n0)
        Parameters second = next(first);
        assertThat(second.getParameter())
                .extracting(ParametersParameterComponent::getName)
                .containsExactly("return", "next");
        assertThat(loaded - afterFirst).isEqualTo(1);
        // the last page examines the 150 patients without gaps in batches of 1, 2, 4, ... 100 and reads each once
        Parameters last = next(second);
        assertThat(last.getParameter()).isEmpty();
        assertThat(loaded).isEqualTo(152);
    }

    @Test
    void onePatientWhoseRecordFailsIsA500WithTheOutcomeNotAnEmptyAnswer() {
        InternalErrorException thrown = catchThrowableOfType(
                InternalErrorException.class,
                () -> provider.careGaps(new IdType("Patient/b"), AS_OF, null, null, null, null, request));

        assertThat(thrown.getStatusCode()).isEqualTo(500);
        assertThat(thrown.getMessage()).isEqualTo(FAILURE_TEXT);
        assertFailureOfB((OperationOutcome) thrown.getOperationOutcome());
    }

    private Parameters population(int count) {
        List<Patient> patients =
                stored.values().stream().map(PatientRecord::patient).toList();
        return page(count, PopulationPages.stored(searches, request, patients) + ".0");
    }

    private Parameters next(Parameters page) {
        String link = PopulationPages.nextLink(page).orElseThrow();
        String count = link.replaceAll(".*_count=(\\d+).*", "$1");
        return page(Integer.parseInt(count), PopulationPages.cursorOf(link));
    }

    private Parameters page(int count, String cursor) {
        return PopulationPages.page(provider, AS_OF, count, cursor, request);
    }

    private static void assertFailureOfB(OperationOutcome failure) {
        assertThat(failure.getIssue()).singleElement().satisfies(issue -> {
            assertThat(issue.getSeverity()).isEqualTo(IssueSeverity.ERROR);
            assertThat(issue.getCode()).isEqualTo(IssueType.EXCEPTION);
            assertThat(issue.getDetails().getText()).isEqualTo(FAILURE_TEXT);
            assertThat(issue.getDiagnostics()).isEqualTo("IllegalStateException");
        });
    }

    private void withOpenReferral(Patient patient, String id) {
        patient.setId("Patient/" + id);
        ServiceRequest referral = new ServiceRequest()
                .setStatus(ServiceRequest.ServiceRequestStatus.ACTIVE)
                .setIntent(ServiceRequest.ServiceRequestIntent.ORDER)
                .setAuthoredOnElement(new DateTimeType("2026-05-01"));
        referral.setId("ServiceRequest/" + id);
        stored.put(
                id,
                new PatientRecord(
                        patient,
                        List.of(),
                        List.of(referral),
                        List.of(),
                        List.of(),
                        List.of(),
                        List.of(),
                        List.of(),
                        List.of(),
                        List.of()));
    }

    /** A patient the rules cannot read: a stand-in for whatever shape a rule might still trip over. */
    private static final class UnreadablePatient extends Patient {
        @Override
        public Type getDeceased() {
            throw new IllegalStateException("deceased[x] cannot be read");
        }
    }
}
