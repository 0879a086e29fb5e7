package org.carerelay.config;

import static org.assertj.core.api.Assertions.assertThat;

import com.zaxxer.hikari.HikariDataSource;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.springframework.jdbc.core.JdbcTemplate;

/** Each H2 connection keeps its last 256 statements parsed, unless the URL sets the number itself. */
class H2StatementCacheTest {

    @TempDir
    Path folder;

    @Test
    void anH2UrlGetsTheCacheOnceAndAnOperatorsSettingStands() {
        assertThat(H2StatementCache.withCache("jdbc:h2:file:./data/carerelay;DB_CLOSE_ON_EXIT=FALSE"))
                .isEqualTo("jdbc:h2:file:./data/carerelay;DB_CLOSE_ON_EXIT=FALSE;QUERY_CACHE_SIZE=256");
        assertThat(H2StatementCache.withCache("jdbc:h2:mem:x;")).isEqualTo("jdbc:h2:mem:x;QUERY_CACHE_SIZE=256");
        assertThat(H2StatementCache.withCache("jdbc:h2:file:./data/x;query_cache_size=16"))
                .isEqualTo("jdbc:h2:file:./data/x;query_cache_size=16");
        assertThat(H2StatementCache.withCache("jdbc:postgresql://localhost/carerelay"))
                .isEqualTo("jdbc:postgresql://localhost/carerelay");
    }

    @Test
    void thePoolOpensTheDatabaseWithTheCache() {
        try (HikariDataSource pool = new HikariDataSource()) {
            pool.setJdbcUrl("jdbc:h2:file:" + folder.resolve("cache") + ";DB_CLOSE_ON_EXIT=FALSE");
            new H2StatementCache().postProcessBeforeInitialization(pool, "dataSource");

            String kept = new JdbcTemplate(pool)
                    .queryForObject(
                            "SELECT SETTING_VALUE FROM INFORMATION_SCHEMA.SETTINGS WHERE SETTING_NAME = ?",
                            String.class,
                            H2StatementCache.SETTING);
            assertThat(kept).isEqualTo("256");
        }
    }
}
