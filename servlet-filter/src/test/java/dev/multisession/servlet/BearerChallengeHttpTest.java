package dev.multisession.servlet;

import dev.multisession.servlet.testing.Browser;
import dev.multisession.servlet.testing.SignIns;
import dev.multisession.servlet.testing.TestApp;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

import static org.junit.jupiter.api.Assertions.assertEquals;

/**
 * The {@code WWW-Authenticate} challenge of a 401 follows RFC 6750 section 3.1: a request that
 * sent no credentials at all gets the bare challenge, without an error code; one that sent a
 * token or session cookie that does not pass gets {@code error="invalid_token"} and the reason.
 */
class BearerChallengeHttpTest {
    private static TestApp app;

    @BeforeAll
    static void start() throws Exception {
        app = TestApp.builder().param(ServletSettings.ROUTES, "/api/* => signed-in").start();
    }

    @AfterAll
    static void stop() throws Exception {
        app.close();
    }

    @Test
    void aRequestWithNoCredentialsGetsTheChallengeWithoutAnErrorCode() {
        Browser.Response r = app.browser().get("/api/data");
        assertEquals(401, r.status());
        assertEquals("Bearer realm=\"multisession\"", r.header("WWW-Authenticate"));
    }

    @Test
    void aBadBearerTokenGetsInvalidToken() {
        Browser.Response r = app.browser().get("/api/data", "Authorization", "Bearer not.a.token");
        assertEquals(401, r.status());
        assertEquals(true, r.header("WWW-Authenticate").startsWith("Bearer realm=\"multisession\", error=\"invalid_token\""),
                r.header("WWW-Authenticate"));
    }

    @Test
    void aForgedSessionCookieGetsInvalidToken() {
        Browser browser = app.browser();
        SignIns.SignedIn alice = SignIns.signIn(browser, "alice");
        String cookie = SignIns.cookieName(alice.sessionId());
        String token = browser.cookie(cookie);
        browser.setCookie(cookie, token.substring(0, token.length() - 4) + "AAAA");

        Browser.Response r = browser.get("/api/data");

        assertEquals(401, r.status());
        assertEquals(true, r.header("WWW-Authenticate").contains("error=\"invalid_token\""), r.header("WWW-Authenticate"));
    }

    @Test
    void anExplicitChoiceOfNoAccountGetsInvalidToken() {
        Browser.Response r = app.browser().get("/api/data?authuser=3");
        assertEquals(401, r.status());
        assertEquals(true, r.header("WWW-Authenticate").contains("error=\"invalid_token\""), r.header("WWW-Authenticate"));
    }
}
