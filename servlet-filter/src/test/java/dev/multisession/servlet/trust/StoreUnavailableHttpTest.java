package dev.multisession.servlet.trust;

import dev.multisession.servlet.adversarial.SuiteLogCheck;
import org.junit.jupiter.api.extension.ExtendWith;
import dev.multisession.core.model.SessionStatus;
import dev.multisession.core.store.testing.FlakyStore;
import dev.multisession.servlet.ServletSettings;
import dev.multisession.servlet.testing.Browser;
import dev.multisession.servlet.testing.Json;
import dev.multisession.servlet.testing.SetCookie;
import dev.multisession.servlet.testing.SignIns;
import dev.multisession.servlet.testing.SignIns.Two;
import dev.multisession.servlet.testing.TestApp;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

import java.time.Duration;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * A session store that cannot be reached (every call throws {@code StoreUnavailableException})
 * costs no one their accounts: the hot path never asks the store; a refresh that cannot reach it
 * keeps a still-valid token; an expired token (past {@code exp} and the clock-skew allowance:
 * inside it the token still verifies, so it is kept) is answered 401 {@code store_unavailable}
 * without deleting or rewriting any cookie; sign-in, switch and sign-out answer 503 with {@code Retry-After}, never 500,
 * and delete no cookie, so once the store answers again the browser has every account it had.
 *
 * <p>The failure guarded against: an outage answered as "signed out", deleting the browser's
 * cookies, or as a 500 from the first store call.
 */
@ExtendWith(SuiteLogCheck.class) // no token, signature or cookie value in any log line of this class
class StoreUnavailableHttpTest {
    private static final String ROUTES = "/api/* => signed-in";
    private TestApp app;
    private FlakyStore store;

    @BeforeEach
    void start() throws Exception {
        FlakyStore[] flaky = new FlakyStore[1];
        app = TestApp.builder().param(ServletSettings.ROUTES, ROUTES).storeDecorator(s -> flaky[0] = new FlakyStore(s)).start();
        store = flaky[0];
    }

    @AfterEach
    void stop() throws Exception {
        app.close();
    }


    /** alice (acme, index 0) and bob (index 1, last-active) in one browser. */
    private Two twoAccounts() {
        return SignIns.aliceAndBob(app.browser(), "acme");
    }

    private static void assertNoCookieDeleted(Browser.Response r) {
        assertEquals(List.of(), r.deletedCookies(), "no cookie is deleted because the store is down");
    }

    private static void assertStoreUnavailable503(Browser.Response r) {
        assertEquals(503, r.status(), r.body());
        assertNotNull(r.header("Retry-After"), "503 carries Retry-After");
        assertNoCookieDeleted(r);
    }

    private static void assertJsonStoreUnavailable(Browser.Response r) {
        assertStoreUnavailable503(r);
        assertTrue(r.header("Content-Type").startsWith("application/json"), r.header("Content-Type"));
        assertEquals("store_unavailable", Json.object(r.body()).get("error"));
    }

    private static void assertHtml503(Browser.Response r) {
        assertStoreUnavailable503(r);
        assertTrue(r.header("Content-Type").startsWith("text/html"), r.header("Content-Type"));
        assertTrue(r.body().toLowerCase().contains("<html") || r.body().toLowerCase().contains("<!doctype html"), r.body());
    }

    /** The store is back: the browser is signed in with both accounts and bob is still last-active. */
    private void assertBothAccountsKept(Two t) {
        store.setAvailable(true);
        for (SignIns.SignedIn s : List.of(t.alice(), t.bob())) {
            assertEquals(SessionStatus.ACTIVE, app.store().find(s.sessionId()).orElseThrow().status(),
                    "session " + s.index() + " is still active");
        }
        assertEquals("alice", t.browser().get("/api/me?session_id=" + t.alice().sessionId()).user());
        assertEquals("bob", t.browser().get("/api/me?session_id=" + t.bob().sessionId()).user());
        assertEquals("bob", t.browser().get("/api/me").user(), "the last-active account is unchanged");
    }

    /** Past the token's {@code exp} and the verifier's clock-skew allowance: the token is expired, not just expiring. */
    private Duration pastExpiry() {
        return app.engine().config().tokenLifetime().plus(app.engine().config().clockSkew()).plusSeconds(1);
    }

    private Browser.Response post(Browser browser, String endpoint, Map<String, String> form, String accept) {
        return browser.post("/multisession/" + endpoint, form, "Origin", app.origin(), "Accept", accept);
    }

    // ------------------------------------------------------------------ requests

    @Test
    void hotPathWithAFreshTokenIsServedWithoutAskingTheStore() {
        Browser browser = app.browser();
        SignIns.signIn(browser, "alice");
        store.setAvailable(false);
        store.resetCalls();
        Browser.Response r = browser.get("/api/me");
        assertEquals(200, r.status());
        assertEquals("alice", r.user());
        assertEquals(0, store.calls(), "store calls on the hot path: " + store.callsByOperation());
        assertTrue(r.setCookies().isEmpty(), SetCookie.all(r).toString());
    }

    @Test
    void tokenInItsRefreshWindowIsKeptWhileTheStoreIsDown() {
        Browser browser = app.browser();
        SignIns.SignedIn alice = SignIns.signIn(browser, "alice");
        String name = SignIns.cookieName(alice.sessionId());
        String token = browser.cookie(name);
        store.setAvailable(false);
        app.clock().advance(Duration.ofSeconds(50));
        Browser.Response r = browser.get("/api/me");
        assertEquals(200, r.status());
        assertEquals("alice", r.user(), "the still-valid token is kept");
        assertTrue(store.calls(FlakyStore.Op.READ_FOR_REFRESH, alice.sessionId()) > 0, "control: a refresh was tried");
        assertTrue(SetCookie.named(r, name).isEmpty(), "the session cookie is neither rewritten nor deleted");
        assertNoCookieDeleted(r);
        assertEquals(token, browser.cookie(name));
    }

