package io.crosscheck.users;

import io.crosscheck.audit.Audit;
import io.crosscheck.common.Page;
import io.crosscheck.common.PageRequest;
import io.crosscheck.common.ProblemException;
import io.crosscheck.common.Roles;
import io.quarkus.panache.common.Sort;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;
import jakarta.transaction.Transactional;

/** Creates users, rotates their tokens, lists them. */
@ApplicationScoped
public class UserService {

    @Inject
    Audit audit;

    /** A user with a fresh token; returns the entity and the clear token (the only time it exists). */
    @Transactional
    public Created create(String username, String role, long actorId) {
        if (!Roles.isValid(role)) {
            throw ProblemException.unprocessable("role", "role must be annotator, supervisor or admin");
        }
        if (User.findByUsername(username).isPresent()) {
            throw ProblemException.conflict("A user named '" + username + "' already exists");
        }
        User user = new User();
        user.username = username;
        user.role = role;
        String token = TokenService.newToken();
        user.tokenHash = TokenService.hash(token);
        user.persistAndFlush();
        audit.record(actorId, "create", "user", user.id, null, java.util.Map.of("username", username, "role", role));
        return new Created(user, token);
    }

    @Transactional
    public Created rotateToken(long userId, long actorId) {
        User user = User.<User>findByIdOptional(userId).orElseThrow(() -> ProblemException.notFound("User", userId));
        String token = TokenService.newToken();
        user.tokenHash = TokenService.hash(token);
        audit.record(actorId, "rotate-token", "user", user.id, null, null);
        return new Created(user, token);
    }

    public Page<User> list(PageRequest page) {
        var query = User.<User>findAll(Sort.by("id"));
        return new Page<>(query.page(page.page, page.size).list(), page.page, page.size, query.count());
    }

    public User get(long id) {
        return User.<User>findByIdOptional(id).orElseThrow(() -> ProblemException.notFound("User", id));
    }

    /** Finds an annotator by name or creates one without a token (annotation imports name coders this way). */
    @Transactional(Transactional.TxType.MANDATORY)
    public User findOrCreateAnnotator(String username) {
        return User.findByUsername(username).orElseGet(() -> {
            User user = new User();
            user.username = username;
            user.role = Roles.ANNOTATOR;
            user.persistAndFlush();
            return user;
        });
    }

    public record Created(User user, String token) {
    }
}
