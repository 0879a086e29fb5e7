package org.carerelay.metrics;

import ca.uhn.fhir.rest.annotation.Operation;
import ca.uhn.fhir.rest.annotation.OperationParam;
import ca.uhn.fhir.rest.api.server.RequestDetails;
import java.time.ZoneId;
import java.util.List;
import org.carerelay.config.CareRelayProperties;
import org.carerelay.server.OperationProvider;
import org.hl7.fhir.r4.model.CodeType;
import org.hl7.fhir.r4.model.DateType;
import org.hl7.fhir.r4.model.MeasureReport;
import org.hl7.fhir.r4.model.StringType;
import org.springframework.stereotype.Component;

/**
 * {@code [base]/$coordination-metrics}: a summary MeasureReport of the coordination metrics over a period, for the
 * population the filters name.
 */
@Component
final class CoordinationMetricsProvider implements OperationProvider {

    private final MetricsService service;
    private final PopulationFilter filter;
    private final ZoneId zone;

    CoordinationMetricsProvider(MetricsService service, PopulationFilter filter, CareRelayProperties properties) {
        this.service = service;
        this.filter = filter;
        this.zone = properties.timeZone();
    }

    @Operation(name = "$coordination-metrics", idempotent = true)
    public MeasureReport coordinationMetrics(
            @OperationParam(name = "periodStart", max = 1) DateType periodStart,
            @OperationParam(name = "periodEnd", max = 1) DateType periodEnd,
            @OperationParam(name = "interval", max = 1) CodeType interval,
            @OperationParam(name = "metric") List<CodeType> metrics,
            @OperationParam(name = "subject", max = 1) StringType subject,
            @OperationParam(name = "organization", max = 1) StringType organization,
            @OperationParam(name = "practitioner", max = 1) StringType practitioner,
            @OperationParam(name = "careTeam", max = 1) StringType careTeam,
            RequestDetails request) {
        MetricQuery query = MetricQuery.of(periodStart, periodEnd, value(interval), metrics, zone);
        Population population =
                filter.of(value(subject), value(organization), value(careTeam), value(practitioner), request);
        return service.report(query, population, request);
    }

    private static String value(org.hl7.fhir.r4.model.PrimitiveType<?> given) {
        return given == null || !given.hasValue() || given.getValueAsString().isBlank()
                ? null
                : given.getValueAsString();
    }
}
