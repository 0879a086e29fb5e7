package org.carerelay.config;

import com.zaxxer.hikari.HikariDataSource;
import java.util.Locale;
import org.springframework.beans.factory.config.BeanPostProcessor;

/**
 * Lets each H2 connection keep the statements it has parsed. H2 keeps the last {@code QUERY_CACHE_SIZE} statements of a
 * connection parsed and planned, 8 by default; a guarded handoff create runs more distinct statements than that (HAPI's,
 * the guard's, the Provenance's, the outbox's), so every one was parsed and planned again: 9.5 % of the request
 * threads' time in a profile of guarded creates, 0.5 % with {@value #STATEMENTS} kept (bench/README).
 *
 * <p>The size is a setting H2 reads from the URL when it opens the database, so it is added to the URL of the pool
 * before the pool opens; a URL that sets it already stands. A kept statement keeps its plan until the schema changes,
 * so {@link H2Statistics} marks one after each refresh of the statistics and the plans are made again from them.
 */
final class H2StatementCache implements BeanPostProcessor {

    static final int STATEMENTS = 256;

    static final String SETTING = "QUERY_CACHE_SIZE";

    @Override
    public Object postProcessBeforeInitialization(Object bean, String beanName) {
        if (bean instanceof HikariDataSource pool && pool.getJdbcUrl() != null) {
            pool.setJdbcUrl(withCache(pool.getJdbcUrl()));
        }
        return bean;
    }

    /** The URL with the statement cache set, if it names an H2 database and does not set the cache itself. */
    static String withCache(String url) {
        if (!url.startsWith("jdbc:h2:") || url.toUpperCase(Locale.ROOT).contains(";" + SETTING + "=")) {
            return url;
        }
        String base = url.endsWith(";") ? url.substring(0, url.length() - 1) : url;
        return base + ";" + SETTING + "=" + STATEMENTS;
    }
}
