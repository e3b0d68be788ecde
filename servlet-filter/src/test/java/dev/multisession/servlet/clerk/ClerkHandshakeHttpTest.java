package dev.multisession.servlet.clerk;

import dev.multisession.core.clerk.ClerkSettings;
import dev.multisession.core.clerk.testing.ClerkTokens;
import dev.multisession.core.testing.LogCapture;
import dev.multisession.servlet.testing.Browser;
import dev.multisession.servlet.testing.LogChecks;
import dev.multisession.servlet.testing.FakeClerk;
import dev.multisession.servlet.testing.TestApp;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Instant;
import java.util.List;
import java.util.Map;

import static dev.multisession.servlet.clerk.ClerkApps.ALICE;
import static dev.multisession.servlet.clerk.ClerkApps.SID;
import static dev.multisession.servlet.clerk.ClerkApps.SUFFIX;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * Clerk's handshake in the clerk profile, over HTTP against a {@link FakeClerk}: page loads whose
 * session cookie is missing, expired or stale go to the Frontend API's handshake; the nonce it
 * sends back is resolved through the Backend API and its cookies copied; API calls get 401; a
 * loop stops after three handshakes; a nonce that cannot be resolved never answers 500.
 */
class ClerkHandshakeHttpTest {
    private static TestApp app;
    private static FakeClerk clerk;
    private static ClerkTokens tokens;

    @BeforeAll
    static void start() throws Exception {
        tokens = ClerkApps.tokens();
        clerk = FakeClerk.start(tokens, ClerkApps.SECRET_KEY, () -> app.clock());
        app = ClerkApps.app(clerk).start();
    }

    @AfterAll
    static void stop() throws Exception {
        app.close();
        clerk.close();
    }

    private static Instant now() {
        return app.clock().instant();
    }

    private static Browser expiredSuffixedCookie() {
        Browser b = app.browser();
        b.setCookie("__session_" + SUFFIX, tokens.v1(ALICE, SID, now().minusSeconds(120)).sign());
        b.setCookie("__client_uat_" + SUFFIX, Long.toString(now().getEpochSecond() - 300));
        return b;
    }

    /**
     * Starts a handshake in {@code b} on {@code on} (a page load of a browser signed in at Clerk
     * with no session cookie yet) and returns its state, as the redirect back from Clerk carries
     * it; the browser is left without Clerk cookies.
     */
    private static String startHandshake(TestApp on, Browser b) {
        b.setCookie("__client_uat", Long.toString(on.clock().instant().getEpochSecond() - 5));
        Browser.Response r = b.page("/app/home");
        assertEquals(307, r.status(), r.body());
        b.removeCookie("__client_uat");
        String back = parameter(r.header("Location"), "redirect_url");
        String state = parameter(back, "ms_hs");
        assertNotNull(state, back);
        return state;
    }

    private static String parameter(String url, String name) {
        String query = url.substring(url.indexOf('?') + 1);
        for (String pair : query.split("&")) {
            if (pair.startsWith(name + "=")) {
                return java.net.URLDecoder.decode(pair.substring(name.length() + 1), java.nio.charset.StandardCharsets.UTF_8);
            }
        }
        return null;
    }

    /** The path within the app of an absolute Location pointing back at it. */
    private static String local(String location) {
        assertTrue(location.startsWith(app.baseUrl()), location);
        return location.substring(app.baseUrl().length());
    }

