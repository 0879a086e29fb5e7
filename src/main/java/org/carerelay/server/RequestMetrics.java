package org.carerelay.server;

import ca.uhn.fhir.interceptor.api.Hook;
import ca.uhn.fhir.interceptor.api.Interceptor;
import ca.uhn.fhir.interceptor.api.Pointcut;
import ca.uhn.fhir.rest.api.RestOperationTypeEnum;
import ca.uhn.fhir.rest.api.server.RequestDetails;
import ca.uhn.fhir.rest.server.servlet.ServletRequestDetails;
import io.micrometer.core.instrument.MeterRegistry;
import io.micrometer.core.instrument.Timer;
import java.time.Duration;
import org.springframework.stereotype.Component;

/**
 * One timer per FHIR request, tagged by interaction ({@code read}, {@code search-type}, {@code transaction},
 * {@code extended-operation-instance}, ...), resource type and status, as {@code carerelay_fhir_requests_seconds} on
 * the Prometheus endpoint. Tags come from fixed lists (HAPI's interactions, the server's resource types, HTTP
 * statuses), so a client cannot make them grow without bound.
 */
@Component
@Interceptor
final class RequestMetrics implements ServerInterceptor {

    static final String NAME = "carerelay.fhir.requests";

    private final MeterRegistry meters;

    RequestMetrics(MeterRegistry meters) {
        this.meters = meters;
    }

    @Hook(Pointcut.SERVER_PROCESSING_COMPLETED)
    public void completed(RequestDetails request, ServletRequestDetails servlet) {
        RestOperationTypeEnum interaction = request.getRestOperationType();
        String type = request.getResourceName();
        int status = servlet == null || servlet.getServletResponse() == null
                ? 0
                : servlet.getServletResponse().getStatus();
        Duration took = request.getRequestStopwatch() == null
                ? Duration.ZERO
                : Duration.ofMillis(request.getRequestStopwatch().getMillis());
        Timer.builder(NAME)
                .description("FHIR requests by interaction, resource type and status")
                .tag("interaction", interaction == null ? "unknown" : interaction.getCode())
                .tag("resource_type", type == null ? "none" : type)
                .tag("status", Integer.toString(status))
                .register(meters)
                .record(took);
    }
}
