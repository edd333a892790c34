package io.crosscheck.database;

import io.quarkus.runtime.StartupEvent;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.enterprise.event.Observes;
import org.eclipse.microprofile.config.inject.ConfigProperty;
import org.jboss.logging.Logger;

import java.util.Optional;

/** Says in the log which database this instance uses, and which one its reports read. */
@ApplicationScoped
public class DatabaseBanner {

    private static final Logger LOG = Logger.getLogger(DatabaseBanner.class);

    void onStart(@Observes StartupEvent event,
                 @ConfigProperty(name = "quarkus.datasource.jdbc.url") String url,
                 @ConfigProperty(name = "quarkus.datasource.\"read\".jdbc.url") Optional<String> readUrl,
                 ReadDatabase reads) {
        String kind = EmbeddedDatabase.isRunning() ? "embedded PostgreSQL" : "external PostgreSQL (DB_URL)";
        LOG.infof("Database in use: %s at %s", kind, redacted(url));
        if (reads.separate() && readUrl.isPresent()) {
            LOG.infof("Reports read from the read database (DB_READ_URL) at %s; they may lag the primary by its "
                    + "replication delay", redacted(readUrl.get()));
        }
    }

    /** The JDBC URL fit for a log line: a password in it is masked. */
    static String redacted(String url) {
        return url.replaceAll("password=[^&]*", "password=***");
    }
}
