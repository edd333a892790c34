package io.crosscheck.database;

import io.quarkus.runtime.StartupEvent;
import jakarta.annotation.Priority;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.enterprise.event.Observes;
import jakarta.inject.Inject;
import org.flywaydb.core.Flyway;

/**
 * Refuses to start on a schema Flyway did not build: a jar packaged without db-migrations would otherwise come up
 * half-empty and fail on the first request instead of at start.
 */
@ApplicationScoped
public class MigrationGuard {

    @Inject
    Flyway flyway;

    void onStart(@Observes @Priority(1) StartupEvent event) {
        check(flyway);
    }

    static void check(Flyway flyway) {
        var info = flyway.info();
        if (info.all().length == 0 || info.applied().length == 0) {
            throw new IllegalStateException("No Flyway migrations were found on the classpath (db/migration) or "
                    + "applied to the database; refusing to start on an unmanaged schema");
        }
    }
}
