package dev.multisession.servlet;

import dev.multisession.servlet.testing.Browser;
import dev.multisession.servlet.testing.Json;
import dev.multisession.servlet.testing.SignIns;
import dev.multisession.servlet.testing.TestApp;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * The typed exceptions app code throws become proper answers (docs/how-it-works.md: "Protecting routes", "CDI"):
 * {@link NotSignedInException} is 401 with {@code WWW-Authenticate: Bearer} for API calls and a
 * 302 to sign in for page loads; {@link NoActiveOrganizationException} is 403. Never a 500, and
 * the cookie changes of the request still reach the browser.
 */
class TypedExceptionsHttpTest {
    private static TestApp app;

    @BeforeAll
    static void start() throws Exception {
        app = TestApp.start();
    }

    @AfterAll
    static void stop() throws Exception {
        app.close();
    }

    @Test
    void notSignedInOnAnApiCallIs401WithBearerChallenge() {
        Browser.Response r = app.browser().get("/throw/not-signed-in", "Accept", "application/json");
        assertEquals(401, r.status());
        assertTrue(r.header("WWW-Authenticate").startsWith("Bearer "));
        assertEquals("unauthorized", Json.object(r.body()).get("error"));
    }

    @Test
    void notSignedInOnAPageLoadRedirectsToSignInAndBack() {
        Browser.Response r = app.browser().page("/throw/not-signed-in?x=1");
        assertEquals(302, r.status());
        assertEquals("/app/sign-in?redirect_url=%2Fapp%2Fthrow%2Fnot-signed-in%3Fx%3D1", r.header("Location"));
    }

    @Test
    void notSignedInWhileSignedInStillAnswers401NotA500() {
        Browser browser = app.browser();
        SignIns.signIn(browser, "carol");
        assertEquals(401, browser.get("/throw/not-signed-in").status());
    }

    @Test
    void noOrganizationIs403() {
        Browser browser = app.browser();
        SignIns.signIn(browser, "carol");
        Browser.Response r = browser.get("/throw/no-organization");
        assertEquals(403, r.status());
        assertEquals("forbidden", Json.object(r.body()).get("error"));
        assertEquals("no-store", r.header("Cache-Control"));
    }

    @Test
    void noOrganizationOnAPageLoadIs403NotARedirect() {
        Browser browser = app.browser();
        SignIns.signIn(browser, "carol");
        Browser.Response r = browser.page("/throw/no-organization");
        assertEquals(403, r.status());
        assertEquals(null, r.header("Location"));
    }

    @Test
    void noOrganizationWhileSignedOutIs403() {
        assertEquals(403, app.browser().get("/throw/no-organization").status());
    }

    @Test
    void cookieChangesOfTheRequestSurviveTheTypedFailure() {
        Browser browser = app.browser();
        SignIns.SignedIn carol = SignIns.signIn(browser, "carol");
        String name = SignIns.cookieName(carol.sessionId());
        String before = browser.cookie(name);
        browser.setCookie("ms_sess_garbage", "garbage-cookie-value-7f3a");
        app.clock().advance(java.time.Duration.ofMinutes(5));
        Browser.Response r = browser.get("/throw/no-organization");
        assertEquals(403, r.status());
        assertTrue(r.deletedCookies().contains("ms_sess_garbage"), "the bad cookie's deletion was kept");
        assertNotNull(browser.cookie(name));
        assertNotEquals(before, browser.cookie(name), "the refreshed token was kept");
    }
}
