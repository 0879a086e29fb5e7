package org.carerelay.caregap;

import ca.uhn.fhir.rest.annotation.IdParam;
import ca.uhn.fhir.rest.annotation.Operation;
import ca.uhn.fhir.rest.annotation.OperationParam;
import ca.uhn.fhir.rest.api.server.RequestDetails;
import ca.uhn.fhir.rest.server.servlet.ServletRequestDetails;
import java.net.URLEncoder;
import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.time.ZoneId;
import java.util.List;
import java.util.Optional;
import org.carerelay.caregap.CareGapService.Page;
import org.carerelay.caregap.rules.CareGapRule;
import org.carerelay.config.CareRelayProperties;
import org.carerelay.server.OperationProvider;
import org.hl7.fhir.r4.model.CodeType;
import org.hl7.fhir.r4.model.DateType;
import org.hl7.fhir.r4.model.IdType;
import org.hl7.fhir.r4.model.InstantType;
import org.hl7.fhir.r4.model.IntegerType;
import org.hl7.fhir.r4.model.Measure;
import org.hl7.fhir.r4.model.Parameters;
import org.hl7.fhir.r4.model.Patient;
import org.hl7.fhir.r4.model.StringType;
import org.hl7.fhir.r4.model.UriType;
import org.springframework.stereotype.Component;

/**
 * {@code Patient/[id]/$care-gaps} and {@code Patient/$care-gaps}: open care gaps as DEQM gaps-in-care reports, one
 * document Bundle per patient with gaps. The population form answers a page of reports at a time; the link to the
 * next page is the {@code next} parameter and the HTTP {@code Link} header. A patient whose record could not be
 * evaluated is a {@code failure} parameter (an OperationOutcome) on the population's page, so that one record never
 * costs the others their reports; on the instance form it is a 500 with that OperationOutcome.
 */
@Component
final class CareGapsProvider implements OperationProvider {

    private final CareGapService service;
    private final PopulationScope scope;
    private final CareRelayProperties.Paging paging;
    private final ZoneId zone;

    CareGapsProvider(CareGapService service, PopulationScope scope, CareRelayProperties properties) {
        this.service = service;
        this.scope = scope;
        this.paging = properties.paging();
        this.zone = properties.timeZone();
    }

    @Operation(name = "$care-gaps", type = Patient.class, idempotent = true)
    public Parameters careGaps(
            @IdParam IdType patientId,
            @OperationParam(name = "asOf", max = 1) DateType asOf,
            @OperationParam(name = "periodEnd", max = 1) DateType periodEnd,
            @OperationParam(name = "periodStart", max = 1) DateType periodStart,
            @OperationParam(name = "rule") List<CodeType> rules,
            @OperationParam(name = "status") List<CodeType> statuses,
            RequestDetails request) {
        GapQuery query = GapQuery.of(asOf, periodEnd, rules, statuses, zone, Instant.now());
        Parameters result = new Parameters();
        service.forPatient(patientId, query, request)
                .ifPresent(report -> result.addParameter().setName("return").setResource(report));
        return result;
    }

    @Operation(name = "$care-gaps", type = Patient.class, idempotent = true)
    public Parameters populationCareGaps(
            @OperationParam(name = "asOf", max = 1) DateType asOf,
            @OperationParam(name = "periodEnd", max = 1) DateType periodEnd,
            @OperationParam(name = "periodStart", max = 1) DateType periodStart,
            @OperationParam(name = "rule") List<CodeType> rules,
            @OperationParam(name = "status") List<CodeType> statuses,
            @OperationParam(name = "subject", max = 1) StringType subject,
            @OperationParam(name = "practitioner", max = 1) StringType practitioner,
            @OperationParam(name = "organization", max = 1) StringType organization,
            @OperationParam(name = "_count", max = 1) IntegerType count,
            @OperationParam(name = "_cursor", max = 1) StringType cursor,
            @OperationParam(name = "_at", max = 1) InstantType at,
            RequestDetails request) {
        GapQuery query = GapQuery.of(asOf, periodEnd, rules, statuses, zone, evaluatedAt(at));
        return population(PATIENT_FORM, query, statuses, subject, practitioner, organization, count, cursor, request);
    }

