package org.carerelay.config;

import static org.assertj.core.api.Assertions.assertThat;

import com.zaxxer.hikari.HikariDataSource;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.SQLException;
import javax.sql.DataSource;
import org.h2.engine.SessionLocal;
import org.h2.jdbc.JdbcConnection;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.springframework.jdbc.core.JdbcTemplate;

/** Each H2 connection keeps its last 256 statements parsed (unless the URL sets the number) and no query results. */
class H2StatementCacheTest {

    @TempDir
    Path folder;

    @Test
    void anH2UrlGetsTheCacheOnceAndAnOperatorsSettingStands() {
        String file = "jdbc:h2:file:./data/carerelay;DB_CLOSE_ON_EXIT=FALSE";
        String cached = file + ";QUERY_CACHE_SIZE=256";
        assertThat(H2StatementCache.withCache(file)).isEqualTo(cached);
        assertThat(H2StatementCache.withCache(cached)).isEqualTo(cached);
        assertThat(H2StatementCache.withCache("jdbc:h2:mem:x;")).isEqualTo("jdbc:h2:mem:x;QUERY_CACHE_SIZE=256");
        assertThat(H2StatementCache.withCache("jdbc:h2:file:./data/x;query_cache_size=16"))
                .isEqualTo("jdbc:h2:file:./data/x;query_cache_size=16");
        assertThat(H2StatementCache.withCache("jdbc:postgresql://localhost/carerelay"))
                .isEqualTo("jdbc:postgresql://localhost/carerelay");
    }

    @Test
    void thePoolOpensTheDatabaseWithTheCacheAndItKeepsNoResults() throws SQLException {
        try (HikariDataSource pool = new HikariDataSource()) {
            String url = "jdbc:h2:file:" + folder.resolve("cache") + ";DB_CLOSE_ON_EXIT=FALSE";
            pool.setJdbcUrl(url);
            new H2StatementCache().postProcessBeforeInitialization(pool, "dataSource");
            assertThat(reusesResults(pool)).as("H2's default").isTrue();

            assertThat(H2StatementCache.keepNoResults(pool, url)).isTrue();

            String kept = new JdbcTemplate(pool)
                    .queryForObject(
                            "SELECT SETTING_VALUE FROM INFORMATION_SCHEMA.SETTINGS WHERE SETTING_NAME = ?",
                            String.class,
                            H2StatementCache.SETTING);
            assertThat(kept).isEqualTo("256");
            assertThat(reusesResults(pool)).isFalse();
        }
    }

    /** Whether the H2 database behind the datasource answers a repeated query from the result it kept. */
    static boolean reusesResults(DataSource dataSource) throws SQLException {
        try (Connection connection = dataSource.getConnection()) {
            SessionLocal session =
                    (SessionLocal) connection.unwrap(JdbcConnection.class).getSession();
            return session.getDatabase().getOptimizeReuseResults();
        }
    }
}
