package io.crosscheck.database;

import io.crosscheck.testing.AppProcess;
import org.junit.jupiter.api.Test;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Map;

import static io.restassured.RestAssured.given;
import static org.hamcrest.Matchers.equalTo;

/**
 * The packaged jar on its embedded PostgreSQL (no DB_URL): data written before a restart is there after it, and
 * the jar migrates from any working directory because the migrations travel inside it.
 */
class RestartKeepsDataIT {

    @Test
    void dataSurvivesARestartOfTheService() throws Exception {
        Path dataDir = Files.createTempDirectory(Path.of("target"), "restart-data").toAbsolutePath();
        Map<String, String> env = Map.of("DB_URL", "", "CROSSCHECK_DATA_DIR", dataDir.toString(),
                "CROSSCHECK_ADMIN_TOKEN", "restart-admin");
        String text = "Kept across restarts 👍 " + System.nanoTime();
        long articleId;
        try (AppProcess app = AppProcess.start(env, dataDir.resolveSibling(dataDir.getFileName() + "-1.log"))) {
            long sourceId = given().baseUri(app.baseUrl()).header("Authorization", "Bearer restart-admin")
                    .contentType("application/json").body(Map.of("name", "Restart outlet"))
                    .when().post("/api/v1/sources").then().statusCode(201).extract().jsonPath().getLong("id");
            articleId = given().baseUri(app.baseUrl()).header("Authorization", "Bearer restart-admin")
                    .contentType("application/json").body(Map.of("sourceId", sourceId, "title", "t", "text", text))
                    .when().post("/api/v1/articles").then().statusCode(201).extract().jsonPath().getLong("id");
        }
        try (AppProcess app = AppProcess.start(env, dataDir.resolveSibling(dataDir.getFileName() + "-2.log"))) {
            given().baseUri(app.baseUrl()).header("Authorization", "Bearer restart-admin")
                    .when().get("/api/v1/articles/" + articleId)
                    .then().statusCode(200).body("text", equalTo(text));
        }
    }
}
