package org.carerelay.conflict;

import ca.uhn.fhir.rest.annotation.IdParam;
import ca.uhn.fhir.rest.annotation.Operation;
import ca.uhn.fhir.rest.annotation.OperationParam;
import ca.uhn.fhir.rest.api.server.RequestDetails;
import ca.uhn.fhir.rest.server.servlet.ServletRequestDetails;
import java.net.URLEncoder;
import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.time.ZoneId;
import java.time.temporal.ChronoUnit;
import java.util.List;
import java.util.Optional;
import java.util.Set;
import org.carerelay.config.CareRelayProperties;
import org.carerelay.conflict.ConflictService.Page;
import org.carerelay.conflict.rules.ConflictRule;
import org.carerelay.fhir.LocalServer;
import org.carerelay.server.OperationProvider;
import org.hl7.fhir.r4.model.CodeType;
import org.hl7.fhir.r4.model.DateType;
import org.hl7.fhir.r4.model.IdType;
import org.hl7.fhir.r4.model.IntegerType;
import org.hl7.fhir.r4.model.Parameters;
import org.hl7.fhir.r4.model.Patient;
import org.hl7.fhir.r4.model.StringType;
import org.hl7.fhir.r4.model.UriType;
import org.springframework.stereotype.Component;

/**
 * {@code Patient/[id]/$plan-conflicts} and {@code Patient/$plan-conflicts}: where a patient's plans contradict each
 * other, one document Bundle ({@code return}) per patient with conflicts, as {@code $care-gaps} answers gaps. The
 * population form takes the same filters and paging as {@code $care-gaps} ({@code subject}, {@code practitioner},
 * {@code organization}, {@code _count}, the {@code next} link).
 */
@Component
final class PlanConflictsProvider implements OperationProvider {

    private final ConflictService service;
    private final CareRelayProperties.Paging paging;
    private final ZoneId zone;
    private final LocalServer server;

    PlanConflictsProvider(ConflictService service, CareRelayProperties properties) {
        this.service = service;
        this.paging = properties.paging();
        this.zone = properties.timeZone();
        this.server = LocalServer.at(properties.serverAddress());
    }

    @Operation(name = "$plan-conflicts", type = Patient.class, idempotent = true)
    public Parameters planConflicts(
            @IdParam IdType patientId,
            @OperationParam(name = "asOf", max = 1) DateType asOf,
            @OperationParam(name = "rule") List<CodeType> rules,
            RequestDetails request) {
        ConflictQuery query = ConflictQuery.of(asOf, rules, zone, Instant.now());
        Parameters result = new Parameters();
        service.forPatient(patientId, query, request)
                .ifPresent(report -> result.addParameter().setName("return").setResource(report));
        return result;
    }

    @Operation(name = "$plan-conflicts", type = Patient.class, idempotent = true)
    public Parameters populationPlanConflicts(
            @OperationParam(name = "asOf", max = 1) DateType asOf,
            @OperationParam(name = "rule") List<CodeType> rules,
            @OperationParam(name = "subject", max = 1) StringType subject,
            @OperationParam(name = "practitioner", max = 1) StringType practitioner,
            @OperationParam(name = "organization", max = 1) StringType organization,
            @OperationParam(name = "_count", max = 1) IntegerType count,
            @OperationParam(name = "_cursor", max = 1) StringType cursor,
            RequestDetails request) {
        if (request.getParameters().containsKey("_offset")) {
            throw ConflictQuery.invalid(
                    "_offset is not supported by $plan-conflicts; follow the next link (_cursor) instead", "_offset");
        }
        ConflictQuery query = ConflictQuery.of(asOf, rules, zone, Instant.now().truncatedTo(ChronoUnit.MILLIS));
        String bySubject = reference("subject", subject, "Group", "Patient");
        String byPractitioner = reference("practitioner", practitioner, "Practitioner", "PractitionerRole");
        String byOrganization = reference("organization", organization, "Organization");
        int pageSize = pageSize(count);
        Page page;
        if (cursor != null && cursor.hasValue()) {
            String value = cursor.getValue();
            int dot = value.lastIndexOf('.');
            int offset = -1;
            try {
                offset = Integer.parseInt(value.substring(dot + 1));
            } catch (RuntimeException e) {
                // answered below
            }
            if (dot <= 0 || offset < 0) {
                throw ConflictQuery.invalid("_cursor '" + value + "' is not a cursor of this server", "_cursor");
            }
            page = service.next(value.substring(0, dot), offset, pageSize, query, request);
        } else {
            page = service.scope(bySubject, byPractitioner, byOrganization, request)
                    .map(scope -> service.first(scope, pageSize, query, request))
                    .orElse(new Page(List.of(), List.of(), Optional.empty()));
        }
        Parameters result = new Parameters();
        page.reports().forEach(report -> result.addParameter().setName("return").setResource(report));
        page.failures()
                .forEach(failure -> result.addParameter().setName("failure").setResource(failure));
        page.next().ifPresent(next -> {
            StringBuilder url = new StringBuilder(request.getFhirServerBase())
                    .append("/Patient/$plan-conflicts?asOf=")
                    .append(query.day());
            if (query.rules().size() < ConflictRule.values().length) {
                query.rules().forEach(rule -> append(url, "rule", rule.code()));
            }
            for (String[] filter : new String[][] {
                {"subject", bySubject}, {"practitioner", byPractitioner}, {"organization", byOrganization}
            }) {
                if (filter[1] != null) {
                    append(url, filter[0], filter[1]);
                }
            }
            append(url, "_count", String.valueOf(pageSize));
            append(url, "_cursor", next);
            result.addParameter().setName("next").setValue(new UriType(url.toString()));
            if (request instanceof ServletRequestDetails servlet) {
                servlet.getServletResponse().addHeader("Link", "<" + url + ">; rel=\"next\"");
            }
        });
        return result;
    }

    private int pageSize(IntegerType count) {
        if (count == null || count.getValue() == null) {
            return paging.defaultPageSize();
        }
        if (count.getValue() < 1 || count.getValue() > paging.maxPageSize()) {
            throw ConflictQuery.invalid(
                    "_count must be between 1 and " + paging.maxPageSize() + ", not " + count.getValue(), "_count");
        }
        return count.getValue();
    }

    private String reference(String parameter, StringType given, String... types) {
        if (given == null || !given.hasValue() || given.getValue().isBlank()) {
            return null;
        }
        String value = given.getValue().trim();
        String key = server.key(value);
        IdType id = new IdType(key == null ? "" : key);
        if (!server.isLocal(value)
                || !id.hasIdPart()
                || !id.hasResourceType()
                || !Set.of(types).contains(id.getResourceType())) {
            throw ConflictQuery.invalid(
                    parameter + " '" + given.getValue() + "' must be a reference to a " + String.join(" or ", types)
                            + ", such as " + types[0] + "/123",
                    parameter);
        }
        return id.toUnqualifiedVersionless().getValue();
    }

    private static void append(StringBuilder url, String name, String value) {
        url.append('&').append(name).append('=').append(URLEncoder.encode(value, StandardCharsets.UTF_8));
    }
}
