package org.carerelay.config;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Path;
import java.util.List;
import java.util.UUID;
import org.h2.jdbcx.JdbcDataSource;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.springframework.jdbc.core.JdbcTemplate;

/**
 * An H2 file database keeps values up to {@value H2ValuesInRow#IN_ROW_BYTES} bytes in their rows, and keeps the
 * setting when opened again; a larger value an operator set stands; an in-memory database and other databases are
 * left alone. On databases of this test's own.
 */
class H2ValuesInRowTest {

    @TempDir
    Path folder;

    private static JdbcDataSource database(String url) {
        JdbcDataSource database = new JdbcDataSource();
        database.setURL(url);
        database.setUser("sa");
        return database;
    }

    private static List<String> inRowLimit(JdbcDataSource database) {
        return new JdbcTemplate(database)
                .queryForList(
                        "SELECT SETTING_VALUE FROM INFORMATION_SCHEMA.SETTINGS"
                                + " WHERE SETTING_NAME = 'MAX_LENGTH_INPLACE_LOB'",
                        String.class);
    }

    @Test
    void aFileDatabaseKeepsValuesUpTo64KbInTheirRowsFromThenOn() {
        String url = "jdbc:h2:file:" + folder.resolve("carerelay");
        JdbcDataSource database = database(url);
        assertThat(inRowLimit(database)).isEmpty();

        assertThat(H2ValuesInRow.apply(database, url)).isTrue();
        assertThat(inRowLimit(database)).containsExactly("65536");
        assertThat(H2ValuesInRow.apply(database, url)).isFalse();

        // the database keeps it: opened again, after it was closed
        new JdbcTemplate(database).execute("SHUTDOWN");
        assertThat(inRowLimit(database(url))).containsExactly("65536");
    }

    @Test
    void anOperatorsLargerLimitStandsAndASmallerOneIsRaised() {
        String url = "jdbc:h2:file:" + folder.resolve("carerelay");
        JdbcDataSource database = database(url);
        JdbcTemplate jdbc = new JdbcTemplate(database);

        jdbc.execute("SET MAX_LENGTH_INPLACE_LOB 1000000");
        assertThat(H2ValuesInRow.apply(database, url)).isFalse();
        assertThat(inRowLimit(database)).containsExactly("1000000");

        jdbc.execute("SET MAX_LENGTH_INPLACE_LOB 4096");
        assertThat(H2ValuesInRow.apply(database, url)).isTrue();
        assertThat(inRowLimit(database)).containsExactly("65536");
    }

    @Test
    void inMemoryAndOtherDatabasesAreLeftAlone() {
        String url = "jdbc:h2:mem:values-in-row-" + UUID.randomUUID() + ";DB_CLOSE_DELAY=-1";
        JdbcDataSource memory = database(url);
        assertThat(H2ValuesInRow.apply(memory, url)).isFalse();
        assertThat(inRowLimit(memory)).isEmpty();

        // the URL decides before anything is asked of the database
        assertThat(H2ValuesInRow.apply(memory, "jdbc:postgresql://localhost/carerelay"))
                .isFalse();
        assertThat(H2ValuesInRow.apply(memory, null)).isFalse();
        assertThat(inRowLimit(memory)).isEmpty();
    }
}
