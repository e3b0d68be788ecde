package dev.multisession.servlet;

import dev.multisession.core.config.ConfigKeys;
import dev.multisession.servlet.testing.Browser;
import dev.multisession.servlet.testing.Json;
import dev.multisession.servlet.testing.SignIns;
import dev.multisession.servlet.testing.TestApp;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

import java.net.URLDecoder;
import java.nio.charset.StandardCharsets;
import java.util.List;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * Which session a request gets (docs/how-it-works.md: "Which session a request gets"), over HTTP, for one browser signed in as alice
 * (index 0), bob (1) and carol (2), in that order: every selection source picks the account it
 * names: {@code Authorization: Bearer}, {@code X-Session-Id} (id or index), {@code ?authuser=N},
 * {@code ?session_id=}, the {@code /u/N/} path prefix (stripped before the app sees the path), the
 * client cookie's last-active session and, without a client cookie, the most recently created
 * session; explicit sources win over implicit ones in the documented order. An explicit choice
 * that names no signed-in session of this browser is signed out: 401 with
 * {@code WWW-Authenticate: Bearer} for API calls, a 302 to the account chooser with
 * {@code redirect_url} for page loads, and never another account.
 */
class SessionSelectionHttpTest {
    private static final String ROUTES = "/api/* => signed-in; /pages/* => signed-in";
    private static TestApp app;

    @BeforeAll
    static void start() throws Exception {
        app = TestApp.builder()
                .param(ConfigKeys.PATH_PREFIX_SELECTION, "true")
                .param(ServletSettings.ROUTES, ROUTES)
                .param(ServletSettings.ACCOUNT_CHOOSER_URL, "/accounts/choose")
                .start();
    }

    @AfterAll
    static void stop() throws Exception {
        app.close();
    }

    private record Three(Browser browser, SignIns.SignedIn alice, SignIns.SignedIn bob, SignIns.SignedIn carol) {
        List<SignIns.SignedIn> all() {
            return List.of(alice, bob, carol);
        }

        String userOf(SignIns.SignedIn s) {
            return s == alice ? "alice" : s == bob ? "bob" : "carol";
        }

        String token(SignIns.SignedIn s) {
            return browser.cookie(SignIns.cookieName(s.sessionId()));
        }
    }

    /** alice (acme), bob, carol signed in one after another in one browser; carol is last-active. */
    private static Three threeAccounts() {
        Browser browser = app.browser();
        SignIns.SignedIn alice = SignIns.signIn(browser, "alice", "acme");
        SignIns.SignedIn bob = SignIns.signIn(browser, "bob");
        SignIns.SignedIn carol = SignIns.signIn(browser, "carol");
        assertEquals(List.of(0, 1, 2), List.of(alice.index(), bob.index(), carol.index()), "indexes in sign-in order");
        return new Three(browser, alice, bob, carol);
    }

    /** A session id of a signed-in session in some other browser. */
    private static String foreignSessionId() {
        return SignIns.signIn(app.browser(), "mallory").sessionId();
    }

    private static void assertApiChallenge(Browser.Response r) {
        assertEquals(401, r.status());
        String challenge = r.header("WWW-Authenticate");
        assertNotNull(challenge, "WWW-Authenticate");
        assertTrue(challenge.startsWith("Bearer "), challenge);
        assertFalse(r.body().contains("alice") || r.body().contains("bob") || r.body().contains("carol"),
                "the 401 names no account");
    }

    private static void assertSentToAccountChooser(Browser.Response r, String from) {
        assertEquals(302, r.status());
        String location = r.header("Location");
        String prefix = "/app/accounts/choose?redirect_url=";
        assertTrue(location.startsWith(prefix), location);
        assertEquals(from, URLDecoder.decode(location.substring(prefix.length()), StandardCharsets.UTF_8));
    }

    // ------------------------------------------------------------------ each source picks the right account

