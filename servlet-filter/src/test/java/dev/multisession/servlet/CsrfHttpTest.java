package dev.multisession.servlet;

import dev.multisession.core.model.Session;
import dev.multisession.core.model.SessionStatus;
import dev.multisession.core.testing.LogCapture;
import dev.multisession.servlet.testing.Browser;
import dev.multisession.servlet.testing.Json;
import dev.multisession.servlet.testing.LogChecks;
import dev.multisession.servlet.testing.SignIns;
import dev.multisession.servlet.testing.SignIns.Two;
import dev.multisession.servlet.testing.TestApp;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * CSRF protection of the state-changing helper endpoints (docs/how-it-works.md: "Endpoints"): {@code POST
 * /multisession/switch} and {@code /sign-out} are accepted only when {@code Origin} or
 * {@code Sec-Fetch-Site} shows the request is same-origin, or when it carries this browser's CSRF
 * token (form field {@code _csrf} or header {@code X-CSRF-Token}); a refused request changes
 * nothing (the session stays active, last-active is unchanged). GET and HEAD get 405 with
 * {@code Allow: POST}.
 */
class CsrfHttpTest {
    private static final String EVIL = "https://evil.example";
    private static TestApp app;

    @BeforeAll
    static void start() throws Exception {
        app = TestApp.start();
    }

    @AfterAll
    static void stop() throws Exception {
        app.close();
    }

    /** A browser signed in as alice (index 0) then bob (index 1, last-active). */

    private static Two twoAccounts() {
        return SignIns.aliceAndBob(app.browser(), null);
    }

    private static Session stored(String sessionId) {
        return app.store().find(sessionId).orElseThrow();
    }

    private static void assertSwitchRefusedWithoutChange(Two two, String... headers) {
        String clientCookie = two.browser().cookie("ms_client");
        Instant aliceLastActive = stored(two.alice().sessionId()).lastActiveAt();
        app.clock().advance(java.time.Duration.ofSeconds(1));
        Browser.Response r = two.browser().post("/multisession/switch", Map.of("session_id", two.alice().sessionId()), headers);
        assertEquals(403, r.status());
        assertEquals("csrf", Json.object(r.body()).get("error"));
        assertTrue(r.setCookies().isEmpty(), "a refused switch writes no cookie");
        assertEquals(clientCookie, two.browser().cookie("ms_client"));
        assertEquals(aliceLastActive, stored(two.alice().sessionId()).lastActiveAt());
        assertEquals("bob", two.browser().get("/whoami").user());
    }

    private static void assertSignOutRefusedWithoutChange(Two two, String... headers) {
        Browser.Response r = two.browser().post("/multisession/sign-out", Map.of("all", "true"), headers);
        assertEquals(403, r.status());
        assertTrue(r.setCookies().isEmpty(), "a refused sign-out deletes no cookie");
        assertEquals(SessionStatus.ACTIVE, stored(two.alice().sessionId()).status());
        assertEquals(SessionStatus.ACTIVE, stored(two.bob().sessionId()).status());
        assertEquals("bob", two.browser().get("/whoami").user());
    }

    @Test
    void switchFromCrossSiteOriginIsRefusedAndChangesNothing() {
        assertSwitchRefusedWithoutChange(twoAccounts(), "Origin", EVIL);
    }

    @Test
    void signOutFromCrossSiteOriginIsRefusedAndEveryoneStaysSignedIn() {
        assertSignOutRefusedWithoutChange(twoAccounts(), "Origin", EVIL);
    }

    @ParameterizedTest(name = "Sec-Fetch-Site: {0}")
    @ValueSource(strings = {"cross-site", "same-site", "none", "CROSS-SITE", "garbage"})
    void switchWithNonSameOriginFetchMetadataIsRefused(String site) {
        assertSwitchRefusedWithoutChange(twoAccounts(), "Sec-Fetch-Site", site);
    }

    @Test
    void crossSiteFetchMetadataWinsOverASameOriginHeader() {
        assertSwitchRefusedWithoutChange(twoAccounts(), "Sec-Fetch-Site", "cross-site", "Origin", app.origin());
    }

    @Test
    void sameOriginFetchMetadataWithCrossSiteOriginIsRefused() {
        assertSwitchRefusedWithoutChange(twoAccounts(), "Sec-Fetch-Site", "same-origin", "Origin", EVIL);
    }

    @ParameterizedTest(name = "Origin: {0}")
    @ValueSource(strings = {"null", "http://localhost", "http://localhost:1", "https://localhost", "http://127.0.0.1",
            "http://localhost.evil.example", "garbage"})
    void switchFromLookalikeOriginIsRefused(String origin) {
        String o = origin.equals("https://localhost") ? "https://localhost:" + app.port() : origin;
        assertSwitchRefusedWithoutChange(twoAccounts(), "Origin", o);
    }

    @Test
    void switchWithoutOriginFetchMetadataOrTokenIsRefused() {
        assertSwitchRefusedWithoutChange(twoAccounts());
    }

    @Test
    void signOutWithoutOriginFetchMetadataOrTokenIsRefused() {
        assertSignOutRefusedWithoutChange(twoAccounts());
    }

