package io.crosscheck.database;

import io.agroal.api.AgroalDataSource;
import io.quarkus.test.junit.QuarkusTest;
import jakarta.inject.Inject;
import org.flywaydb.core.Flyway;
import org.junit.jupiter.api.Test;

import static org.junit.jupiter.api.Assertions.assertDoesNotThrow;
import static org.junit.jupiter.api.Assertions.assertThrows;

/** A start that finds no migrations fails instead of serving on an unmanaged schema. */
@QuarkusTest
class MigrationGuardTest {

    @Inject
    AgroalDataSource dataSource;

    @Inject
    Flyway flyway;

    @Test
    void noMigrationsOnTheClasspathRefusesToStart() {
        Flyway empty = Flyway.configure().dataSource(dataSource)
                .locations("classpath:no/such/migrations")
                .schemas("migration_guard_probe").createSchemas(false)
                .failOnMissingLocations(false)
                .load();
        assertThrows(IllegalStateException.class, () -> MigrationGuard.check(empty));
    }

    @Test
    void theRealMigrationsPass() {
        assertDoesNotThrow(() -> MigrationGuard.check(flyway));
    }
}
