package org.carerelay.server;

import static org.assertj.core.api.Assertions.assertThat;

import ca.uhn.fhir.interceptor.executor.BaseInterceptorService;
import ca.uhn.fhir.rest.server.exceptions.ForbiddenOperationException;
import ca.uhn.fhir.rest.server.exceptions.InternalErrorException;
import ch.qos.logback.classic.Level;
import ch.qos.logback.classic.Logger;
import ch.qos.logback.classic.LoggerContext;
import ch.qos.logback.core.spi.FilterReply;
import org.junit.jupiter.api.Test;

class ClientErrorLogFilterTest {

    private final LoggerContext context = new LoggerContext();
    private final Logger hapi = context.getLogger(BaseInterceptorService.class);
    private final ClientErrorLogFilter filter = new ClientErrorLogFilter();

    @Test
    void aRefusalThrownByAnInterceptorIsNotAServerError() {
        Object[] params = {"SERVER_INCOMING_REQUEST_PRE_HANDLED", "refused", new ForbiddenOperationException("no")};
        assertThat(filter.decide(null, hapi, Level.ERROR, "Exception thrown by interceptor", params, null))
                .isEqualTo(FilterReply.DENY);
    }

    @Test
    void aServerFailureIsStillLogged() {
        Object[] params = {"STORAGE_PRESHOW_RESOURCES", "broken", new InternalErrorException("bug")};
        assertThat(filter.decide(null, hapi, Level.ERROR, "Exception thrown by interceptor", params, null))
                .isEqualTo(FilterReply.NEUTRAL);
        assertThat(filter.decide(null, hapi, Level.ERROR, "Exception thrown by interceptor", null, null))
                .isEqualTo(FilterReply.NEUTRAL);
    }

    @Test
    void otherLoggersAndLevelsAreLeftAlone() {
        Object[] params = {new ForbiddenOperationException("no")};
        assertThat(filter.decide(null, context.getLogger("org.carerelay"), Level.ERROR, "x", params, null))
                .isEqualTo(FilterReply.NEUTRAL);
        assertThat(filter.decide(null, hapi, Level.WARN, "x", params, null)).isEqualTo(FilterReply.NEUTRAL);
    }
}