    @Test
    void expiredTokenWhileTheStoreIsDownIs401StoreUnavailableAndDeletesNoCookie() {
        Browser browser = app.browser();
        SignIns.SignedIn alice = SignIns.signIn(browser, "alice");
        Map<String, String> before = browser.cookies();
        store.setAvailable(false);
        app.clock().advance(pastExpiry());
        Browser.Response r = browser.get("/api/me");
        assertEquals(401, r.status());
        String challenge = r.header("WWW-Authenticate");
        assertNotNull(challenge);
        assertTrue(challenge.contains("store_unavailable"), challenge);
        assertNoCookieDeleted(r);
        assertEquals(before.keySet(), browser.cookies().keySet(), "the browser keeps its session and client cookies");
        store.setAvailable(true);
        assertEquals("alice", browser.get("/api/me").user(), "signed in again once the store answers");
        assertEquals(SessionStatus.ACTIVE, app.store().find(alice.sessionId()).orElseThrow().status());
    }

    @Test
    void expiredTokensWhileTheStoreIsDownDoNotChangeTheLastActiveAccount() {
        Two t = twoAccounts();
        String clientCookie = t.browser().cookie("ms_client");
        store.setAvailable(false);
        app.clock().advance(pastExpiry());
        Browser.Response r = t.browser().get("/api/me");
        assertEquals(401, r.status());
        assertNoCookieDeleted(r);
        assertEquals(clientCookie, t.browser().cookie("ms_client"), "the client cookie still names bob");
        assertBothAccountsKept(t);
    }

    // ------------------------------------------------------------------ sign-in

    @Test
    void signInWhileTheStoreIsDownIs503WithRetryAfterAndAJsonError() {
        Browser browser = app.browser();
        store.setAvailable(false);
        Browser.Response r = browser.post("/login", Map.of("user", "alice"), "Accept", "application/json");
        assertJsonStoreUnavailable(r);
        assertTrue(browser.cookies().isEmpty(), "no cookie was set");
    }

    @Test
    void signInFormWhileTheStoreIsDownGetsAnHtml503() {
        Browser browser = app.browser();
        store.setAvailable(false);
        assertHtml503(browser.post("/login", Map.of("user", "alice"), "Accept", "text/html,application/xhtml+xml"));
    }

    @Test
    void signInOfAnotherAccountWhileTheStoreIsDownKeepsTheAccountsTheBrowserHas() {
        Two t = twoAccounts();
        store.setAvailable(false);
        Browser.Response r = t.browser().post("/login", Map.of("user", "carol"), "Accept", "application/json");
        assertJsonStoreUnavailable(r);
        assertBothAccountsKept(t);
    }

    // ------------------------------------------------------------------ switch and sign-out

    @ParameterizedTest(name = "organization={0}")
    @ValueSource(strings = {"", "globex", "-"})
    void switchWhileTheStoreIsDownIs503AndDeletesNoCookie(String organization) {
        Two t = twoAccounts();
        Map<String, String> form = new HashMap<>();
        form.put("index", String.valueOf(t.alice().index()));
        if (!organization.equals("-")) {
            form.put("organization", organization);
        }
        store.setAvailable(false);
        Browser.Response r = post(t.browser(), "switch", form, "application/json");
        assertJsonStoreUnavailable(r);
        assertBothAccountsKept(t);
    }

    @Test
    void signOutOfOneSessionWhileTheStoreIsDownIs503AndDeletesNoCookie() {
        Two t = twoAccounts();
        store.setAvailable(false);
        Browser.Response r = post(t.browser(), "sign-out", Map.of("session_id", t.alice().sessionId()), "application/json");
        assertJsonStoreUnavailable(r);
        assertBothAccountsKept(t);
    }

    @Test
    void signOutOfTheRequestsOwnSessionWhileTheStoreIsDownIs503AndDeletesNoCookie() {
        Two t = twoAccounts();
        store.setAvailable(false);
        Browser.Response r = post(t.browser(), "sign-out", Map.of(), "application/json");
        assertJsonStoreUnavailable(r);
        assertBothAccountsKept(t);
    }

    @Test
    void signOutAllWhileTheStoreIsDownIs503AndDeletesNoCookie() {
        Two t = twoAccounts();
        store.setAvailable(false);
        Browser.Response r = post(t.browser(), "sign-out", Map.of("all", "true"), "application/json");
        assertJsonStoreUnavailable(r);
        assertBothAccountsKept(t);
    }

    @Test
    void signOutAllWithExpiredTokensWhileTheStoreIsDownIs503AndDeletesNoCookie() {
        Two t = twoAccounts();
        store.setAvailable(false);
        app.clock().advance(pastExpiry());
        Browser.Response r = post(t.browser(), "sign-out", Map.of("all", "true"), "application/json");
        assertJsonStoreUnavailable(r);
        assertBothAccountsKept(t);
    }

    @Test
    void switchFormPostWhileTheStoreIsDownGetsAnHtml503() {
        Two t = twoAccounts();
        store.setAvailable(false);
        assertHtml503(post(t.browser(), "switch", Map.of("index", "0"), "text/html,application/xhtml+xml"));
        assertBothAccountsKept(t);
    }

    @Test
    void signOutFormPostWhileTheStoreIsDownGetsAnHtml503() {
        Two t = twoAccounts();
        store.setAvailable(false);
        assertHtml503(post(t.browser(), "sign-out", Map.of("all", "true"), "text/html,application/xhtml+xml"));
        assertBothAccountsKept(t);
    }
}
