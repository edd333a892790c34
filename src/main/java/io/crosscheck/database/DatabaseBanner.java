package io.crosscheck.database;

import io.quarkus.runtime.StartupEvent;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.enterprise.event.Observes;
import org.eclipse.microprofile.config.inject.ConfigProperty;
import org.jboss.logging.Logger;

/** Says in the log which database this instance uses. */
@ApplicationScoped
public class DatabaseBanner {

    private static final Logger LOG = Logger.getLogger(DatabaseBanner.class);

    void onStart(@Observes StartupEvent event,
                 @ConfigProperty(name = "quarkus.datasource.jdbc.url") String url) {
        String kind = EmbeddedDatabase.isRunning() ? "embedded PostgreSQL" : "external PostgreSQL (DB_URL)";
        LOG.infof("Database in use: %s at %s", kind, redacted(url));
    }

    /** The JDBC URL fit for a log line: a password in it is masked. */
    static String redacted(String url) {
        return url.replaceAll("password=[^&]*", "password=***");
    }
}