    @Test
    void aPageLoadWithAnExpiredSessionCookieGoesToClerksHandshake() {
        Browser.Response r = expiredSuffixedCookie().page("/app/home?tab=2");
        assertEquals(307, r.status());
        String location = r.header("Location");
        assertTrue(location.startsWith(clerk.url() + "/v1/client/handshake?redirect_url="
                + FakeClerk.encode(app.baseUrl() + "/app/home?tab=2&ms_hs=")), location + ": back here, with the handshake's state");
        assertTrue(location.contains("&format=nonce"), location);
        assertTrue(location.contains("&__clerk_hs_reason=token_expired"), location);
        assertTrue(location.contains("&suffixed_cookies=true"), location);
        assertTrue(location.contains("&__clerk_api_version=" + ClerkSettings.API_VERSION), location);
        assertEquals("no-store", r.header("Cache-Control"));
        assertTrue(r.setCookies().stream().anyMatch(c -> c.startsWith("__clerk_redirect_count=1;")), r.setCookies().toString());
    }

    @Test
    void aStaleSessionCookieOnAPublicPageGoesToTheHandshakeToo() {
        Browser b = app.browser();
        b.setCookie("__session", tokens.v1(ALICE, SID, now().minusSeconds(20)).sign());
        b.setCookie("__client_uat", Long.toString(now().getEpochSecond() - 10));
        Browser.Response r = b.page("/welcome", "Sec-Fetch-Dest", "document");
        assertEquals(307, r.status());
        assertTrue(r.header("Location").contains("__clerk_hs_reason=session_token_stale"), r.header("Location"));
    }

    @Test
    void anApiCallWithAnExpiredSessionCookieGets401() {
        Browser.Response r = expiredSuffixedCookie().get("/api/data", "Accept", "application/json");
        assertEquals(401, r.status());
        assertTrue(r.body().contains("token_expired"), r.body());
    }

    @Test
    void aFetchWithAnHtmlAcceptButAnotherDestinationIsNoHandshake() {
        Browser.Response r = expiredSuffixedCookie().get("/app/home", "Accept", "text/html", "Sec-Fetch-Dest", "empty");
        assertNotEquals(307, r.status(), "Clerk's test: a fetch (Sec-Fetch-Dest: empty) is no document request");
    }

    @Test
    void aPostWithAnExpiredSessionCookieIsNoHandshake() {
        Browser.Response r = expiredSuffixedCookie().post("/app/form", Map.of("a", "b"), "Accept", "text/html");
        assertNotEquals(307, r.status());
    }

    @Test
    void afterThreeHandshakesInARowThePageLoadGoesOnSignedOut() {
        Browser b = expiredSuffixedCookie();
        b.setCookie("__clerk_redirect_count", "3");
        Browser.Response r = b.page("/app/home");
        assertEquals(302, r.status());
        assertTrue(r.header("Location").contains("/sign-in?redirect_url="), r.header("Location"));
    }

    @Test
    void aBrowserWithoutClerkCookiesGetsNoHandshake() {
        assertEquals(302, app.browser().page("/app/home").status());
    }

    @Test
    void theHandshakeRoundTripSignsTheBrowserIn() throws Exception {
        clerk.signedInAs(ALICE, SID);
        Browser b = app.browser();
        b.setCookie("__client_uat", Long.toString(now().getEpochSecond() - 5)); // signed in elsewhere, no session cookie yet
        Browser.Response toClerk = b.page("/app/home");
        assertEquals(307, toClerk.status());
        assertTrue(toClerk.header("Location").contains("__clerk_hs_reason=session_token_missing"), toClerk.header("Location"));
        HttpResponse<String> fromClerk = HttpClient.newHttpClient().send(
                HttpRequest.newBuilder(URI.create(toClerk.header("Location"))).build(), HttpResponse.BodyHandlers.ofString());
        assertEquals(307, fromClerk.statusCode());
        String back = fromClerk.headers().firstValue("Location").orElseThrow();
        Browser.Response resolved = b.page(local(back));
        assertEquals(307, resolved.status());
        assertEquals(app.baseUrl() + "/app/home", resolved.header("Location"), "the nonce is taken off the URL");
        assertTrue(b.cookies().containsKey("__session"), "Clerk's cookies are set: " + b.cookies().keySet());
        Browser.Response home = b.page(local(resolved.header("Location")));
        assertEquals(200, home.status());
        assertEquals(ALICE, home.user());
    }

