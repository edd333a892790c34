package io.crosscheck.review;

import io.crosscheck.agreement.core.CohenKappa;
import io.crosscheck.testing.Fixtures;
import io.crosscheck.testing.Fixtures.TestUser;
import io.quarkus.test.junit.QuarkusTest;
import io.restassured.path.json.JsonPath;
import org.junit.jupiter.api.Test;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Map;
import java.util.Random;

import static io.crosscheck.testing.Fixtures.as;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;

/**
 * The annotators page sums per item (confusion tables per coder pair, per source); on random imported work with
 * missing labels and gold on some items, every figure equals Cohen's κ computed on the whole columns, as the page
 * computed it before (an items × annotators table).
 */
@QuarkusTest
class AnnotatorQualityRandomTest {

    static final List<String> LABELS = List.of("pro", "neutral", "anti");

    @Test
    void perItemSumsGiveTheKappaOfTheWholeColumns() {
        Random random = new Random(1313);
        long[] sources = {Fixtures.source(), Fixtures.source()};
        long project = Fixtures.project(4, List.of(Fixtures.documentLayer("stance", "nominal", LABELS)));
        int items = 24;
        int coders = 4;
        long[] articles = new long[items];
        for (int i = 0; i < items; i++) {
            articles[i] = Fixtures.article(sources[i % 2], "Random quality text " + i + " " + Fixtures.unique("q"));
        }
        Fixtures.addItems(project, Arrays.stream(articles).boxed().toList());
        String[] names = new String[coders];
        for (int c = 0; c < coders; c++) {
            names[c] = Fixtures.unique("rq-coder-" + c);
        }
        // codes[c][i]: coder c's label on item i, -1 missing (did the item, no label) or -2 (did not do it).
        int[][] codes = new int[coders + 1][items];
        List<Map<String, Object>> lines = new ArrayList<>();
        for (int i = 0; i < items; i++) {
            for (int c = 0; c < coders; c++) {
                double u = random.nextDouble();
                if (u < 0.15) {
                    codes[c][i] = -2;
                } else if (u < 0.25) {
                    codes[c][i] = -1;
                    lines.add(Map.of("articleId", articles[i], "annotator", names[c], "layer", "stance"));
                } else {
                    // coders agree with a per-item truth most of the time
                    int code = random.nextDouble() < 0.6 ? i % 3 : random.nextInt(3);
                    codes[c][i] = code;
                    lines.add(Map.of("articleId", articles[i], "annotator", names[c], "layer", "stance",
                            "label", LABELS.get(code)));
                }
            }
        }
        Fixtures.importAnnotationLines(project, lines);
        TestUser supervisor = Fixtures.supervisor();
        Arrays.fill(codes[coders], -2);
        for (int i = 0; i < items; i += 3) {
            int code = random.nextInt(3);
            codes[coders][i] = code;
            as(supervisor.token()).body(Map.of("annotations", List.of(Map.of("layer", "stance", "label",
                            LABELS.get(code)))))
                    .when().post("/api/v1/projects/" + project + "/items/" + articles[i] + "/adjudication")
                    .then().statusCode(201);
        }

        JsonPath body = as(supervisor.token()).queryParam("size", 100)
                .when().get("/api/v1/projects/" + project + "/annotators").then().statusCode(200).extract().jsonPath()
                // doubles, not RestAssured's default floats: the figures are compared to 1e-12
                .using(io.restassured.path.json.config.JsonPathConfig.jsonPathConfig()
                        .numberReturnType(io.restassured.path.json.config.JsonPathConfig.NumberReturnType.DOUBLE));
        for (int c = 0; c < coders; c++) {
            String layer = "items.find { it.annotator == '" + names[c] + "' }.layers.find { it.layer == 'stance' }.";
            for (int s = -1; s < 2; s++) {
                int source = s;
                Map<String, Object> figures = source < 0 ? body.getMap(layer + "overall")
                        : body.<Map<String, Object>>getList(layer + "bySource").stream()
                        .filter(f -> ((Number) f.get("sourceId")).longValue() == sources[source]).findFirst()
                        .orElseThrow();
                double sum = 0;
                int defined = 0;
                for (int other = 0; other < coders; other++) {
                    if (other != c) {
                        double k = kappa(codes, c, other, source, items);
                        if (!Double.isNaN(k)) {
                            sum += k;
                            defined++;
                        }
                    }
                }
                String where = names[c] + " source " + source;
                assertEquals(sum / defined, ((Number) figures.get("agreement")).doubleValue(), 1e-12, where);
                double accuracy = kappa(codes, c, coders, source, items);
                if (Double.isNaN(accuracy)) {
                    assertNull(figures.get("accuracy"), where);
                } else {
                    assertEquals(accuracy, ((Number) figures.get("accuracy")).doubleValue(), 1e-12, where);
                }
                int done = 0;
                for (int i = 0; i < items; i++) {
                    if (codes[c][i] != -2 && (source < 0 || i % 2 == source)) {
                        done++;
                    }
                }
                assertEquals(done, ((Number) figures.get("items")).intValue(), where);
            }
        }
    }

    /** κ of coders a and b on the items (of one source, or all with −1) both labeled, from the whole columns. */
    static double kappa(int[][] codes, int a, int b, int source, int items) {
        int[] x = new int[items];
        int[] y = new int[items];
        for (int i = 0; i < items; i++) {
            boolean in = source < 0 || i % 2 == source;
            x[i] = in ? Math.max(-1, codes[a][i]) : -1;
            y[i] = in ? Math.max(-1, codes[b][i]) : -1;
        }
        return CohenKappa.compute(x, y, LABELS.size());
    }
}
