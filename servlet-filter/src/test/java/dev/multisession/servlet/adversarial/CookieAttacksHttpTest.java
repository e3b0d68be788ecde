package dev.multisession.servlet.adversarial;

import dev.multisession.core.model.Ids;
import dev.multisession.core.testing.LogCapture;
import dev.multisession.servlet.ServletSettings;
import dev.multisession.servlet.testing.Browser;
import dev.multisession.servlet.testing.Json;
import dev.multisession.servlet.testing.SetCookie;
import dev.multisession.servlet.testing.SignIns;
import dev.multisession.servlet.testing.TestApp;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;

import static dev.multisession.servlet.adversarial.Attack.claims;
import static dev.multisession.servlet.adversarial.Attack.header;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * Cookie attacks (issue 6): forged or planted cookies of the family over HTTPS and HTTP. Every
 * write keeps the prefix and attributes; cookies without the prefix are ignored; forged, stale and
 * malformed family cookies are deleted while the real session keeps working; identity comes only
 * from verified claims, never from a cookie's name.
 */
@ExtendWith(SuiteLogCheck.class)
class CookieAttacksHttpTest {
    private static TestApp https;
    private static TestApp http;

    @BeforeAll
    static void start() throws Exception {
        https = TestApp.builder().https().param(ServletSettings.ROUTES, "/api/* => signed-in").start();
        http = Attack.app();
    }

    @AfterAll
    static void stop() throws Exception {
        https.close();
        http.close();
    }

    private static void assertHostCookie(SetCookie c) {
        assertTrue(c.name().startsWith("__Host-ms_"), c.redacted());
        assertTrue(c.has("secure") && c.has("httponly"), c.redacted());
        assertEquals("/", c.attribute("path").orElse(null), c.redacted());
        assertEquals("lax", c.attribute("samesite").orElse("").toLowerCase(), c.redacted());
        assertFalse(c.has("domain"), c.redacted());
    }

    @Test
    void everyWriteOfAnAttackedHttpsBrowserKeepsTheHostPrefixAndAttributes() {
        Browser b = https.browser();
        List<Browser.Response> responses = new ArrayList<>();
        responses.add(b.post("/login", Map.of("user", "alice")));
        b.setCookie("__Host-ms_" + Ids.newSessionId(https.clock()), "x.y.z");
        b.setCookie("__Host-ms_client", "v1.garbage");
        responses.add(b.get("/api/me"));
        responses.add(b.post("/multisession/sign-out", Map.of("all", "true"), "Origin", https.origin()));
        int writes = 0;
        for (Browser.Response r : responses) {
            assertNotEquals(500, r.status());
            for (SetCookie c : SetCookie.all(r)) {
                if (c.name().contains("ms_")) {
                    assertHostCookie(c);
                    writes++;
                }
            }
        }
        assertTrue(writes >= 4, "writes seen: " + writes);
    }

    @Test
    void unprefixedCookiesPlantedOverHttpsAreIgnoredAndDeleted() {
        Browser victim = https.browser();
        Browser.Response login = victim.post("/login", Map.of("user", "alice"));
        assertEquals(200, login.status());
        Browser attacker = https.browser();
        SignIns.signIn(attacker, "mallory");
        // a sibling subdomain can plant cookies without the prefix; copy the attacker's session there
        for (var e : attacker.cookies().entrySet()) {
            victim.setCookie(e.getKey().substring("__Host-".length()), e.getValue());
        }
        Browser.Response r = victim.get("/whoami");
        assertEquals("alice", r.user(), "an unprefixed planted session must never be used");
        assertTrue(r.deletedCookies().stream().anyMatch(n -> n.startsWith("ms_")), "planted cookies are deleted");
    }

