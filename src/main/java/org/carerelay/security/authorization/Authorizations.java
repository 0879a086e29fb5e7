package org.carerelay.security.authorization;

import java.sql.Timestamp;
import java.time.Instant;
import java.util.concurrent.atomic.AtomicLong;
import org.springframework.dao.DuplicateKeyException;
import org.springframework.jdbc.core.JdbcTemplate;
import org.springframework.security.oauth2.core.OAuth2AccessToken;
import org.springframework.security.oauth2.jwt.JwtClaimNames;
import org.springframework.security.oauth2.server.authorization.JdbcOAuth2AuthorizationService;
import org.springframework.security.oauth2.server.authorization.OAuth2Authorization;
import org.springframework.security.oauth2.server.authorization.OAuth2AuthorizationService;
import org.springframework.security.oauth2.server.authorization.OAuth2TokenType;
import org.springframework.security.oauth2.server.authorization.client.RegisteredClientRepository;

/**
 * Spring Authorization Server's JDBC store of issued authorizations, which also notes the {@code jti} of every access
 * token it sees invalidated (revoked, or its refresh token revoked) in a small indexed table. The FHIR endpoint checks
 * that table on every request: a revoked token is refused at once, without a scan of the authorizations.
 */
final class Authorizations implements OAuth2AuthorizationService {

    private static final int PURGE_EVERY = 100;

    private final OAuth2AuthorizationService store;
    private final JdbcTemplate jdbc;
    private final AtomicLong saves = new AtomicLong();

    Authorizations(JdbcTemplate jdbc, RegisteredClientRepository clients) {
        this.store = new JdbcOAuth2AuthorizationService(jdbc, clients);
        this.jdbc = jdbc;
    }

    @Override
    public void save(OAuth2Authorization authorization) {
        store.save(authorization);
        OAuth2Authorization.Token<OAuth2AccessToken> access = authorization.getAccessToken();
        if (access != null && access.isInvalidated() && access.getClaims() != null) {
            Object jti = access.getClaims().get(JwtClaimNames.JTI);
            Instant expires = access.getToken().getExpiresAt();
            if (jti != null && expires != null) {
                try {
                    jdbc.update(
                            "insert into carerelay_revoked_token (jti, expires_at) values (?, ?)",
                            jti.toString(),
                            Timestamp.from(expires));
                } catch (DuplicateKeyException alreadyRevoked) {
                    // revoked twice: once is enough
                }
            }
        }
        if (saves.incrementAndGet() % PURGE_EVERY == 0) {
            purge();
        }
    }

    /**
     * Forgets what can no longer be used: revoked tokens past their expiry, and authorizations whose tokens have all
     * expired (Spring looks tokens up without an index, so the table must not grow without end).
     */
    void purge() {
        Timestamp now = Timestamp.from(Instant.now());
        jdbc.update("delete from carerelay_revoked_token where expires_at < ?", now);
        jdbc.update(
                "delete from oauth2_authorization where access_token_expires_at < ?"
                        + " and (refresh_token_expires_at is null or refresh_token_expires_at < ?)",
                now,
                now);
    }

    @Override
    public void remove(OAuth2Authorization authorization) {
        store.remove(authorization);
    }

    @Override
    public OAuth2Authorization findById(String id) {
        return store.findById(id);
    }

    @Override
    public OAuth2Authorization findByToken(String token, OAuth2TokenType tokenType) {
        return store.findByToken(token, tokenType);
    }

    /** Whether the access token with this {@code jti} was revoked. */
    boolean revoked(String jti) {
        Integer count =
                jdbc.queryForObject("select count(*) from carerelay_revoked_token where jti = ?", Integer.class, jti);
        return count != null && count > 0;
    }
}
