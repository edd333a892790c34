package io.crosscheck.database;

import io.quarkus.runtime.ExecutionMode;
import io.smallrye.config.ConfigSourceInterceptor;
import io.smallrye.config.ConfigSourceInterceptorContext;
import io.smallrye.config.ConfigValue;
import io.smallrye.config.Priorities;
import jakarta.annotation.Priority;

/**
 * Chooses the database before the datasource reads its URL (no bean runs that early, hence a config interceptor).
 * {@code quarkus.datasource.jdbc.url} may hold one of two words:
 * <ul>
 *   <li>{@code auto} (the default): DB_URL when it is set and not blank, otherwise the embedded PostgreSQL;</li>
 *   <li>{@code embedded}: always the embedded PostgreSQL (a test profile uses it to keep that path working).</li>
 * </ul>
 * Any other value is a JDBC URL and is used as it is.
 */
@Priority(Priorities.APPLICATION + 100)
public class EmbeddedDatabaseInterceptor implements ConfigSourceInterceptor {

    static final String URL_KEY = "quarkus.datasource.jdbc.url";
    static final String AUTO = "auto";
    static final String EMBEDDED = "embedded";

    @Override
    public ConfigValue getValue(ConfigSourceInterceptorContext context, String name) {
        ConfigValue value = context.proceed(name);
        if (!URL_KEY.equals(name) || value == null) {
            return value;
        }
        String mode = value.getValue();
        if (AUTO.equals(mode)) {
            ConfigValue dbUrl = context.proceed("DB_URL");
            if (dbUrl != null && dbUrl.getValue() != null && !dbUrl.getValue().isBlank()) {
                return value.withValue(dbUrl.getValue().trim());
            }
        } else if (!EMBEDDED.equals(mode)) {
            return value;
        }
        // During the build (augmentation) nothing may be started; the URL is only needed at run time.
        if (ExecutionMode.current() == ExecutionMode.UNSET) {
            return value;
        }
        ConfigValue dataDir = context.proceed("crosscheck.data-dir");
        String dir = dataDir == null || dataDir.getValue() == null ? "./data" : dataDir.getValue();
        return value.withValue(EmbeddedDatabase.start(dir));
    }
}
