package org.carerelay.server;

import static org.assertj.core.api.Assertions.assertThat;

import ca.uhn.fhir.rest.server.exceptions.BaseServerResponseException;
import ca.uhn.fhir.rest.server.exceptions.InternalErrorException;
import ca.uhn.fhir.rest.server.exceptions.InvalidRequestException;
import java.sql.SQLException;
import java.sql.SQLTimeoutException;
import java.sql.SQLTransientConnectionException;
import org.hl7.fhir.r4.model.OperationOutcome;
import org.hl7.fhir.r4.model.OperationOutcome.IssueType;
import org.junit.jupiter.api.Test;

class DatabaseOutageInterceptorTest {

    private final DatabaseOutageInterceptor interceptor = new DatabaseOutageInterceptor();

    @Test
    void aLostConnectionHoweverWrappedIsServiceUnavailableWithRetryAfter() {
        Throwable wrapped = new InternalErrorException(
                "HAPI-0389", new RuntimeException(new SQLTransientConnectionException("pool timed out")));

        BaseServerResponseException answer = interceptor.databaseUnreachable(wrapped);

        assertThat(answer.getStatusCode()).isEqualTo(503);
        assertThat(answer.getResponseHeaders()).containsEntry("Retry-After", java.util.List.of("5"));
        OperationOutcome outcome = (OperationOutcome) answer.getOperationOutcome();
        assertThat(outcome.getIssueFirstRep().getCode()).isEqualTo(IssueType.TRANSIENT);
    }

    @Test
    void connectionStatesAndShutdownStatesAreOutages() {
        assertThat(DatabaseOutageInterceptor.isOutage(new SQLException("I/O error", "08006")))
                .isTrue();
        assertThat(DatabaseOutageInterceptor.isOutage(new SQLException("terminating", "57P01")))
                .isTrue();
        assertThat(DatabaseOutageInterceptor.isOutage(
                        new InternalErrorException("HAPI-1262: HikariPool-1 - Connection is not available")))
                .isTrue();
    }

    @Test
    void otherFailuresAreLeftAlone() {
        assertThat(interceptor.databaseUnreachable(new InvalidRequestException("bad")))
                .isNull();
        assertThat(DatabaseOutageInterceptor.isOutage(new SQLException("duplicate key", "23505")))
                .isFalse();
        assertThat(DatabaseOutageInterceptor.isOutage(new SQLTimeoutException("cancelled", "57014")))
                .isFalse();
        assertThat(DatabaseOutageInterceptor.isOutage(new IllegalStateException("bug")))
                .isFalse();
    }
}
