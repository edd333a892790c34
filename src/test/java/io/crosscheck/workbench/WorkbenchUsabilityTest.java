package io.crosscheck.workbench;

import com.microsoft.playwright.Locator;
import io.crosscheck.testing.Fixtures;
import io.crosscheck.testing.Fixtures.TestUser;
import io.quarkus.test.junit.QuarkusTest;
import org.junit.jupiter.api.Test;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;

import static io.crosscheck.testing.Fixtures.asAdmin;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * The workbench for people who are not programmers: messages that never cover the page, figures that say what they
 * mean, long names that stay readable, the keyboard focus kept after an action, and empty projects that say so.
 */
@QuarkusTest
class WorkbenchUsabilityTest extends WorkbenchPageTest {

    /**
     * A stance layer whose labels are nearly all "pro" (so its expected disagreement is small): four items both coders
     * call "pro", one where they split (its α is far below 0), and one only one coder labeled (its α is not defined).
     * Returns the project and the articles in that order.
     */
    record Disagreement(long project, List<Long> articles) {
    }

    Disagreement disagreement(long source) {
        long project = Fixtures.project(2, List.of(Fixtures.documentLayer("stance", "nominal", List.of("pro", "anti"))));
        String a = Fixtures.unique("coder-a");
        String b = Fixtures.unique("coder-b");
        List<Long> articles = new ArrayList<>();
        List<Map<String, Object>> lines = new ArrayList<>();
        for (int i = 0; i < 6; i++) {
            long article = Fixtures.article(source, "Item " + i + " of the parade story. " + Fixtures.unique("t"));
            articles.add(article);
            lines.add(Map.of("articleId", article, "annotator", a, "layer", "stance", "label", "pro"));
            lines.add(i == 5 ? Map.of("articleId", article, "annotator", b, "layer", "stance")
                    : Map.of("articleId", article, "annotator", b, "layer", "stance", "label", i == 4 ? "anti" : "pro"));
        }
        Fixtures.importAnnotationLines(project, lines);
        return new Disagreement(project, articles);
    }

    /** The element at the centre of the given one's box, in the viewport as it is now. */
    boolean ownsItsCentre(String selector) {
        return (Boolean) page.evaluate("sel => { const el = document.querySelector(sel); const b = el.getBoundingClientRect();"
                + " const at = document.elementFromPoint(b.left + b.width / 2, b.top + b.height / 2); return el === at || el.contains(at); }",
                selector);
    }

    @Test
    void theDownloadedNoticeTakesItsOwnPlaceAndNeverCoversTheReviewQueueHeading() {
        Disagreement d = disagreement(Fixtures.source());
        signIn(Fixtures.supervisor().token());
        page.navigate(base + "#/projects/" + d.project());
        page.waitForSelector("#review-queue table");
        page.waitForDownload(() -> page.click("button[data-export='csv-all']"));
        page.waitForSelector(".message.info:has-text('Downloaded ')");

        // Wherever the page is scrolled, the heading is what sits at its own centre: nothing floats over it.
        page.evaluate("() => document.getElementById('review-title').scrollIntoView({ block: 'start' })");
        assertTrue(ownsItsCentre("#review-title"), "the Review queue heading is covered after a download");
        page.evaluate("() => document.getElementById('review-title').scrollIntoView({ block: 'center' })");
        assertTrue(ownsItsCentre("#review-title"), "the Review queue heading is covered after a download");
        Locator notice = page.locator("#export .message.info");
        assertEquals(1, notice.count(), "the notice is in the export card, next to the button pressed");
        assertTrue(notice.textContent().startsWith("Downloaded "), notice.textContent());
        assertEquals("polite", notice.evaluate("n => n.closest('[aria-live]').getAttribute('aria-live')"),
                "the notice is in a live region, so a screen reader says it");
        assertTrue(notice.isVisible(), "the notice stays until it is dismissed or replaced");
        notice.locator("button[aria-label='Dismiss this message']").click();
        assertEquals(0, page.locator("#export .message").count());
    }

