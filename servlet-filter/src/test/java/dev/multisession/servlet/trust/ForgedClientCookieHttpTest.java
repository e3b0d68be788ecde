package dev.multisession.servlet.trust;

import dev.multisession.servlet.adversarial.SuiteLogCheck;
import org.junit.jupiter.api.extension.ExtendWith;
import dev.multisession.core.model.SessionStatus;
import dev.multisession.servlet.testing.Browser;
import dev.multisession.servlet.testing.Json;
import dev.multisession.servlet.testing.SignIns;
import dev.multisession.servlet.testing.TestApp;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

import java.util.List;
import java.util.Map;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * A forged client cookie ({@code ms_client=v1.<victimClientId>.<victimSessionId>}) buys an
 * attacker nothing: the engine decides a browser's client from its verified session tokens only,
 * and the client id of the client cookie counts only when a verified token vouches for it.
 *
 * <p>Worst case throughout: the attacker knows the victim's client id (assume it leaked) and
 * alice's session id (session ids are not secret). The attacker's requests carry a same-origin
 * {@code Origin}, which a cross-site page could not send, so the CSRF check is out of the way and
 * only the client rule is under test. The attack guarded against: {@code POST
 * /multisession/sign-out all=true} with such a cookie ending every session of the victim's
 * client, {@code /multisession/sessions} handing out the victim's CSRF token, and a sign-in
 * joining the victim's client.
 */
@ExtendWith(SuiteLogCheck.class) // no token, signature or cookie value in any log line of this class
class ForgedClientCookieHttpTest {
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

    /** The victim's browser, signed in as alice (index 0) then bob (index 1, last-active). */
    private record Victim(Browser browser, SignIns.SignedIn alice, SignIns.SignedIn bob, String clientId) {
    }

    private static Victim victim() {
        Browser browser = app.browser();
        SignIns.SignedIn alice = SignIns.signIn(browser, "alice");
        SignIns.SignedIn bob = SignIns.signIn(browser, "bob");
        String clientId = app.store().find(alice.sessionId()).orElseThrow().clientId();
        assertEquals(clientId, app.store().find(bob.sessionId()).orElseThrow().clientId(), "control: one client");
        assertTrue(browser.cookie("ms_client").startsWith("v1." + clientId + "."), "control: the cookie names that client");
        return new Victim(browser, alice, bob, clientId);
    }

    /** An attacker's browser holding a client cookie forged to name the victim's client and alice's session. */
    private static Browser forging(Victim v, Browser attacker) {
        attacker.setCookie("ms_client", "v1." + v.clientId() + "." + v.alice().sessionId());
        return attacker;
    }

    private static void assertVictimUntouched(Victim v) {
        for (SignIns.SignedIn s : List.of(v.alice(), v.bob())) {
            assertEquals(SessionStatus.ACTIVE, app.store().find(s.sessionId()).orElseThrow().status(),
                    "the victim's session " + s.index() + " is still active in the store");
        }
        assertEquals("alice", v.browser().get("/whoami?session_id=" + v.alice().sessionId()).user(),
                "the victim's browser is still signed in as alice");
        assertEquals("bob", v.browser().get("/whoami?session_id=" + v.bob().sessionId()).user(),
                "the victim's browser is still signed in as bob");
        assertEquals("bob", v.browser().get("/whoami").user(), "and its last-active account did not change");
    }

    private static Map<String, Object> sessionsJson(Browser browser) {
        Browser.Response r = browser.get("/multisession/sessions", "Accept", "application/json");
        assertEquals(200, r.status());
        return Json.object(r.body());
    }

    // ------------------------------------------------------------------ sign-out

    @Test
    void signOutAllWithAForgedClientCookieEndsNoneOfTheVictimsSessions() {
        Victim v = victim();
        Browser attacker = forging(v, app.browser());
        Browser.Response r = attacker.post("/multisession/sign-out", Map.of("all", "true"), "Origin", app.origin());
        assertEquals(303, r.status(), "control: the request passed the CSRF check and was served");
        assertVictimUntouched(v);
    }

    @Test
    void signOutAllFromASignedInAttackerWithAForgedClientCookieEndsOnlyTheAttackersOwnSession() {
        Victim v = victim();
        Browser attacker = app.browser();
        SignIns.SignedIn mallory = SignIns.signIn(attacker, "mallory");
        forging(v, attacker);
        Browser.Response r = attacker.post("/multisession/sign-out", Map.of("all", "true"), "Origin", app.origin());
        assertEquals(303, r.status());
        assertEquals(SessionStatus.ENDED, app.store().find(mallory.sessionId()).orElseThrow().status(),
                "control: the attacker's own verified session was signed out");
        assertVictimUntouched(v);
    }