    @Test
    void xSessionIdHeaderPicksTheSessionById() {
        Three t = threeAccounts();
        for (SignIns.SignedIn s : t.all()) {
            assertEquals(t.userOf(s), t.browser().get("/api/me", "X-Session-Id", s.sessionId()).user());
        }
    }

    @Test
    void xSessionIdHeaderPicksTheSessionByIndex() {
        Three t = threeAccounts();
        for (SignIns.SignedIn s : t.all()) {
            assertEquals(t.userOf(s), t.browser().get("/api/me", "X-Session-Id", String.valueOf(s.index())).user());
        }
    }

    @Test
    void authuserQueryParameterPicksTheSessionByIndex() {
        Three t = threeAccounts();
        for (SignIns.SignedIn s : t.all()) {
            assertEquals(t.userOf(s), t.browser().get("/api/me?authuser=" + s.index()).user());
        }
    }

    @Test
    void sessionIdQueryParameterPicksTheSessionById() {
        Three t = threeAccounts();
        for (SignIns.SignedIn s : t.all()) {
            assertEquals(t.userOf(s), t.browser().get("/api/me?session_id=" + s.sessionId()).user());
        }
    }

    @Test
    void pathPrefixPicksTheSessionByIndexAndIsStrippedBeforeTheAppSeesThePath() {
        Three t = threeAccounts();
        for (SignIns.SignedIn s : t.all()) {
            Browser.Response r = t.browser().get("/u/" + s.index() + "/api/me");
            assertEquals(200, r.status());
            assertEquals(t.userOf(s), r.user());
            assertEquals("/api/me", r.echo().get("path"));
        }
    }

    @Test
    void pathPrefixAloneLeadsToTheAppsRoot() {
        Three t = threeAccounts();
        Browser.Response r = t.browser().get("/u/1/");
        assertEquals("bob", r.user());
        assertEquals("/", r.echo().get("path"));
    }

    @Test
    void pathPrefixIsStrippedWithoutChangingWhatTheRestOfThePathMeans() {
        Three t = threeAccounts();
        for (String rest : List.of("/files/a%3Fb", "/files/a%23b", "/files/a%3Bb", "/files/a%20b%2Bc", "/files/caf%C3%A9")) {
            Browser.Response plain = t.browser().get(rest + "?authuser=1");
            Browser.Response prefixed = t.browser().get("/u/1" + rest);
            assertEquals(200, prefixed.status(), rest);
            assertEquals("bob", prefixed.user(), rest);
            assertEquals(plain.echo().get("path"), prefixed.echo().get("path"), rest);
        }
    }

    @Test
    void pathPrefixKeepsTheQueryString() {
        Three t = threeAccounts();
        Browser.Response r = t.browser().get("/u/0/api/me?role=org:admin");
        assertEquals("alice", r.user());
        assertEquals("true", r.echo().get("inRole"), "the app still reads ?role= after the prefix was stripped");
    }

    @Test
    void clientCookieLastActiveSessionDecidesWhenTheRequestNamesNone() {
        Three t = threeAccounts();
        assertEquals("carol", t.browser().get("/api/me").user(), "the last sign-in is last-active");
        String clientId = t.browser().cookie("ms_client").split("\\.")[1];
        t.browser().setCookie("ms_client", "v1." + clientId + "." + t.bob().sessionId());
        assertEquals("bob", t.browser().get("/api/me").user());
        assertEquals("bob", t.browser().get("/api/me").user(), "and stays so");
    }

    @Test
    void mostRecentlyCreatedSessionWhenTheClientCookieIsRemoved() {
        Three t = threeAccounts();
        String clientId = t.browser().cookie("ms_client").split("\\.")[1];
        t.browser().setCookie("ms_client", "v1." + clientId + "." + t.alice().sessionId());
        assertEquals("alice", t.browser().get("/api/me").user(), "control: the client cookie names alice");
        t.browser().removeCookie("ms_client");
        assertEquals("carol", t.browser().get("/api/me").user());
    }

