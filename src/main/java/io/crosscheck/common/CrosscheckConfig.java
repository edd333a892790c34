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

    Db db();

    interface Db {
        /**
         * How long the service waits at start for PostgreSQL to answer (env CROSSCHECK_DB_STARTUP_WAIT, e.g. 60s or
         * PT2M; 0 = try once). It retries with backoff, logging why at each attempt, and exits non-zero when the time
         * is up. Flyway's migration at start runs after this wait.
         */
        @WithDefault("60s")
        Duration startupWait();
    }

    Export export();

    Job job();

    interface Job {
        /** How many jobs (exports, imports) this instance runs at once (env CROSSCHECK_JOB_CONCURRENCY); more wait queued. */
        @WithDefault("2")
        int concurrency();

        /**
         * Where job files live: uploaded import bodies and results (env CROSSCHECK_JOB_DIR; default
         * {@code <java.io.tmpdir>/crosscheck-jobs}). Instances that share a database must share this directory.
         */
        Optional<String> dir();

        /** How long a finished job's result file is kept (env CROSSCHECK_JOB_RETENTION); after it the result is 410. */
        @WithDefault("24h")
        Duration retention();

        /**
         * A running job whose heartbeat (written every second) is older than this is taken to have lost its runner
         * and is requeued, or failed when its input is gone (env CROSSCHECK_JOB_STALE_AFTER).
         */
        @WithDefault("30s")
        Duration staleAfter();
    }

    interface Export {
        /**
         * How many exports may hold a database connection at once — streaming downloads and dataset cards (env
         * CROSSCHECK_EXPORT_CONCURRENCY). Keep it well below the pool size (DB_POOL_MAX, 32) so the API always has
         * connections; beyond it the export answers 429 with Retry-After.
         */
        @WithDefault("4")
        int concurrency();

        /** The Retry-After sent with that 429 (env CROSSCHECK_EXPORT_RETRY_AFTER). */
        @WithDefault("10s")
        Duration retryAfter();
    }

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
        /** Largest body of every endpoint that is not an import (env CROSSCHECK_LIMITS_JSON_BODY), whatever its type. */
        @WithDefault("2M")
        MemorySize jsonBody();

        /**
         * Largest body of an import endpoint (env CROSSCHECK_LIMITS_BULK_BODY), counted as it is read, chunked too;
         * keep below quarkus.http.limits.max-body-size so that our 413 answers first.
         */
        @WithDefault("64M")
        MemorySize bulkBody();

        /**
         * Longest string attribute value of an annotation, in code points (env CROSSCHECK_LIMITS_ATTRIBUTE_STRING);
         * longer is a 422 naming the attribute. Bounds what one label may store besides the article's own text.
         */
        @WithDefault("10000")
        int attributeString();
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
