package org.carerelay.config;

import java.time.Duration;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import javax.sql.DataSource;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.beans.factory.DisposableBean;
import org.springframework.beans.factory.annotation.Value;
import org.springframework.boot.context.event.ApplicationReadyEvent;
import org.springframework.context.event.EventListener;
import org.springframework.jdbc.core.JdbcTemplate;
import org.springframework.stereotype.Component;

/**
 * Keeps H2's table statistics current ({@code ANALYZE}) at start-up and every {@code carerelay.h2.analyze-interval}.
 * H2 plans joins from them, and it refreshes them itself only after ever longer runs of writes (each threshold twice
 * the last), so after a large load they describe a much smaller database. With stale ones H2 joins a page of patients'
 * links to a code index the wrong way round: the HbA1c results of 100 Synthea patients took tens of seconds instead
 * of milliseconds (a link-table scan per indexed code row). PostgreSQL's autovacuum does this for itself.
 *
 * <p>Statements a connection keeps parsed ({@link H2StatementCache}) keep their plans until any {@code SET} or change of
 * the schema ({@code ANALYZE} is neither), so each refresh is followed by a {@code SET}: the plans are then made again
 * from the new statistics.
 *
 * <p>A bulk load would otherwise wait for the next interval: every {@value #CHECK_SECONDS} seconds the number of stored
 * resource versions is compared with the number at the last refresh, and a growth by more than a fifth (and at least
 * {@value #MIN_GROWTH} rows) refreshes the statistics at once.
 */
@Component
final class H2Statistics implements DisposableBean {

    private static final Logger log = LoggerFactory.getLogger(H2Statistics.class);

    static final int CHECK_SECONDS = 30;
    static final long MIN_GROWTH = 1_000;

    private final JdbcTemplate jdbc;
    private final Duration interval;
    private final boolean h2;
    private ScheduledExecutorService schedule;
    /** The resource versions stored at the last refresh; -1 before the first. */
    private volatile long analyzedAt = -1;

    H2Statistics(
            DataSource dataSource,
            @Value("${spring.datasource.url:}") String url,
            @Value("${carerelay.h2.analyze-interval:15m}") Duration interval) {
        this.jdbc = new JdbcTemplate(dataSource);
        this.interval = interval;
        this.h2 = url.startsWith("jdbc:h2:");
    }

    @EventListener(ApplicationReadyEvent.class)
    void start() {
        if (!h2) {
            return;
        }
        analyze();
        if (interval.isZero() || interval.isNegative()) {
            return;
        }
        schedule = Executors.newSingleThreadScheduledExecutor(r -> {
            Thread thread = new Thread(r, "h2-analyze");
            thread.setDaemon(true);
            return thread;
        });
        schedule.scheduleWithFixedDelay(this::analyze, interval.toMillis(), interval.toMillis(), TimeUnit.MILLISECONDS);
        schedule.scheduleWithFixedDelay(this::afterGrowth, CHECK_SECONDS, CHECK_SECONDS, TimeUnit.SECONDS);
    }

    /** Refreshes the statistics when the database grew by more than a fifth since the last refresh; whether it did. */
    boolean afterGrowth() {
        try {
            long versions = versions();
            if (analyzedAt >= 0 && versions - analyzedAt > Math.max(MIN_GROWTH, analyzedAt / 5)) {
                log.debug("H2 grew from {} to {} resource versions", analyzedAt, versions);
                analyze();
                return true;
            }
        } catch (RuntimeException e) {
            log.warn("H2's growth could not be read: {}", e.getMessage());
        }
        return false;
    }

    private long versions() {
        Long count = jdbc.queryForObject("SELECT COUNT(*) FROM HFJ_RES_VER", Long.class);
        return count == null ? 0 : count;
    }

    void analyze() {
        try {
            long start = System.nanoTime();
            long versions = versions();
            jdbc.execute("ANALYZE");
            // H2 takes any SET for a change of the schema: each connection then plans the statements it kept again
            jdbc.execute("SET @CARERELAY_ANALYZED = " + versions);
            analyzedAt = versions;
            log.debug("H2 statistics refreshed in {} ms", (System.nanoTime() - start) / 1_000_000);
        } catch (RuntimeException e) {
            log.warn("H2 statistics could not be refreshed: {}", e.getMessage());
        }
    }

    @Override
    public void destroy() {
        if (schedule != null) {
            schedule.shutdownNow();
        }
    }
}