    @Test
    void aRequestWithoutClientCookieGetsOneNamingTheSessionItWasGiven() {
        Three t = threeAccounts();
        t.browser().removeCookie("ms_client");
        t.browser().get("/api/me");
        String client = t.browser().cookie("ms_client");
        assertNotNull(client, "the client cookie is written again");
        assertTrue(client.endsWith("." + t.carol().sessionId()), "and names the session the request got");
    }

    @Test
    void bearerTokenFromASessionCookiePicksThatSession() {
        Three t = threeAccounts();
        Browser apiClient = app.browser();
        for (SignIns.SignedIn s : t.all()) {
            Browser.Response r = apiClient.get("/api/me", "Authorization", "Bearer " + t.token(s));
            assertEquals(200, r.status());
            assertEquals(t.userOf(s), r.user());
        }
        assertTrue(apiClient.cookies().isEmpty(), "a bearer request sets no cookies");
    }

    @Test
    void anExplicitChoiceInAVeryLongQueryIsStillHonoured() throws Exception {
        try (TestApp big = TestApp.builder().requestHeaderSize(64 * 1024).start()) {
            Browser browser = big.browser();
            SignIns.signIn(browser, "alice");
            SignIns.signIn(browser, "bob");
            String padding = "x=" + "A".repeat(12 * 1024);
            assertEquals("alice", browser.get("/whoami?" + padding + "&authuser=0").user());
            assertEquals("alice", browser.get("/whoami?authuser=0&" + padding).user());
            assertEquals("-", browser.get("/whoami?" + padding + "&authuser=5").user(), "and a miss is still a miss");
        }
    }

    // ------------------------------------------------------------------ precedence

    @Test
    void bearerTokenWinsOverEveryOtherSource() {
        Three t = threeAccounts();
        Browser.Response r = t.browser().get("/u/2/api/me?authuser=1", "Authorization", "Bearer " + t.token(t.alice()),
                "X-Session-Id", "1");
        assertEquals("alice", r.user());
    }

    @Test
    void xSessionIdHeaderWinsOverQueryPathPrefixAndCookie() {
        Three t = threeAccounts();
        assertEquals("alice", t.browser().get("/u/2/api/me?authuser=1", "X-Session-Id", "0").user());
    }

    @Test
    void queryParameterWinsOverPathPrefixAndCookie() {
        Three t = threeAccounts();
        assertEquals("bob", t.browser().get("/u/0/api/me?authuser=1").user());
    }

    @Test
    void pathPrefixWinsOverTheClientCookie() {
        Three t = threeAccounts();
        assertEquals("alice", t.browser().get("/u/0/api/me").user());
        assertEquals("carol", t.browser().get("/api/me").user(), "an explicit choice does not change last-active");
    }

    // ------------------------------------------------------------------ explicit misses are signed out

    @Test
    void unknownSessionIdInTheHeaderIs401ForApiCalls() {
        Three t = threeAccounts();
        assertApiChallenge(t.browser().get("/api/me", "X-Session-Id", foreignSessionId()));
    }

    @Test
    void unknownIndexInTheHeaderIs401ForApiCalls() {
        Three t = threeAccounts();
        assertApiChallenge(t.browser().get("/api/me", "X-Session-Id", "3"));
    }

    @Test
    void unknownAuthuserIs401ForApiCalls() {
        Three t = threeAccounts();
        assertApiChallenge(t.browser().get("/api/me?authuser=3"));
    }

    @Test
    void unknownSessionIdParameterIs401ForApiCalls() {
        Three t = threeAccounts();
        assertApiChallenge(t.browser().get("/api/me?session_id=" + foreignSessionId()));
    }

    @Test
    void unknownPathPrefixIndexIs401ForApiCalls() {
        Three t = threeAccounts();
        assertApiChallenge(t.browser().get("/u/3/api/me"));
    }

