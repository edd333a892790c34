package io.crosscheck.workbench;

import com.microsoft.playwright.Page;
import io.quarkus.test.common.http.TestHTTPResource;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.TestInfo;
import org.junit.jupiter.api.TestInstance;

import java.net.URL;
import java.util.List;

import static org.junit.jupiter.api.Assertions.assertEquals;

/**
 * What every workbench browser test shares: one Chromium per class, a fresh page per test, a screenshot of it under
 * target/screenshots, and a failure on any console or page error.
 */
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
abstract class WorkbenchPageTest {

    @TestHTTPResource("/")
    URL base;

    Browser browser;
    Page page;

    @BeforeAll
    void startBrowser() {
        browser = Browser.start();
    }

    @AfterAll
    void stopBrowser() {
        if (browser != null) {
            browser.close();
        }
    }

    @BeforeEach
    void openPage() {
        page = browser.newPage();
    }

    @AfterEach
    void noBrowserErrors(TestInfo test) {
        Browser.screenshot(page, test.getTestMethod().orElseThrow().getName());
        page.close();
        assertEquals(List.of(), browser.errors(), "the browser reported errors");
    }

    void signIn(String token) {
        page.navigate(base.toString());
        page.fill("#token", token);
        page.click("button[type=submit]");
        page.waitForSelector("#sign-out");
    }
}
