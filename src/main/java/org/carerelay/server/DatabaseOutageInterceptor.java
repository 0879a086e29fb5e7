package org.carerelay.server;

import ca.uhn.fhir.interceptor.api.Hook;
import ca.uhn.fhir.interceptor.api.Interceptor;
import ca.uhn.fhir.interceptor.api.Pointcut;
import ca.uhn.fhir.rest.server.exceptions.BaseServerResponseException;
import ca.uhn.fhir.rest.server.exceptions.UnclassifiedServerFailureException;
import java.sql.SQLException;
import java.sql.SQLTransientConnectionException;
import java.util.List;
import org.carerelay.fhir.OperationOutcomes;
import org.hibernate.exception.JDBCConnectionException;
import org.hl7.fhir.r4.model.OperationOutcome.IssueType;
import org.springframework.dao.DataAccessResourceFailureException;
import org.springframework.stereotype.Component;

/**
 * While the database is unreachable every FHIR request is answered 503 with a {@code Retry-After}, not the 500 that
 * HAPI makes of a lost connection: the client may retry, a load balancer may send it elsewhere. The connection pool
 * gives up on a connection after {@code spring.datasource.hikari.connection-timeout} (3 s by default), so the answer
 * comes within seconds, and connects again on its own once the database is back. A request cut off mid-transaction
 * is rolled back by the database, so nothing it wrote is kept.
 */
@Component
@Interceptor
final class DatabaseOutageInterceptor implements ServerInterceptor {

    static final String RETRY_AFTER_SECONDS = "5";

    /** SQLSTATE class 08 is a connection failure; 57P01 to 57P03 a server shutting down or not yet accepting. */
    private static final List<String> OUTAGE_STATES = List.of("08", "57P01", "57P02", "57P03");

    /** HAPI's search threads sometimes pass on only the message of what failed, not the exception itself. */
    private static final List<String> OUTAGE_MESSAGES = List.of(
            SQLTransientConnectionException.class.getSimpleName(),
            "JDBCConnectionException",
            "Connection is not available",
            "This connection has been closed",
            "Connection is closed",
            "Unable to rollback against JDBC Connection",
            "terminating connection due to administrator command");

    @Hook(Pointcut.SERVER_PRE_PROCESS_OUTGOING_EXCEPTION)
    public BaseServerResponseException databaseUnreachable(Throwable thrown) {
        if (!isOutage(thrown)) {
            return null;
        }
        String message = "The database is unreachable; retry in a few seconds";
        UnclassifiedServerFailureException unavailable = new UnclassifiedServerFailureException(503, message);
        unavailable.setOperationOutcome(OperationOutcomes.error(IssueType.TRANSIENT, message));
        unavailable.addResponseHeader("Retry-After", RETRY_AFTER_SECONDS);
        return unavailable;
    }

    static boolean isOutage(Throwable thrown) {
        for (Throwable cause = thrown; cause != null; cause = cause.getCause() == cause ? null : cause.getCause()) {
            if (cause instanceof SQLTransientConnectionException
                    || cause instanceof JDBCConnectionException
                    || cause instanceof DataAccessResourceFailureException) {
                return true;
            }
            if (cause instanceof SQLException sql
                    && sql.getSQLState() != null
                    && OUTAGE_STATES.stream().anyMatch(sql.getSQLState()::startsWith)) {
                return true;
            }
            String message = cause.getMessage();
            if (message != null && OUTAGE_MESSAGES.stream().anyMatch(message::contains)) {
                return true;
            }
        }
        return false;
    }
}