    @Test
    void bearerTokenOfAnotherBrowsersSessionPicksOnlyThatSessionNeverThisBrowsersAccounts() {
        Three t = threeAccounts();
        Browser other = app.browser();
        SignIns.signIn(other, "mallory");
        String otherToken = other.cookie(SignIns.cookieName(SignIns.signIn(other, "trent").sessionId()));
        assertEquals("trent", t.browser().get("/api/me", "Authorization", "Bearer " + otherToken).user());
    }

    @Test
    void invalidBearerTokenIs401EvenWithValidCookies() {
        Three t = threeAccounts();
        String token = t.token(t.bob());
        int signature = token.lastIndexOf('.') + 1;
        char flipped = token.charAt(signature) == 'A' ? 'B' : 'A';
        String tampered = token.substring(0, signature) + flipped + token.substring(signature + 1);
        assertApiChallenge(t.browser().get("/api/me", "Authorization", "Bearer " + tampered));
    }

    @Test
    void unknownAuthuserOnAPageLoadRedirectsToTheAccountChooser() {
        Three t = threeAccounts();
        assertSentToAccountChooser(t.browser().page("/pages/inbox?authuser=3"), "/app/pages/inbox?authuser=3");
    }

    @Test
    void unknownSessionIdOnAPageLoadRedirectsToTheAccountChooser() {
        Three t = threeAccounts();
        String foreign = foreignSessionId();
        assertSentToAccountChooser(t.browser().page("/pages/inbox?session_id=" + foreign), "/app/pages/inbox?session_id=" + foreign);
    }

    @Test
    void unknownHeaderIndexOnAPageLoadRedirectsToTheAccountChooser() {
        Three t = threeAccounts();
        assertSentToAccountChooser(t.browser().page("/pages/inbox", "X-Session-Id", "4"), "/app/pages/inbox");
    }

    @Test
    void unknownPathPrefixIndexOnAPageLoadRedirectsToTheAccountChooser() {
        Three t = threeAccounts();
        assertSentToAccountChooser(t.browser().page("/u/3/pages/inbox"), "/app/u/3/pages/inbox");
    }

    @Test
    void explicitMissOnAPublicRouteReachesTheAppSignedOutNeverAsAnotherAccount() {
        Three t = threeAccounts();
        for (String path : List.of("/whoami?authuser=3", "/whoami?session_id=" + foreignSessionId(), "/u/3/whoami")) {
            Browser.Response r = t.browser().get(path);
            assertEquals(200, r.status(), path);
            assertEquals("-", r.user(), path);
            assertEquals("null", r.echo().get("remoteUser"), path);
        }
        Browser.Response r = t.browser().get("/whoami", "X-Session-Id", "3");
        assertEquals("-", r.user());
    }

    @Test
    void explicitMissKeepsTheOtherAccountsSignedIn() {
        Three t = threeAccounts();
        Browser.Response miss = t.browser().get("/api/me?authuser=3");
        assertEquals(401, miss.status());
        assertTrue(miss.deletedCookies().isEmpty(), "a miss deletes nothing: " + miss.deletedCookies());
        assertEquals("carol", t.browser().get("/api/me").user());
        assertEquals("alice", t.browser().get("/api/me?authuser=0").user());
    }

    @Test
    void sessionsEndpointReportsTheExplicitChoiceAsActive() {
        Three t = threeAccounts();
        var body = Json.object(t.browser().get("/multisession/sessions?authuser=1").body());
        assertEquals(t.bob().sessionId(), body.get("activeSessionId"));
        var miss = Json.object(t.browser().get("/multisession/sessions?authuser=3").body());
        assertNull(miss.get("activeSessionId"), "a miss has no active session, never another account");
        assertEquals(3, Json.list(miss.get("sessions")).size(), "the switcher still lists the browser's accounts");
    }
}
