package dev.multisession.servlet.trust;

import dev.multisession.servlet.adversarial.SuiteLogCheck;
import org.junit.jupiter.api.extension.ExtendWith;
import dev.multisession.core.model.Ids;
import dev.multisession.servlet.testing.Browser;
import dev.multisession.servlet.testing.Json;
import dev.multisession.servlet.testing.SignIns;
import dev.multisession.servlet.testing.TestApp;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * Cookies planted next to a victim's genuine ones (by a sibling subdomain, or any page that can
 * set cookies for the host on plain HTTP) never cost the victim a session: the genuine session
 * keeps working and its cookie is never deleted, whatever the planted cookies are and in
 * whatever order the browser sends them.
 *
 * <p>Raw {@code Cookie} headers let the planted cookies come first and share a name with a
 * genuine one, as a browser sends a cookie with a longer {@code Path} first. Some tests replay
 * the header to a second node (another {@link TestApp} with the same signing keys, clock and
 * session store) whose verified-token cache has never seen the genuine token, so every value
 * costs a signature check there. The attacks guarded against: a per-request budget of signature
 * checks spent on junk before the genuine token is reached, a valid foreign token under the
 * genuine name deciding that name, and a second client cookie with a foreign session taking the
 * browser over.
 */
@ExtendWith(SuiteLogCheck.class) // no token, signature or cookie value in any log line of this class
class PlantedCookiesHttpTest {
    private static final int JUNK = 20;
    private static TestApp app;

    @BeforeAll
    static void start() throws Exception {
        app = TestApp.start();
    }

    @AfterAll
    static void stop() throws Exception {
        app.close();
    }

    /** A second node: same keys (TestApp's static KEYS), same clock, same store, an empty verified-token cache. */
    private static TestApp secondNode() throws Exception {
        return TestApp.builder().clock(app.clock()).storeDecorator(ignored -> app.store()).start();
    }

    private record Victim(Browser browser, SignIns.SignedIn alice) {
        String cookieName() {
            return SignIns.cookieName(alice.sessionId());
        }

        String token() {
            return browser.cookie(cookieName());
        }

        String clientCookie() {
            return browser.cookie("ms_client");
        }
    }

    private static Victim victim() {
        Browser browser = app.browser();
        return new Victim(browser, SignIns.signIn(browser, "alice"));
    }

    /** {@code count} well-formed family cookies (valid session-id names, compact-JWS-shaped values) that verify as nothing. */
    private static List<String> junk(int count, String value) {
        List<String> out = new ArrayList<>();
        for (int i = 0; i < count; i++) {
            out.add("ms_" + Ids.newSessionId(app.clock()) + "=" + value);
        }
        return out;
    }

    private static void assertGenuineKept(Victim v, Browser.Response r) {
        assertEquals(200, r.status());
        assertEquals("alice", r.user(), "the request is signed in as the genuine user (cookies deleted: " + r.deletedCookies() + ")");
        assertFalse(r.deletedCookies().contains(v.cookieName()), "the genuine session cookie is not deleted: " + r.deletedCookies());
        assertFalse(r.deletedCookies().contains("ms_client"), "nor the client cookie: " + r.deletedCookies());
    }

    // ------------------------------------------------------------------ junk first

    @Test
    void junkSessionCookiesBeforeTheGenuineOneOnANodeThatNeverSawItCostNothing() throws Exception {
        Victim v = victim();
        List<String> cookies = new ArrayList<>(junk(JUNK, "aaaa.bbbb.cccc"));
        cookies.add("ms_client=" + v.clientCookie());
        cookies.add(v.cookieName() + "=" + v.token());
        String raw = String.join("; ", cookies);
        try (TestApp node = secondNode()) {
            Browser.Response r = node.browser().getWithRawCookies("/whoami", raw);
            assertGenuineKept(v, r);
        }
    }

    @Test
    void junkThatCostsASignatureCheckEachNeverCrowdsOutTheSessionTheClientCookieNames() throws Exception {
        Victim v = victim();
        // well-formed tokens under this app's key id whose signature does not match: each costs a
        // signature check; a short payload keeps 12 of them within the 8 KB request-header limit
        String[] parts = v.token().split("\\.");
        String forged = parts[0] + ".e30." + parts[2];
        List<String> cookies = new ArrayList<>(junk(12, forged));
        cookies.add("ms_client=" + v.clientCookie());
        cookies.add(v.cookieName() + "=" + v.token());
        String raw = String.join("; ", cookies);
        try (TestApp node = secondNode()) {
            Browser.Response r = node.browser().getWithRawCookies("/whoami", raw);
            assertGenuineKept(v, r);
            assertTrue(r.deletedCookies().size() <= 10, "at most twice the cap of signature checks per request: "
                    + r.deletedCookies().size());
        }
    }

