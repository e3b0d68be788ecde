package dev.multisession.servlet;

import dev.multisession.core.testing.LogCapture;
import dev.multisession.servlet.testing.Browser;
import dev.multisession.servlet.testing.LogChecks;
import dev.multisession.servlet.testing.SignIns;
import dev.multisession.servlet.testing.TestApp;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

import java.util.List;
import java.util.Map;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * {@code redirect_url} on the helper endpoints over HTTP (docs/how-it-works.md: "Endpoints", "Never"): a same-origin
 * {@code POST /multisession/switch} or {@code /sign-out} that names an off-site or malformed
 * target is sent to the default ({@code /app/}) instead; a local path (with query and fragment)
 * and an origin on {@code multisession.redirect.allowed-origins} are kept; the
 * {@code Location} header never holds CR or LF, so no header can be injected.
 */
class OpenRedirectHttpTest {
    private static TestApp app;

    @BeforeAll
    static void start() throws Exception {
        app = TestApp.builder().param(ServletSettings.ALLOWED_REDIRECT_ORIGINS, "https://allowed.example").start();
    }

    @AfterAll
    static void stop() throws Exception {
        app.close();
    }

    private static Browser.Response switchWith(String redirectUrl) {
        Browser browser = app.browser();
        SignIns.signIn(browser, "alice");
        return browser.post("/multisession/switch", Map.of("index", "0", "redirect_url", redirectUrl), "Origin", app.origin());
    }

    private static void assertNoLineBreak(Browser.Response r) {
        for (List<String> values : r.headers().values()) {
            for (String v : values) {
                assertFalse(v.contains("\r") || v.contains("\n"), "a header value holds CR/LF");
            }
        }
    }

    @ParameterizedTest(name = "[{index}] {0}")
    @ValueSource(strings = {
            "//evil.example",
            "/\\evil.example",
            "https:evil.example",
            "%2F%2Fevil.example",
            "/%2F/evil.example",
            "/%5Cevil.example",
            "javascript:alert(1)",
            "data:text/html,<script>alert(1)</script>",
            "/ok%0d%0aSet-Cookie:x=y",
            "/ok\r\nSet-Cookie:x=y",
            "\t//evil.example",
            "/\t/evil.example",
            " //evil.example",
            "https://evil.example",
            "http://allowed.example.evil.com",
            "https://user@allowed.example",
            "https://allowed.example@evil.example"})
    void switchWithUnsafeRedirectGoesToTheDefault(String target) {
        Browser.Response r = switchWith(target);
        assertEquals(303, r.status());
        assertEquals("/app/", r.header("Location"));
        assertNoLineBreak(r);
    }

    @Test
    void injectedHeaderLinesNeverBecomeHeaders() {
        Browser.Response r = switchWith("/ok\r\nSet-Cookie: injected=1\r\nX-Injected: 1");
        assertEquals(303, r.status());
        assertTrue(r.setCookies().stream().noneMatch(c -> c.startsWith("injected=")));
        assertEquals(null, r.header("X-Injected"));
    }

    @Test
    void localPathWithQueryAndFragmentIsKept() {
        Browser.Response r = switchWith("/inbox?x=1#y");
        assertEquals(303, r.status());
        assertEquals("/app/inbox?x=1#y", r.header("Location"));
    }

    @Test
    void allowListedOriginIsKept() {
        Browser.Response r = switchWith("https://allowed.example/inbox?x=1");
        assertEquals(303, r.status());
        assertEquals("https://allowed.example/inbox?x=1", r.header("Location"));
    }

    @Test
    void signOutWithOffSiteRedirectGoesToTheAfterSignOutUrl() {
        Browser browser = app.browser();
        SignIns.signIn(browser, "alice");
        Browser.Response r = browser.post("/multisession/sign-out", Map.of("redirect_url", "//evil.example"),
                "Origin", app.origin());
        assertEquals(303, r.status());
        assertEquals("/app/", r.header("Location"));
    }

    @Test
    void signOutWithLocalRedirectIsKept() {
        Browser browser = app.browser();
        SignIns.signIn(browser, "alice");
        Browser.Response r = browser.post("/multisession/sign-out", Map.of("redirect_url", "/goodbye?x=1"),
                "Origin", app.origin());
        assertEquals(303, r.status());
        assertEquals("/app/goodbye?x=1", r.header("Location"));
    }

    @Test
    void redirectUrlInTheQueryStringIsValidatedToo() {
        Browser browser = app.browser();
        SignIns.signIn(browser, "alice");
        Browser.Response r = browser.send("POST", "/multisession/switch?redirect_url=%2F%2Fevil.example", "index=0",
                "Origin", app.origin());
        assertEquals(303, r.status());
        assertEquals("/app/", r.header("Location"));
    }

    @Test
    void refreshRedirectIsValidated() {
        Browser browser = app.browser();
        SignIns.signIn(browser, "alice");
        Browser.Response r = browser.get("/multisession/refresh?redirect_url=https%3A%2F%2Fevil.example");
        assertEquals(303, r.status());
        assertEquals("/app/", r.header("Location"));
    }

    @Test
    void refusedRedirectsLeaveNoTokenOrLineBreakInTheLogs() {
        try (LogCapture logs = new LogCapture()) {
            Browser browser = app.browser();
            SignIns.signIn(browser, "alice");
            Browser.Response r = browser.post("/multisession/switch",
                    Map.of("index", "0", "redirect_url", "/ok\r\nSet-Cookie:x=y"), "Origin", app.origin());
            assertEquals(303, r.status());
            assertNotNull(r.header("Location"));
            LogChecks.assertNoSecrets(logs, browser.cookies().values());
            assertTrue(logs.messages().stream().noneMatch(m -> m.contains("Set-Cookie:x=y")));
        }
    }
}
