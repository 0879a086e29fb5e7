package org.carerelay.registry;

import ca.uhn.fhir.rest.annotation.Operation;
import ca.uhn.fhir.rest.annotation.OperationParam;
import ca.uhn.fhir.rest.api.server.RequestDetails;
import ca.uhn.fhir.rest.server.servlet.ServletRequestDetails;
import java.net.URLEncoder;
import java.nio.charset.StandardCharsets;
import java.time.ZoneId;
import java.util.List;
import java.util.Optional;
import java.util.Set;
import org.carerelay.config.CareRelayProperties;
import org.carerelay.fhir.LocalServer;
import org.carerelay.registry.RegistryService.Page;
import org.carerelay.registry.rules.RegistryEntry;
import org.carerelay.registry.rules.RegistryStatus;
import org.carerelay.server.OperationProvider;
import org.hl7.fhir.r4.model.CodeType;
import org.hl7.fhir.r4.model.DateType;
import org.hl7.fhir.r4.model.IdType;
import org.hl7.fhir.r4.model.IntegerType;
import org.hl7.fhir.r4.model.Parameters;
import org.hl7.fhir.r4.model.Parameters.ParametersParameterComponent;
import org.hl7.fhir.r4.model.Patient;
import org.hl7.fhir.r4.model.Reference;
import org.hl7.fhir.r4.model.StringType;
import org.hl7.fhir.r4.model.UriType;
import org.springframework.stereotype.Component;

/**
 * {@code Patient/$depression-registry}: the collaborative-care registry, a page at a time. Each patient is an
 * {@code entry} parameter whose parts are the registry's columns; the next page is the {@code next} parameter and the
 * HTTP Link header, as with {@code $care-gaps}.
 */
@Component
final class DepressionRegistryProvider implements OperationProvider {

    private final RegistryService service;
    private final CareRelayProperties.Paging paging;
    private final ZoneId zone;
    private final LocalServer server;

    DepressionRegistryProvider(RegistryService service, CareRelayProperties properties) {
        this.service = service;
        this.paging = properties.paging();
        this.zone = properties.timeZone();
        this.server = LocalServer.at(properties.serverAddress());
    }

    @Operation(name = "$depression-registry", type = Patient.class, idempotent = true)
    public Parameters registry(
            @OperationParam(name = "asOf", max = 1) DateType asOf,
            @OperationParam(name = "status") List<CodeType> statuses,
            @OperationParam(name = "practitioner", max = 1) StringType practitioner,
            @OperationParam(name = "organization", max = 1) StringType organization,
            @OperationParam(name = "_count", max = 1) IntegerType count,
            @OperationParam(name = "_cursor", max = 1) StringType cursor,
            RequestDetails request) {
        RegistryQuery query = RegistryQuery.of(asOf, statuses, zone);
        if (request.getParameters().containsKey("_offset")) {
            // HAPI would turn the walk into one synchronous search and it would end early.
            throw RegistryQuery.invalid(
                    "_offset is not supported by $depression-registry; follow the next link (_cursor) instead",
                    "_offset");
        }
        String byPractitioner = reference("practitioner", practitioner, "Practitioner", "PractitionerRole");
        String byOrganization = reference("organization", organization, "Organization");
        int pageSize = pageSize(count);
        Page page;
        if (cursor != null && cursor.hasValue()) {
            int dot = cursor.getValue().lastIndexOf('.');
            int offset;
            try {
                offset = Integer.parseInt(cursor.getValue().substring(dot + 1));
            } catch (RuntimeException e) {
                throw RegistryQuery.invalid(
                        "_cursor '" + cursor.getValue() + "' is not a cursor of this server", "_cursor");
            }
            if (dot <= 0 || offset < 0) {
                throw RegistryQuery.invalid(
                        "_cursor '" + cursor.getValue() + "' is not a cursor of this server", "_cursor");
            }
            page = service.next(
                    cursor.getValue().substring(0, dot), offset, query.statuses(), pageSize, query.asOf(), request);
        } else {
            page = service.scope(byOrganization, byPractitioner, request)
                    .map(scope -> service.first(scope, query.statuses(), pageSize, query.asOf(), request))
                    .orElse(new Page(List.of(), Optional.empty()));
        }
        Parameters result = new Parameters();
        page.entries().forEach(entry -> result.addParameter(entry(entry)));
        page.next().ifPresent(next -> {
            StringBuilder url = new StringBuilder(request.getFhirServerBase())
                    .append("/Patient/$depression-registry?asOf=")
                    .append(query.asOf());
            if (query.statuses().size() < RegistryStatus.values().length) {
                query.statuses().forEach(s -> append(url, "status", s.code()));
            }
            if (byPractitioner != null) {
                append(url, "practitioner", byPractitioner);
            }
            if (byOrganization != null) {
                append(url, "organization", byOrganization);
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

    static ParametersParameterComponent entry(RegistryEntry entry) {
        ParametersParameterComponent parameter = new ParametersParameterComponent().setName("entry");
        parameter.addPart().setName("patient").setValue(new Reference(entry.patient()));
        parameter
                .addPart()
                .setName("status")
                .setValue(new CodeType(entry.status().code()));
        integer(parameter, "baselinePhq9", entry.baseline());
        date(parameter, "baselineDate", entry.baselineDate());
        integer(parameter, "latestPhq9", entry.latest());
        date(parameter, "latestDate", entry.latestDate());
        integer(parameter, "change", entry.change());
        integer(parameter, "weeksInCare", entry.weeksInCare());
        date(parameter, "lastContact", entry.lastContact());
        date(parameter, "nextContactDue", entry.nextContactDue());
        if (entry.careManager() != null) {
            parameter.addPart().setName("careManager").setValue(entry.careManager());
        }
        if (entry.psychiatricConsultant() != null) {
            parameter.addPart().setName("psychiatricConsultant").setValue(entry.psychiatricConsultant());
        }
        return parameter;
    }

    private static void integer(ParametersParameterComponent parameter, String name, Integer value) {
        if (value != null) {
            parameter.addPart().setName(name).setValue(new IntegerType(value));
        }
    }

    private static void date(ParametersParameterComponent parameter, String name, java.time.LocalDate value) {
        if (value != null) {
            parameter.addPart().setName(name).setValue(new DateType(value.toString()));
        }
    }

    private int pageSize(IntegerType count) {
        if (count == null || count.getValue() == null) {
            return paging.defaultPageSize();
        }
        if (count.getValue() < 1 || count.getValue() > paging.maxPageSize()) {
            throw RegistryQuery.invalid(
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
            throw RegistryQuery.invalid(
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