    @Test
    void junkThatItsDeletionsCannotRemoveNeverLocksTheGenuineSessionOutOfANodeThatNeverSawIt() throws Exception {
        // planted for a parent domain or a longer path, the junk survives the host-only Path=/
        // deletions the responses carry, so the browser sends the same header again and again
        Victim v = victim();
        List<String> cookies = new ArrayList<>(junk(JUNK, "aaaa.bbbb.cccc"));
        cookies.add("ms_client=" + v.clientCookie());
        cookies.add(v.cookieName() + "=" + v.token());
        String raw = String.join("; ", cookies);
        try (TestApp node = secondNode()) {
            Browser browser = node.browser();
            Browser.Response r = null;
            for (int i = 0; i < 3; i++) {
                r = browser.getWithRawCookies("/whoami", raw);
                assertFalse(r.deletedCookies().contains(v.cookieName()), "request " + (i + 1) + ": " + r.deletedCookies());
            }
            assertEquals("alice", r.user(), "after three requests with the same planted junk the genuine user is signed in");
        }
    }

    @Test
    void junkSessionCookiesBeforeTheGenuineOneAreClearedWithoutEverDeletingTheGenuineCookie() throws Exception {
        Victim v = victim();
        try (TestApp node = secondNode()) {
            Browser browser = node.browser(); // a jar that applies deletions; the junk is sent first
            junk(JUNK, "aaaa.bbbb.cccc").forEach(c -> browser.setCookie(c.substring(0, c.indexOf('=')), c.substring(c.indexOf('=') + 1)));
            v.browser().cookies().forEach(browser::setCookie);
            Browser.Response r = null;
            for (int i = 0; i < 4 && (r == null || !"alice".equals(r.user())); i++) {
                r = browser.get("/whoami");
                assertEquals(200, r.status());
                assertFalse(r.deletedCookies().contains(v.cookieName()), "request " + (i + 1) + ": " + r.deletedCookies());
            }
            assertEquals("alice", r.user(), "the genuine session is read once the junk is deleted");
            assertEquals(v.token(), browser.cookie(v.cookieName()), "the genuine cookie was never touched");
            assertTrue(browser.cookies().keySet().stream().allMatch(n -> n.equals("ms_client") || n.equals(v.cookieName())),
                    "only the genuine cookies remain: " + browser.cookies().keySet());
        }
    }

    @Test
    void junkSessionCookiesBeforeTheGenuineOneOnTheIssuingNodeCostNothing() {
        Victim v = victim();
        List<String> cookies = new ArrayList<>(junk(JUNK, "aaaa.bbbb.cccc"));
        cookies.add("ms_client=" + v.clientCookie());
        cookies.add(v.cookieName() + "=" + v.token());
        assertGenuineKept(v, v.browser().getWithRawCookies("/whoami", String.join("; ", cookies)));
    }

    @Test
    void junkSessionCookiesBeforeAnExpiredGenuineTokenOnTheIssuingNodeCostNothing() {
        Victim v = victim();
        List<String> cookies = new ArrayList<>(junk(JUNK, "aaaa.bbbb.cccc"));
        cookies.add("ms_client=" + v.clientCookie());
        cookies.add(v.cookieName() + "=" + v.token());
        // past exp and the clock-skew allowance: the token has left the verified-token cache and must be checked again
        app.clock().advance(app.engine().config().tokenLifetime().plus(app.engine().config().clockSkew()).plusSeconds(1));
        Browser.Response r = v.browser().getWithRawCookies("/whoami", String.join("; ", cookies));
        assertGenuineKept(v, r);
        assertTrue(r.setCookies().stream().anyMatch(c -> c.startsWith(v.cookieName() + "=") && !c.contains("Max-Age=0")),
                "the genuine session was refreshed: " + r.deletedCookies());
    }

    @Test
    void junkDuplicatesBeforeTheGenuineValueUnderItsOwnNameCostNothingOnANodeThatNeverSawIt() throws Exception {
        Victim v = victim();
        List<String> cookies = new ArrayList<>();
        cookies.add("ms_client=" + v.clientCookie());
        for (int i = 0; i < 5; i++) {
            cookies.add(v.cookieName() + "=aaaa.bbbb.cccc" + i);
        }
        cookies.add(v.cookieName() + "=" + v.token());
        try (TestApp node = secondNode()) {
            assertGenuineKept(v, node.browser().getWithRawCookies("/whoami", String.join("; ", cookies)));
        }
    }

