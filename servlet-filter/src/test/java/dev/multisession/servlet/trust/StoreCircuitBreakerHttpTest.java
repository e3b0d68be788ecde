package dev.multisession.servlet.trust;

import dev.multisession.core.config.ConfigKeys;
import dev.multisession.core.store.testing.FlakyStore;
import dev.multisession.servlet.ServletSettings;
import dev.multisession.servlet.adversarial.SuiteLogCheck;
import dev.multisession.servlet.testing.Browser;
import dev.multisession.servlet.testing.Json;
import dev.multisession.servlet.testing.SignIns;
import dev.multisession.servlet.testing.TestApp;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;

import java.time.Duration;
import java.util.Map;

import static org.junit.jupiter.api.Assertions.assertEquals;

/**
 * The engine's store circuit breaker seen over HTTP (here: open after 2 failures, for 30s): once
 * open, account commands are answered 503 at once, without a store call, and {@code Retry-After}
 * says how long the circuit stays open (whole seconds, rounded up); a store failure that reached
 * the store keeps the default of 5 seconds. After the cool-down, the first request reaches the
 * store again.
 */
@ExtendWith(SuiteLogCheck.class) // no token, signature or cookie value in any log line of this class
class StoreCircuitBreakerHttpTest {
    private TestApp app;
    private FlakyStore store;

    @BeforeEach
    void start() throws Exception {
        FlakyStore[] flaky = new FlakyStore[1];
        app = TestApp.builder()
                .param(ServletSettings.ROUTES, "/api/* => signed-in")
                .param(ConfigKeys.STORE_CIRCUIT_BREAKER_FAILURES, "2")
                .param(ConfigKeys.STORE_CIRCUIT_BREAKER_OPEN_FOR, "30s")
                .storeDecorator(s -> flaky[0] = new FlakyStore(s))
                .start();
        store = flaky[0];
    }

    @AfterEach
    void stop() throws Exception {
        app.close();
    }

    private Browser.Response signIn(Browser browser, String user) {
        return browser.post("/login", Map.of("user", user), "Accept", "application/json");
    }

    private static void assertStoreUnavailable(Browser.Response r, String retryAfter) {
        assertEquals(503, r.status(), r.body());
        assertEquals("store_unavailable", Json.object(r.body()).get("error"));
        assertEquals(retryAfter, r.header("Retry-After"));
    }

    /** Two failed sign-ins that reached the store: the circuit is open from now on. */
    private void openTheCircuit(Browser browser) {
        store.setAvailable(false);
        for (int i = 0; i < 2; i++) {
            assertStoreUnavailable(signIn(browser, "carol"), "5");
        }
        store.resetCalls();
    }

    @Test
    void anOpenCircuitAnswersASignInWithTheTimeLeftAsRetryAfter() {
        Browser browser = app.browser();
        openTheCircuit(browser);
        assertStoreUnavailable(signIn(browser, "carol"), "30");
        app.clock().advance(Duration.ofMillis(10_500));
        assertStoreUnavailable(signIn(browser, "carol"), "20");
        assertEquals(0, store.calls(), "the open circuit called no store: " + store.callsByOperation());
    }

    @Test
    void anOpenCircuitAnswersTheSignOutEndpointWithTheTimeLeftAsRetryAfter() {
        Browser browser = app.browser();
        SignIns.SignedIn alice = SignIns.signIn(browser, "alice");
        openTheCircuit(browser);
        app.clock().advance(Duration.ofSeconds(29));
        Browser.Response r = browser.post("/multisession/sign-out", Map.of("session_id", alice.sessionId()),
                "Origin", app.origin(), "Accept", "application/json");
        assertStoreUnavailable(r, "1");
        assertEquals(0, store.calls(), store.callsByOperation().toString());
    }

    @Test
    void afterTheCoolDownASignInReachesTheStoreThatIsBack() {
        Browser browser = app.browser();
        openTheCircuit(browser);
        store.setAvailable(true);
        assertStoreUnavailable(signIn(browser, "carol"), "30");
        app.clock().advance(Duration.ofSeconds(30));
        Browser.Response r = signIn(browser, "carol");
        assertEquals(200, r.status(), r.body());
        assertEquals(1, store.calls(FlakyStore.Op.SIGN_IN), "the probe reached the store");
        assertEquals("carol", browser.get("/api/me").user());
    }
}
