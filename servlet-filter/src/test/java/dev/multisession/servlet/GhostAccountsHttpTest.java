package dev.multisession.servlet;

import dev.multisession.servlet.testing.Browser;
import dev.multisession.servlet.testing.Json;
import dev.multisession.servlet.testing.SignIns;
import dev.multisession.servlet.testing.TestApp;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

import java.time.Duration;
import java.util.List;

import static org.junit.jupiter.api.Assertions.assertEquals;

/**
 * No ghost accounts: a session revoked on the server leaves the browser's account list (the
 * sessions JSON) for good, also once its token has expired and the node no longer remembers the
 * revocation; an account whose token merely expired stays listed.
 */
class GhostAccountsHttpTest {
    private TestApp app;

    @BeforeEach
    void start() throws Exception {
        app = TestApp.start();
    }

    @AfterEach
    void stop() throws Exception {
        app.close();
    }

    private static List<String> listedSessions(Browser browser, String query) {
        Browser.Response r = browser.get("/multisession/sessions" + query);
        assertEquals(200, r.status(), r.body());
        return Json.list(Json.object(r.body()).get("sessions")).stream()
                .map(s -> (String) Json.object(s).get("id")).toList();
    }

    @Test
    void aRevokedAccountStaysOffTheListAfterItsTokenExpired() {
        Browser browser = app.browser();
        SignIns.SignedIn alice = SignIns.signIn(browser, "alice");
        SignIns.SignedIn bob = SignIns.signIn(browser, "bob");
        app.revoke(bob.sessionId()); // the browser makes no request until the token expired

        app.clock().advance(Duration.ofSeconds(70)); // past the token lifetime (60 s): the token alone no longer tells

        assertEquals(List.of(alice.sessionId()), listedSessions(browser, "?authuser=0"));
        app.clock().advance(Duration.ofMinutes(10));
        assertEquals(List.of(alice.sessionId()), listedSessions(browser, "?authuser=0"));
    }

    @Test
    void aRevokedAccountIsOffTheListAtOnce() {
        Browser browser = app.browser();
        SignIns.SignedIn alice = SignIns.signIn(browser, "alice");
        SignIns.SignedIn bob = SignIns.signIn(browser, "bob");

        app.revoke(bob.sessionId());

        assertEquals(List.of(alice.sessionId()), listedSessions(browser, "?authuser=0"));
    }

    @Test
    void anAccountWhoseTokenExpiredButIsStillSignedInStaysListed() {
        Browser browser = app.browser();
        SignIns.SignedIn alice = SignIns.signIn(browser, "alice");
        SignIns.SignedIn bob = SignIns.signIn(browser, "bob");

        app.clock().advance(Duration.ofSeconds(70));

        assertEquals(List.of(alice.sessionId(), bob.sessionId()), listedSessions(browser, "?authuser=0"));
    }
}