    // ------------------------------------------------------------------ a foreign token under the genuine name

    private static String foreignTokenFirst(Victim v, String foreignToken) {
        return "ms_client=" + v.clientCookie() + "; " + v.cookieName() + "=" + foreignToken + "; " + v.cookieName() + "=" + v.token();
    }

    private static String mallorysToken() {
        Browser attacker = app.browser();
        SignIns.SignedIn mallory = SignIns.signIn(attacker, "mallory");
        return attacker.cookie(SignIns.cookieName(mallory.sessionId()));
    }

    @Test
    void validForeignTokenPlantedUnderTheGenuineNameDoesNotDisplaceTheGenuineSession() {
        Victim v = victim();
        String raw = foreignTokenFirst(v, mallorysToken());
        Browser.Response r = v.browser().getWithRawCookies("/whoami", raw);
        assertGenuineKept(v, r);
        Browser.Response chosen = v.browser().getWithRawCookies("/whoami?session_id=" + v.alice().sessionId(), raw);
        assertGenuineKept(v, chosen);
    }

    @Test
    void validForeignTokenPlantedUnderTheGenuineNameDoesNotDisplaceItOnANodeThatNeverSawEither() throws Exception {
        Victim v = victim();
        String raw = foreignTokenFirst(v, mallorysToken());
        try (TestApp node = secondNode()) {
            assertGenuineKept(v, node.browser().getWithRawCookies("/whoami", raw));
        }
    }

    // ------------------------------------------------------------------ a second client cookie

    /** The attacker's client cookie and newer session planted before the victim's own cookies. */
    private static String withPlantedClient(Victim v, Browser attacker, SignIns.SignedIn mallory) {
        return "ms_client=" + attacker.cookie("ms_client") + "; "
                + SignIns.cookieName(mallory.sessionId()) + "=" + attacker.cookie(SignIns.cookieName(mallory.sessionId())) + "; "
                + "ms_client=" + v.clientCookie() + "; " + v.cookieName() + "=" + v.token();
    }

    @Test
    void secondClientCookieWithANewerForeignSessionDeletesNoneOfTheVictimsSessions() {
        Victim v = victim();
        Browser attacker = app.browser();
        SignIns.SignedIn mallory = SignIns.signIn(attacker, "mallory");
        assertTrue(mallory.sessionId().compareTo(v.alice().sessionId()) > 0, "control: mallory's session is the newer");
        String raw = withPlantedClient(v, attacker, mallory);
        Browser.Response r = v.browser().getWithRawCookies("/whoami", raw);
        assertEquals(200, r.status());
        assertFalse(r.deletedCookies().contains(v.cookieName()), "the genuine session cookie is kept: " + r.deletedCookies());
        assertEquals("alice", r.user(), "the browser stays the victim's");
    }

    @Test
    void secondClientCookieWithANewerForeignSessionLeavesTheVictimsSessionListed() {
        Victim v = victim();
        Browser attacker = app.browser();
        SignIns.SignedIn mallory = SignIns.signIn(attacker, "mallory");
        String raw = withPlantedClient(v, attacker, mallory);
        Browser.Response r = v.browser().getWithRawCookies("/multisession/sessions", raw, "Accept", "application/json");
        assertEquals(200, r.status());
        assertFalse(r.deletedCookies().contains(v.cookieName()), r.deletedCookies().toString());
        List<Object> ids = Json.list(Json.object(r.body()).get("sessions")).stream().map(s -> Json.object(s).get("id")).toList();
        assertEquals(List.of(v.alice().sessionId()), ids, "alice is listed, mallory's planted session is not");
        assertEquals(SignIns.csrfToken(v.browser()), Json.object(r.body()).get("csrfToken"),
                "the CSRF token is still the victim's client's, not the planted client's");
    }

    @Test
    void victimsOwnBrowserKeepsWorkingAfterThePlantedRequests() {
        Victim v = victim();
        Browser attacker = app.browser();
        SignIns.SignedIn mallory = SignIns.signIn(attacker, "mallory");
        String raw = withPlantedClient(v, attacker, mallory) + "; " + String.join("; ", junk(JUNK, "aaaa.bbbb.cccc"));
        Browser.Response planted = v.browser().getWithRawCookies("/whoami", raw);
        assertEquals(200, planted.status());
        Map<String, Object> sessions = Json.object(v.browser().get("/multisession/sessions", "Accept", "application/json").body());
        assertEquals(v.alice().sessionId(), sessions.get("activeSessionId"));
        assertEquals("alice", v.browser().get("/whoami").user());
    }
}
