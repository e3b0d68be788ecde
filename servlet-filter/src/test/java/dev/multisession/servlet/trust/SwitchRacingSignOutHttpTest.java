package dev.multisession.servlet.trust;

import dev.multisession.servlet.adversarial.SuiteLogCheck;
import org.junit.jupiter.api.extension.ExtendWith;
import dev.multisession.core.model.SessionStatus;
import dev.multisession.servlet.testing.Browser;
import dev.multisession.servlet.testing.Json;
import dev.multisession.servlet.testing.SignIns;
import dev.multisession.servlet.testing.SignIns.Two;
import dev.multisession.servlet.testing.TestApp;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

import java.util.HashMap;
import java.util.Map;
import java.util.concurrent.Callable;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * A switch to a session racing that session's sign-out never brings it back: the switch is one
 * conditional store change that applies only while the session is active, so whichever lands
 * second, the session ends up ended in the store, and no token the switch may have minted is
 * honoured afterwards (the store reports the ending, the engine refuses the session's tokens).
 *
 * <p>Both requests come from the same browser (two tabs) with the cookies it had before either
 * answered; they start together behind a latch. The failure guarded against: a switch that read
 * the session as active and wrote it back after the sign-out, leaving it ACTIVE in the store.
 */
@ExtendWith(SuiteLogCheck.class) // no token, signature or cookie value in any log line of this class
class SwitchRacingSignOutHttpTest {
    private static final int ROUNDS = 50;
    private static TestApp app;

    @BeforeAll
    static void start() throws Exception {
        app = TestApp.start();
    }

    @AfterAll
    static void stop() throws Exception {
        app.close();
    }

    private static Browser.Response post(Browser browser, String endpoint, Map<String, String> form) {
        return browser.post("/multisession/" + endpoint, form, "Origin", app.origin());
    }


    /** alice (acme, index 0) and bob (index 1, last-active) in one browser. */
    private static Two twoAccounts() {
        return SignIns.aliceAndBob(app.browser(), "acme");
    }

    private static void assertAliceStaysSignedOut(Two t, String round) {
        SessionStatus status = app.store().find(t.alice().sessionId()).orElseThrow().status();
        assertNotEquals(SessionStatus.ACTIVE, status, round + ": alice's session is not active in the store");
        Browser.Response explicit = t.browser().get("/whoami?session_id=" + t.alice().sessionId());
        assertEquals(200, explicit.status(), round);
        assertEquals("-", explicit.user(), round + ": a request choosing alice explicitly is not signed in as alice");
        Browser.Response implicit = t.browser().get("/whoami");
        assertNotEquals("alice", implicit.user(), round + ": nor is a plain request");
        assertEquals("bob", t.browser().get("/whoami?session_id=" + t.bob().sessionId()).user(),
                round + ": bob is untouched");
    }

    private static void race(boolean withOrganization) throws Exception {
        ExecutorService pool = Executors.newFixedThreadPool(2);
        try {
            for (int round = 0; round < ROUNDS; round++) {
                Two t = twoAccounts();
                Map<String, String> switchForm = new HashMap<>();
                switchForm.put("index", String.valueOf(t.alice().index()));
                if (withOrganization) {
                    switchForm.put("organization", "globex");
                }
                CountDownLatch go = new CountDownLatch(1);
                Callable<Browser.Response> switching = () -> {
                    go.await();
                    return post(t.browser(), "switch", switchForm);
                };
                Callable<Browser.Response> signingOut = () -> {
                    go.await();
                    return post(t.browser(), "sign-out", Map.of("session_id", t.alice().sessionId()));
                };
                Future<Browser.Response> sw = pool.submit(switching);
                Future<Browser.Response> out = pool.submit(signingOut);
                go.countDown();
                Browser.Response switched = sw.get(20, TimeUnit.SECONDS);
                Browser.Response signedOut = out.get(20, TimeUnit.SECONDS);
                String name = "round " + round + " (switch " + switched.status() + ", sign-out " + signedOut.status() + ")";
                assertTrue(switched.status() == 303 || switched.status() == 400, name + ": switch applied or found alice gone");
                assertTrue(signedOut.status() == 303 || signedOut.status() == 400, name);
                assertAliceStaysSignedOut(t, name);
            }
        } finally {
            pool.shutdownNow();
            assertTrue(pool.awaitTermination(10, TimeUnit.SECONDS), "pool stopped");
        }
    }

    @Test
    void switchRacingSignOutNeverLeavesTheSignedOutSessionActive() throws Exception {
        race(false);
    }

    @Test
    void organizationSwitchRacingSignOutNeverLeavesTheSignedOutSessionActive() throws Exception {
        race(true);
    }

    @Test
    void switchReplayedWithCookiesFromBeforeTheSignOutIsRefusedAndTheSessionStaysEnded() {
        Two t = twoAccounts();
        Map<String, String> before = t.browser().cookies();
        assertEquals(303, post(t.browser(), "sign-out", Map.of("session_id", t.alice().sessionId())).status());
        assertEquals(SessionStatus.ENDED, app.store().find(t.alice().sessionId()).orElseThrow().status(), "control");
        Browser replay = app.browser();
        before.forEach(replay::setCookie);
        Browser.Response plain = post(replay, "switch", Map.of("index", String.valueOf(t.alice().index())));
        assertEquals(400, plain.status());
        assertEquals("unknown_session", Json.object(plain.body()).get("error"));
        Browser.Response organization = post(replay, "switch",
                Map.of("session_id", t.alice().sessionId(), "organization", "globex"));
        assertEquals(400, organization.status(), "an organization switch too");
        assertEquals(SessionStatus.ENDED, app.store().find(t.alice().sessionId()).orElseThrow().status(),
                "alice stays ended");
        assertEquals("-", replay.get("/whoami?session_id=" + t.alice().sessionId()).user());
        assertEquals("-", t.browser().get("/whoami?session_id=" + t.alice().sessionId()).user());
        assertEquals("bob", t.browser().get("/whoami").user());
    }
}