    @Test
    void signOutOrSwitchNamingTheVictimsSessionWithAForgedClientCookieIsRefused() {
        Victim v = victim();
        Browser attacker = forging(v, app.browser());
        Browser.Response out = attacker.post("/multisession/sign-out", Map.of("session_id", v.alice().sessionId()),
                "Origin", app.origin());
        assertEquals(400, out.status(), "alice is no session of the attacker's browser");
        Browser.Response sw = attacker.post("/multisession/switch", Map.of("session_id", v.alice().sessionId()),
                "Origin", app.origin());
        assertEquals(400, sw.status());
        assertVictimUntouched(v);
    }

    // ------------------------------------------------------------------ CSRF token

    @Test
    void sessionsEndpointWithAForgedClientCookieDoesNotHandOutTheVictimsCsrfToken() {
        Victim v = victim();
        String victimsToken = SignIns.csrfToken(v.browser());
        Map<String, Object> seen = sessionsJson(forging(v, app.browser()));
        assertNotNull(seen.get("csrfToken"));
        assertNotEquals(victimsToken, seen.get("csrfToken"), "the forged cookie must not yield the victim's CSRF token");
        assertEquals(List.of(), seen.get("sessions"), "and none of the victim's sessions");
        assertNull(seen.get("activeSessionId"));
    }

    @Test
    void sessionsEndpointForASignedInAttackerWithAForgedClientCookieGivesTheAttackersOwnToken() {
        Victim v = victim();
        Browser attacker = app.browser();
        SignIns.signIn(attacker, "mallory");
        String attackersOwn = SignIns.csrfToken(attacker);
        Map<String, Object> seen = sessionsJson(forging(v, attacker));
        assertNotEquals(SignIns.csrfToken(v.browser()), seen.get("csrfToken"));
        assertEquals(attackersOwn, seen.get("csrfToken"), "the token follows the verified client, not the cookie");
    }

    @Test
    void tokenObtainedWithAForgedClientCookieIsRefusedCrossSiteAgainstTheVictimsBrowser() {
        Victim v = victim();
        String attackersToken = (String) sessionsJson(forging(v, app.browser())).get("csrfToken");
        // all=true in the query and an empty body: refused on the header alone, the request leaves no
        // unread body behind, which makes Jetty drop the kept-alive connection under the next request
        Browser.Response signOut = v.browser().post("/multisession/sign-out?all=true", Map.of(),
                "Origin", EVIL, "X-CSRF-Token", attackersToken);
        assertEquals(403, signOut.status(), "header token");
        assertTrue(signOut.setCookies().isEmpty(), "a refused sign-out deletes no cookie");
        Browser.Response sw = v.browser().post("/multisession/switch",
                Map.of("session_id", v.alice().sessionId(), "_csrf", attackersToken), "Origin", EVIL);
        assertEquals(403, sw.status(), "form field token");
        assertTrue(sw.setCookies().isEmpty(), "a refused switch writes no cookie");
        assertVictimUntouched(v);
    }

    @Test
    void tokenOfASignedInAttackerWithAForgedClientCookieIsRefusedCrossSiteAgainstTheVictimsBrowser() {
        Victim v = victim();
        Browser attacker = app.browser();
        SignIns.signIn(attacker, "mallory");
        String attackersToken = (String) sessionsJson(forging(v, attacker)).get("csrfToken");
        Browser.Response r = v.browser().post("/multisession/sign-out", Map.of("all", "true", "_csrf", attackersToken),
                "Origin", EVIL);
        assertEquals(403, r.status());
        assertVictimUntouched(v);
    }

    // ------------------------------------------------------------------ sign-in

    @Test
    void signInWithOnlyAForgedClientCookieDoesNotJoinTheVictimsClient() {
        Victim v = victim();
        Browser attacker = forging(v, app.browser());
        SignIns.SignedIn mallory = SignIns.signIn(attacker, "mallory");
        String joined = app.store().find(mallory.sessionId()).orElseThrow().clientId();
        assertNotEquals(v.clientId(), joined, "a new session of a browser with no verified token starts a new client");
        assertTrue(app.store().listByClient(v.clientId()).stream().noneMatch(s -> s.id().equals(mallory.sessionId())));
        assertTrue(attacker.cookie("ms_client").startsWith("v1." + joined + "."), "the attacker's cookie names its own client");
        assertVictimUntouched(v);
    }

    @Test
    void signInOfAnAttackerWithAForgedClientCookieJoinsTheAttackersVerifiedClient() {
        Victim v = victim();
        Browser attacker = app.browser();
        SignIns.SignedIn mallory = SignIns.signIn(attacker, "mallory");
        String own = app.store().find(mallory.sessionId()).orElseThrow().clientId();
        forging(v, attacker);
        SignIns.SignedIn carol = SignIns.signIn(attacker, "carol");
        assertEquals(own, app.store().find(carol.sessionId()).orElseThrow().clientId());
        assertNotEquals(v.clientId(), own);
        assertVictimUntouched(v);
    }
}
