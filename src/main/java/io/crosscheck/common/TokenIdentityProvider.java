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

/** Resolves a bearer token to its user by the token's SHA-256 (the only form in which tokens are stored). */
@ApplicationScoped
public class TokenIdentityProvider implements IdentityProvider<TokenAuthenticationRequest> {

    public static final String USER_ID = "userId";

    @Inject
    AgroalDataSource dataSource;

    @Override
    public Class<TokenAuthenticationRequest> getRequestType() {
        return TokenAuthenticationRequest.class;
    }

    @Override
    public Uni<SecurityIdentity> authenticate(TokenAuthenticationRequest request, AuthenticationRequestContext context) {
        return context.runBlocking(() -> lookup(request.getToken().getToken()));
    }

    // Plain JDBC: one indexed lookup per request, outside any ORM session.
    private SecurityIdentity lookup(String token) {
        String hash = TokenService.hash(token);
        try (var connection = dataSource.getConnection();
             var statement = connection.prepareStatement("select id, username, role from app_user where token_hash = ?")) {
            statement.setString(1, hash);
            try (var rs = statement.executeQuery()) {
                if (!rs.next()) {
                    throw new AuthenticationFailedException("unknown token");
                }
                return QuarkusSecurityIdentity.builder()
                        .setPrincipal(new QuarkusPrincipal(rs.getString("username")))
                        .addRole(rs.getString("role"))
                        .addAttribute(USER_ID, rs.getLong("id"))
                        .build();
            }
        } catch (SQLException e) {
            throw new IllegalStateException("token lookup failed", e);
        }
    }
}
