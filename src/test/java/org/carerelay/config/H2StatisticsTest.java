package org.carerelay.config;

import static org.assertj.core.api.Assertions.assertThat;

import java.lang.reflect.Field;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.time.Duration;
import java.util.UUID;
import org.h2.jdbc.JdbcPreparedStatement;
import org.h2.jdbcx.JdbcDataSource;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.springframework.jdbc.core.JdbcTemplate;
import org.springframework.jdbc.datasource.SingleConnectionDataSource;

/**
 * After a bulk write H2's statistics are refreshed at the next growth check, not at the next interval: a growth by more
 * than a fifth of the resource versions stored at the last refresh, and by more than {@value H2Statistics#MIN_GROWTH}
 * rows, triggers it. On a database of this test's own, in memory.
 */
class H2StatisticsTest {

    private final JdbcDataSource database = new JdbcDataSource();
    private final JdbcTemplate jdbc;
    private final SingleConnectionDataSource statisticsConnection;
    private final H2Statistics statistics;

    H2StatisticsTest() {
        String url = H2StatementCache.withCache("jdbc:h2:mem:h2statistics-" + UUID.randomUUID() + ";DB_CLOSE_DELAY=-1");
        database.setURL(url);
        jdbc = new JdbcTemplate(database);
        jdbc.execute("CREATE TABLE HFJ_RES_VER (PID BIGINT PRIMARY KEY)");
        // one connection of its own, opened once: H2 runs the URL's DB_CLOSE_DELAY as a SET on each new connection
        statisticsConnection = new SingleConnectionDataSource(url, true);
        statistics = new H2Statistics(statisticsConnection, url, Duration.ZERO);
    }

    @AfterEach
    void close() {
        statisticsConnection.destroy();
    }

    private void write(int rows) {
        Long last = jdbc.queryForObject("SELECT COALESCE(MAX(PID), 0) FROM HFJ_RES_VER", Long.class);
        jdbc.update("INSERT INTO HFJ_RES_VER SELECT X + ? FROM SYSTEM_RANGE(1, ?)", last, rows);
    }

    @Test
    void aGrowthOfMoreThanAThousandRowsAndAFifthRefreshesOnce() {
        // nothing refreshed yet: the start-up refresh comes first
        write(5_000);
        assertThat(statistics.afterGrowth()).isFalse();

        statistics.analyze();
        write(1_000);
        assertThat(statistics.afterGrowth()).isFalse();
        write(1);
        assertThat(statistics.afterGrowth()).isTrue();
        assertThat(statistics.afterGrowth()).isFalse();
    }

    @Test
    void aRefreshHasEveryConnectionPlanItsKeptStatementsAgain() throws Exception {
        write(5_000);
        statistics.analyze();
        String sql = "SELECT COUNT(*) FROM HFJ_RES_VER WHERE PID > ?";
        try (Connection connection = database.getConnection()) {
            Object first = parsed(connection, sql);
            assertThat(parsed(connection, sql)).as("kept by the connection").isSameAs(first);

            statistics.analyze();

            Object afterRefresh = parsed(connection, sql);
            assertThat(afterRefresh).as("parsed and planned again").isNotSameAs(first);
            assertThat(parsed(connection, sql)).as("kept again").isSameAs(afterRefresh);
        }
    }

    /** The statement H2 parsed for this SQL on this connection (its own object: the same one when it was kept). */
    private static Object parsed(Connection connection, String sql) throws Exception {
        try (PreparedStatement statement = connection.prepareStatement(sql)) {
            Field command = JdbcPreparedStatement.class.getDeclaredField("command");
            command.setAccessible(true);
            return command.get(statement.unwrap(JdbcPreparedStatement.class));
        }
    }

    @Test
    void onALargeDatabaseAFifthIsTheBar() {
        write(20_000);
        statistics.analyze();
        write(4_000);
        assertThat(statistics.afterGrowth()).isFalse();
        write(1);
        assertThat(statistics.afterGrowth()).isTrue();
    }
}
