package dev.multisession.servlet;

import dev.multisession.core.model.SessionStatus;
import dev.multisession.core.testing.LogCapture;
import dev.multisession.servlet.testing.Browser;
import dev.multisession.servlet.testing.LogChecks;
import dev.multisession.servlet.testing.Json;
import dev.multisession.servlet.testing.SignIns;
import dev.multisession.servlet.testing.SignIns.Two;
import dev.multisession.servlet.testing.TestApp;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.function.Function;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * The helper endpoints over HTTP (docs/how-it-works.md: "Issuing, refreshing, revoking", "Endpoints"): {@code GET /multisession/sessions} lists this
 * browser's accounts as JSON (ids, indexes, user summary, active flag, organization, CSRF token;
 * never a token); {@code GET /.well-known/jwks.json} publishes the public keys only and may be
 * cached; every other endpoint answer is {@code no-store} and cannot be framed; an unknown
 * endpoint is 404; switch and sign-out work, and name an unknown session with a 400 JSON answer,
 * never a 500.
 */
class EndpointsHttpTest {
    private static TestApp app;

    @BeforeAll
    static void start() throws Exception {
        app = TestApp.start();
    }

    @AfterAll
    static void stop() throws Exception {
        app.close();
    }


    /** alice (index 0, acme admin) then bob (index 1, last-active, on acme as a member: his only organization, named by no one). */
    private static Two twoAccounts() {
        return SignIns.aliceAndBob(app.browser(), "acme");
    }

    private static Map<String, Object> json(Browser.Response r) {
        assertTrue(r.header("Content-Type").startsWith("application/json"), r.header("Content-Type"));
        return Json.object(r.body());
    }

    private static void assertSecurityHeaders(Browser.Response r) {
        assertEquals("no-store", r.header("Cache-Control"));
        assertEquals("DENY", r.header("X-Frame-Options"));
        assertTrue(String.valueOf(r.header("Content-Security-Policy")).contains("frame-ancestors 'none'"));
    }

    // ------------------------------------------------------------------ sessions

    @Test
    void sessionsListsBothAccountsWithIndexesUsersActiveFlagAndOrganization() {
        Two two = twoAccounts();
        Browser.Response r = two.browser().get("/multisession/sessions");
        assertEquals(200, r.status());
        Map<String, Object> body = json(r);
        List<Object> sessions = Json.list(body.get("sessions"));
        assertEquals(2, sessions.size());
        Map<String, Object> first = Json.object(sessions.get(0));
        Map<String, Object> second = Json.object(sessions.get(1));
        assertEquals(two.alice().sessionId(), first.get("id"));
        assertEquals(0L, ((Number) first.get("index")).longValue());
        assertEquals(false, first.get("active"));
        assertEquals(Map.of("id", "alice", "name", "Alice", "email", "alice@example.com"), first.get("user"));
        Map<String, Object> org = Json.object(first.get("organization"));
        assertEquals("org_acme", org.get("id"));
        assertEquals("acme", org.get("slug"));
        assertEquals("org:admin", org.get("role"));
        assertEquals(List.of("org:invoices:read"), org.get("permissions"));
        assertEquals(two.bob().sessionId(), second.get("id"));
        assertEquals(1L, ((Number) second.get("index")).longValue());
        assertEquals(true, second.get("active"));
        assertEquals("acme", Json.object(second.get("organization")).get("slug"), "bob's only organization");
        assertEquals(two.bob().sessionId(), body.get("activeSessionId"));
        assertNotNull(body.get("csrfToken"));
    }

    @Test
    void sessionsNameTheOrganizationAsTheDirectoryDoesNotByItsSlug() {
        Two two = twoAccounts();
        Map<String, Object> first = Json.object(Json.list(json(two.browser().get("/multisession/sessions")).get("sessions")).get(0));
        assertEquals("Acme", Json.object(first.get("organization")).get("name"));
    }

    @Test
    void sessionsFallBackToTheTokensOrganizationWhileTheDirectoryFails() throws Exception {
        java.util.concurrent.atomic.AtomicBoolean failing = new java.util.concurrent.atomic.AtomicBoolean();
        try (TestApp flaky = TestApp.builder().organizationDirectory(userId -> {
            if (failing.get()) {
                throw new IllegalStateException("directory down");
            }
            return TestApp.memberships(userId);
        }).start()) {
            Browser browser = flaky.browser();
            SignIns.signIn(browser, "alice", "acme");
            failing.set(true);

            Browser.Response r = browser.get("/multisession/sessions");

            assertEquals(200, r.status(), r.body());
            Map<String, Object> org = Json.object(Json.object(Json.list(json(r).get("sessions")).get(0)).get("organization"));
            assertEquals("acme", org.get("slug"));
            assertEquals("acme", org.get("name"), "the token's organization, named by its slug");
        }
    }

