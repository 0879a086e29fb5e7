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
 */
@Component
final class H2Statistics implements DisposableBean {

    private static final Logger log = LoggerFactory.getLogger(H2Statistics.class);

    private final JdbcTemplate jdbc;
    private final Duration interval;
    private final boolean h2;
    private ScheduledExecutorService schedule;

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
    }

    void analyze() {
        try {
            long start = System.nanoTime();
            jdbc.execute("ANALYZE");
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
