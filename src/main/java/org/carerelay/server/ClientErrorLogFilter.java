package org.carerelay.server;

import ca.uhn.fhir.interceptor.executor.BaseInterceptorService;
import ca.uhn.fhir.rest.server.exceptions.BaseServerResponseException;
import ch.qos.logback.classic.Level;
import ch.qos.logback.classic.Logger;
import ch.qos.logback.classic.LoggerContext;
import ch.qos.logback.classic.turbo.TurboFilter;
import ch.qos.logback.core.spi.FilterReply;
import org.slf4j.LoggerFactory;
import org.slf4j.Marker;
import org.springframework.boot.context.event.ApplicationReadyEvent;
import org.springframework.context.event.EventListener;
import org.springframework.stereotype.Component;

/**
 * HAPI logs every exception an interceptor throws at ERROR with its stack trace, including the 4xx refusals that are
 * CareRelay's answers to a client's mistake (a 401, a 403, a 413, a handoff refused with 422). Those are not server
 * errors: they are dropped from that one logger, so that ERROR means something is wrong with the server. HAPI still
 * logs each failed request once, at WARN; 5xx exceptions are logged as before.
 */
@Component
final class ClientErrorLogFilter extends TurboFilter {

    private static final String HAPI_INTERCEPTORS = BaseInterceptorService.class.getName();

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
        if (level != Level.ERROR || !HAPI_INTERCEPTORS.equals(logger.getName()) || params == null) {
            return FilterReply.NEUTRAL;
        }
        for (Object param : params) {
            if (param instanceof BaseServerResponseException refusal && refusal.getStatusCode() < 500) {
                return FilterReply.DENY;
            }
        }
        return FilterReply.NEUTRAL;
    }
}
