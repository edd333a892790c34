package io.crosscheck.workbench;

import com.microsoft.playwright.BrowserContext;
import com.microsoft.playwright.BrowserType;
import com.microsoft.playwright.Page;
import com.microsoft.playwright.Playwright;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.Map;

/**
 * Debian's Chromium driven by Playwright for the workbench tests: headless, a fresh profile per run, no network but
 * the service, and every console error or uncaught page error recorded so a test can fail on it. Chromium missing is
 * a failure that says how to install it, never a skipped test.
 */
public final class Browser implements AutoCloseable {

    public static final Path CHROMIUM = Path.of(System.getProperty("workbench.chromium", "/usr/bin/chromium"));
    public static final Path SCREENSHOTS = Path.of("target", "screenshots");

    private final Playwright playwright;
    private final BrowserContext context;
    private final Path profile;
    private final List<String> errors = Collections.synchronizedList(new ArrayList<>());

    private Browser(Playwright playwright, BrowserContext context, Path profile) {
        this.playwright = playwright;
        this.context = context;
        this.profile = profile;
    }

    /** Starts Chromium; throws with the install command when it is not there. */
    public static Browser start() {
        if (!Files.isExecutable(CHROMIUM)) {
            throw new IllegalStateException("The browser tests need Debian's Chromium at " + CHROMIUM
                    + ", which is missing: install it with `apt-get install -y chromium` (.ci/run does this).");
        }
        Path profile;
        try {
            profile = Files.createTempDirectory("crosscheck-chromium-");
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        Playwright playwright = Playwright.create(new Playwright.CreateOptions()
                .setEnv(Map.of("PLAYWRIGHT_SKIP_BROWSER_DOWNLOAD", "1")));
        BrowserContext context = playwright.chromium().launchPersistentContext(profile,
                new BrowserType.LaunchPersistentContextOptions()
                        .setExecutablePath(CHROMIUM)
                        .setHeadless(true)
                        .setViewportSize(1280, 900)
                        .setArgs(List.of("--no-sandbox", "--disable-gpu", "--disable-background-networking", "--disable-quic",
                                "--no-first-run", "--disable-component-update", "--disable-sync")));
        Browser browser = new Browser(playwright, context, profile);
        context.onPage(browser::watch);
        return browser;
    }

    private void watch(Page page) {
        page.onConsoleMessage(m -> {
            if ("error".equals(m.type())) {
                errors.add("console error on " + page.url() + ": " + m.text());
            }
        });
        page.onPageError(e -> errors.add("page error on " + page.url() + ": " + e));
    }

    public Page newPage() {
        return context.newPage();
    }

    /** Console errors and uncaught page errors seen so far, in order. */
    public List<String> errors() {
        return List.copyOf(errors);
    }

    /**
     * The errors seen so far, forgotten: for a test that causes failed requests on purpose (Chromium logs each 4xx as
     * a console error) and checks them itself.
     */
    public List<String> takeErrors() {
        synchronized (errors) {
            List<String> seen = List.copyOf(errors);
            errors.clear();
            return seen;
        }
    }

    public static Path screenshot(Page page, String name) {
        Path file = SCREENSHOTS.resolve(name + ".png");
        page.screenshot(new Page.ScreenshotOptions().setPath(file).setFullPage(true));
        return file;
    }

    @Override
    public void close() {
        try {
            context.close();
        } finally {
            playwright.close();
            try (var files = Files.walk(profile)) {
                files.sorted(java.util.Comparator.reverseOrder()).forEach(p -> p.toFile().delete());
            } catch (IOException ignored) {
                // A leftover temp profile is harmless.
            }
        }
    }
}
