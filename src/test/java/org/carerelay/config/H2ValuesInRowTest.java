package org.carerelay.config;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Path;
import java.util.List;
import java.util.UUID;
import org.carerelay.testing.H2Settings;
import org.h2.jdbcx.JdbcDataSource;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.springframework.jdbc.core.JdbcTemplate;

/**
 * An H2 file database keeps values up to {@value H2ValuesInRow#IN_ROW_BYTES} bytes in their rows (seen in the size of
 * the table's own pages), and keeps the setting when opened again; a larger value an operator set stands; a user
 * without admin rights, an in-memory database and other databases are left alone. On databases of this test's own.
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
        return H2Settings.value(database, "MAX_LENGTH_INPLACE_LOB");
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

    /**
     * The bytes a table of one character large object column holds in its own pages (H2's {@code DISK_SPACE_USED},
     * which leaves out the LOB store) after a value of the given length is written, bound as HAPI binds its JSON.
     */
    private static long[] tableBytesAfterWriting(JdbcDataSource database, int... lengths) {
        JdbcTemplate jdbc = new JdbcTemplate(database);
        jdbc.execute("CREATE TABLE RES_VER (PID BIGINT PRIMARY KEY, RES_TEXT_VC CHARACTER LARGE OBJECT)");
        long[] bytes = new long[lengths.length];
        for (int i = 0; i < lengths.length; i++) {
            jdbc.update("INSERT INTO RES_VER VALUES (?, ?)", i, "x".repeat(lengths[i]));
            jdbc.execute("CHECKPOINT");
            bytes[i] = jdbc.queryForObject("SELECT DISK_SPACE_USED('RES_VER')", Long.class);
        }
        return bytes;
    }

    @Test
    void aValueUpTo64KbIsStoredInItsRowALargerOneApart() {
        String before = "jdbc:h2:file:" + folder.resolve("by-default");
        long[] apart = tableBytesAfterWriting(database(before), 60_000, 70_000);
        assertThat(apart[0]).isLessThan(1_000);
        assertThat(apart[1] - apart[0]).isLessThan(1_000);

        String after = "jdbc:h2:file:" + folder.resolve("in-row");
        JdbcDataSource database = database(after);
        H2ValuesInRow.apply(database, after);
        long[] inRow = tableBytesAfterWriting(database, 60_000, 70_000);
        assertThat(inRow[0]).isGreaterThanOrEqualTo(60_000);
        assertThat(inRow[1] - inRow[0]).isLessThan(1_000);
    }

    @Test
    void withLowerCaseNamesAnOperatorsLargerLimitStandsToo() {
        String url = "jdbc:h2:file:" + folder.resolve("carerelay") + ";DATABASE_TO_LOWER=TRUE";
        JdbcDataSource database = database(url);
        new JdbcTemplate(database).execute("SET MAX_LENGTH_INPLACE_LOB 1000000");

        assertThat(H2ValuesInRow.apply(database, url)).isFalse();
        assertThat(inRowLimit(database)).containsExactly("1000000");
    }

    @Test
    void aUserWhoIsNotAnAdminLeavesTheDatabaseAsItWas() {
        String url = "jdbc:h2:file:" + folder.resolve("carerelay");
        JdbcDataSource admin = database(url);
        new JdbcTemplate(admin).execute("CREATE USER CLINIC PASSWORD ''");
        JdbcDataSource clinic = database(url);
        clinic.setUser("CLINIC");

        assertThat(H2ValuesInRow.apply(clinic, url)).isFalse();
        assertThat(inRowLimit(admin)).isEmpty();
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
