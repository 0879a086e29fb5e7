package org.carerelay.security.authorization;

import java.sql.Connection;
import java.sql.SQLException;
import java.util.List;
import javax.sql.DataSource;
import org.springframework.jdbc.core.JdbcTemplate;

/**
 * The built-in authorization server's tables, created on start when missing, beside HAPI's in the same database, so
 * that issued tokens, the signing key, EHR launches and used client assertions survive a restart and are shared by
 * several servers on one database. Spring Authorization Server's own schema, with PostgreSQL's {@code text} for its
 * {@code blob} columns, as its documentation prescribes.
 */
final class AuthorizationTables {

    private final JdbcTemplate jdbc;

    AuthorizationTables(DataSource dataSource) {
        this.jdbc = new JdbcTemplate(dataSource);
        create(dataSource, jdbc);
    }

    JdbcTemplate jdbc() {
        return jdbc;
    }

    private static void create(DataSource dataSource, JdbcTemplate jdbc) {
        String blob = postgres(dataSource) ? "text" : "blob";
        String time = "timestamp with time zone";
        List<String> tokenColumns = List.of(
                "authorization_code", "access_token", "oidc_id_token", "refresh_token", "user_code", "device_code");
        StringBuilder authorization = new StringBuilder("create table if not exists oauth2_authorization ("
                + " id varchar(100) not null, registered_client_id varchar(100) not null,"
                + " principal_name varchar(200) not null, authorization_grant_type varchar(100) not null,"
                + " authorized_scopes varchar(1000), attributes " + blob + ", state varchar(500),");
        for (String token : tokenColumns) {
            authorization
                    .append(' ')
                    .append(token)
                    .append("_value ")
                    .append(blob)
                    .append(", ")
                    .append(token)
                    .append("_issued_at ")
                    .append(time)
                    .append(", ")
                    .append(token)
                    .append("_expires_at ")
                    .append(time)
                    .append(", ")
                    .append(token)
                    .append("_metadata ")
                    .append(blob)
                    .append(',');
            if (token.equals("access_token")) {
                authorization.append(" access_token_type varchar(100), access_token_scopes varchar(1000),");
            }
        }
        authorization.append(" primary key (id))");
        jdbc.execute(authorization.toString());
        jdbc.execute("create table if not exists carerelay_signing_key (kid varchar(100) not null,"
                + " jwk varchar(10000) not null, created_at " + time + " not null, primary key (kid))");
        jdbc.execute("create table if not exists carerelay_revoked_token (jti varchar(100) not null," + " expires_at "
                + time + " not null, primary key (jti))");
        jdbc.execute("create table if not exists carerelay_client_assertion (client_id varchar(100) not null,"
                + " jti varchar(200) not null, expires_at " + time + " not null, primary key (client_id, jti))");
        jdbc.execute("create table if not exists carerelay_launch (id varchar(100) not null,"
                + " client_id varchar(100) not null, username varchar(200) not null, patient varchar(100) not null,"
                + " expires_at " + time + " not null, used boolean not null,"
                + " primary key (id))");
    }

    private static boolean postgres(DataSource dataSource) {
        try (Connection connection = dataSource.getConnection()) {
            return connection
                    .getMetaData()
                    .getDatabaseProductName()
                    .toLowerCase()
                    .contains("postgres");
        } catch (SQLException e) {
            throw new IllegalStateException("the database is not reachable to create the authorization tables", e);
        }
    }
}
