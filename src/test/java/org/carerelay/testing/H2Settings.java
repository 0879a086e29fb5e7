package org.carerelay.testing;

import java.sql.Connection;
import java.sql.SQLException;
import java.util.List;
import javax.sql.DataSource;
import org.h2.engine.SessionLocal;
import org.h2.jdbc.JdbcConnection;
import org.springframework.jdbc.core.JdbcTemplate;

/** What an H2 database behind a datasource is set to, as the server's start-up leaves it (config/H2*). */
public final class H2Settings {

    private H2Settings() {}

    /** The value of a setting H2 lists, or none where it keeps its default (any case: DATABASE_TO_LOWER names them so). */
    public static List<String> value(DataSource dataSource, String name) {
        return new JdbcTemplate(dataSource)
                .queryForList(
                        "SELECT SETTING_VALUE FROM INFORMATION_SCHEMA.SETTINGS WHERE UPPER(SETTING_NAME) = UPPER(?)",
                        String.class,
                        name);
    }

    /** Whether the database answers a repeated query from the result it kept ({@code OPTIMIZE_REUSE_RESULTS}). */
    public static boolean reusesResults(DataSource dataSource) throws SQLException {
        try (Connection connection = dataSource.getConnection()) {
            SessionLocal session =
                    (SessionLocal) connection.unwrap(JdbcConnection.class).getSession();
            return session.getDatabase().getOptimizeReuseResults();
        }
    }
}