    @Test
    void theBackendApiIsAskedWithTheSecretKey() {
        clerk.nonce("nonceForTheSecretCheck", List.of("__client_uat=0; Path=/"));
        Browser b = app.browser();
        String state = startHandshake(app, b);
        b.page("/app/home?ms_hs=" + state + "&__clerk_handshake_nonce=nonceForTheSecretCheck");
        assertEquals("Bearer " + ClerkApps.SECRET_KEY, clerk.lastBackendAuthorization());
    }

    @Test
    void onlyClerksOwnCookiesAreCopiedFromTheHandshakePayload() {
        clerk.nonce("nonceWithStrangers", List.of("JSESSIONID=planted; Path=/", "__session=" + tokens.v1(ALICE, SID, now()).sign()
                + "; Path=/", "__client_uat=" + now().getEpochSecond() + "; Path=/"));
        Browser b = app.browser();
        String state = startHandshake(app, b);
        Browser.Response r = b.page("/app/home?ms_hs=" + state + "&__clerk_handshake_nonce=nonceWithStrangers");
        assertEquals(307, r.status());
        assertFalse(b.cookies().containsKey("JSESSIONID"));
        assertTrue(b.cookies().containsKey("__session"));
        assertEquals(ALICE, b.page("/app/home").user());
    }

    @Test
    void aNonceThisBrowserNeverAskedForIsNeverResolved() {
        // login CSRF: an attacker's own handshake nonce, sent to a victim in a link
        clerk.nonce("attackersNonce", List.of("__session=" + tokens.v1("user_attacker", SID, now()).sign() + "; Path=/",
                "__client_uat=" + now().getEpochSecond() + "; Path=/"));
        int before = clerk.payloadFetches();
        Browser victim = app.browser();

        Browser.Response r = victim.page("/app/home?__clerk_handshake_nonce=attackersNonce");

        assertEquals(before, clerk.payloadFetches(), "never sent to the Backend API");
        assertFalse(victim.cookies().keySet().stream().anyMatch(n -> n.startsWith("__session")), r.setCookies().toString());
        assertEquals(app.baseUrl() + "/app/home", r.header("Location"), "the nonce is taken off the URL");
    }

    @Test
    void aNonceCarryingAnotherBrowsersStateIsNeverResolved() {
        clerk.nonce("attackersNonceWithState", List.of("__session=" + tokens.v1("user_attacker", SID, now()).sign() + "; Path=/"));
        String attackersState = startHandshake(app, app.browser());
        Browser victim = app.browser();
        startHandshake(app, victim); // the victim has a handshake of its own under way
        int before = clerk.payloadFetches();

        victim.page("/app/home?ms_hs=" + attackersState + "&__clerk_handshake_nonce=attackersNonceWithState");

        assertEquals(before, clerk.payloadFetches());
        assertFalse(victim.cookies().keySet().stream().anyMatch(n -> n.startsWith("__session")));
    }

    @Test
    void aHandshakeStateIsUsedOnce() {
        clerk.nonce("firstNonce", List.of("__client_uat=0; Path=/"));
        clerk.nonce("replayedNonce", List.of("__client_uat=0; Path=/"));
        Browser b = app.browser();
        String state = startHandshake(app, b);
        b.page("/app/home?ms_hs=" + state + "&__clerk_handshake_nonce=firstNonce");
        int before = clerk.payloadFetches();

        b.page("/app/home?ms_hs=" + state + "&__clerk_handshake_nonce=replayedNonce");

        assertEquals(before, clerk.payloadFetches(), "the state cookie was deleted when first used");
    }

