package io.crosscheck.common;

import io.quarkus.runtime.configuration.MemorySize;
import io.smallrye.config.ConfigMapping;
import io.smallrye.config.WithDefault;

import java.time.Duration;
import java.util.Optional;

/** Typed configuration under {@code crosscheck.*}; every key has a default or an entry in .env.example. */
@ConfigMapping(prefix = "crosscheck")
public interface CrosscheckConfig {

    /** Admin bearer token (env CROSSCHECK_ADMIN_TOKEN); when unset one is generated on first start and logged once. */
    Optional<String> adminToken();

    /** Where the embedded PostgreSQL keeps its data when DB_URL is unset (env CROSSCHECK_DATA_DIR). */
    @WithDefault("./data")
    String dataDir();

    /** Load the demo seeds into an empty database at start (env CROSSCHECK_SEED). */
    @WithDefault("false")
    boolean seed();

    Limits limits();

    Queue queue();

    Auth auth();

    interface Auth {
        /**
         * How long a resolved token is remembered in memory (env CROSSCHECK_AUTH_TOKEN_CACHE; 0 turns the cache off).
         * Rotating a token on one instance forgets the old one there at once; other instances accept the old token
         * for at most this long.
         */
        @WithDefault("10s")
        Duration tokenCache();
    }

    interface Limits {
        /** Largest JSON request body (env CROSSCHECK_LIMITS_JSON_BODY). */
        @WithDefault("2M")
        MemorySize jsonBody();

        /** Largest NDJSON bulk body (env CROSSCHECK_LIMITS_BULK_BODY); keep ≤ quarkus.http.limits.max-body-size. */
        @WithDefault("64M")
        MemorySize bulkBody();
    }

    interface Queue {
        /** How long a queue lease lives without a heartbeat (env CROSSCHECK_QUEUE_LEASE, ISO-8601 or e.g. 30m). */
        @WithDefault("30m")
        Duration lease();

        /**
         * How often a working client heartbeats (env CROSSCHECK_QUEUE_HEARTBEAT_INTERVAL): a gap between claim,
         * heartbeats and submit longer than this counts as idle in an assignment's activeSeconds. The workbench
         * heartbeats every 45 s while its page is visible and used.
         */
        @WithDefault("60s")
        Duration heartbeatInterval();
    }
}
