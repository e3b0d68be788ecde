package dev.multisession.core.engine;

import dev.multisession.core.config.MultiSessionConfig;
import dev.multisession.core.keys.SigningKeys;
import dev.multisession.core.model.User;
import dev.multisession.core.store.InMemorySessionStore;
import dev.multisession.core.store.StoreUnavailableException;
import dev.multisession.core.store.testing.FlakyStore;
import dev.multisession.core.testing.CookieJar;
import dev.multisession.core.testing.MutableClock;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

import java.time.Duration;
import java.util.Optional;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * The engine's store chain as the app meets it, with the defaults (five failures, five seconds):
 * a store that is down stops being called after five failed store calls, whether sign-ins or
 * refreshes; still-valid tokens keep working meanwhile; once it is back, the first store call
 * after the cool-down reaches it and the engine works as before.
 */
class CircuitBreakerThroughTheEngineTest {
    private static final SigningKeys KEYS = SigningKeys.generate(com.nimbusds.jose.JWSAlgorithm.RS256);

    private MutableClock clock;
    private FlakyStore store;
    private MultiSession engine;
    private CookieJar jar;

    @BeforeEach
    void setUp() {
        clock = MutableClock.atFixedStart();
        MultiSessionConfig config = MultiSessionConfig.builder().clock(clock).build();
        store = new FlakyStore(new InMemorySessionStore(config));
        engine = MultiSession.builder(config).signingKeys(KEYS).sessionStore(store).build();
        jar = new CookieJar(false);
    }

    private SignInResult signIn(String user) {
        SignInResult r = engine.signIn(jar.request("/login").method("POST").build(), User.of(user), Optional.empty());
        jar.apply(r.cookieWrites());
        clock.advance(Duration.ofMillis(1));
        return r;
    }

    private AuthResult get() {
        AuthResult r = engine.authenticate(jar.request("/").build());
        jar.apply(r.cookieWrites());
        return r;
    }

    @Test
    void aDownStoreStopsBeingCalledAfterFiveFailuresAndIsCalledAgainAfterTheCoolDown() {
        signIn("alice");
        store.setAvailable(false);
        store.resetCalls();
        clock.advance(Duration.ofSeconds(50)); // alice's token is in its refresh window
        for (int i = 0; i < 3; i++) {
            assertTrue(get().isSignedIn(), "the still-valid token is kept");
        }
        assertEquals(3, store.calls(FlakyStore.Op.READ_FOR_REFRESH), "three refreshes reached the store");
        for (int i = 0; i < 2; i++) {
            assertThrows(StoreUnavailableException.class, () -> signIn("bob"));
        }
        assertEquals(5, store.calls(), "five failures reached the store: " + store.callsByOperation());

        StoreUnavailableException fast = assertThrows(StoreUnavailableException.class, () -> signIn("bob"));
        assertEquals(Optional.of(Duration.ofSeconds(5)), fast.retryAfter(), "the whole cool-down is left");
        assertTrue(get().isSignedIn(), "still-valid tokens keep working while the circuit is open");
        assertEquals(5, store.calls(), "open: neither sign-in nor refresh called the store");

        store.setAvailable(true);
        clock.advance(Duration.ofSeconds(2));
        StoreUnavailableException later = assertThrows(StoreUnavailableException.class, () -> signIn("bob"));
        assertEquals(Optional.of(Duration.ofSeconds(3)), later.retryAfter());
        assertEquals(5, store.calls(), "back, but the cool-down is not over");

        clock.advance(Duration.ofSeconds(3));
        SignInResult bob = signIn("bob");
        assertEquals(6, store.calls(), "the probe reached the store");
        assertEquals("bob", get().session().orElseThrow().userId());
        assertEquals(1, bob.session().index(), "alice's session is still there");
    }

    @Test
    void anOutageIsLoggedOncePerTenSecondsHoweverManyRefreshesFail() {
        signIn("alice");
        store.setAvailable(false);
        clock.advance(Duration.ofSeconds(50));
        try (dev.multisession.core.testing.LogCapture logs = new dev.multisession.core.testing.LogCapture()) {
            for (int i = 0; i < 40; i++) {
                assertTrue(get().isSignedIn(), "the still-valid token is kept");
            }
            clock.advance(Duration.ofSeconds(10));
            assertTrue(get().isSignedIn());

            java.util.List<String> warnings = logs.messages(java.util.logging.Level.WARNING).stream()
                    .filter(m -> m.contains("refresh could not reach")).toList();
            assertEquals(2, warnings.size(), "one line when the outage starts, one ten seconds later: " + warnings);
            assertTrue(warnings.get(1).contains("(39 more such refreshes in the last 10 s not logged)"), warnings.get(1));
        }
    }
}
