package io.crosscheck.users;

import io.crosscheck.common.CrosscheckConfig;
import io.crosscheck.common.Roles;
import io.quarkus.runtime.StartupEvent;
import jakarta.annotation.Priority;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.enterprise.event.Observes;
import jakarta.inject.Inject;
import jakarta.transaction.Transactional;
import org.jboss.logging.Logger;

/**
 * Makes sure an admin can log in: the user {@code admin} gets the token from CROSSCHECK_ADMIN_TOKEN, or — where that
 * is unset and no admin exists yet — a generated token that is printed to the log this one time.
 */
@ApplicationScoped
public class AdminBootstrap {

    private static final Logger LOG = Logger.getLogger(AdminBootstrap.class);
    static final String ADMIN_USERNAME = "admin";

    @Inject
    CrosscheckConfig config;

    @Transactional
    void onStart(@Observes @Priority(10) StartupEvent event) {
        User admin = User.findByUsername(ADMIN_USERNAME).orElse(null);
        if (config.adminToken().isPresent() && !config.adminToken().get().isBlank()) {
            if (admin == null) {
                admin = newAdmin();
            }
            admin.role = Roles.ADMIN;
            admin.tokenHash = TokenService.hash(config.adminToken().get().trim());
            return;
        }
        if (admin == null && User.count("role", Roles.ADMIN) == 0) {
            admin = newAdmin();
            String token = TokenService.newToken();
            admin.tokenHash = TokenService.hash(token);
            LOG.warnf("CROSSCHECK_ADMIN_TOKEN is unset: generated the admin token %s (shown once; set "
                    + "CROSSCHECK_ADMIN_TOKEN or rotate it with POST /api/v1/users/{id}/token)", token);
        }
    }

    private User newAdmin() {
        User admin = new User();
        admin.username = ADMIN_USERNAME;
        admin.role = Roles.ADMIN;
        admin.persist();
        return admin;
    }
}
