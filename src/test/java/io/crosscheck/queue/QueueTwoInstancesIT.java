package io.crosscheck.queue;

import org.junit.jupiter.api.Test;

import java.io.IOException;
import java.net.ServerSocket;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.DriverManager;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.TimeUnit;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assertions.fail;

/**
 * Two copies of the packaged application (target/quarkus-app/quarkus-run.jar) on two ports and one database, the
 * same hammer spread over both, then the invariants checked with SQL. Uses DB_URL/DB_USER/DB_PASSWORD when set;
 * otherwise the first instance starts its embedded PostgreSQL and the second is pointed at it.
 */
class QueueTwoInstancesIT {

    /** The test profile's admin token, so @QuarkusTest runs on the same database keep working. */
    private static final String ADMIN_TOKEN = "test-admin-token";
    private static final Pattern EMBEDDED_URL = Pattern.compile("embedded PostgreSQL at (jdbc:postgresql://\\S+)");

    private final List<Process> processes = new ArrayList<>();

    @Test
    void twoInstancesOnOneDatabaseKeepEveryInvariant() throws Exception {
        Path jar = Path.of(System.getProperty("crosscheck.jar", "target/quarkus-app/quarkus-run.jar"));
        assertTrue(Files.isRegularFile(jar), "package the application first: " + jar.toAbsolutePath());
        Path logs = Files.createDirectories(Path.of("target", "it-logs"));
        Thread killer = new Thread(this::stopAll, "kill-it-instances");
        Runtime.getRuntime().addShutdownHook(killer);
        try {
            String dbUrl = Optional.ofNullable(System.getenv("DB_URL")).filter(s -> !s.isBlank()).orElse(null);
            String dbUser = Optional.ofNullable(System.getenv("DB_USER")).orElse("postgres");
            String dbPassword = Optional.ofNullable(System.getenv("DB_PASSWORD")).orElse("");

            int port1 = freePort();
            Path log1 = logs.resolve("instance-1.log");
            start(jar, port1, dbUrl, dbUser, dbPassword, log1);
            awaitReady(port1, log1);
            if (dbUrl == null) {
                dbUrl = embeddedUrl(log1);
            }
            int port2 = freePort();
            Path log2 = logs.resolve("instance-2.log");
            start(jar, port2, dbUrl, dbUser, dbPassword, log2);
            awaitReady(port2, log2);

            QueueHammer hammer = new QueueHammer(List.of(URI.create("http://localhost:" + port1),
                    URI.create("http://localhost:" + port2)), ADMIN_TOKEN);
            hammer.setUp(300, 3, 40);
            hammer.run();
            try (Connection c = DriverManager.getConnection(dbUrl, dbUser, dbPassword)) {
                hammer.checkInvariants(c);
            }
        } finally {
            stopAll();
            Runtime.getRuntime().removeShutdownHook(killer);
        }
    }

    private void start(Path jar, int port, String dbUrl, String dbUser, String dbPassword, Path log) throws IOException {
        String java = Path.of(System.getProperty("java.home"), "bin", "java").toString();
        ProcessBuilder pb = new ProcessBuilder(java, "-Xmx384m", "-jar", jar.toAbsolutePath().toString())
                .redirectErrorStream(true).redirectOutput(log.toFile());
        Map<String, String> env = pb.environment();
        env.put("QUARKUS_HTTP_PORT", String.valueOf(port));
        env.put("CROSSCHECK_ADMIN_TOKEN", ADMIN_TOKEN);
        env.put("CROSSCHECK_SEED", "false");
        // Two pools on one server: keep them small so the pair fits max_connections beside anything else.
        env.put("DB_POOL_MAX", "12");
        env.put("DB_USER", dbUser);
        env.put("DB_PASSWORD", dbPassword);
        if (dbUrl != null) {
            env.put("DB_URL", dbUrl);
        } else {
            env.remove("DB_URL");
            env.put("CROSSCHECK_DATA_DIR", Path.of("target", "it-data").toAbsolutePath().toString());
        }
        synchronized (processes) {
            processes.add(pb.start());
        }
    }

    private void awaitReady(int port, Path log) throws Exception {
        HttpClient http = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(2)).build();
        long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(180);
        Process process = processes.get(processes.size() - 1);
        while (System.nanoTime() < deadline) {
            if (!process.isAlive()) {
                fail("instance on port " + port + " died:\n" + tail(log));
            }
            try {
                var r = http.send(HttpRequest.newBuilder(URI.create("http://localhost:" + port + "/q/health/ready"))
                        .timeout(Duration.ofSeconds(5)).build(), HttpResponse.BodyHandlers.discarding());
                if (r.statusCode() == 200) {
                    return;
                }
            } catch (IOException notYet) {
                // still starting
            }
            Thread.sleep(300);
        }
        fail("instance on port " + port + " not ready in time:\n" + tail(log));
    }

    private static String embeddedUrl(Path log) throws IOException {
        Matcher m = EMBEDDED_URL.matcher(Files.readString(log));
        if (!m.find()) {
            fail("DB_URL is unset and instance 1 did not log its embedded database URL:\n" + tail(log));
        }
        return m.group(1);
    }

    /** Stops the instances in reverse order (the first may own the embedded database), forcibly if they hang. */
    private void stopAll() {
        List<Process> running;
        synchronized (processes) {
            running = new ArrayList<>(processes);
            processes.clear();
        }
        for (int i = running.size() - 1; i >= 0; i--) {
            Process p = running.get(i);
            p.destroy();
            try {
                if (!p.waitFor(30, TimeUnit.SECONDS)) {
                    p.destroyForcibly().waitFor(10, TimeUnit.SECONDS);
                }
            } catch (InterruptedException e) {
                p.destroyForcibly();
                Thread.currentThread().interrupt();
            }
        }
    }

    private static int freePort() throws IOException {
        try (ServerSocket s = new ServerSocket(0)) {
            s.setReuseAddress(true);
            return s.getLocalPort();
        }
    }

    private static String tail(Path log) {
        try {
            List<String> lines = Files.readAllLines(log);
            return String.join("\n", lines.subList(Math.max(0, lines.size() - 40), lines.size()));
        } catch (IOException e) {
            return "(no log: " + e.getMessage() + ")";
        }
    }
}