    @Test
    void forgedTokenUnderAFreshSessionNameIsIgnoredDeletedAndLoggedOnce() {
        Browser b = http.browser();
        SignIns.signIn(b, "alice");
        String name = "ms_" + Ids.newSessionId(http.clock());
        String forged = Attack.attackerSigned(header().build(), claims(http.clock(), "mallory").build());
        b.setCookie(name, forged);
        try (LogCapture logs = new LogCapture()) {
            Browser.Response r = b.get("/api/me");
            assertNotEquals(500, r.status());
            assertEquals(200, r.status());
            assertTrue(r.deletedCookies().contains(name));
            assertEquals(1, logs.messages().stream().filter(m -> m.contains("reason=token_bad_signature")).count());
        }
        assertEquals("alice", b.get("/whoami").user());
    }

    @Test
    void anotherSessionsTokenUnderANewNameAddsNoAccount() {
        Browser b = http.browser();
        SignIns.SignedIn alice = SignIns.signIn(b, "alice");
        String aliceToken = b.cookie(SignIns.cookieName(alice.sessionId()));
        String fake = "ms_" + Ids.newSessionId(http.clock());
        b.setCookie(fake, aliceToken);
        Browser.Response r = b.get("/multisession/sessions", "Accept", "application/json");
        assertEquals(200, r.status());
        assertEquals(1, ((List<?>) Json.object(r.body()).get("sessions")).size(), "identity comes from the claims only");
        assertTrue(r.deletedCookies().contains(fake));
    }

    @Test
    void anotherUsersTokenUnderThisSessionsNameIsNeverThatUser() {
        Browser b = http.browser();
        SignIns.SignedIn alice = SignIns.signIn(b, "alice");
        Browser other = http.browser();
        SignIns.SignedIn mallory = SignIns.signIn(other, "mallory");
        b.setCookie(SignIns.cookieName(alice.sessionId()), other.cookie(SignIns.cookieName(mallory.sessionId())));
        Browser.Response r = b.get("/whoami?session_id=" + alice.sessionId());
        assertNotEquals(500, r.status());
        assertNotEquals("mallory", r.user());
        assertEquals("-", r.user(), "the named session's cookie holds a token of another session: signed out");
    }

    @Test
    void staleCookieOfASignedOutSessionIsDeleted() {
        Browser b = http.browser();
        SignIns.SignedIn alice = SignIns.signIn(b, "alice");
        SignIns.signIn(b, "bob");
        String aliceName = SignIns.cookieName(alice.sessionId());
        String stale = b.cookie(aliceName);
        b.post("/multisession/sign-out", Map.of("session_id", alice.sessionId()), "Origin", http.origin());
        b.setCookie(aliceName, stale);
        http.clock().advance(java.time.Duration.ofMinutes(2));
        Browser.Response r = b.get("/whoami?session_id=" + alice.sessionId());
        assertNotEquals(500, r.status());
        assertEquals("-", r.user(), "a revoked session's token never signs in again");
    }

    @ParameterizedTest(name = "ms_client={0}")
    @ValueSource(strings = {"v1", "v1..", "v2.client_01JD3Q8Z6V8W4S0F2K7N5M9P3S.sess_01JD3Q8Z6V8W4S0F2K7N5M9P3R",
            "v1.client_01JD3Q8Z6V8W4S0F2K7N5M9P3S.sess_01JD3Q8Z6V8W4S0F2K7N5M9P3R.extra", "v1.client_x.sess_y",
            "v1.client_01JD3Q8Z6V8W4S0F2K7N5M9P3S.sess_01JD3Q8Z6V8W4S0F2K7N5M9P3R%0d%0a"})
    void malformedClientCookieIsDeletedAndTheSessionKeepsWorking(String value) {
        Browser b = http.browser();
        SignIns.signIn(b, "alice");
        b.setCookie("ms_client", value);
        Browser.Response r = b.get("/whoami");
        assertNotEquals(500, r.status());
        assertEquals("alice", r.user());
        assertTrue(r.setCookies().stream().anyMatch(h -> h.startsWith("ms_client=")), "the client cookie is rewritten");
    }
}
