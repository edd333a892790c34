package io.crosscheck.testing;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.concurrent.TimeUnit;
import java.util.stream.Stream;

/**
 * A PostgreSQL primary and a streaming replica of it, each on a free port of 127.0.0.1: the primary made by initdb
 * (wal_level=replica, trust for replication from 127.0.0.1), the replica by {@code pg_basebackup -R} of it, in hot
 * standby. Its own throwaway cluster in both CI modes: a base backup of the shared server of DB_URL would copy every
 * database on it.
 *
 * <p>pg_basebackup is not among the embedded PostgreSQL's binaries (initdb, pg_ctl, postgres only), so this uses the
 * server binaries of a PostgreSQL installation: {@code PG_BIN} when set, else the newest
 * {@code /usr/lib/postgresql/<version>/bin} (Debian's postgresql package; .ci/run installs it when missing). As root
 * (PostgreSQL refuses root) every command runs as the user postgres through runuser.
 */
public final class ReplicaCluster implements AutoCloseable {

    public static final String DATABASE = "crosscheck";
    private static final Duration COMMAND_TIMEOUT = Duration.ofMinutes(2);

    private final Path bin;
    private final Path base;
    private final int primaryPort;
    private final int replicaPort;
    private final boolean asPostgres;
    private final Thread stopOnExit = new Thread(this::stop, "replica-cluster-stop");
    private boolean primaryUp;
    private boolean replicaUp;

    private ReplicaCluster(Path bin, Path base, int primaryPort, int replicaPort, boolean asPostgres) {
        this.bin = bin;
        this.base = base;
        this.primaryPort = primaryPort;
        this.replicaPort = replicaPort;
        this.asPostgres = asPostgres;
    }

    /** Makes and starts both servers; the primary has an empty database {@value #DATABASE}. */
    public static ReplicaCluster start() throws IOException, InterruptedException {
        boolean root = "root".equals(System.getProperty("user.name"));
        Path base = Files.createTempDirectory("crosscheck-replica-");
        int primaryPort = AppProcess.freePort();
        int replicaPort = AppProcess.freePort();
        while (replicaPort == primaryPort) {
            replicaPort = AppProcess.freePort();
        }
        ReplicaCluster cluster = new ReplicaCluster(serverBinaries(), base, primaryPort, replicaPort, root);
        Runtime.getRuntime().addShutdownHook(cluster.stopOnExit);
        try {
            cluster.startBoth();
        } catch (IOException | InterruptedException | RuntimeException e) {
            cluster.close();
            throw e;
        }
        return cluster;
    }

    /** PG_BIN, or the newest installed PostgreSQL's bin directory with the server and pg_basebackup. */
    static Path serverBinaries() throws IOException {
        String configured = System.getenv("PG_BIN");
        if (configured != null && !configured.isBlank()) {
            return requireBaseBackup(Path.of(configured.trim()));
        }
        Path installs = Path.of("/usr/lib/postgresql");
        if (Files.isDirectory(installs)) {
            try (Stream<Path> versions = Files.list(installs)) {
                Path newest = versions.map(v -> v.resolve("bin")).filter(ReplicaCluster::complete)
                        .max(Comparator.comparingInt(ReplicaCluster::version)).orElse(null);
                if (newest != null) {
                    return newest;
                }
            }
        }
        throw new IllegalStateException("the replica test needs PostgreSQL's server binaries with pg_basebackup: "
                + "install Debian's postgresql package (.ci/run does) or set PG_BIN to their directory");
    }

    private static Path requireBaseBackup(Path dir) {
        if (!complete(dir)) {
            throw new IllegalStateException("PG_BIN=" + dir + " lacks one of " + TOOLS);
        }
        return dir;
    }

    private static final List<String> TOOLS = List.of("initdb", "pg_ctl", "postgres", "pg_basebackup");

    /** The server and the client package of one version (Debian splits them; a client alone has no initdb). */
    private static boolean complete(Path bin) {
        return TOOLS.stream().allMatch(tool -> Files.isExecutable(bin.resolve(tool)));
    }

    private static int version(Path bin) {
        try {
            return Integer.parseInt(bin.getParent().getFileName().toString());
        } catch (NumberFormatException e) {
            return -1;
        }
    }

    private void startBoth() throws IOException, InterruptedException {
        if (asPostgres) {
            run(List.of("chown", "postgres:postgres", base.toString()));
        }
        Path primary = base.resolve("primary");
        Path replica = base.resolve("replica");
        pg(List.of(bin.resolve("initdb").toString(), "-D", primary.toString(), "-U", "postgres", "--auth=trust",
                "--no-sync"));
        // What streaming replication needs, spelled out although PostgreSQL 10+ defaults to it.
        pg(List.of("sh", "-c", "printf '%s\\n' \"wal_level = replica\" \"max_wal_senders = 4\" \"fsync = off\" >> "
                + primary.resolve("postgresql.conf")
                + " && printf '%s\\n' \"host replication postgres 127.0.0.1/32 trust\" >> "
                + primary.resolve("pg_hba.conf")));
        pgCtlStart(primary, primaryPort);
        primaryUp = true;
        try (Connection c = DriverManager.getConnection(url(primaryPort, "postgres"), "postgres", "");
             Statement st = c.createStatement()) {
            st.execute("create database " + DATABASE);
        } catch (SQLException e) {
            throw new IllegalStateException("creating the database on the test primary failed", e);
        }
        // -R writes standby.signal and primary_conninfo: the copy starts as a streaming replica of the primary.
        pg(List.of(bin.resolve("pg_basebackup").toString(), "-h", "127.0.0.1", "-p", String.valueOf(primaryPort),
                "-U", "postgres", "-D", replica.toString(), "-R", "-X", "stream", "-c", "fast", "--no-sync"));
        pgCtlStart(replica, replicaPort);
        replicaUp = true;
    }