    @Test
    void sessionsActiveFlagFollowsThisRequestsChoice() {
        Two two = twoAccounts();
        Map<String, Object> body = json(two.browser().get("/multisession/sessions?authuser=0"));
        assertEquals(two.alice().sessionId(), body.get("activeSessionId"));
        assertEquals(true, Json.object(Json.list(body.get("sessions")).get(0)).get("active"));
    }

    @Test
    void sessionsNeverRevealATokenOrCookieValue() {
        Two two = twoAccounts();
        Browser.Response r = two.browser().get("/multisession/sessions");
        assertFalse(r.body().contains("eyJ"));
        for (String value : two.browser().cookies().values()) {
            assertFalse(r.body().contains(value), "a cookie value is in the JSON");
        }
    }

    @Test
    void sessionsOfASignedOutBrowserIsAnEmptyList() {
        Map<String, Object> body = json(app.browser().get("/multisession/sessions"));
        assertEquals(List.of(), body.get("sessions"));
        assertNull(body.get("activeSessionId"));
        assertNotNull(body.get("csrfToken"));
    }

    @Test
    void sessionsRefusesPostWith405() {
        Browser.Response r = twoAccounts().browser().post("/multisession/sessions", Map.of(), "Origin", app.origin());
        assertEquals(405, r.status());
        assertTrue(r.header("Allow").contains("GET"));
    }

    // ------------------------------------------------------------------ jwks

    @Test
    void jwksPublishesThePublicKeysOnly() {
        Browser.Response r = app.browser().get("/.well-known/jwks.json");
        assertEquals(200, r.status());
        assertTrue(r.header("Content-Type").startsWith("application/jwk-set+json"), r.header("Content-Type"));
        List<Object> keys = Json.list(Json.object(r.body()).get("keys"));
        assertFalse(keys.isEmpty());
        for (Object k : keys) {
            Map<String, Object> key = Json.object(k);
            assertEquals("RSA", key.get("kty"));
            assertNotNull(key.get("kid"));
            assertNotNull(key.get("n"));
            for (String secret : List.of("d", "p", "q", "dp", "dq", "qi", "oth", "k")) {
                assertFalse(key.containsKey(secret), "private member " + secret);
            }
        }
        assertTrue(TestApp.KEYS.publicJwksJson().contains((String) Json.object(keys.get(0)).get("kid")));
    }

    @ParameterizedTest
    @ValueSource(strings = {"POST", "PUT", "DELETE", "PATCH"})
    void jwksAnswersOtherMethodsWith405(String method) {
        Browser.Response r = app.browser().send(method, "/.well-known/jwks.json", "", "Origin", app.origin());
        assertEquals(405, r.status(), r.body());
        assertEquals("GET, HEAD", r.header("Allow"));
        assertFalse(r.body().contains("\"keys\""));
    }

    @Test
    void jwksMayBeCached() {
        Browser.Response r = app.browser().get("/.well-known/jwks.json");
        String cacheControl = r.header("Cache-Control");
        assertTrue(cacheControl.contains("max-age="), cacheControl);
        assertFalse(cacheControl.contains("no-store"), cacheControl);
        assertNull(r.header("Pragma"), "no 'Pragma: no-cache' contradicting Cache-Control");
        assertTrue(r.setCookies().isEmpty());
    }

    @Test
    void jwksCarryingARefreshedCookieIsNotPubliclyCacheable() {
        Two two = twoAccounts();
        app.clock().advance(java.time.Duration.ofMinutes(5));
        Browser.Response r = two.browser().get("/.well-known/jwks.json");
        assertEquals(200, r.status());
        assertFalse(r.setCookies().isEmpty(), "control: the filter refreshed the token on this request");
        assertFalse(r.header("Cache-Control").contains("public"), r.header("Cache-Control"));
    }

    @Test
    void jwksIsTheSameForSignedInBrowsers() {
        Two two = twoAccounts();
        assertEquals(app.browser().get("/.well-known/jwks.json").body(), two.browser().get("/.well-known/jwks.json").body());
    }

    // ------------------------------------------------------------------ headers, 404