    @Test
    void theHandshakeLogsNoNonceStateSecretOrToken() throws Exception {
        String token = tokens.v1(ALICE, SID, now()).sign();
        clerk.nonce("nonceNeverLogged", List.of("__session=" + token + "; Path=/", "__client_uat=" + now().getEpochSecond() + "; Path=/"));
        try (LogCapture logs = new LogCapture()) {
            Browser b = app.browser();
            String state = startHandshake(app, b);
            b.page("/app/home?ms_hs=" + state + "&__clerk_handshake_nonce=nonceNeverLogged");
            app.browser().page("/app/home?__clerk_handshake_nonce=aForeignNonceNeverLogged");
            app.browser().page("/app/home?__clerk_handshake_nonce=..%2Fmalformed");

            assertFalse(logs.messages(java.util.logging.Level.INFO).isEmpty(), "control: the refusals were logged");
            LogChecks.assertNoSecrets(logs, List.of("nonceNeverLogged", "aForeignNonceNeverLogged", state,
                    ClerkApps.SECRET_KEY, token));
        }
    }

    @Test
    void anUnknownNonceChangesNothing() {
        Browser b = app.browser();
        String state = startHandshake(app, b);
        Browser.Response r = b.page("/app/home?ms_hs=" + state + "&__clerk_handshake_nonce=neverIssued");
        assertEquals(307, r.status());
        assertEquals(app.baseUrl() + "/app/home", r.header("Location"));
        assertFalse(b.cookies().keySet().stream().anyMatch(n -> n.startsWith("__session") || n.startsWith("__client_uat")),
                r.setCookies().toString());
        assertEquals(302, b.page("/app/home").status(), "still signed out: to sign in");
    }

    @Test
    void aMalformedNonceIsNeverSentToTheBackendApi() {
        int before = clerk.payloadFetches();
        Browser.Response r = app.browser().page("/app/home?__clerk_handshake_nonce=..%2F..%2Fv1%2Fusers&x=1");
        assertEquals(307, r.status());
        assertEquals(app.baseUrl() + "/app/home?x=1", r.header("Location"));
        assertEquals(before, clerk.payloadFetches());
    }

    @Test
    void aNonceCookieIsResolvedAndDeleted() {
        clerk.nonce("nonceInACookie", List.of("__session=" + tokens.v1(ALICE, SID, now()).sign() + "; Path=/",
                "__client_uat=" + now().getEpochSecond() + "; Path=/"));
        Browser b = app.browser();
        String state = startHandshake(app, b);
        b.setCookie("__clerk_handshake_nonce", "nonceInACookie");
        Browser.Response r = b.page("/app/home?ms_hs=" + state);
        assertEquals(307, r.status());
        assertFalse(b.cookies().containsKey("__clerk_handshake_nonce"));
        assertEquals(ALICE, b.page("/app/home").user());
    }

    @Test
    void anUnresolvableNonceCookieIsDeletedAndTheRequestGoesOn() {
        Browser b = app.browser();
        b.setCookie("__clerk_handshake_nonce", "nonceNobodyKnows");
        Browser.Response r = b.get("/welcome");
        assertEquals(200, r.status());
        assertFalse(b.cookies().containsKey("__clerk_handshake_nonce"));
    }

    @Test
    void theBackendApiDownNeverAnswers500() throws Exception {
        FakeClerk gone = FakeClerk.start(tokens, ClerkApps.SECRET_KEY, () -> app.clock());
        try (TestApp orphan = ClerkApps.app(gone).param(dev.multisession.core.config.ConfigKeys.CLERK_API_URL,
                "http://127.0.0.1:" + closedPort()).start()) {
            gone.close();
            Browser b = orphan.browser();
            String state = startHandshake(orphan, b);
            Browser.Response r = b.page("/app/home?ms_hs=" + state + "&__clerk_handshake_nonce=whatever");
            assertEquals(307, r.status());
            assertEquals(302, b.page("/app/home").status());
        }
    }

    private static int closedPort() throws Exception {
        try (java.net.ServerSocket s = new java.net.ServerSocket(0)) {
            return s.getLocalPort();
        }
    }
}
