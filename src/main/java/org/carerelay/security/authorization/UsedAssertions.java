package org.carerelay.security.authorization;

import java.sql.Timestamp;
import java.time.Instant;
import org.springframework.dao.DuplicateKeyException;
import org.springframework.jdbc.core.JdbcTemplate;

/**
 * The {@code jti} of every client assertion accepted, kept until the assertion expires, so that a replayed assertion
 * is refused by every server on the database (SMART Backend Services, RFC 7523).
 */
final class UsedAssertions {

    private final JdbcTemplate jdbc;

    UsedAssertions(JdbcTemplate jdbc) {
        this.jdbc = jdbc;
    }

    /** Records the assertion; false if it was seen before. */
    boolean firstUse(String clientId, String jti, Instant expiresAt) {
        jdbc.update("delete from carerelay_client_assertion where expires_at < ?", Timestamp.from(Instant.now()));
        try {
            jdbc.update(
                    "insert into carerelay_client_assertion (client_id, jti, expires_at) values (?, ?, ?)",
                    clientId,
                    jti,
                    Timestamp.from(expiresAt));
            return true;
        } catch (DuplicateKeyException replayed) {
            return false;
        }
    }
}
