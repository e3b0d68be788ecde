package dev.multisession.servlet;

import dev.multisession.core.testing.LogCapture;
import dev.multisession.servlet.testing.Browser;
import dev.multisession.servlet.testing.LogChecks;
import dev.multisession.servlet.testing.RawHttp;
import dev.multisession.servlet.testing.SignIns;
import dev.multisession.servlet.testing.TestApp;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.Base64;
import java.util.List;
import java.util.Map;
import java.util.function.UnaryOperator;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * Bad input never yields a 500 (docs/how-it-works.md: "Cookies", "Which session a request gets", "Never"): garbage, truncated, duplicated and foreign
 * cookies of the family, absurd {@code authuser} and {@code X-Session-Id} values, oversized and
 * malformed headers. Bad family cookies are deleted on the response ({@code Max-Age=0}) while a
 * valid session in the same jar keeps working; an explicit choice that names no session is
 * signed out (never another account); and none of it puts token material into the logs.
 *
 * <p>The app protects {@code /api/*} (signed-in) so signed-out outcomes are also seen as 401.
 */
class BadInputHttpTest {
    private static final String GARBAGE = "garbage-cookie-value-7f3a";
    private static TestApp app;

    @BeforeAll
    static void start() throws Exception {
        app = TestApp.builder().param(ServletSettings.ROUTES, "/api/* => signed-in").start();
    }

    @AfterAll
    static void stop() throws Exception {
        app.close();
    }

    private static void assertNot500(int status) {
        assertTrue(status < 500, "status " + status);
    }

    private static String rawCookies(Browser browser) {
        StringBuilder sb = new StringBuilder();
        browser.cookies().forEach((k, v) -> sb.append(sb.length() == 0 ? "" : "; ").append(k).append('=').append(v));
        return sb.toString();
    }

    // ------------------------------------------------------------------ cookies

    @Test
    void garbageClientCookieAloneIsDeletedAndTheRequestIsSignedOut() {
        Browser browser = app.browser();
        browser.setCookie("ms_client", GARBAGE);
        Browser.Response r = browser.get("/whoami");
        assertEquals(200, r.status());
        assertEquals("-", r.user());
        assertTrue(r.deletedCookies().contains("ms_client"));
        assertEquals(null, browser.cookie("ms_client"));
    }

    @Test
    void garbageClientCookieBesideAValidSessionIsReplacedAndTheSessionKeepsWorking() {
        Browser browser = app.browser();
        SignIns.signIn(browser, "alice");
        browser.setCookie("ms_client", GARBAGE);
        Browser.Response r = browser.get("/whoami");
        assertEquals(200, r.status());
        assertEquals("alice", r.user());
        assertTrue(r.setCookies().stream().anyMatch(c -> c.startsWith("ms_client=")), "the client cookie is rewritten");
        assertNotNull(browser.cookie("ms_client"));
        assertNotEquals(GARBAGE, browser.cookie("ms_client"));
        assertEquals("alice", browser.get("/whoami").user());
    }

    @ParameterizedTest(name = "{0}")
    @ValueSource(strings = {"half", "no-signature-end", "header-only", "empty", "extra-segment", "flipped-payload",
            "other-session's-token", "alg-none", "spaces"})
    void brokenSessionTokenIsDeletedAndTheOtherSessionKeepsWorking(String breakage) {
        Browser browser = app.browser();
        SignIns.SignedIn alice = SignIns.signIn(browser, "alice");
        SignIns.SignedIn bob = SignIns.signIn(browser, "bob");
        String bobCookie = SignIns.cookieName(bob.sessionId());
        String bobToken = browser.cookie(bobCookie);
        String aliceToken = browser.cookie(SignIns.cookieName(alice.sessionId()));
        UnaryOperator<String> broken = switch (breakage) {
            case "half" -> t -> t.substring(0, t.length() / 2);
            case "no-signature-end" -> t -> t.substring(0, t.length() - 4);
            case "header-only" -> t -> t.substring(0, t.indexOf('.'));
            case "empty" -> t -> "";
            case "extra-segment" -> t -> t + ".AAAA";
            case "flipped-payload" -> t -> {
                String[] p = t.split("\\.");
                char c = p[1].charAt(10);
                p[1] = p[1].substring(0, 10) + (c == 'A' ? 'B' : 'A') + p[1].substring(11);
                return String.join(".", p);
            };
            case "other-session's-token" -> t -> aliceToken;
            case "alg-none" -> t -> Base64.getUrlEncoder().withoutPadding()
                    .encodeToString("{\"alg\":\"none\",\"typ\":\"JWT\"}".getBytes(StandardCharsets.UTF_8))
                    + "." + t.split("\\.")[1] + ".AA";
            case "spaces" -> t -> "  " + t.substring(2);
            default -> throw new IllegalArgumentException(breakage);
        };
        browser.setCookie(bobCookie, broken.apply(bobToken));
        Browser.Response r = browser.get("/whoami");
        assertEquals(200, r.status());
        assertEquals("alice", r.user(), "bob's cookie is unusable, so the other signed-in session is used");
        assertTrue(r.deletedCookies().contains(bobCookie), "the broken cookie is deleted");
        assertFalse(r.deletedCookies().contains(SignIns.cookieName(alice.sessionId())));
        assertEquals("alice", browser.get("/whoami").user());
    }

    @Test
    void brokenTokenOfTheOnlySessionIsDeletedAndTheRequestIsSignedOut() {
        Browser browser = app.browser();
        SignIns.SignedIn alice = SignIns.signIn(browser, "alice");
        String name = SignIns.cookieName(alice.sessionId());
        browser.setCookie(name, browser.cookie(name).substring(0, 40));
        Browser.Response r = browser.get("/api/things");
        assertEquals(401, r.status());
        assertTrue(r.deletedCookies().contains(name));
        assertTrue(r.deletedCookies().contains("ms_client"), "no session left: the client cookie goes too");
    }

    @ParameterizedTest(name = "{0}")
    @ValueSource(strings = {"ms_", "ms_client_x", "ms_theme"})
    void appsOwnMsCookiesAreLeftAlone(String name) {
        Browser browser = app.browser();
        SignIns.signIn(browser, "alice");
        browser.setCookie(name, GARBAGE);
        Browser.Response r = browser.get("/whoami");
        assertEquals("alice", r.user());
        assertFalse(r.deletedCookies().contains(name), r.deletedCookies().toString());
    }

    @ParameterizedTest(name = "{0}")
    @ValueSource(strings = {"ms_sess_garbage", "ms_sess_", "ms_sess_01KF0HJ0800Z4F7C75STDYPD2", "ms_sess_01kf0hj0800z4f7c75stdypd2v",
            "ms_sess_01KF0HJ0800Z4F7C75STDYPD2VX"})
    void familyCookieWithAMalformedNameIsDeletedAndTheSessionKeepsWorking(String name) {
        // the family is ms_client and ms_sess_*; other ms_* cookies are the app's (see appsOwnMsCookiesAreLeftAlone)
        Browser browser = app.browser();
        SignIns.signIn(browser, "alice");
        browser.setCookie(name, GARBAGE);
        Browser.Response r = browser.get("/whoami");
        assertEquals(200, r.status());
        assertEquals("alice", r.user());
        assertTrue(r.deletedCookies().contains(name), r.deletedCookies().toString());
    }

    @Test
    void wellFormedCookieOfAnUnknownSessionIsDeleted() {
        Browser browser = app.browser();
        SignIns.signIn(browser, "alice");
        String unknown = "ms_sess_01KF0HJ0800Z4F7C75STDYPD2V";
        browser.setCookie(unknown, "eyJhbGciOiJSUzI1NiJ9.eyJzdWIiOiJ4In0.c2lnbmF0dXJl");
        Browser.Response r = browser.get("/whoami");
        assertEquals("alice", r.user());
        assertTrue(r.deletedCookies().contains(unknown));
    }

    @Test
    void unrelatedCookiesAreLeftAlone() {
        Browser browser = app.browser();
        SignIns.signIn(browser, "alice");
        browser.setCookie("JSESSIONID", GARBAGE);
        browser.setCookie("msx_client", GARBAGE);
        browser.setCookie("app_ms_client", GARBAGE);
        Browser.Response r = browser.get("/whoami");
        assertEquals("alice", r.user());
        assertTrue(r.deletedCookies().isEmpty(), r.deletedCookies().toString());
    }

    @Test
    void sameSessionCookieTwiceWithABadSignatureCopyKeepsTheValidOne() {
        Browser browser = app.browser();
        SignIns.SignedIn alice = SignIns.signIn(browser, "alice");
        String name = SignIns.cookieName(alice.sessionId());
        String token = browser.cookie(name);
        for (String raw : List.of(
                "ms_client=" + browser.cookie("ms_client") + "; " + name + "=" + token.substring(0, token.length() - 4) + "; " + name + "=" + token,
                "ms_client=" + browser.cookie("ms_client") + "; " + name + "=" + token + "; " + name + "=" + token.substring(0, token.length() - 4))) {
            Browser.Response r = browser.getWithRawCookies("/whoami", raw);
            assertEquals(200, r.status());
            assertEquals("alice", r.user());
            assertFalse(r.deletedCookies().contains(name), "the cookie that holds the valid token must survive");
        }
    }

    @ParameterizedTest(name = "valid first: {0}")
    @ValueSource(booleans = {true, false})
    void sameSessionCookieTwiceWithAGarbageCopyKeepsTheValidOne(boolean validFirst) {
        Browser browser = app.browser();
        SignIns.SignedIn alice = SignIns.signIn(browser, "alice");
        String name = SignIns.cookieName(alice.sessionId());
        String valid = name + "=" + browser.cookie(name);
        String garbage = name + "=" + GARBAGE;
        String raw = "ms_client=" + browser.cookie("ms_client") + "; " + (validFirst ? valid + "; " + garbage : garbage + "; " + valid);
        Browser.Response r = browser.getWithRawCookies("/whoami", raw);
        assertEquals(200, r.status());
        assertEquals("alice", r.user());
        assertFalse(r.deletedCookies().contains(name), "deleting the name would delete the valid cookie in the browser");
    }

    @Test
    void twoDifferentClientCookiesAreBothDistrustedAndReplaced() {
        Browser one = app.browser();
        SignIns.signIn(one, "alice");
        Browser other = app.browser();
        SignIns.signIn(other, "bob");
        String raw = rawCookies(one) + "; ms_client=" + other.cookie("ms_client");
        Browser.Response r = one.getWithRawCookies("/whoami", raw);
        assertEquals(200, r.status());
        assertEquals("alice", r.user(), "only alice's token belongs to this jar");
        assertTrue(r.setCookies().stream().anyMatch(c -> c.startsWith("ms_client=v1.")), "one client cookie is set anew");
        assertEquals(1, r.setCookies().stream().filter(c -> c.startsWith("ms_client=")).count(),
                "one Set-Cookie per family cookie: the last word only");
    }

    @Test
    void sessionCookieCopiedFromAnotherBrowserIsIgnoredAndOwnSessionKeepsWorking() {
        Browser victim = app.browser();
        SignIns.SignedIn alice = SignIns.signIn(victim, "alice");
        Browser thief = app.browser();
        SignIns.signIn(thief, "bob");
        String stolen = SignIns.cookieName(alice.sessionId());
        thief.setCookie(stolen, victim.cookie(stolen));
        Browser.Response r = thief.get("/whoami");
        assertEquals(200, r.status());
        assertEquals("bob", r.user());
        assertTrue(!r.deletedCookies().contains(stolen),
                "a verified session of another client is ignored, never deleted (it could be this browser's genuine one)");
        Browser.Response chosen = thief.get("/whoami?session_id=" + alice.sessionId());
        assertEquals("-", chosen.user(), "the foreign session can't be chosen explicitly either");
        assertEquals("alice", victim.get("/whoami").user(), "the victim's own browser is unaffected");
    }

    @Test
    void prefixedCookieOnPlainHttpIsIgnored() {
        Browser browser = app.browser();
        SignIns.signIn(browser, "alice");
        browser.setCookie("__Host-ms_client", GARBAGE);
        Browser.Response r = browser.get("/whoami");
        assertEquals("alice", r.user());
        assertFalse(r.deletedCookies().contains("__Host-ms_client"));
    }

    @Test
    void unprefixedFamilyCookieOnHttpsIsDeletedAndTheHostPrefixedSessionKeepsWorking() throws Exception {
        try (TestApp secure = TestApp.builder().https().start()) {
            Browser browser = secure.browser();
            SignIns.signIn(browser, "alice");
            assertNotNull(browser.cookie("__Host-ms_client"));
            browser.setCookie("ms_client", GARBAGE);
            browser.setCookie("ms_sess_01KF0HJ0800Z4F7C75STDYPD2V", GARBAGE);
            Browser.Response r = browser.get("/whoami");
            assertEquals(200, r.status());
            assertEquals("alice", r.user());
            assertTrue(r.deletedCookies().containsAll(List.of("ms_client", "ms_sess_01KF0HJ0800Z4F7C75STDYPD2V")),
                    r.deletedCookies().toString());
            assertTrue(r.setCookies().stream().filter(c -> c.contains("Max-Age=0")).allMatch(c -> c.contains("Secure")));
        }
    }

    private static List<String> plantBogusFamilyCookies(Browser browser, int count) {
        List<String> names = new ArrayList<>();
        for (int i = 0; i < count; i++) {
            String name = "ms_sess_" + String.format("%026d", i);
            names.add(name);
            browser.setCookie(name, "x.y.z");
        }
        return names;
    }

    @Test
    void manyBogusFamilyCookiesAreDeletedOverSeveralResponsesWithoutA500() {
        Browser browser = app.browser();
        SignIns.signIn(browser, "alice");
        List<String> bogus = plantBogusFamilyCookies(browser, 150);
        for (int i = 0; i < 20 && bogus.stream().anyMatch(n -> browser.cookie(n) != null); i++) {
            Browser.Response r = browser.get("/whoami");
            assertEquals(200, r.status());
            assertEquals("alice", r.user());
            assertFalse(r.deletedCookies().isEmpty(), "each response deletes a share");
        }
        assertTrue(bogus.stream().allMatch(n -> browser.cookie(n) == null), "all bogus cookies are gone in the end");
        assertEquals("alice", browser.get("/whoami").user());
    }

    @Test
    void signOutWithManyBogusFamilyCookiesIsNot500AndDeletesTheSession() {
        Browser browser = app.browser();
        SignIns.SignedIn alice = SignIns.signIn(browser, "alice");
        plantBogusFamilyCookies(browser, 80);
        Browser.Response r = browser.post("/multisession/sign-out", Map.of("all", "true"), "Origin", app.origin());
        assertEquals(303, r.status());
        assertTrue(r.deletedCookies().contains(SignIns.cookieName(alice.sessionId())), "the live session's cookie is deleted first");
        assertTrue(r.deletedCookies().contains("ms_client"));
    }

    @Test
    void freshTokenIsWrittenEvenWhenDeletionsFillTheBudget() {
        Browser browser = app.browser();
        SignIns.SignedIn alice = SignIns.signIn(browser, "alice");
        String name = SignIns.cookieName(alice.sessionId());
        String before = browser.cookie(name);
        plantBogusFamilyCookies(browser, 150);
        app.clock().advance(java.time.Duration.ofMinutes(5));
        Browser.Response r = browser.get("/whoami");
        assertEquals(200, r.status());
        assertEquals("alice", r.user());
        assertNotNull(browser.cookie(name));
        assertNotEquals(before, browser.cookie(name), "the refreshed token reached the browser");
    }

    @ParameterizedTest(name = "{0}")
    @ValueSource(strings = {"ms_client=", "ms_client", "=", ";;;", "ms_client=\"v1.a.b\"", "ms_client=v1..",
            "ms_client=v1.client_01KF0HJ0800Z4F7C75STDYPD2V.sess_01KF0HJ0800Z4F7C75STDYPD2V", "$Version=1; ms_client=x"})
    void oddCookieHeaderIsNot500(String cookieHeader) {
        Browser.Response r = app.browser().getWithRawCookies("/whoami", cookieHeader);
        assertNot500(r.status());
        if (r.status() == 200) {
            assertEquals("-", r.user());
        }
    }

    // ------------------------------------------------------------------ explicit choice

    @ParameterizedTest(name = "authuser={0}")
    @ValueSource(strings = {"-1", "99999", "100", "2", "1e3", "0x1", "%00", "01", "1.0", "%201", "1%20", "+1", "%EF%BC%91",
            "%D9%A3", "", "0,1", "1&authuser=0", "0&session_id=sess_01KF0HJ0800Z4F7C75STDYPD2V", "NaN", "%E2%80%AE1",
            "999999999999999999999999999999"})
    void absurdAuthuserIsSignedOutAndDeletesNothing(String value) {
        Browser browser = app.browser();
        SignIns.signIn(browser, "alice");
        SignIns.signIn(browser, "bob");
        Browser.Response r = browser.get("/whoami?authuser=" + value);
        assertEquals(200, r.status());
        assertEquals("-", r.user(), "an explicit choice naming no session never falls back to another account");
        assertTrue(r.deletedCookies().isEmpty(), r.deletedCookies().toString());
        assertEquals(401, browser.get("/api/things?authuser=" + value).status());
        assertEquals("bob", browser.get("/whoami").user(), "the jar is intact");
    }

    @Test
    void veryLongAuthuserIsNot500() {
        Browser browser = app.browser();
        SignIns.signIn(browser, "alice");
        Browser.Response r = browser.get("/whoami?authuser=" + "9".repeat(6000));
        assertNot500(r.status());
        if (r.status() == 200) {
            assertEquals("-", r.user());
        }
        assertEquals("alice", browser.get("/whoami").user());
    }

    @Test
    void badlyEncodedAuthuserIsAClientError() {
        Browser browser = app.browser();
        SignIns.signIn(browser, "alice");
        RawHttp.Response r = RawHttp.request(app, "GET", "/app/api/things?authuser=%ZZ", "Cookie: " + rawCookies(browser));
        assertTrue(r.status() >= 400 && r.status() < 500, "status " + r.status());
    }

    @ParameterizedTest(name = "X-Session-Id: [{0}]")
    @ValueSource(strings = {"-1", "99999", "1e3", "0x1", "sess_01kf0hj0800z4f7c75stdypd2v", "sess_../../etc/passwd",
            "sess_01KF0HJ0800Z4F7C75STDYPD2V", "client_01KF0HJ0800Z4F7C75STDYPD2V", "0, 1", "ß", "null", "*", "%00", "\t"})
    void absurdSessionHeaderIsSignedOut(String value) {
        Browser browser = app.browser();
        SignIns.signIn(browser, "alice");
        Browser.Response r = browser.get("/whoami", "X-Session-Id", value);
        assertEquals(200, r.status());
        assertEquals("-", r.user());
        assertTrue(r.deletedCookies().isEmpty(), r.deletedCookies().toString());
        assertEquals(401, browser.get("/api/things", "X-Session-Id", value).status());
    }

    @Test
    void twoSessionHeadersAreSignedOut() {
        Browser browser = app.browser();
        SignIns.signIn(browser, "alice");
        Browser.Response r = browser.get("/whoami", "X-Session-Id", "0", "X-Session-Id", "0");
        assertEquals(200, r.status());
        assertEquals("-", r.user());
    }

    @Test
    void sessionHeaderOfAnotherBrowsersSessionIsSignedOut() {
        Browser other = app.browser();
        SignIns.SignedIn bob = SignIns.signIn(other, "bob");
        Browser browser = app.browser();
        SignIns.signIn(browser, "alice");
        assertEquals("-", browser.get("/whoami", "X-Session-Id", bob.sessionId()).user());
    }

    // ------------------------------------------------------------------ headers

    @ParameterizedTest(name = "{0}")
    @ValueSource(strings = {"X-Session-Id", "Authorization", "Cookie", "Referer", "Origin"})
    void twentyKilobyteHeaderIsNeverA500(String header) {
        Browser browser = app.browser();
        SignIns.signIn(browser, "alice");
        String value = (header.equals("Authorization") ? "Bearer " : header.equals("Cookie") ? "ms_client=" : "")
                + "A".repeat(20 * 1024);
        Browser.Response r = browser.get("/whoami", header, value);
        assertNot500(r.status());
        if (r.status() == 200) {
            assertEquals("-", r.user());
        }
    }

    @Test
    void twentyKilobyteQueryIsNeverA500() {
        Browser.Response r = app.browser().get("/whoami?authuser=0&x=" + "A".repeat(20 * 1024));
        assertNot500(r.status());
    }

    @ParameterizedTest(name = "Authorization: [{0}]")
    @ValueSource(strings = {"Bearer", "Bearer ", "Bearer  ", "bearer x", "BEARER x.y.z", "Bearer x.y.z", "Bearer eyJ.eyJ.sig",
            "Bearer a.b", "Bearer a.b.c.d", "Bearer ...", "Bearer %00.%00.%00", "Bearer é.é.é", "Bearer=abc", "Bearerx.y.z"})
    void malformedBearerIsSignedOutEvenWithAValidCookie(String authorization) {
        Browser browser = app.browser();
        SignIns.signIn(browser, "alice");
        Browser.Response r = browser.get("/whoami", "Authorization", authorization);
        assertEquals(200, r.status());
        assertEquals("-", r.user(), "a bearer attempt is explicit: no fallback to the cookie");
        Browser.Response api = browser.get("/api/things", "Authorization", authorization);
        assertEquals(401, api.status());
        assertTrue(api.header("WWW-Authenticate").startsWith("Bearer"));
    }

    @Test
    void validBearerWithTrailingGarbageIsRefused() {
        Browser browser = app.browser();
        SignIns.SignedIn alice = SignIns.signIn(browser, "alice");
        String token = browser.cookie(SignIns.cookieName(alice.sessionId()));
        Browser fresh = app.browser();
        assertEquals("alice", fresh.get("/whoami", "Authorization", "Bearer " + token).user(), "control: the token works");
        assertEquals(401, fresh.get("/api/things", "Authorization", "Bearer " + token + "x").status());
        assertEquals(401, fresh.get("/api/things", "Authorization", "Bearer " + token + ".x").status());
    }

    @Test
    void twoAuthorizationHeadersAreRefused() {
        Browser browser = app.browser();
        SignIns.SignedIn alice = SignIns.signIn(browser, "alice");
        String token = browser.cookie(SignIns.cookieName(alice.sessionId()));
        Browser.Response r = app.browser().get("/api/things", "Authorization", "Bearer " + token, "Authorization", "Bearer x.y.z");
        assertEquals(401, r.status());
    }

    /** Non-bearer schemes are not this library's: the request falls back to the cookie choice. */
    @ParameterizedTest(name = "Authorization: [{0}]")
    @ValueSource(strings = {"Basic Zm9vOmJhcg==", "Negotiate abc", "Digest username=\"x\"", "", "garbage"})
    void nonBearerAuthorizationIsIgnored(String authorization) {
        Browser browser = app.browser();
        SignIns.signIn(browser, "alice");
        Browser.Response r = browser.get("/whoami", "Authorization", authorization);
        assertEquals(200, r.status());
        assertEquals("alice", r.user());
    }

    @Test
    void rawControlBytesInHeadersAreAClientError() {
        RawHttp.Response r = RawHttp.send(app, ("GET /app/whoami HTTP/1.1\r\nHost: localhost\r\nX-Session-Id: 0\u0000\u0001\r\n"
                + "Cookie: ms_client=\u0007\u0008\r\nConnection: close\r\n\r\n").getBytes(StandardCharsets.ISO_8859_1));
        assertNot500(r.status());
    }

    @Test
    void latin1BytesInCookieAreNot500() {
        RawHttp.Response r = RawHttp.send(app, ("GET /app/whoami HTTP/1.1\r\nHost: localhost\r\n"
                + "Cookie: ms_client=v1.\u00e9\u00ff.x; ms_sess_\u00e9=\u00ff\r\nConnection: close\r\n\r\n")
                .getBytes(StandardCharsets.ISO_8859_1));
        assertNot500(r.status());
    }

    // ------------------------------------------------------------------ logs

    @Test
    void hostileInputLeavesNoTokenCookieValueOrLineBreakInTheLogs() {
        try (LogCapture logs = new LogCapture()) {
            Browser browser = app.browser();
            SignIns.SignedIn alice = SignIns.signIn(browser, "alice");
            SignIns.SignedIn bob = SignIns.signIn(browser, "bob");
            List<String> sent = new ArrayList<>(browser.cookies().values());
            String bobName = SignIns.cookieName(bob.sessionId());
            String bobToken = browser.cookie(bobName);
            String aliceToken = browser.cookie(SignIns.cookieName(alice.sessionId()));
            browser.setCookie(bobName, bobToken.substring(0, bobToken.length() - 4));
            browser.get("/whoami");
            browser.setCookie("ms_client", GARBAGE);
            browser.get("/whoami");
            browser.get("/whoami", "Authorization", "Bearer " + aliceToken + "x");
            browser.get("/whoami", "Authorization", "Bearer " + aliceToken.substring(0, 60) + ".x.y");
            browser.get("/api/things?authuser=%0d%0aforged-log-line", "X-Session-Id", "sess_x");
            browser.get("/whoami?session_id=%0d%0aforged-log-line");
            sent.add(GARBAGE);
            sent.add(bobToken.substring(0, bobToken.length() - 4));
            assertFalse(logs.messages().isEmpty(), "control: the engine logged the rejections");
            LogChecks.assertNoSecrets(logs, sent);
            assertTrue(logs.messages().stream().noneMatch(m -> m.contains("forged-log-line")));
        }
    }

    @Test
    void echoServletSeesTheSignedInUserAsControl() {
        Browser browser = app.browser();
        SignIns.signIn(browser, "alice");
        Map<String, String> seen = browser.get("/whoami").echo();
        assertEquals("alice", seen.get("user"));
    }
}