    private void pgCtlStart(Path data, int port) throws IOException, InterruptedException {
        pg(List.of(bin.resolve("pg_ctl").toString(), "-D", data.toString(), "-l", data.resolve("server.log").toString(),
                "-o", "-p " + port + " -h 127.0.0.1 -k " + base, "-w", "-t", "60", "start"));
    }

    public String primaryUrl() {
        return url(primaryPort, DATABASE);
    }

    public String replicaUrl() {
        return url(replicaPort, DATABASE);
    }

    private static String url(int port, String database) {
        return "jdbc:postgresql://127.0.0.1:" + port + "/" + database;
    }

    /** Stops applying WAL on the replica (it still receives it) and waits until replay has stopped. */
    public static void pauseReplay(Connection replica) throws SQLException, InterruptedException {
        try (Statement st = replica.createStatement()) {
            st.execute("select pg_wal_replay_pause()");
        }
        await(replica, "select pg_get_wal_replay_pause_state() = 'paused'", "replay did not pause");
    }

    public static void resumeReplay(Connection replica) throws SQLException {
        try (Statement st = replica.createStatement()) {
            st.execute("select pg_wal_replay_resume()");
        }
    }

    /** Waits until the replica has applied everything the primary has written so far. */
    public static void awaitCaughtUp(Connection primary, Connection replica) throws SQLException, InterruptedException {
        String lsn;
        try (Statement st = primary.createStatement(); ResultSet rs = st.executeQuery("select pg_current_wal_lsn()")) {
            rs.next();
            lsn = rs.getString(1);
        }
        await(replica, "select pg_last_wal_replay_lsn() >= '" + lsn + "'::pg_lsn", "replica did not reach " + lsn);
    }

    private static void await(Connection c, String condition, String failure) throws SQLException, InterruptedException {
        long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(60);
        while (System.nanoTime() < deadline) {
            try (Statement st = c.createStatement(); ResultSet rs = st.executeQuery(condition)) {
                rs.next();
                if (rs.getBoolean(1)) {
                    return;
                }
            }
            Thread.sleep(50);
        }
        throw new IllegalStateException(failure + " within 60 s");
    }

    /** Runs a command, as postgres when this JVM is root. */
    private void pg(List<String> command) throws IOException, InterruptedException {
        List<String> full = new ArrayList<>();
        if (asPostgres) {
            full.addAll(List.of("runuser", "-u", "postgres", "--"));
        }
        full.addAll(command);
        run(full);
    }

    private void run(List<String> command) throws IOException, InterruptedException {
        Path output = Files.createTempFile("crosscheck-replica-cmd", ".log");
        try {
            Process p = new ProcessBuilder(command).directory(base.toFile()).redirectErrorStream(true)
                    .redirectOutput(output.toFile()).start();
            if (!p.waitFor(COMMAND_TIMEOUT.toSeconds(), TimeUnit.SECONDS)) {
                p.destroyForcibly();
                throw new IllegalStateException("timed out: " + command);
            }
            if (p.exitValue() != 0) {
                throw new IllegalStateException("failed (" + p.exitValue() + "): " + command + "\n"
                        + Files.readString(output) + logs());
            }
        } finally {
            Files.deleteIfExists(output);
        }
    }

    private String logs() {
        StringBuilder out = new StringBuilder();
        for (String name : List.of("primary", "replica")) {
            Path log = base.resolve(name).resolve("server.log");
            try {
                if (Files.isReadable(log)) {
                    out.append("\n--- ").append(name).append(" server.log ---\n").append(Files.readString(log));
                }
            } catch (IOException e) {
                out.append("\n(").append(log).append(": ").append(e.getMessage()).append(')');
            }
        }
        return out.toString();
    }

    /** Stops the replica only (fast shutdown), as when it is away; {@link #close} still cleans up. */
    public synchronized void stopReplica() throws IOException, InterruptedException {
        pg(List.of(bin.resolve("pg_ctl").toString(), "-D", base.resolve("replica").toString(), "-m", "fast", "-w",
                "stop"));
        replicaUp = false;
    }

    private synchronized void stop() {
        for (String name : List.of("replica", "primary")) {
            boolean up = name.equals("replica") ? replicaUp : primaryUp;
            if (up) {
                try {
                    pg(List.of(bin.resolve("pg_ctl").toString(), "-D", base.resolve(name).toString(), "-m", "fast",
                            "-w", "stop"));
                } catch (IOException | RuntimeException e) {
                    System.err.println("stopping the test " + name + " failed: " + e.getMessage());
                } catch (InterruptedException e) {
                    Thread.currentThread().interrupt();
                }
            }
        }
        replicaUp = false;
        primaryUp = false;
        if (!Files.exists(base)) {
            return;
        }
        try (Stream<Path> files = Files.walk(base)) {
            files.sorted(Comparator.reverseOrder()).forEach(p -> p.toFile().delete());
        } catch (IOException | UncheckedIOException e) {
            System.err.println("removing " + base + " failed: " + e.getMessage());
        }
    }

    /** Stops both servers and removes their data; the shutdown hook then finds nothing left to do. */
    @Override
    public void close() {
        stop();
    }
}
