package org.carerelay.server;

import static org.assertj.core.api.Assertions.assertThat;

import ca.uhn.fhir.rest.server.exceptions.BaseServerResponseException;
import ca.uhn.fhir.rest.server.exceptions.InternalErrorException;
import java.sql.SQLTimeoutException;
import java.time.Duration;
import java.util.Map;
import org.carerelay.config.CareRelayProperties;
import org.hl7.fhir.r4.model.OperationOutcome;
import org.hl7.fhir.r4.model.OperationOutcome.IssueType;
import org.junit.jupiter.api.Test;
import org.springframework.boot.context.properties.bind.Bindable;
import org.springframework.boot.context.properties.bind.Binder;
import org.springframework.boot.context.properties.source.MapConfigurationPropertySource;
import org.springframework.mock.web.MockHttpServletRequest;
import org.springframework.mock.web.MockHttpServletResponse;

class RequestTimeoutInterceptorTest {

    private final RequestTimeoutInterceptor interceptor = new RequestTimeoutInterceptor(defaults());

    @Test
    void aCancelledStatementDeepInHapisWrappingIsTooCostly() {
        SQLTimeoutException cancelled =
                new SQLTimeoutException("The request ran past its deadline (carerelay.limits.request-timeout)");
        InternalErrorException wrapped =
                new InternalErrorException("HAPI-2223: could not execute query", new RuntimeException(cancelled));

        BaseServerResponseException answer = interceptor.deadlinePassed(wrapped);

        assertThat(answer.getStatusCode()).isEqualTo(400);
        OperationOutcome.OperationOutcomeIssueComponent issue =
                ((OperationOutcome) answer.getOperationOutcome()).getIssueFirstRep();
        assertThat(issue.getCode()).isEqualTo(IssueType.TOOCOSTLY);
        assertThat(issue.getDiagnostics()).contains("30 seconds").contains("carerelay.limits.request-timeout");
    }

    @Test
    void otherFailuresAreLeftAlone() {
        assertThat(interceptor.deadlinePassed(new InternalErrorException("boom", new SQLTimeoutException("lock"))))
                .isNull();
    }

    @Test
    void theDeadlineIsInWholeSecondsAndAtLeastOne() throws Exception {
        assertThat(RequestDeadline.secondsLeft()).isEmpty();
        new RequestDeadline(Duration.ofMillis(1500))
                .doFilter(
                        new MockHttpServletRequest(),
                        new MockHttpServletResponse(),
                        (request, response) ->
                                assertThat(RequestDeadline.secondsLeft()).hasValue(2));
        assertThat(RequestDeadline.secondsLeft()).isEmpty();
    }

    private static CareRelayProperties defaults() {
        return new Binder(new MapConfigurationPropertySource(Map.of("carerelay.server-address", "")))
                .bindOrCreate("carerelay", Bindable.of(CareRelayProperties.class));
    }
}
