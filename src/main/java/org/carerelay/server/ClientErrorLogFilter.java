package org.carerelay.server;

import ca.uhn.fhir.interceptor.executor.BaseInterceptorService;
import ca.uhn.fhir.rest.server.exceptions.BaseServerResponseException;
import ch.qos.logback.classic.Level;
import ch.qos.logback.classic.Logger;
import ch.qos.logback.classic.LoggerContext;
import ch.qos.logback.classic.turbo.TurboFilter;
import ch.qos.logback.core.spi.FilterReply;
import java.util.List;
import java.util.Locale;
import org.slf4j.LoggerFactory;
import org.slf4j.Marker;
import org.springframework.boot.context.event.ApplicationReadyEvent;
import org.springframework.context.event.EventListener;
import org.springframework.stereotype.Component;

/**
 * Keeps ERROR for what an operator must act on. Three kinds of ERROR line describe a client's request that was
 * answered correctly, and are dropped (the request log still records each such request once, with its status):
 * <ul>
 *   <li>HAPI logs every exception an interceptor throws with its stack trace, including the 4xx refusals that are
 *       CareRelay's answers to a client's mistake (a 401, a 403, a 413, a handoff refused with 422);
 *   <li>Hibernate logs the unique-index violation with which the database settles a race that HAPI then answers 409
 *       (two conditional creates of one resource, two updates of one version);
 *   <li>HAPI's search threads log a statement cut short by {@code carerelay.limits.request-timeout}, which the client
 *       is answered 400 too-costly.
 * </ul>
 * 5xx exceptions and every other database failure are logged as before.
 */
@Component
final class ClientErrorLogFilter extends TurboFilter {

    private static final String HAPI_INTERCEPTORS = BaseInterceptorService.class.getName();
    private static final String HIBERNATE_SQL_ERRORS = "org.hibernate.engine.jdbc.spi.SqlExceptionHelper";

    /**
     * HAPI's unique indexes that decide races: the match URL of a conditional create, and a resource's version. The
     * messages name the index (PostgreSQL's failed batch entry names it after the statement it quotes).
     */
    private static final List<String> RACE_CONSTRAINTS = List.of("HFJ_RES_SEARCH_URL", "IDX_RESVER_ID_VER");

    @EventListener(ApplicationReadyEvent.class)
    void install() {
        LoggerContext context = (LoggerContext) LoggerFactory.getILoggerFactory();
        if (!context.getTurboFilterList().contains(this)) {
            context.addTurboFilter(this);
        }
    }

    @Override
    public FilterReply decide(
            Marker marker, Logger logger, Level level, String format, Object[] params, Throwable thrown) {
        if (level != Level.ERROR) {
            return FilterReply.NEUTRAL;
        }
        boolean answered = refusedByInterceptor(logger, params)
                || raceSettledByTheDatabase(logger, format)
                || ranPastDeadline(format, params, thrown);
        return answered ? FilterReply.DENY : FilterReply.NEUTRAL;
    }

    private static boolean refusedByInterceptor(Logger logger, Object[] params) {
        if (!HAPI_INTERCEPTORS.equals(logger.getName()) || params == null) {
            return false;
        }
        for (Object param : params) {
            if (param instanceof BaseServerResponseException refusal && refusal.getStatusCode() < 500) {
                return true;
            }
        }
        return false;
    }

    private static boolean raceSettledByTheDatabase(Logger logger, String message) {
        if (!HIBERNATE_SQL_ERRORS.equals(logger.getName()) || message == null) {
            return false;
        }
        String upper = message.toUpperCase(Locale.ROOT);
        return RACE_CONSTRAINTS.stream().anyMatch(upper::contains);
    }

    private static boolean ranPastDeadline(String format, Object[] params, Throwable thrown) {
        if (format != null && format.contains(RequestDeadline.SETTING)) {
            return true;
        }
        if (params != null) {
            for (Object param : params) {
                if (param instanceof Throwable cause && mentionsDeadline(cause)) {
                    return true;
                }
            }
        }
        return mentionsDeadline(thrown);
    }

    private static boolean mentionsDeadline(Throwable thrown) {
        for (Throwable cause = thrown; cause != null; cause = cause.getCause() == cause ? null : cause.getCause()) {
            if (cause.getMessage() != null && cause.getMessage().contains(RequestDeadline.SETTING)) {
                return true;
            }
        }
        return false;
    }
}
