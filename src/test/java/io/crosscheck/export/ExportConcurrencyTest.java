package io.crosscheck.export;

import io.crosscheck.testing.Fixtures;
import io.crosscheck.testing.Work;
import io.quarkus.test.junit.QuarkusTest;
import io.restassured.RestAssured;
import jakarta.inject.Inject;
import org.junit.jupiter.api.Test;

import javax.sql.DataSource;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.net.InetSocketAddress;
import java.net.Socket;
import java.nio.charset.StandardCharsets;
import java.sql.Connection;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.util.ArrayList;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import java.util.logging.Handler;
import java.util.logging.Level;
import java.util.logging.LogRecord;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * Issue #10.14 with real slow clients: raw sockets with a tiny receive buffer that read the status line of a
 * multi-megabyte export and then stop reading, so the server's writes block exactly as for a slow download.
 * Forty of them at once must not take the connection pool: only the configured number of exports run, the rest
 * get 429 with Retry-After at once, and meanwhile plain requests and readiness keep answering. Then the clients
 * reset their connections: each running export ends with one WARN line and no ERROR, and gives its slot back.
 */
@QuarkusTest
class ExportConcurrencyTest {

    static final int CLIENTS = 40;
    static final int ARTICLES = 40;
    /** 40 × 900 KB of text ≈ 36 MB of JSONL: far above what the kernel and the server buffer for one socket (seen: 3–14 MB). */
    static final int TEXT_CHARS = 900_000;

    @Inject
    ExportSlots slots;

    @Inject
    DataSource dataSource;

    record Head(int status, Map<String, String> headers, byte[] bodyStart) {
    }

    @Test
    void slowDownloadsAreBoundedAndTheApiKeepsAnswering() throws Exception {
        var supervisor = Fixtures.supervisor();
        var annotator = Fixtures.annotator();
        long source = Fixtures.source();
        List<Long> articles = new ArrayList<>();
        for (int i = 0; i < ARTICLES; i++) {
            StringBuilder text = new StringBuilder(Fixtures.unique("big") + " ");
            while (text.length() < TEXT_CHARS) {
                text.append("Prices rose sharply in the capital today. ");
            }
            articles.add(Fixtures.article(source, text.toString()));
        }
        long project = Fixtures.project(1, List.of(Fixtures.documentLayer("stance", "nominal", List.of("pro", "anti"))));
        Fixtures.addItems(project, articles);
        for (long a : articles) {
            Work.claimed(project, a, annotator).documentLabel("stance", "pro").submit();
        }
        String path = "/api/v1/projects/" + project + "/export?format=jsonl";
        int bound = slots.size();
        assertTrue(bound < CLIENTS && bound < 32, "the test needs a bound below the clients and the pool: " + bound);

        List<LogRecord> logged = Collections.synchronizedList(new ArrayList<>());
        Handler capture = new Handler() {
            @Override
            public void publish(LogRecord r) {
                logged.add(r);
            }

            @Override
            public void flush() {
            }

            @Override
            public void close() {
            }
        };
        java.util.logging.Logger root = java.util.logging.Logger.getLogger("");
        root.addHandler(capture);
        List<Socket> sockets = new ArrayList<>();
        ExecutorService pool = Executors.newFixedThreadPool(CLIENTS);
        try {
            List<Future<Head>> heads = new ArrayList<>();
            for (int i = 0; i < CLIENTS; i++) {
                Socket s = slowClient();
                sockets.add(s);
                heads.add(pool.submit(() -> request(s, path, supervisor.token())));
            }
            List<Integer> statuses = new ArrayList<>();
            List<Head> refused = new ArrayList<>();
            for (Future<Head> f : heads) {
                Head h = f.get(60, TimeUnit.SECONDS);
                statuses.add(h.status());
                if (h.status() == 429) {
                    refused.add(h);
                }
            }
            assertEquals(bound, statuses.stream().filter(s -> s == 200).count(), "statuses " + statuses);
            assertEquals(CLIENTS - bound, refused.size(), "statuses " + statuses);
            for (Head h : refused) {
                assertTrue(h.headers().getOrDefault("content-type", "").startsWith("application/problem+json"), h.headers().toString());
                assertTrue(Integer.parseInt(h.headers().get("retry-after")) >= 1, h.headers().toString());
                assertTrue(new String(h.bodyStart(), StandardCharsets.UTF_8).contains("\"status\":429"));
            }
            // The running exports are stuck on their clients, each holding one connection in its transaction.
            assertEquals(bound, slots.inUse());
            assertTrue(idleInTransaction() <= bound, "connections idle in transaction: " + idleInTransaction());

            // The rest of the API does not notice: many plain GETs at once, and readiness.
            List<Future<Integer>> gets = new ArrayList<>();
            for (int i = 0; i < 20; i++) {
                gets.add(pool.submit(() -> Fixtures.as(supervisor.token()).when().get("/api/v1/projects/" + project)
                        .then().extract().statusCode()));
            }
            for (Future<Integer> g : gets) {
                assertEquals(200, g.get(60, TimeUnit.SECONDS));
            }
            assertEquals(200, RestAssured.given().when().get("/q/health/ready").then().extract().statusCode());
            // The card takes a connection too, so it is refused while every slot is busy.
            Fixtures.as(supervisor.token()).when().get("/api/v1/projects/" + project + "/export/card")
                    .then().statusCode(429).header("Retry-After", org.hamcrest.Matchers.notNullValue());

            // The slow clients give up: a reset, as when a browser tab is closed.
            logged.clear();
            for (Socket s : sockets) {
                s.setSoLinger(true, 0);
                s.close();
            }
            long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(60);
            while (slots.inUse() > 0 && System.nanoTime() < deadline) {
                Thread.sleep(100);
            }
            assertEquals(0, slots.inUse(), "every aborted export gave its slot back");
            Thread.sleep(500); // let any late log line of the aborted exchanges arrive
        } finally {
            root.removeHandler(capture);
            pool.shutdownNow();
            for (Socket s : sockets) {
                s.close();
            }
        }
        List<LogRecord> snapshot;
        synchronized (logged) {
            snapshot = new ArrayList<>(logged);
        }
        List<String> errors = snapshot.stream().filter(r -> r.getLevel().intValue() >= Level.SEVERE.intValue())
                .map(r -> r.getLoggerName() + ": " + r.getMessage()).toList();
        assertEquals(List.of(), errors, "a client going away is no error");
        long warnings = snapshot.stream().filter(r -> r.getLevel().intValue() == Level.WARNING.intValue()
                && r.getMessage() != null && r.getMessage().contains("client went away")).count();
        assertEquals(bound, warnings, "one WARN line per aborted export");
        assertTrue(snapshot.stream().noneMatch(r -> r.getThrown() != null), "no stack trace logged");

        // And the next download is whole.
        String body = Fixtures.as(supervisor.token()).when().get(path).then().statusCode(200).extract().asString();
        assertEquals(ARTICLES, body.split("\n").length);
    }