    @ParameterizedTest(name = "{0}")
    @ValueSource(strings = {"sessions", "switch", "sign-out", "refresh", "unknown", "get-switch", "csrf-refused", "bad-switch"})
    void endpointAnswersAreNoStoreAndCannotBeFramed(String which) {
        Two two = twoAccounts();
        Browser b = two.browser();
        Function<String, Browser.Response> post = path -> b.post(path, Map.of("index", "0"), "Origin", app.origin());
        Browser.Response r = switch (which) {
            case "sessions" -> b.get("/multisession/sessions");
            case "switch" -> post.apply("/multisession/switch");
            case "sign-out" -> post.apply("/multisession/sign-out");
            case "refresh" -> b.get("/multisession/refresh");
            case "unknown" -> b.get("/multisession/nope");
            case "get-switch" -> b.get("/multisession/switch");
            case "csrf-refused" -> b.post("/multisession/switch", Map.of("index", "0"), "Origin", "https://evil.example");
            case "bad-switch" -> b.post("/multisession/switch", Map.of("index", "7"), "Origin", app.origin());
            default -> throw new IllegalArgumentException(which);
        };
        assertSecurityHeaders(r);
    }

    @ParameterizedTest(name = "{0}")
    @ValueSource(strings = {"/multisession/nope", "/multisession/", "/multisession/switch/extra", "/multisession/sessions.json",
            "/multisession/SESSIONS", "/multisession//sessions", "/multisession/..%2Fsessions"})
    void unknownEndpointPathIs404(String path) {
        Browser.Response r = app.browser().get(path);
        assertTrue(r.status() == 404 || r.status() == 400, path + " -> " + r.status());
        if (r.status() == 404) {
            assertEquals("not_found", json(r).get("error"));
        }
    }

    // ------------------------------------------------------------------ switch

    @Test
    void switchByIdMakesTheSessionLastActiveAndRedirects() {
        Two two = twoAccounts();
        Browser.Response r = two.browser().post("/multisession/switch", Map.of("session_id", two.alice().sessionId()),
                "Origin", app.origin());
        assertEquals(303, r.status());
        assertEquals("/app/", r.header("Location"));
        assertEquals("alice", two.browser().get("/whoami").user());
    }

    @Test
    void switchAnswersJsonWhenAsked() {
        Two two = twoAccounts();
        Browser.Response r = two.browser().post("/multisession/switch", Map.of("index", "0"),
                "Origin", app.origin(), "Accept", "application/json");
        assertEquals(200, r.status());
        Map<String, Object> active = Json.object(json(r).get("active"));
        assertEquals(two.alice().sessionId(), active.get("id"));
        assertEquals(true, active.get("active"));
    }

    @Test
    void switchOrganizationBySlugChangesTheActiveOrganization() {
        Two two = twoAccounts();
        Browser.Response r = two.browser().post("/multisession/switch", Map.of("index", "0", "organization", "globex"),
                "Origin", app.origin());
        assertEquals(303, r.status());
        assertEquals("globex", two.browser().get("/whoami").echo().get("org"));
    }

    @Test
    void switchToPersonalAccountClearsTheOrganization() {
        Two two = twoAccounts();
        two.browser().post("/multisession/switch", Map.of("index", "0", "organization", ""), "Origin", app.origin());
        Map<String, String> seen = two.browser().get("/whoami").echo();
        assertEquals("alice", seen.get("user"));
        assertEquals("-", seen.get("org"));
    }

    @Test
    void switchToAnOrganizationTheUserIsNotInIs403() {
        Two two = twoAccounts();
        Browser.Response r = two.browser().post("/multisession/switch", Map.of("index", "1", "organization", "acme-evil"),
                "Origin", app.origin());
        assertEquals(403, r.status());
        assertEquals("not_a_member", json(r).get("error"));
        assertEquals("bob", two.browser().get("/whoami").user());
    }

    @ParameterizedTest(name = "{0}")
    @ValueSource(strings = {"session_id=sess_01KF0HJ0800Z4F7C75STDYPD2V", "session_id=garbage", "session_id=", "index=7",
            "index=-1", "index=99999999999999999999", "index=0x1", "index=%00", "session_id=%0d%0a", "index=1&session_id=x"})
    void switchToAnUnknownSessionIs400Json(String form) {
        Two two = twoAccounts();
        Browser.Response r = two.browser().send("POST", "/multisession/switch", form, "Origin", app.origin());
        assertEquals(400, r.status());
        assertEquals("unknown_session", json(r).get("error"));
        assertEquals("bob", two.browser().get("/whoami").user());
    }

    @Test
    void switchToAnotherBrowsersSessionIs400() {
        Two two = twoAccounts();
        Browser other = app.browser();
        SignIns.SignedIn carol = SignIns.signIn(other, "carol");
        Browser.Response r = two.browser().post("/multisession/switch", Map.of("session_id", carol.sessionId()),
                "Origin", app.origin());
        assertEquals(400, r.status());
        assertEquals("carol", other.get("/whoami").user());
    }