    @Test
    void switchWithTheCsrfTokenAsFormFieldIsAcceptedWithoutOrigin() {
        Two two = twoAccounts();
        String token = SignIns.csrfToken(two.browser());
        Browser.Response r = two.browser().post("/multisession/switch",
                Map.of("session_id", two.alice().sessionId(), "_csrf", token));
        assertEquals(303, r.status());
        assertEquals("alice", two.browser().get("/whoami").user());
    }

    @Test
    void signOutWithTheCsrfTokenAsHeaderIsAcceptedWithoutOrigin() {
        Two two = twoAccounts();
        String token = SignIns.csrfToken(two.browser());
        Browser.Response r = two.browser().post("/multisession/sign-out", Map.of("session_id", two.bob().sessionId()),
                "X-CSRF-Token", token);
        assertEquals(303, r.status());
        assertEquals(SessionStatus.ENDED, stored(two.bob().sessionId()).status());
        assertEquals("alice", two.browser().get("/whoami").user());
    }

    @Test
    void csrfTokenOfAnotherBrowserIsRefused() {
        Two victim = twoAccounts();
        Browser attacker = app.browser();
        SignIns.signIn(attacker, "carol");
        String attackersToken = SignIns.csrfToken(attacker);
        assertNotEquals(attackersToken, SignIns.csrfToken(victim.browser()));
        assertSwitchRefusedWithoutChange(victim, "X-CSRF-Token", attackersToken);
        assertSignOutRefusedWithoutChange(victim, "X-CSRF-Token", attackersToken);
    }

    @Test
    void csrfTokenOfASignedOutBrowserIsRefusedForASignedInOne() {
        Two victim = twoAccounts();
        String anonymous = SignIns.csrfToken(app.browser());
        assertSignOutRefusedWithoutChange(victim, "X-CSRF-Token", anonymous);
    }

    @ParameterizedTest(name = "token: [{0}]")
    @ValueSource(strings = {"", "x", "AAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAA", "é", "%00"})
    void malformedCsrfTokenIsRefused(String token) {
        Two two = twoAccounts();
        assertSwitchRefusedWithoutChange(two, "X-CSRF-Token", token);
    }

    @Test
    void overlongCsrfTokenIsRefused() {
        Two two = twoAccounts();
        String token = SignIns.csrfToken(two.browser());
        assertSwitchRefusedWithoutChange(two, "X-CSRF-Token", token + "A".repeat(200));
    }

    @Test
    void switchFromSameOriginIsAccepted() {
        Two two = twoAccounts();
        Browser.Response r = two.browser().post("/multisession/switch", Map.of("session_id", two.alice().sessionId()),
                "Origin", app.origin());
        assertEquals(303, r.status());
        assertEquals("alice", two.browser().get("/whoami").user());
    }

    @Test
    void switchWithSameOriginFetchMetadataAndNoOriginIsAccepted() {
        Two two = twoAccounts();
        Browser.Response r = two.browser().post("/multisession/switch", Map.of("index", "0"), "Sec-Fetch-Site", "same-origin");
        assertEquals(303, r.status());
        assertEquals("alice", two.browser().get("/whoami").user());
    }

    @Test
    void signOutFromSameOriginIsAccepted() {
        Two two = twoAccounts();
        Browser.Response r = two.browser().post("/multisession/sign-out", Map.of("all", "true"), "Origin", app.origin());
        assertEquals(303, r.status());
        assertEquals(SessionStatus.ENDED, stored(two.alice().sessionId()).status());
        assertEquals("-", two.browser().get("/whoami").user());
    }

    @ParameterizedTest(name = "{0}")
    @ValueSource(strings = {"GET /multisession/switch", "HEAD /multisession/switch", "GET /multisession/sign-out",
            "HEAD /multisession/sign-out", "PUT /multisession/switch", "DELETE /multisession/sign-out"})
    void nonPostOnStateChangingEndpointIs405WithAllowPost(String request) {
        Two two = twoAccounts();
        String[] parts = request.split(" ");
        Browser.Response r = two.browser().send(parts[0], parts[1] + "?all=true&index=0", null, "Origin", app.origin());
        assertEquals(405, r.status());
        assertEquals("POST", r.header("Allow"));
        assertEquals(SessionStatus.ACTIVE, stored(two.alice().sessionId()).status());
        assertEquals("bob", two.browser().get("/whoami").user());
    }

    @Test
    void refusedRequestsLogNoTokenOrCookieValue() {
        try (LogCapture logs = new LogCapture()) {
            Two two = twoAccounts();
            String token = SignIns.csrfToken(two.browser());
            two.browser().post("/multisession/switch", Map.of("index", "0"), "Origin", EVIL, "X-CSRF-Token", token + "x");
            two.browser().post("/multisession/sign-out", Map.of("all", "true"), "Sec-Fetch-Site", "cross-site");
            List<String> sent = new ArrayList<>(two.browser().cookies().values());
            sent.add(token);
            assertNotNull(token);
            LogChecks.assertNoSecrets(logs, sent);
        }
    }
}