    @Test
    void aNegativeItemAlphaSaysWorseThanChanceAndAnUndefinedOneSaysNotDefined() {
        Disagreement d = disagreement(Fixtures.source());
        long split = d.articles().get(4);
        long oneLabel = d.articles().get(5);
        double alpha = asAdmin().when().get("/api/v1/projects/" + d.project() + "/review-queue").then().statusCode(200)
                .extract().jsonPath().getDouble("items.find { it.articleId == " + split + " }.agreement");
        assertEquals(-4.0, alpha, 1e-9, "the worked example of docs/review.md: D_e = 0.2, α_u = 1 - 1/0.2");

        signIn(Fixtures.supervisor().token());
        page.navigate(base + "#/projects/" + d.project());
        page.waitForSelector("#review-queue table");
        Locator splitRow = page.locator("#review-table tr:has(a[href$='/items/" + split + "'])");
        String cell = splitRow.locator("td.agreement").textContent();
        assertTrue(cell.contains("(worse than chance)") && cell.contains("stance (α)"), cell);
        assertTrue(splitRow.locator(".figure").getAttribute("title").contains("systematic disagreement"),
                "the figure's tooltip says what below 0 means");
        assertTrue(page.locator("#review-table tr:has(a[href$='/items/" + oneLabel + "']) td.agreement").textContent()
                .contains("not defined"));
        Locator legend = page.locator("#review-queue #agreement-legend");
        assertTrue(legend.isVisible(), "the legend is open under the queue");
        String words = legend.textContent();
        assertTrue(words.contains("systematic disagreement") && words.contains("worse than chance") && words.contains("not defined"), words);
        assertEquals("agreement-legend", page.getAttribute("#review-table", "aria-describedby"));
        assertFalse(page.textContent("#review-queue").contains("undefined"));

        page.click("#review-table a[href$='/items/" + split + "']");
        page.waitForSelector("section[data-layer='stance'] h2");
        assertTrue(page.textContent("section[data-layer='stance'] h2").contains("worse than chance"));
        assertTrue(page.isVisible("#agreement-legend"), "the item page explains its figures too");
    }

    @Test
    void aLongSourceNameIsWrappedWithTheFullNameInItsTooltipAndTheChartsLabel() {
        String name = "The Springfield Evening Courier and Regional Gazette " + Fixtures.unique("s");
        long source = asAdmin().body(Map.of("name", name, "domain", "example.org", "kind", "outlet"))
                .when().post("/api/v1/sources").then().statusCode(201).extract().jsonPath().getLong("id");
        Disagreement d = disagreement(source);
        signIn(Fixtures.supervisor().token());
        page.navigate(base + "#/projects/" + d.project());
        Locator chart = page.locator("figure.chart-figure:has(figcaption:text-is('stance: by source')) svg.chart");
        chart.waitFor();
        String full = name + " (6)";
        Locator label = chart.locator("text.label").first();
        assertEquals(full, label.locator("title").textContent(), "the full name is the label's tooltip");
        assertTrue(chart.getAttribute("aria-label").contains(full), chart.getAttribute("aria-label"));
        List<String> lines = label.locator("tspan").allTextContents();
        assertEquals(2, lines.size(), "a long name takes two lines: " + lines);
        assertTrue(lines.get(1).endsWith("… (6)"), "the rest is cut with … and the count stays: " + lines);
        for (String line : lines) {
            assertTrue(line.codePointCount(0, line.length()) <= 26, line);
        }
        Number left = (Number) label.evaluate("t => t.getBBox().x");
        assertTrue(left.doubleValue() >= 0, "the label starts inside the chart, not cut at its left edge: " + left);
        assertTrue(page.locator("figure:has(figcaption:text-is('stance: by source')) table.data th[scope=row]")
                .allTextContents().contains(full), "the table of figures has the full name");
    }

    @Test
    void theKeyboardFocusStaysOnTheLabelPressedAndMovesToTheNextItemsTitleAfterSubmit() {
        long project = Fixtures.project(1, List.of(Fixtures.documentLayer("stance", "nominal", List.of("pro", "neutral", "anti"))));
        long source = Fixtures.source();
        Fixtures.addItems(project, List.of(Fixtures.article(source, "First text. " + Fixtures.unique("t")),
                Fixtures.article(source, "Second text. " + Fixtures.unique("t"))));
        TestUser annotator = Fixtures.member(project);

        signIn(annotator.token());
        page.click("a.button.primary[href='#/annotate/" + project + "']");
        page.waitForSelector("#document-labels button[data-label='neutral']");
        String first = page.textContent("h1");
        page.focus("#document-labels button[data-label='neutral']");
        page.keyboard().press("Enter");
        page.waitForSelector("#document-labels button[data-label='neutral'][aria-pressed='true']");
        assertEquals(Boolean.TRUE, page.evaluate("() => document.activeElement.matches(\"#document-labels button[data-label='neutral']\")"),
                "the focus is back on the label just chosen, not at the top of the page");

        page.focus("#submit");
        page.keyboard().press("Enter");
        page.waitForSelector(".message.info:has-text('Submitted')");
        page.waitForFunction("t => document.querySelector('h1').textContent !== t", first);
        assertEquals("H1", page.evaluate("() => document.activeElement.tagName"), "the focus starts again at the next item's title");
        page.keyboard().press("Tab");
        assertFalse((Boolean) page.evaluate("() => document.activeElement === document.body"));
    }