    @Test
    void switchFromASignedOutBrowserIs400() {
        Browser.Response r = app.browser().post("/multisession/switch", Map.of(), "Origin", app.origin());
        assertEquals(400, r.status());
        assertEquals("unknown_session", json(r).get("error"));
    }

    @Test
    void switchToASessionRevokedInTheStoreIs400() {
        Two two = twoAccounts();
        app.revoke(two.alice().sessionId());
        Browser.Response r = two.browser().post("/multisession/switch", Map.of("index", "0"), "Origin", app.origin());
        assertEquals(400, r.status());
    }

    // ------------------------------------------------------------------ sign-out

    @Test
    void signOutOfOneSessionKeepsTheOtherAndItsIndex() {
        Two two = twoAccounts();
        Browser.Response r = two.browser().post("/multisession/sign-out", Map.of("session_id", two.alice().sessionId()),
                "Origin", app.origin(), "Accept", "application/json");
        assertEquals(200, r.status());
        Map<String, Object> body = json(r);
        assertEquals(1L, ((Number) body.get("remaining")).longValue());
        assertEquals(two.bob().sessionId(), Json.object(body.get("active")).get("id"));
        assertEquals(SessionStatus.ENDED, app.store().find(two.alice().sessionId()).orElseThrow().status());
        assertTrue(r.deletedCookies().contains(SignIns.cookieName(two.alice().sessionId())));
        assertEquals("bob", two.browser().get("/whoami?authuser=1").user());
        assertEquals("-", two.browser().get("/whoami?authuser=0").user());
    }

    @Test
    void signOutOfAllDeletesEveryCookieOfTheFamily() {
        Two two = twoAccounts();
        Browser.Response r = two.browser().post("/multisession/sign-out", Map.of("all", "true"), "Origin", app.origin());
        assertEquals(303, r.status());
        assertTrue(r.deletedCookies().containsAll(List.of("ms_client", SignIns.cookieName(two.alice().sessionId()),
                SignIns.cookieName(two.bob().sessionId()))), r.deletedCookies().toString());
        assertTrue(two.browser().cookies().isEmpty());
        assertEquals("-", two.browser().get("/whoami").user());
    }

    @Test
    void signOutOfAnUnknownSessionIs400Json() {
        Two two = twoAccounts();
        Browser.Response r = two.browser().post("/multisession/sign-out", Map.of("session_id", "sess_01KF0HJ0800Z4F7C75STDYPD2V"),
                "Origin", app.origin());
        assertEquals(400, r.status());
        assertEquals("unknown_session", json(r).get("error"));
        assertEquals(SessionStatus.ACTIVE, app.store().find(two.bob().sessionId()).orElseThrow().status());
    }

    @Test
    void signedOutSessionTokenNoLongerWorksAsBearer() {
        Two two = twoAccounts();
        String token = two.browser().cookie(SignIns.cookieName(two.alice().sessionId()));
        two.browser().post("/multisession/sign-out", Map.of("index", "0"), "Origin", app.origin());
        app.clock().advance(java.time.Duration.ofMinutes(2));
        assertEquals("-", app.browser().get("/whoami", "Authorization", "Bearer " + token).user());
    }

    @Test
    void signInSwitchAndSignOutLogNoTokenOrCookieValue() {
        try (LogCapture logs = new LogCapture()) {
            Two two = twoAccounts();
            List<String> sent = new ArrayList<>(two.browser().cookies().values());
            String csrf = SignIns.csrfToken(two.browser());
            sent.add(csrf);
            two.browser().post("/multisession/switch", Map.of("index", "0", "organization", "globex", "_csrf", csrf));
            sent.addAll(two.browser().cookies().values());
            two.browser().post("/multisession/sign-out", Map.of("all", "true"), "Origin", app.origin());
            assertTrue(logs.messages().stream().anyMatch(m -> m.contains("signed in")), "control: sign-ins were logged");
            LogChecks.assertNoSecrets(logs, sent);
            for (String id : List.of(two.alice().sessionId(), two.bob().sessionId())) {
                assertTrue(logs.messages().stream().noneMatch(m -> m.contains(id)), "logs name sessions by short hash only");
            }
        }
    }

    @Test
    void refreshRedirectsToTheDefault() {
        Browser.Response r = twoAccounts().browser().get("/multisession/refresh");
        assertEquals(303, r.status());
        assertEquals("/app/", r.header("Location"));
    }
}
