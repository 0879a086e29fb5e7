package org.carerelay.security.authorization;

import java.security.SecureRandom;
import java.sql.Timestamp;
import java.time.Duration;
import java.time.Instant;
import java.util.Base64;
import java.util.List;
import java.util.Optional;
import org.springframework.jdbc.core.JdbcTemplate;

/**
 * EHR launches: the opaque {@code launch} value an app receives from {@code /apps}, standing for the patient the
 * signed-in user chose. Single-use and short-lived, kept in the database so that any server on it can redeem one.
 */
final class Launches {

    static final Duration LIFETIME = Duration.ofMinutes(5);
    private static final SecureRandom RANDOM = new SecureRandom();

    /** What a launch stands for. */
    record Launch(String clientId, String username, String patient) {}

    private final JdbcTemplate jdbc;

    Launches(JdbcTemplate jdbc) {
        this.jdbc = jdbc;
    }

    String create(String clientId, String username, String patient) {
        byte[] bytes = new byte[32];
        RANDOM.nextBytes(bytes);
        String id = Base64.getUrlEncoder().withoutPadding().encodeToString(bytes);
        jdbc.update(
                "insert into carerelay_launch (id, client_id, username, patient, expires_at, used)"
                        + " values (?, ?, ?, ?, ?, false)",
                id,
                clientId,
                username,
                patient,
                Timestamp.from(Instant.now().plus(LIFETIME)));
        return id;
    }

    /** A launch this client may still redeem. */
    Optional<Launch> find(String id, String clientId) {
        List<Launch> found = jdbc.query(
                "select client_id, username, patient from carerelay_launch"
                        + " where id = ? and client_id = ? and used = false and expires_at > ?",
                (row, n) -> new Launch(row.getString(1), row.getString(2), row.getString(3)),
                id,
                clientId,
                Timestamp.from(Instant.now()));
        return found.stream().findFirst();
    }

    /** Redeems a launch once: empty if it is unknown, used, expired, or another client's or user's. */
    Optional<Launch> redeem(String id, String clientId, String username) {
        Optional<Launch> launch = find(id, clientId).filter(l -> l.username().equals(username));
        if (launch.isEmpty()) {
            return Optional.empty();
        }
        int claimed = jdbc.update("update carerelay_launch set used = true where id = ? and used = false", id);
        jdbc.update("delete from carerelay_launch where expires_at < ?", Timestamp.from(Instant.now()));
        return claimed == 1 ? launch : Optional.empty();
    }
}
