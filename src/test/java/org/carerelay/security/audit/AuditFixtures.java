package org.carerelay.security.audit;

import static org.assertj.core.api.Assertions.assertThat;

import ca.uhn.fhir.context.FhirContext;
import java.net.InetAddress;
import java.net.UnknownHostException;
import java.nio.charset.StandardCharsets;
import java.util.List;
import org.carerelay.testing.RawHttp.Response;
import org.hl7.fhir.r4.model.AuditEvent;
import org.hl7.fhir.r4.model.AuditEvent.AuditEventEntityComponent;
import org.hl7.fhir.r4.model.Bundle;
import org.hl7.fhir.r4.model.IdType;
import org.hl7.fhir.r4.model.OperationOutcome;

/** Reading AuditEvents in tests: what an event names as data, patient and query, and the answers of the API. */
final class AuditFixtures {

    static final FhirContext FHIR = FhirContext.forR4Cached();

    private AuditFixtures() {}

    static List<AuditEvent> bundle(Response response) {
        assertThat(response.status()).as(response.body()).isEqualTo(200);
        return FHIR.newJsonParser().parseResource(Bundle.class, response.body()).getEntry().stream()
                .map(entry -> (AuditEvent) entry.getResource())
                .toList();
    }

    static AuditEvent single(List<AuditEvent> events) {
        assertThat(events).hasSize(1);
        return events.get(0);
    }

    static String location(Response response) {
        return response.header("Location").replaceAll(".*/fhir/", "").replaceAll("/_history/.*", "");
    }

    /** The resources an event names as data ("Type/id"). */
    static List<String> data(AuditEvent event) {
        return event.getEntity().stream()
                .filter(entity -> "4".equals(entity.getRole().getCode()))
                .map(entity -> new IdType(entity.getWhat().getReference())
                        .toUnqualifiedVersionless()
                        .getValue())
                .toList();
    }

    static List<String> patients(AuditEvent event) {
        return event.getEntity().stream()
                .filter(entity -> "1".equals(entity.getRole().getCode()))
                .map(entity -> new IdType(entity.getWhat().getReference())
                        .toUnqualifiedVersionless()
                        .getValue())
                .toList();
    }

    static List<String> queries(AuditEvent event) {
        return event.getEntity().stream()
                .filter(AuditEventEntityComponent::hasQuery)
                .map(entity -> new String(entity.getQuery(), StandardCharsets.UTF_8))
                .toList();
    }

    static String signature(String jwt) {
        return jwt.substring(jwt.lastIndexOf('.') + 1);
    }

    static void assertLoopback(String address) {
        try {
            assertThat(InetAddress.getByName(address).isLoopbackAddress())
                    .as(address)
                    .isTrue();
        } catch (UnknownHostException e) {
            throw new AssertionError(address, e);
        }
    }

    static void assertNotAllowed(Response response) {
        assertThat(response.status()).as(response.body()).isEqualTo(405);
        OperationOutcome outcome = response.outcome();
        assertThat(outcome.getIssueFirstRep().getDiagnostics()).contains(ReadOnlyAuditEvents.MESSAGE);
    }
}
