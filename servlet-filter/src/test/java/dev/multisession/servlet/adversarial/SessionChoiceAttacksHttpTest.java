package dev.multisession.servlet.adversarial;

import dev.multisession.servlet.testing.Browser;
import dev.multisession.servlet.testing.RawHttp;
import dev.multisession.servlet.testing.SignIns;
import dev.multisession.servlet.testing.TestApp;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * Session-choice attacks (issue 6): hostile {@code authuser}, {@code session_id} and
 * {@code X-Session-Id} values on a browser signed in as alice (index 0) and bob (index 1) are
 * signed out — 401 on the API — and never fall back to one of its accounts; a session of another
 * browser named explicitly is never used.
 */
@ExtendWith(SuiteLogCheck.class)
class SessionChoiceAttacksHttpTest {
    private static TestApp app;

    @BeforeAll
    static void start() throws Exception {
        app = Attack.app();
    }

    @AfterAll
    static void stop() throws Exception {
        app.close();
    }

    private static Browser twoAccounts() {
        Browser b = app.browser();
        SignIns.signIn(b, "alice");
        SignIns.signIn(b, "bob");
        return b;
    }

    @ParameterizedTest(name = "authuser={0}")
    @ValueSource(strings = {"-1", "01", "1.0", "1e0", "0x1", "%EF%BC%91", "+1", "%201", "1%20", "2", "99", "100", "99999999999999999999",
            "1%00", "1;0", "NaN", "%0d%0a1", "0,1", "%E2%80%8B1"})
    void hostileAuthuserIsSignedOutNeverAnotherAccount(String value) {
        Browser.Response r = twoAccounts().get("/api/me?authuser=" + value);
        assertNotEquals(500, r.status(), "never a 500");
        assertTrue(r.status() == 401 || r.status() == 400, "status " + r.status());
    }

    @ParameterizedTest(name = "X-Session-Id: {0}")
    @ValueSource(strings = {"-1", "01", "SESS_01JD3Q8Z6V8W4S0F2K7N5M9P3R", "sess_01JD3Q8Z6V8W4S0F2K7N5M9P3R ; 0", "sess_*", "0 1",
            "sess_01jd3q8z6v8w4s0f2k7n5m9p3r", "../0", "\u00a00"})
    void hostileSessionHeaderIsSignedOutNeverAnotherAccount(String value) {
        Browser.Response r = twoAccounts().get("/api/me", "X-Session-Id", value);
        assertNotEquals(500, r.status(), "never a 500");
        assertEquals(401, r.status());
    }

    @Test
    void authuserTwiceIsSignedOut() {
        Browser.Response r = twoAccounts().get("/api/me?authuser=0&authuser=1");
        assertEquals(401, r.status());
    }

    @Test
    void authuserAndSessionIdTogetherAreSignedOut() {
        Browser b = app.browser();
        SignIns.SignedIn alice = SignIns.signIn(b, "alice");
        Browser.Response r = b.get("/api/me?authuser=0&session_id=" + alice.sessionId());
        assertEquals(401, r.status());
    }

    @Test
    void sessionIdOfAnotherBrowserIsSignedOutEvenWithItsCookieCopied() {
        Browser victim = twoAccounts();
        Browser other = app.browser();
        SignIns.SignedIn mallory = SignIns.signIn(other, "mallory");
        Browser.Response r = victim.get("/whoami?session_id=" + mallory.sessionId());
        assertNotEquals(500, r.status());
        assertEquals("-", r.user(), "never the named foreign session, never a fallback");
    }

    @Test
    void rawControlBytesInTheSessionHeaderAreNeverA500() {
        RawHttp.Response r = RawHttp.request(app, "GET", "/app/api/me", "X-Session-Id: 0\u0001\u007f");
        assertNotEquals(500, r.status());
    }

    @Test
    void explicitMissOnAPageLoadRedirectsToTheChooserNotToAnotherAccount() {
        Browser.Response r = twoAccounts().page("/api/me?authuser=7");
        assertNotEquals(500, r.status());
        assertEquals(302, r.status());
        assertTrue(r.header("Location").contains("authuser") || r.header("Location").contains("choose")
                || r.header("Location").contains("sign-in") || r.header("Location").contains("redirect_url"), r.header("Location"));
    }
}
