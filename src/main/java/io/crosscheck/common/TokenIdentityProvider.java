package io.crosscheck.common;

import io.agroal.api.AgroalDataSource;
import io.crosscheck.users.TokenService;
import io.quarkus.security.AuthenticationFailedException;
import io.quarkus.security.identity.AuthenticationRequestContext;
import io.quarkus.security.identity.IdentityProvider;
import io.quarkus.security.identity.SecurityIdentity;
import io.quarkus.security.identity.request.TokenAuthenticationRequest;
import io.quarkus.security.runtime.QuarkusPrincipal;
import io.quarkus.security.runtime.QuarkusSecurityIdentity;
import io.smallrye.mutiny.Uni;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;

import java.sql.SQLException;
import java.util.concurrent.ConcurrentHashMap;

/**
 * Resolves a bearer token to its user by the token's SHA-256 (the only form in which tokens are stored).
 *
 * <p>A resolved token is remembered for {@code crosscheck.auth.token-cache} (default 10 s), keyed by its hash: an
 * annotator working the queue sends two requests per item, and the lookup was a database round trip, a worker-thread
 * hop and a pooled connection each time. A hit is answered on the event loop. Unknown tokens are never remembered.
 */
@ApplicationScoped
public class TokenIdentityProvider implements IdentityProvider<TokenAuthenticationRequest> {

    public static final String USER_ID = "userId";

    /** Past this many remembered tokens the cache starts afresh rather than grow (a bound, not an eviction policy). */
    private static final int MAX_REMEMBERED = 10_000;

    private record Remembered(SecurityIdentity identity, long userId, long expiresAtNanos) {
    }

    private final ConcurrentHashMap<String, Remembered> remembered = new ConcurrentHashMap<>();

    @Inject
    AgroalDataSource dataSource;

    @Inject
    CrosscheckConfig config;

    @Override
    public Class<TokenAuthenticationRequest> getRequestType() {
        return TokenAuthenticationRequest.class;
    }

    @Override
    public Uni<SecurityIdentity> authenticate(TokenAuthenticationRequest request, AuthenticationRequestContext context) {
        String hash = TokenService.hash(request.getToken().getToken());
        Remembered hit = remembered.get(hash);
        if (hit != null && hit.expiresAtNanos() - System.nanoTime() > 0) {
            return Uni.createFrom().item(hit.identity());
        }
        return context.runBlocking(() -> lookup(hash));
    }

    /** Forgets every remembered token of this user (after a rotation, so the old token stops working here at once). */
    public void forgetUser(long userId) {
        remembered.values().removeIf(r -> r.userId() == userId);
    }

    // Plain JDBC: one indexed lookup, outside any ORM session.
    private SecurityIdentity lookup(String hash) {
        try (var connection = dataSource.getConnection();
             var statement = connection.prepareStatement("select id, username, role from app_user where token_hash = ?")) {
            statement.setString(1, hash);
            try (var rs = statement.executeQuery()) {
                if (!rs.next()) {
                    throw new AuthenticationFailedException("unknown token");
                }
                long userId = rs.getLong("id");
                SecurityIdentity identity = QuarkusSecurityIdentity.builder()
                        .setPrincipal(new QuarkusPrincipal(rs.getString("username")))
                        .addRole(rs.getString("role"))
                        .addAttribute(USER_ID, userId)
                        .build();
                remember(hash, identity, userId);
                return identity;
            }
        } catch (SQLException e) {
            throw new IllegalStateException("token lookup failed", e);
        }
    }

    private void remember(String hash, SecurityIdentity identity, long userId) {
        long ttl = config.auth().tokenCache().toNanos();
        if (ttl <= 0) {
            return;
        }
        if (remembered.size() >= MAX_REMEMBERED) {
            remembered.clear();
        }
        remembered.put(hash, new Remembered(identity, userId, System.nanoTime() + ttl));
    }
}
