package io.crosscheck.common;

import io.quarkus.security.identity.SecurityIdentity;
import jakarta.enterprise.context.RequestScoped;
import jakarta.inject.Inject;

/** The authenticated caller of this request: id, name and role. */
@RequestScoped
public class CurrentUser {

    @Inject
    SecurityIdentity identity;

    public long id() {
        Long id = identity.getAttribute(TokenIdentityProvider.USER_ID);
        if (id == null) {
            throw new io.quarkus.security.UnauthorizedException();
        }
        return id;
    }

    public String username() {
        return identity.getPrincipal().getName();
    }

    public boolean isSupervisor() {
        return identity.hasRole(Roles.SUPERVISOR) || identity.hasRole(Roles.ADMIN);
    }

    public Actor actor() {
        return new Actor(id(), username(), isSupervisor());
    }

    /** A framework-free snapshot of the caller, handed to services. */
    public record Actor(long id, String username, boolean supervisor) {
    }
}
