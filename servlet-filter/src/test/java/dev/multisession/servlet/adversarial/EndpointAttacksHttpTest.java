package dev.multisession.servlet.adversarial;

import dev.multisession.servlet.testing.Browser;
import dev.multisession.servlet.testing.SignIns;
import dev.multisession.servlet.testing.TestApp;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

import java.util.List;
import java.util.Map;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * Endpoint attacks (issue 6) beyond {@code CsrfHttpTest} and {@code OpenRedirectHttpTest}: more
 * cross-site origins, more open-redirect bypass forms, CR/LF in every reflected value, and the
 * anti-framing and no-store headers on refusals too.
 */
@ExtendWith(SuiteLogCheck.class)
class EndpointAttacksHttpTest {
    private static TestApp app;

    @BeforeAll
    static void start() throws Exception {
        app = Attack.app();
    }

    @AfterAll
    static void stop() throws Exception {
        app.close();
    }

    private static void assertNoLineBreakInHeaders(Browser.Response r) {
        for (List<String> values : r.headers().values()) {
            for (String v : values) {
                assertFalse(v.contains("\r") || v.contains("\n"), "a header value holds CR/LF");
            }
        }
        assertTrue(r.setCookies().stream().noneMatch(h -> h.startsWith("evil")), "an injected Set-Cookie");
    }

    @ParameterizedTest(name = "Origin: {0}")
    @ValueSource(strings = {"null", "http://localhost", "https://localhost:PORT", "http://127.0.0.1:PORT", "http://localhost:PORT.evil.example",
            "http://evil.example/http://localhost:PORT", "HTTP://EVIL.EXAMPLE"})
    void switchFromAnotherOriginIsRefused(String origin) {
        Browser b = app.browser();
        SignIns.signIn(b, "alice");
        Browser.Response r = b.post("/multisession/switch", Map.of("index", "0"), "Origin", origin.replace("PORT", "" + app.port()));
        assertNotEquals(500, r.status());
        assertEquals(403, r.status());
    }

    @Test
    void switchWithOnlyASameOriginRefererIsRefused() {
        Browser b = app.browser();
        SignIns.signIn(b, "alice");
        Browser.Response r = b.post("/multisession/switch", Map.of("index", "0"), "Referer", app.baseUrl() + "/");
        assertEquals(403, r.status());
    }

    @ParameterizedTest(name = "[{index}] {0}")
    @ValueSource(strings = {"///evil.example", "////evil.example", "\\\\evil.example", "/\\/evil.example", "https:/evil.example",
            "http:\\\\evil.example", "%5C%5Cevil.example", "/%5C/evil.example", "%2F%2F%2Fevil.example", "\uFF0F\uFF0Fevil.example",
            "\u3031evil.example", "//evil\u3002example", "%00//evil.example", "//%65vil.example", "https://evil.example#@localhost",
            "https://evil.example?@localhost", "HTTPS://evil.example", "/%09/evil.example", "/%0a/evil.example",
            "%E2%80%A8//evil.example", "jAvAsCrIpT:alert(1)", "vbscript:msgbox(1)", "//localhost@evil.example", "\u2028//evil.example"})
    void switchWithAnotherOpenRedirectBypassGoesToTheDefault(String target) {
        Browser b = app.browser();
        SignIns.signIn(b, "alice");
        Browser.Response r = b.post("/multisession/switch", Map.of("index", "0", "redirect_url", target), "Origin", app.origin());
        assertNotEquals(500, r.status());
        assertEquals(303, r.status());
        assertEquals("/app/", r.header("Location"));
        assertNoLineBreakInHeaders(r);
    }

    @ParameterizedTest(name = "{0}")
    @ValueSource(strings = {"/api/me?x=%0d%0aSet-Cookie:evil=1", "/api/me?authuser=%0d%0aSet-Cookie:evil=1",
            "/api/%0d%0aSet-Cookie:evil=1", "/api/me?redirect_url=/%0d%0aSet-Cookie:evil=1"})
    void crlfInAReflectedValueOfAPageLoadNeverBecomesAHeader(String path) {
        Browser.Response r = app.browser().page(path);
        assertNotEquals(500, r.status());
        assertNoLineBreakInHeaders(r);
    }

    @Test
    void crlfInTheSessionIdOfASwitchNeverBecomesAHeader() {
        Browser b = app.browser();
        SignIns.signIn(b, "alice");
        Browser.Response r = b.post("/multisession/switch", Map.of("session_id", "sess_x\r\nSet-Cookie: evil=1"), "Origin", app.origin());
        assertNotEquals(500, r.status());
        assertNoLineBreakInHeaders(r);
    }

    @Test
    void crlfInTheRefreshRedirectNeverBecomesAHeader() {
        Browser.Response r = app.browser().page("/multisession/refresh?redirect_url=/x%0d%0aSet-Cookie:evil=1");
        assertNotEquals(500, r.status());
        assertNoLineBreakInHeaders(r);
    }

    @ParameterizedTest(name = "{0}")
    @ValueSource(strings = {"csrf refusal", "unknown session", "method not allowed"})
    void refusalsOfEndpointsAreNoStoreAndCannotBeFramed(String which) {
        Browser b = app.browser();
        SignIns.signIn(b, "alice");
        Browser.Response r = switch (which) {
            case "csrf refusal" -> b.post("/multisession/switch", Map.of("index", "0"), "Origin", "https://evil.example");
            case "unknown session" -> b.post("/multisession/switch", Map.of("index", "9"), "Origin", app.origin(), "Accept", "application/json");
            default -> b.get("/multisession/switch");
        };
        assertTrue(r.status() >= 400 && r.status() < 500, "status " + r.status());
        assertEquals("no-store", r.header("Cache-Control"));
        assertEquals("DENY", r.header("X-Frame-Options"));
        assertTrue(String.valueOf(r.header("Content-Security-Policy")).contains("frame-ancestors 'none'"));
    }

    @Test
    void protectedApi401IsNoStore() {
        Browser.Response r = app.browser().get("/api/me");
        assertEquals(401, r.status());
        assertEquals("no-store", r.header("Cache-Control"));
    }
}
