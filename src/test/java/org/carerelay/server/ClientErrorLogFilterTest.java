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

    @Test
    void aRaceTheDatabaseSettledIsNotAServerError() {
        Logger sql = context.getLogger("org.hibernate.engine.jdbc.spi.SqlExceptionHelper");
        String h2 = "Unique index or primary key violation: \"PUBLIC.PRIMARY_KEY_38 ON PUBLIC.HFJ_RES_SEARCH_URL(x)\"";
        String postgres = "ERROR: duplicate key value violates unique constraint \"idx_resver_id_ver\"";
        assertThat(filter.decide(null, sql, Level.ERROR, h2, null, null)).isEqualTo(FilterReply.DENY);
        assertThat(filter.decide(null, sql, Level.ERROR, postgres, null, null)).isEqualTo(FilterReply.DENY);
        String other = "ERROR: value too long for type character varying(200)";
        assertThat(filter.decide(null, sql, Level.ERROR, other, null, null)).isEqualTo(FilterReply.NEUTRAL);
        assertThat(filter.decide(null, context.getLogger("org.carerelay"), Level.ERROR, postgres, null, null))
                .isEqualTo(FilterReply.NEUTRAL);
    }

    @Test
    void aStatementCutShortByTheRequestDeadlineIsNotAServerError() {
        Logger search = context.getLogger("ca.uhn.fhir.jpa.search.builder.tasks.SearchTask");
        Throwable cutShort = new InternalErrorException(
                "HAPI-1262",
                new RuntimeException("The request ran past its deadline (" + RequestDeadline.SETTING + ")"));
        assertThat(filter.decide(null, search, Level.ERROR, "Failed during search loading after {}ms", null, cutShort))
                .isEqualTo(FilterReply.DENY);
        Object[] params = {30465L, cutShort};
        assertThat(filter.decide(null, search, Level.ERROR, "Failed during search loading after {}ms", params, null))
                .isEqualTo(FilterReply.DENY);
        Throwable broken = new InternalErrorException("HAPI-1262", new RuntimeException("connection reset"));
        assertThat(filter.decide(null, search, Level.ERROR, "Failed during search loading after {}ms", null, broken))
                .isEqualTo(FilterReply.NEUTRAL);
    }
}
