package org.carerelay.config;

import com.zaxxer.hikari.HikariDataSource;
import java.util.Locale;
import javax.sql.DataSource;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.beans.factory.config.BeanPostProcessor;
import org.springframework.jdbc.core.JdbcTemplate;

/**
 * Lets each H2 connection keep the statements it has parsed. H2 keeps the last {@code QUERY_CACHE_SIZE} statements of a
 * connection parsed and planned (the kinds it can keep: queries without {@code UNION} or {@code FOR UPDATE}, inserts,
 * updates, deletes), 8 by default; a guarded handoff create runs more distinct statements than that (HAPI's, the
 * guard's, the Provenance's, the outbox's), so every one was parsed and planned again: 9.5 % of the request threads'
 * time in a profile of guarded creates, 0.5 % with {@value #STATEMENTS} kept (bench/README, seventeenth session).
 *
 * <p>A kept query also keeps its last result in memory, to answer the same query again while its tables are unchanged
 * ({@code OPTIMIZE_REUSE_RESULTS}); with 256 kept per connection those results could hold hundreds of pages of resource
 * JSON, so that reuse is turned off at start-up ({@link #keepNoResults}; it needs the database's admin rights and lasts
 * while the database is open).
 *
 * <p>The cache's size is a setting H2 reads from the URL when it opens the database, so it is added to the URL of the
 * pool before the pool opens; a URL that names it already stands. A kept statement keeps its plan until any {@code SET}
 * or change of the schema (or until the pool replaces the connection), so {@link H2Statistics} runs a {@code SET}
 * after each refresh of the statistics and the plans are made again from them.
 */
final class H2StatementCache implements BeanPostProcessor {

    private static final Logger log = LoggerFactory.getLogger(H2StatementCache.class);

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

    /** Has the H2 database behind the datasource keep no query results with its kept statements; whether it does. */
    static boolean keepNoResults(DataSource dataSource, String jdbcUrl) {
        if (jdbcUrl == null || !jdbcUrl.startsWith("jdbc:h2:")) {
            return false;
        }
        try {
            new JdbcTemplate(dataSource).execute("SET OPTIMIZE_REUSE_RESULTS 0");
            return true;
        } catch (RuntimeException e) {
            log.info("H2 keeps the last result of each kept query ({})", e.getMessage());
            return false;
        }
    }
}
