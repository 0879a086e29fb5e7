package org.carerelay.config;

import static org.assertj.core.api.Assertions.assertThat;

import com.zaxxer.hikari.HikariDataSource;
import java.nio.file.Path;
import java.sql.SQLException;
import org.carerelay.testing.H2Settings;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

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
            assertThat(H2Settings.reusesResults(pool)).as("H2's default").isTrue();

            assertThat(H2StatementCache.keepNoResults(pool, url)).isTrue();

            assertThat(H2Settings.value(pool, H2StatementCache.SETTING)).containsExactly("256");
            assertThat(H2Settings.reusesResults(pool)).isFalse();
        }
    }
}