    @Test
    void anEmptyProjectSaysWhatIsMissingInsteadOfChartsOfUndefined() {
        long project = Fixtures.project(2, List.of(Fixtures.documentLayer("stance", "nominal", List.of("pro", "anti")),
                Fixtures.spanLayer("claims", List.of("unsupported"))));
        signIn(Fixtures.supervisor().token());
        page.navigate(base + "#/projects/" + project);
        page.waitForSelector(".layer-agreement[data-layer='claims']");
        assertTrue(page.isVisible("#no-items"), "the progress card says there are no articles yet");
        assertEquals(0, page.locator(".layer-agreement svg.chart").count(), "no charts of nothing");
        assertTrue(page.textContent(".layer-agreement[data-layer='stance']").contains("Nobody has submitted work on this layer yet"));
        assertFalse(page.textContent("#main").contains("undefined"), page.textContent("#main"));

        page.navigate(base + "#/projects/" + project + "/sources");
        page.waitForSelector("#no-sources");
        assertFalse(page.textContent("#main").contains("undefined"));
    }

    @Test
    void aPageThatCannotBeShownSaysWhyOnceWithAWayBackAndAWrongTokenSaysWhatToCheck() {
        page.navigate(base.toString());
        page.fill("#token", "not-a-token-" + Fixtures.unique("x"));
        page.click("button[type=submit]");
        String said = page.locator("#messages .message.error").textContent();
        assertTrue(said.contains("Check that you pasted the whole token"), said);
        assertEquals(Boolean.TRUE, page.evaluate("() => document.activeElement.id === 'token'"), "back in the token field");

        signIn(Fixtures.supervisor().token());
        page.navigate(base + "#/projects/987654321");
        page.waitForSelector("#page-error");
        assertTrue(page.textContent("#page-error").contains("does not exist"), page.textContent("#page-error"));
        assertEquals(0, page.locator("#messages .message").count(), "said once, in the page");
        page.click("a:text-is('Back to the projects')");
        page.waitForSelector("h1:text-is('Projects')");

        TestUser annotator = Fixtures.annotator();
        page.click("#sign-out");
        signIn(annotator.token());
        page.navigate(base + "#/projects/" + Fixtures.project(1, List.of(Fixtures.documentLayer("stance", "nominal", List.of("pro")))));
        page.waitForSelector("#page-error");
        assertTrue(page.textContent("#main").contains("This page is for supervisors and admins."));
        assertTrue(page.isVisible("a:text-is('Back to my projects')"));
        // Only the refusals asked for here: the wrong token, the missing project, the annotator on a supervisor page
        // (the dashboard's second request may still be on its way when the first refusal is shown).
        page.waitForLoadState(com.microsoft.playwright.options.LoadState.NETWORKIDLE);
        List<String> seen = browser.takeErrors();
        assertFalse(seen.isEmpty());
        for (String error : seen) {
            assertTrue(error.matches(".*Failed to load resource: the server responded with a status of (401|403|404) .*"), error);
        }
    }

    @Test
    void anAdminMakesANewTokenForAUserWhoLostTheirsAfterConfirming() {
        TestUser lost = Fixtures.annotator();
        TestUser admin = Fixtures.user("admin"); // the newest user, so its own row is on the page
        signIn(admin.token());
        page.waitForSelector("button[aria-label='New token for " + lost.username() + "']");
        Locator button = page.locator("button[aria-label='New token for " + lost.username() + "']");
        page.onceDialog(com.microsoft.playwright.Dialog::dismiss);
        button.click();
        page.waitForTimeout(300);
        assertEquals(0, page.locator("#created-token").count(), "nothing happens without a yes");
        Fixtures.as(lost.token()).when().get("/api/v1/me").then().statusCode(200);

        page.onceDialog(com.microsoft.playwright.Dialog::accept);
        button.click();
        page.waitForSelector("#created-token");
        String fresh = page.textContent("#created-token");
        Fixtures.as(fresh).when().get("/api/v1/me").then().statusCode(200);
        Fixtures.as(lost.token()).when().get("/api/v1/me").then().statusCode(401);
        assertTrue(page.locator("td:text-is('" + admin.username() + "')").isVisible());
        assertEquals(0, page.locator("button[aria-label='New token for " + admin.username() + "']").count(), "not for oneself");
    }
}
