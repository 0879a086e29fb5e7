package org.carerelay.config;

import java.sql.SQLException;
import java.util.List;
import javax.sql.DataSource;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.dao.DataAccessException;
import org.springframework.jdbc.core.JdbcTemplate;

/**
 * Keeps a resource's JSON in its row on an H2 file database. HAPI stores each version's JSON in a character large
 * object column, and on a file H2 keeps any such value longer than 256 bytes apart from its row, in a store of its own:
 * each resource written is then one more store entry, each read one more lookup, and a background thread removes them
 * again. A Synthea resource is about 1 KB (the largest 46 KB), so every one of them was kept apart. Kept in the row up
 * to {@value #IN_ROW_BYTES} bytes (of UTF-8: HAPI binds its JSON as a string), the Synthea ingest took 15 % less time
 * and its request threads 17 % less CPU (three alternated runs each, bench/README).
 *
 * <p>The limit is H2's {@code MAX_LENGTH_INPLACE_LOB}, a setting the database keeps; it applies to values written from
 * then on (those written before stay where they are and read as before). It is raised, never lowered: an operator's
 * larger value stands. In-memory databases keep every value in the row already and are left alone, as is any database
 * that is not H2.
 */
final class H2ValuesInRow {

    private static final Logger log = LoggerFactory.getLogger(H2ValuesInRow.class);

    static final int IN_ROW_BYTES = 65_536;

    /** H2's error code for a statement only an admin may run. */
    static final int ADMIN_RIGHTS_REQUIRED = 90040;

    private H2ValuesInRow() {}

    /** Raises the in-row limit of the H2 file database behind the datasource; whether it changed anything. */
    static boolean apply(DataSource dataSource, String jdbcUrl) {
        if (jdbcUrl == null || !jdbcUrl.startsWith("jdbc:h2:")) {
            return false;
        }
        JdbcTemplate jdbc = new JdbcTemplate(dataSource);
        try {
            if (setting(jdbc, "info.FILE_SIZE").isEmpty()) {
                return false;
            }
            List<String> current = setting(jdbc, "MAX_LENGTH_INPLACE_LOB");
            if (!current.isEmpty() && Long.parseLong(current.get(0)) >= IN_ROW_BYTES) {
                return false;
            }
            jdbc.execute("SET MAX_LENGTH_INPLACE_LOB " + IN_ROW_BYTES);
            return true;
        } catch (RuntimeException e) {
            // the setting needs the database's admin rights; without them values are kept apart as before
            if (e instanceof DataAccessException access
                    && access.getMostSpecificCause() instanceof SQLException sql
                    && sql.getErrorCode() == ADMIN_RIGHTS_REQUIRED) {
                log.info("H2 keeps large values apart from their rows: the database user is not an admin");
            } else {
                log.warn("H2 keeps large values apart from their rows ({})", e.getMessage());
            }
            return false;
        }
    }

    // with DATABASE_TO_LOWER=TRUE H2 names its settings in lower case
    private static List<String> setting(JdbcTemplate jdbc, String name) {
        return jdbc.queryForList(
                "SELECT SETTING_VALUE FROM INFORMATION_SCHEMA.SETTINGS WHERE UPPER(SETTING_NAME) = UPPER(?)",
                String.class,
                name);
    }
}
