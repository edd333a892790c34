package io.crosscheck.common;

import io.crosscheck.testing.AppProcess;
import io.crosscheck.testing.RawHttp;
import org.junit.jupiter.api.Test;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Map;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * The packaged jar, started as a user starts it: its entry point hands the URI check to {@link HttpLayerProblems}, so
 * a malformed escape is a 400 problem, not Quarkus's empty 400. (The @QuarkusTest JVMs get the same setting from
 * pom.xml; only this test shows the jar gets it from CrosscheckMain.)
 */
class MalformedUriIT {

    @Test
    void aMalformedEscapeIsAProblemFromThePackagedJar() throws Exception {
        Path dataDir = Files.createTempDirectory(Path.of("target"), "uri-data").toAbsolutePath();
        Map<String, String> env = Map.of("CROSSCHECK_DATA_DIR", dataDir.toString(),
                "CROSSCHECK_ADMIN_TOKEN", "uri-admin");
        try (AppProcess app = AppProcess.start(env, dataDir.resolveSibling(dataDir.getFileName() + ".log"))) {
            RawHttp.Reply reply = RawHttp.send(app.port(), "GET /api/v1/sources?name=%zz HTTP/1.1\r\nHost: x"
                    + "\r\nAuthorization: Bearer uri-admin");
            assertEquals(400, reply.status(), reply.toString());
            assertEquals(Problem.MEDIA_TYPE, reply.contentType(), reply.toString());
            assertTrue(reply.body().contains("The request URI is malformed"), reply.body());
        }
    }
}
