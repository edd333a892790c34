package io.crosscheck.workbench;

import com.microsoft.playwright.Locator;
import io.crosscheck.seeds.SeedLoader;
import io.crosscheck.testing.Fixtures;
import io.crosscheck.testing.Fixtures.TestUser;
import io.quarkus.test.junit.QuarkusTest;
import io.restassured.path.json.JsonPath;
import jakarta.inject.Inject;
import org.junit.jupiter.api.Test;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

import static io.crosscheck.testing.Fixtures.as;
import static io.crosscheck.testing.Fixtures.asAdmin;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * The workbench in a real browser (Debian's Chromium through Playwright) against the running test instance: what a
 * person does in the pages, checked in the data the REST API returns afterwards. Any console or page error fails the
 * test; every test leaves a screenshot under target/screenshots.
 */
@QuarkusTest
class WorkbenchBrowserTest extends WorkbenchPageTest {

    /** Before the target words: an emoji (two UTF-16 units), a combining mark NFC cannot fold, and CRLF. */
    static final String TEXT = "Parade day 🎖️ in Beijing: the crowd chanted q\u0307 and e\u0301.\r\n"
            + "Later the former US President spoke at length 👍🏽.\r\nEnd.";
    static final String TARGET = "former US President";

    @Inject
    SeedLoader seeds;

    /** Selects the first occurrence of {@code words} in the article text the way a mouse drag ends: range, then mouseup. */
    void select(String words) {
        page.evaluate("words => { const box = document.getElementById('article-text');"
                + " const walker = document.createTreeWalker(box, NodeFilter.SHOW_TEXT); let n;"
                + " while ((n = walker.nextNode())) { const i = n.data.indexOf(words); if (i >= 0) {"
                + "   const r = document.createRange(); r.setStart(n, i); r.setEnd(n, i + words.length);"
                + "   const s = getSelection(); s.removeAllRanges(); s.addRange(r);"
                + "   box.dispatchEvent(new MouseEvent('mouseup', { bubbles: true })); return; } }"
                + " throw new Error('not in the text: ' + words); }", words);
    }

    /** At 200% zoom a 1280 px window is 640 CSS px wide: nothing may need sideways scrolling. */
    void readableAtDoubleZoom(String what) {
        page.setViewportSize(640, 900);
        page.waitForTimeout(200);
        Object overflow = page.evaluate("() => document.documentElement.scrollWidth - window.innerWidth");
        assertTrue(((Number) overflow).intValue() <= 0, what + " scrolls sideways at 200% zoom by " + overflow + " px");
        page.setViewportSize(1280, 900);
    }

    @Test
    void offsetsConvertBetweenCodePointsAndUtf16PastEmojiCombiningMarksAndCrlf() {
        page.navigate(base.toString());
        @SuppressWarnings("unchecked")
        Map<String, Object> got = (Map<String, Object>) page.evaluate("async text => {"
                + " const { Offsets } = await import('/js/offsets.js'); const o = new Offsets(text);"
                + " const u = text.indexOf('former');"
                + " return { length: o.length, start: o.toCodePoint(u), back: o.toUtf16(o.toCodePoint(u)),"
                + "   insidePairStart: o.toCodePoint(text.indexOf('🎖') + 1, 'start'), insidePairEnd: o.toCodePoint(text.indexOf('🎖') + 1, 'end'),"
                + "   slice: o.slice(o.toCodePoint(u), o.toCodePoint(u) + 19), emoji: o.slice(11, 12) }; }", TEXT);
        int start = TEXT.codePointCount(0, TEXT.indexOf("former"));
        int emojiAt = TEXT.codePointCount(0, TEXT.indexOf("🎖"));
        assertEquals(TEXT.codePointCount(0, TEXT.length()), ((Number) got.get("length")).intValue());
        assertEquals(start, ((Number) got.get("start")).intValue());
        assertEquals(TEXT.indexOf("former"), ((Number) got.get("back")).intValue());
        assertEquals(emojiAt, ((Number) got.get("insidePairStart")).intValue());
        assertEquals(emojiAt + 1, ((Number) got.get("insidePairEnd")).intValue());
        assertEquals(TARGET, got.get("slice"));
        assertEquals("🎖", got.get("emoji"));
    }

    @Test
    void anAnnotatorMarksASpanAfterEmojiCombiningMarksAndCrlfAndTheStoredOffsetsAreCodePoints() {
        Map<String, Object> body = new HashMap<>();
        body.put("name", Fixtures.unique("browser-a"));
        body.put("annotatorsPerItem", 1);
        body.put("layers", List.of(
                Map.of("name", "claims", "scope", "span", "measurement", "nominal", "guidelines", "Mark **claims**.",
                        "labels", List.of(Map.of("value", "world-fact-error", "description", "False as of the date", "key", "w"), "unsupported")),
                Fixtures.documentLayer("stance", "nominal", List.of("pro", "neutral", "anti"))));
        long project = Fixtures.project(body);
        long article = Fixtures.article(Fixtures.source(), TEXT + " " + Fixtures.unique("t"));
        Fixtures.addItems(project, List.of(article));
        TestUser annotator = Fixtures.member(project);

        signIn(annotator.token());
        page.click("a.button.primary[href='#/annotate/" + project + "']");
        page.waitForSelector("#article-text:has-text('" + TARGET + "')");
        select(TARGET);
        assertEquals(TARGET, page.textContent("#selected-quote"));
        page.click("#palette button[data-label='world-fact-error']");
        page.waitForSelector("#my-annotations li");
        page.click("#document-labels button[data-label='neutral']");
        page.waitForSelector("#document-labels button[data-label='neutral'][aria-pressed='true']");
        readableAtDoubleZoom("the annotation page");
        Browser.screenshot(page, "annotator-before-submit");
        page.click("#submit");
        page.waitForSelector("#queue-empty");

        JsonPath assignments = asAdmin().queryParam("projectId", project).when().get("/api/v1/assignments")
                .then().statusCode(200).extract().jsonPath();
        assertEquals("submitted", assignments.getString("items[0].status"));
        JsonPath stored = asAdmin().when().get("/api/v1/assignments/" + assignments.getLong("items[0].id") + "/annotations")
                .then().statusCode(200).extract().jsonPath();
        // Offsets are on the stored text, which is NFC: e + U+0301 became é (one code point); q + U+0307 stayed two.
        String stored0 = java.text.Normalizer.normalize(TEXT, java.text.Normalizer.Form.NFC);
        int start = stored0.codePointCount(0, stored0.indexOf(TARGET));
        assertEquals(start, stored.getInt("items.find { it.layer == 'claims' }.start"));
        assertEquals(start + TARGET.length(), stored.getInt("items.find { it.layer == 'claims' }.end"));
        assertEquals(TARGET, stored.getString("items.find { it.layer == 'claims' }.quote"));
        assertEquals("world-fact-error", stored.getString("items.find { it.layer == 'claims' }.label"));
        assertEquals("neutral", stored.getString("items.find { it.layer == 'stance' }.label"));
        assertTrue(start < stored0.indexOf(TARGET), "the emojis make code points and UTF-16 differ");
    }

    /**
     * Two rounds (SPEC §8): after both raters' round 1 (through the API), the first one's annotate page shows the
     * other's judgement beside the text, anonymous and read-only, with their own round 1 filled in; they revise the
     * stance in the page and submit. Round 1 stays as it was; the revision is stored beside it.
     */
    @Test
    void aRaterSeesTheOthersJudgementsAnonymouslyInRoundTwoAndRevises() {
        long project = Fixtures.project(Map.of("name", Fixtures.unique("browser-rounds"), "annotatorsPerItem", 2,
                "rounds", 2, "layers", List.of(Fixtures.documentLayer("stance", "nominal", List.of("pro", "neutral", "anti")),
                        Fixtures.spanLayer("claims", List.of("world-fact-error", "unsupported")))));
        String text = TEXT + " " + Fixtures.unique("t");
        long article = Fixtures.article(Fixtures.source(), text);
        Fixtures.addItems(project, List.of(article));
        TestUser first = Fixtures.member(project);
        TestUser second = Fixtures.member(project);
        long firstRoundOne = roundOne(project, first, "pro", null);
        String stored = java.text.Normalizer.normalize(text, java.text.Normalizer.Form.NFC);
        int start = stored.codePointCount(0, stored.indexOf(TARGET));
        roundOne(project, second, "anti", Map.of("layer", "claims", "label", "world-fact-error", "start", start,
                "end", start + TARGET.length(), "quote", TARGET));

        signIn(first.token());
        page.click("a.button.primary[href='#/annotate/" + project + "']");
        page.waitForSelector("#round-two .other-rater[data-rater='rater A']");
        String others = page.textContent("#round-two");
        assertTrue(others.contains("anti") && others.contains("world-fact-error") && others.contains(TARGET), others);
        assertFalse(others.contains(second.username()), "the other rater stays anonymous: " + others);
        page.waitForSelector("#document-labels button[data-label='pro'][aria-pressed='true']");
        assertEquals("Keep my judgement", page.textContent("#submit"));
        page.click("#document-labels button[data-label='anti']");
        page.waitForSelector("#document-labels button[data-label='anti'][aria-pressed='true']");
        page.waitForSelector("#submit:has-text('Submit revision')");
        readableAtDoubleZoom("the round-2 page");
        Browser.screenshot(page, "annotator-round-two");
        page.click("#submit");
        page.waitForSelector("#queue-empty");

        JsonPath mine = asAdmin().queryParam("projectId", project).queryParam("annotatorId", first.id()).when()
                .get("/api/v1/assignments").then().statusCode(200).extract().jsonPath();
        assertEquals(List.of(1, 2), mine.getList("items.round"));
        assertEquals(List.of("submitted", "submitted"), mine.getList("items.status"));
        assertEquals(List.of("pro"), labels(firstRoundOne), "round 1 is never overwritten");
        assertEquals(List.of("anti"), labels(mine.getLong("items[1].id")), "the revision is stored beside it");
    }

    long roundOne(long project, TestUser who, String stance, Map<String, Object> span) {
        long id = as(who.token()).when().post("/api/v1/projects/" + project + "/queue/next").then().statusCode(200)
                .extract().jsonPath().getLong("assignmentId");
        as(who.token()).body(Map.of("layer", "stance", "label", stance)).when()
                .post("/api/v1/assignments/" + id + "/annotations").then().statusCode(201);
        if (span != null) {
            as(who.token()).body(span).when().post("/api/v1/assignments/" + id + "/annotations").then().statusCode(201);
        }
        as(who.token()).when().post("/api/v1/assignments/" + id + "/submit").then().statusCode(200);
        return id;
    }

    List<Object> labels(long assignment) {
        return asAdmin().when().get("/api/v1/assignments/" + assignment + "/annotations").then().statusCode(200)
                .extract().jsonPath().getList("items.findAll { it.layer == 'stance' }.label");
    }

    @Test
    void aSupervisorTakesOneAnnotatorsSpanAsGoldAndTheAdjudicationHasIt() {
        long project = Fixtures.project(3, List.of(Fixtures.spanLayer("claims", List.of("unsupported", "world-fact-error")),
                Fixtures.documentLayer("stance", "nominal", List.of("pro", "anti"))));
        String text = "Officials said the former US President would attend. " + Fixtures.unique("t");
        long article = Fixtures.article(Fixtures.source(), text);
        String a = Fixtures.unique("coder-a");
        String b = Fixtures.unique("coder-b");
        String c = Fixtures.unique("coder-c");
        int start = text.indexOf(TARGET);
        Fixtures.importAnnotationLines(project, List.of(
                Map.of("articleId", article, "annotator", a, "layer", "claims", "label", "world-fact-error", "start", start, "end", start + 19),
                Map.of("articleId", article, "annotator", b, "layer", "claims", "label", "unsupported", "start", start + 7, "end", start + 19),
                Map.of("articleId", article, "annotator", c, "layer", "claims"),
                Map.of("articleId", article, "annotator", a, "layer", "stance", "label", "pro"),
                Map.of("articleId", article, "annotator", b, "layer", "stance", "label", "anti"),
                Map.of("articleId", article, "annotator", c, "layer", "stance", "label", "anti")));

        signIn(Fixtures.supervisor().token());
        page.navigate(base + "#/projects/" + project + "/items/" + article);
        page.waitForSelector("section[data-layer='claims'] .cluster");
        page.click("section[data-layer='claims'] .cluster button[data-take='" + a + "']");
        page.waitForSelector("#gold-draft tbody tr");
        // The page was drawn anew: what happened is said in the cluster, and the focus is on the button pressed.
        assertTrue(page.textContent("section[data-layer='claims'] .cluster .message.info").contains("Not saved yet"));
        assertEquals(Boolean.TRUE, page.evaluate("a => document.activeElement.matches(`button[data-take='${a}']`)", a));
        page.fill("#gold-note", "The incumbent is not a former president.");
        page.click("#save-gold");
        page.waitForSelector(".gold-editor .message.info:has-text('Gold version')");

        JsonPath gold = asAdmin().when().get("/api/v1/projects/" + project + "/items/" + article + "/adjudication")
                .then().statusCode(200).extract().jsonPath();
        assertEquals(List.of("world-fact-error"), gold.getList("annotations.label"));
        assertEquals(start, gold.getInt("annotations[0].start"));
        assertEquals(start + 19, gold.getInt("annotations[0].end"));
        assertEquals(TARGET, gold.getString("annotations[0].quote"));
        assertEquals("The incumbent is not a former president.", gold.getString("note"));
    }

    @Test
    void aPageStillLoadingWhenTheUserMovesOnDoesNotOverwriteTheNextOne() {
        long project = Fixtures.project(1, List.of(Fixtures.documentLayer("stance", "nominal", List.of("pro", "anti"))));
        long article = Fixtures.article(Fixtures.source(), "A short text. " + Fixtures.unique("t"));
        Fixtures.importAnnotationLines(project, List.of(
                Map.of("articleId", article, "annotator", Fixtures.unique("coder"), "layer", "stance", "label", "pro")));
        // The projects list answers late, as on a busy server: it arrives after the item page has been drawn.
        page.addInitScript("(() => { const real = window.fetch; window.fetch = (url, init) => String(url).includes('/projects?size=')"
                + " ? new Promise((ok) => setTimeout(ok, 1500)).then(() => real(url, init)) : real(url, init); })()");
        page.navigate(base.toString());
        page.fill("#token", Fixtures.supervisor().token());
        page.click("button[type=submit]");
        page.waitForSelector("#sign-out");
        page.evaluate("target => { location.hash = target; }", "#/projects/" + project + "/items/" + article);
        page.waitForSelector("#gold-note");
        page.waitForTimeout(2500); // past the late answer
        assertTrue(page.isVisible("#gold-note"), "the item page is still shown after the projects list arrived");
    }

    /**
     * The export panel's background job: started from the dashboard, followed until done, and its download link gives
     * exactly the bytes of the streamed export with the same parameters.
     */
    @Test
    void anExportJobStartedFromTheDashboardDownloadsTheStreamedExportsBytes() throws Exception {
        long project = Fixtures.project(2, List.of(Fixtures.documentLayer("stance", "nominal", List.of("pro", "anti")),
                Fixtures.spanLayer("claims", List.of("unsupported"))));
        long source = Fixtures.source();
        String a = Fixtures.unique("coder-a");
        String b = Fixtures.unique("coder-b");
        List<Map<String, Object>> lines = new java.util.ArrayList<>();
        for (int i = 0; i < 3; i++) {
            long article = Fixtures.article(source, "The former US President spoke. " + Fixtures.unique("t"));
            lines.add(Map.of("articleId", article, "annotator", a, "layer", "stance", "label", "pro"));
            lines.add(Map.of("articleId", article, "annotator", b, "layer", "stance", "label", i == 0 ? "anti" : "pro"));
            lines.add(Map.of("articleId", article, "annotator", a, "layer", "claims", "label", "unsupported",
                    "start", 4, "end", 23));
        }
        Fixtures.importAnnotationLines(project, lines);

        signIn(Fixtures.supervisor().token());
        page.navigate(base + "#/projects/" + project);
        page.selectOption("#job-format", "csv");
        page.selectOption("#job-include", "all");
        page.click("#start-export-job");
        page.waitForSelector("#export-job [data-state='done']");
        assertTrue(page.textContent("#export-job").contains("Ready: 3 articles"), page.textContent("#export-job"));
        com.microsoft.playwright.Download download = page.waitForDownload(() -> page.click("#export-job-download"));

        byte[] streamed = asAdmin().queryParam("format", "csv").queryParam("include", "all")
                .when().get("/api/v1/projects/" + project + "/export")
                .then().statusCode(200).extract().asByteArray();
        byte[] fromTheJob = Files.readAllBytes(download.path());
        assertTrue(streamed.length > 0);
        assertEquals(new String(streamed, java.nio.charset.StandardCharsets.UTF_8),
                new String(fromTheJob, java.nio.charset.StandardCharsets.UTF_8));
        assertTrue(java.util.Arrays.equals(streamed, fromTheJob), "the same bytes, not only the same text");
        assertTrue(download.suggestedFilename().endsWith(".csv"), download.suggestedFilename());
    }

    @Test
    void anAnnotatorWhoIsNotAMemberSeesNoProject() {
        long project = Fixtures.project(Map.of("name", Fixtures.unique("members-only"), "annotatorsPerItem", 1,
                "layers", List.of(Fixtures.documentLayer("stance", "nominal", List.of("pro")))));
        String name = asAdmin().when().get("/api/v1/projects/" + project).then().extract().path("name");
        TestUser outsider = Fixtures.annotator();
        signIn(outsider.token());
        page.waitForSelector("h1:has-text('My projects')");
        assertFalse(page.textContent("#main").contains(name), "a members-only project shown to a non-member");
        // Only open projects (every annotator's, made by other tests on a shared database) may be listed.
        int open = as(outsider.token()).when().get("/api/v1/me/projects?size=1000").then().extract().jsonPath()
                .getList("items").size();
        assertEquals(open, page.locator(".project-card").count());
        if (open == 0) {
            assertTrue(page.isVisible("#no-projects"));
        }
    }

    @Test
    void theDemoDashboardShowsChartsAndTheFormerPresidentItemInAlignedLanes() throws Exception {
        seeds.load();
        long demo = seeds.loadDemo().projectId();
        long machine = asAdmin().queryParam("storyKey", "beijing-parade-2025").queryParam("size", 100)
                .when().get("/api/v1/articles").then().extract().jsonPath()
                .getLong("items.find { it.title.startsWith('Kim Jong Un and Vladimir Putin to Attend') }.id");
        signIn(Fixtures.ADMIN_TOKEN);
        page.click("a:has-text('demo-beijing-parade-2025')");
        page.waitForSelector(".layer-agreement[data-layer='claims'] svg.chart");
        page.waitForSelector("#review-queue table");
        assertTrue(page.locator(".layer-agreement").count() >= 5, "one agreement card per layer");
        assertTrue(page.locator("table.matrix").count() >= 5, "an annotator-pair matrix per layer");
        readableAtDoubleZoom("the dashboard");
        Path dashboard = Browser.screenshot(page, "demo-dashboard");

        page.click("#review-queue a[href$='/items/" + machine + "']");
        Locator claims = page.locator("section[data-layer='claims']");
        claims.locator(".cluster").first().waitFor();
        Locator former = claims.locator(".cluster:has(mark:text-is('former US President'))");
        assertEquals(2, former.count(), "both 'former US President' claims (the body appears twice) have a cluster");
        assertEquals(4, claims.locator("svg.lanes-overview g.lane").count(), "three annotators' lanes and the gold's");
        Path lanes = Browser.SCREENSHOTS.resolve("demo-item-lanes.png");
        claims.screenshot(new Locator.ScreenshotOptions().setPath(lanes));
        if (Boolean.getBoolean("workbench.docs-screenshots")) {
            // The README's pictures: regenerate with -Dworkbench.docs-screenshots=true.
            Files.copy(dashboard, Path.of("docs", "workbench-dashboard.png"), java.nio.file.StandardCopyOption.REPLACE_EXISTING);
            Files.copy(lanes, Path.of("docs", "workbench-item-lanes.png"), java.nio.file.StandardCopyOption.REPLACE_EXISTING);
        }
        assertTrue(demo > 0);
    }
}