    /**
     * Da Vinci DEQM's {@code Measure/$care-gaps}: the same population reports, the rules named as the Measures this
     * server publishes for them ({@code measureId}, {@code measureUrl}, {@code measureIdentifier}; default all), the
     * day judged as {@code periodEnd} (as on {@code Patient/$care-gaps}; {@code periodStart} is accepted and ignored).
     */
    @Operation(name = "$care-gaps", type = Measure.class, idempotent = true)
    public Parameters measureCareGaps(
            @OperationParam(name = "periodStart", max = 1) DateType periodStart,
            @OperationParam(name = "periodEnd", max = 1) DateType periodEnd,
            @OperationParam(name = "subject", max = 1) StringType subject,
            @OperationParam(name = "practitioner", max = 1) StringType practitioner,
            @OperationParam(name = "organization", max = 1) StringType organization,
            @OperationParam(name = "status") List<CodeType> statuses,
            @OperationParam(name = "measureId") List<StringType> measureIds,
            @OperationParam(name = "measureUrl") List<UriType> measureUrls,
            @OperationParam(name = "measureIdentifier") List<StringType> measureIdentifiers,
            @OperationParam(name = "_count", max = 1) IntegerType count,
            @OperationParam(name = "_cursor", max = 1) StringType cursor,
            @OperationParam(name = "_at", max = 1) InstantType at,
            RequestDetails request) {
        List<CodeType> rules = MeasureSelection.rules(measureIds, measureUrls, measureIdentifiers);
        GapQuery query = GapQuery.of(null, periodEnd, rules, statuses, zone, evaluatedAt(at));
        return population(MEASURE_FORM, query, statuses, subject, practitioner, organization, count, cursor, request);
    }

    /** How an operation's next link is written: its path and its names for the day and the rules. */
    private record Form(String path, String day, String rule) {}

    private static final Form PATIENT_FORM = new Form("/Patient/$care-gaps", "asOf", "rule");
    private static final Form MEASURE_FORM = new Form("/Measure/$care-gaps", "periodEnd", "measureId");

    /** A walk of today's population keeps the instant its first page was judged at. */
    private static Instant evaluatedAt(InstantType at) {
        return at != null && at.getValue() != null
                ? at.getValue().toInstant()
                : Instant.now().truncatedTo(java.time.temporal.ChronoUnit.MILLIS);
    }

    private Parameters population(
            Form form,
            GapQuery query,
            List<CodeType> statuses,
            StringType subject,
            StringType practitioner,
            StringType organization,
            IntegerType count,
            StringType cursor,
            RequestDetails request) {
        if (request.getParameters().containsKey("_offset")) {
            // HAPI would turn the population into a one-page synchronous search and the walk would end early.
            throw GapQuery.invalid("_offset is not supported by $care-gaps; follow the next link (_cursor) instead");
        }
        int pageSize = pageSize(count);
        CareGapService.InScope inScope = scope.responsibleFor(practitioner);
        Page page;
        if (cursor != null && cursor.hasValue()) {
            page = service.forPopulation(Cursor.parse(cursor.getValue()), inScope, pageSize, query, request);
        } else {
            page = scope.search(subject, practitioner, organization, request)
                    .map(search -> service.forPopulation(search, inScope, pageSize, query, request))
                    .orElse(new Page(List.of(), List.of(), Optional.empty()));
        }
        Parameters result = new Parameters();
        page.reports().forEach(report -> result.addParameter().setName("return").setResource(report));
        page.failures()
                .forEach(failure -> result.addParameter().setName("failure").setResource(failure));
        page.next().ifPresent(next -> {
            String url = nextLink(form, request, query, statuses, subject, practitioner, organization, pageSize, next);
            result.addParameter().setName("next").setValue(new UriType(url));
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
            throw GapQuery.invalid(
                    "_count must be between 1 and " + paging.maxPageSize() + ", not " + count.getValue());
        }
        return count.getValue();
    }

    /**
     * The next page, with every parameter of this one and the day pinned (and, when the day is today, the evaluation
     * instant), so a walk sees one consistent day and measures hours to one instant.
     */
    private static String nextLink(
            Form form,
            RequestDetails request,
            GapQuery query,
            List<CodeType> statuses,
            StringType subject,
            StringType practitioner,
            StringType organization,
            int pageSize,
            Cursor next) {
        StringBuilder url = new StringBuilder(request.getFhirServerBase()).append(form.path());
        url.append('?').append(form.day()).append('=').append(query.day());
        if (query.asOf().instant().before(query.asOf().endOfDay())) {
            append(url, "_at", query.now().toString());
        }
        if (query.rules().size() < CareGapRule.values().length) {
            query.rules().forEach(rule -> append(url, form.rule(), rule.code()));
        }
        if (statuses != null && !statuses.isEmpty()) {
            append(url, "status", "open-gap");
        }
        appendIfGiven(url, "subject", subject);
        appendIfGiven(url, "practitioner", practitioner);
        appendIfGiven(url, "organization", organization);
        append(url, "_count", String.valueOf(pageSize));
        append(url, "_cursor", next.toString());
        return url.toString();
    }

    private static void appendIfGiven(StringBuilder url, String name, StringType value) {
        if (value != null && value.hasValue()) {
            append(url, name, value.getValue());
        }
    }

    private static void append(StringBuilder url, String name, String value) {
        url.append('&').append(name).append('=').append(URLEncoder.encode(value, StandardCharsets.UTF_8));
    }
}