    /** A client socket whose receive window is tiny, so the server's writes block once the kernel buffers fill. */
    static Socket slowClient() throws IOException {
        Socket s = new Socket();
        s.setReceiveBufferSize(2048);
        s.setSoTimeout(60_000);
        s.connect(new InetSocketAddress("127.0.0.1", RestAssured.port), 10_000);
        return s;
    }

    /** Sends a GET and reads the status line, headers and at most a little of the body, then stops reading. */
    static Head request(Socket s, String path, String token) throws IOException {
        s.getOutputStream().write(("GET " + path + " HTTP/1.1\r\nHost: localhost\r\nAuthorization: Bearer " + token
                + "\r\nAccept: */*\r\n\r\n").getBytes(StandardCharsets.US_ASCII));
        s.getOutputStream().flush();
        InputStream in = s.getInputStream();
        ByteArrayOutputStream head = new ByteArrayOutputStream();
        int b;
        while ((b = in.read()) >= 0) {
            head.write(b);
            byte[] h = head.toByteArray();
            int n = h.length;
            if (n >= 4 && h[n - 4] == '\r' && h[n - 3] == '\n' && h[n - 2] == '\r' && h[n - 1] == '\n') {
                break;
            }
        }
        String[] lines = head.toString(StandardCharsets.US_ASCII).split("\r\n");
        int status = Integer.parseInt(lines[0].split(" ")[1]);
        Map<String, String> headers = new LinkedHashMap<>();
        for (int i = 1; i < lines.length; i++) {
            int colon = lines[i].indexOf(':');
            if (colon > 0) {
                headers.put(lines[i].substring(0, colon).trim().toLowerCase(Locale.ROOT), lines[i].substring(colon + 1).trim());
            }
        }
        byte[] body = new byte[0];
        if (status != 200) {
            body = in.readNBytes(Math.min(4096, Integer.parseInt(headers.getOrDefault("content-length", "0"))));
        }
        return new Head(status, headers, body);
    }

    private int idleInTransaction() throws SQLException {
        try (Connection c = dataSource.getConnection();
             ResultSet rs = c.createStatement().executeQuery("select count(*) from pg_stat_activity"
                     + " where datname = current_database() and state = 'idle in transaction'")) {
            rs.next();
            return rs.getInt(1);
        }
    }
}
