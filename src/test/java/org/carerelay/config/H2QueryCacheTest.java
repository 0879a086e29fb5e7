package org.carerelay.config;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.api.Test;

class H2QueryCacheTest {

    @Test
    void anH2UrlGetsTheLargerStatementCache() {
        assertThat(H2QueryCache.withQueryCache("jdbc:h2:file:./data/carerelay;DB_CLOSE_ON_EXIT=FALSE"))
                .isEqualTo("jdbc:h2:file:./data/carerelay;DB_CLOSE_ON_EXIT=FALSE;QUERY_CACHE_SIZE=128");
        assertThat(H2QueryCache.withQueryCache("jdbc:h2:mem:x")).isEqualTo("jdbc:h2:mem:x;QUERY_CACHE_SIZE=128");
    }

    @Test
    void aSizeTheOperatorSetIsKeptAndOtherDatabasesAreLeftAlone() {
        assertThat(H2QueryCache.withQueryCache("jdbc:h2:file:./data/c;query_cache_size=16"))
                .isEqualTo("jdbc:h2:file:./data/c;query_cache_size=16");
        assertThat(H2QueryCache.withQueryCache("jdbc:postgresql://localhost:5432/carerelay"))
                .isEqualTo("jdbc:postgresql://localhost:5432/carerelay");
        assertThat(H2QueryCache.withQueryCache(null)).isNull();
    }
}
