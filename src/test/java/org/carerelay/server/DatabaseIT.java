package org.carerelay.server;

import static org.assertj.core.api.Assertions.assertThat;

import ca.uhn.fhir.jpa.model.dialect.HapiFhirH2Dialect;
import ca.uhn.fhir.jpa.model.dialect.HapiFhirPostgresDialect;
import jakarta.persistence.EntityManagerFactory;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.SQLException;
import javax.sql.DataSource;
import org.carerelay.testing.AbstractFhirIT;
import org.carerelay.testing.H2Settings;
import org.carerelay.testing.TestDatabase;
import org.hibernate.engine.spi.SessionFactoryImplementor;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;

/** The suite runs on the database it says it runs on: a real PostgreSQL in the PostgreSQL run, H2 under target/. */
class DatabaseIT extends AbstractFhirIT {

    @Autowired
    private DataSource dataSource;

    @Autowired
    private EntityManagerFactory entityManagerFactory;

    @Test
    void theSuiteRunsOnAFreshDatabaseOfTheChosenKind() throws SQLException {
        String url;
        String product;
        try (Connection connection = dataSource.getConnection()) {
            url = connection.getMetaData().getURL();
            product = connection.getMetaData().getDatabaseProductName();
        }
        Class<?> dialect = entityManagerFactory
                .unwrap(SessionFactoryImplementor.class)
                .getJdbcServices()
                .getDialect()
                .getClass();

        if ("postgres".equals(TestDatabase.name())) {
            assertThat(url).startsWith("jdbc:postgresql://localhost:").contains("/carerelay_");
            assertThat(product).isEqualTo("PostgreSQL");
            assertThat(dialect).isEqualTo(HapiFhirPostgresDialect.class);
        } else {
            assertThat(url)
                    .startsWith("jdbc:h2:file:" + Path.of("target", "it-h2").toAbsolutePath() + "/carerelay_");
            assertThat(product).isEqualTo("H2");
            assertThat(dialect).isEqualTo(HapiFhirH2Dialect.class);
            // the server's pool opened it with its statement cache, and it keeps no results (config/H2StatementCache)
            assertThat(H2Settings.value(dataSource, "QUERY_CACHE_SIZE")).containsExactly("256");
            assertThat(H2Settings.reusesResults(dataSource)).isFalse();
        }
    }
}
