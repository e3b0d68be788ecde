package dev.multisession.core.engine;

import dev.multisession.core.config.MultiSessionConfig;
import dev.multisession.core.store.InMemorySessionStore;
import dev.multisession.core.store.RevocationListener;
import dev.multisession.core.store.SessionStore;
import dev.multisession.core.store.StoreUnavailableException;
import dev.multisession.core.store.testing.FlakyStore;
import dev.multisession.core.testing.LogCapture;
import dev.multisession.core.testing.MutableClock;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.Set;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import java.util.logging.Level;

import static org.junit.jupiter.api.Assertions.assertDoesNotThrow;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * Specifies the circuit breaker in front of the session store: closed, it passes calls and counts
 * store failures in a row; after {@code failures} of them it is open for {@code openFor} and fails
 * every call at once, telling how long is left, without calling the store; then exactly one call
 * probes the store, whose answer closes the circuit and whose failure opens it again.
 */
class CircuitBreakingStoreTest {
    private static final int FAILURES = 3;
    private static final Duration OPEN_FOR = Duration.ofSeconds(10);
    private static final String SESSION = "s_0000000000000000000000";

    private MutableClock clock;
    private FlakyStore store;
    private CircuitBreakingStore breaker;

    @BeforeEach
    void setUp() {
        clock = MutableClock.atFixedStart();
        store = new FlakyStore(new InMemorySessionStore(MultiSessionConfig.builder().clock(clock).build()));
        breaker = new CircuitBreakingStore(store, "com.example.TheStore", FAILURES, OPEN_FOR, clock);
    }

    /** One store call through the breaker; false when it failed with StoreUnavailableException. */
    private boolean call() {
        try {
            breaker.find(SESSION);
            return true;
        } catch (StoreUnavailableException e) {
            return false;
        }
    }

    private void failTimes(int n) {
        for (int i = 0; i < n; i++) {
            assertFalse(call(), "control: the store is down");
        }
    }

    private void open() {
        store.setAvailable(false);
        failTimes(FAILURES);
        store.resetCalls();
    }

    private StoreUnavailableException rejection() {
        return assertThrows(StoreUnavailableException.class, () -> breaker.find(SESSION));
    }

    // ------------------------------------------------------------------ closed

    @Test
    void aClosedCircuitPassesCallsToTheStore() {
        assertTrue(call());
        assertEquals(1, store.calls(FlakyStore.Op.FIND));
    }

    @Test
    void failuresBelowTheThresholdKeepTheCircuitClosed() {
        store.setAvailable(false);
        failTimes(FAILURES - 1);
        store.setAvailable(true);
        store.resetCalls();
        assertTrue(call());
        assertEquals(1, store.calls(), "the store was still called");
    }

    @Test
    void theThresholdOfFailuresInARowOpensTheCircuit() {
        store.setAvailable(false);
        failTimes(FAILURES);
        assertEquals(FAILURES, store.calls(), "every failure reached the store");
        assertFalse(call());
        assertEquals(FAILURES, store.calls(), "the call after them did not");
    }

    @Test
    void aSuccessResetsTheFailureCount() {
        store.setAvailable(false);
        failTimes(FAILURES - 1);
        store.setAvailable(true);
        assertTrue(call());
        store.setAvailable(false);
        failTimes(FAILURES - 1);
        store.setAvailable(true);
        store.resetCalls();
        assertTrue(call(), "still closed: the failures were not in a row");
        assertEquals(1, store.calls());
    }

    @Test
    void aDriverExceptionTurnedIntoStoreUnavailableByTheGuardCountsAsAnOutage() {
        breaker = new CircuitBreakingStore(new GuardedStore(store), "com.example.TheStore", FAILURES, OPEN_FOR, clock);
        store.failWith(() -> new IllegalStateException("driver: connection reset"));
        failTimes(FAILURES);
        store.resetCalls();
        assertFalse(call());
        assertEquals(0, store.calls(), "open after driver exceptions");
    }

    @Test
    void anErrorFromTheStoreIsNotCountedAsAnOutage() {
        store.failWith(() -> {
            throw new AssertionError("not a store outage");
        });
        for (int i = 0; i < FAILURES; i++) {
            assertThrows(AssertionError.class, () -> breaker.find(SESSION));
        }
        store.setAvailable(true);
        store.resetCalls();
        assertTrue(call());
        assertEquals(1, store.calls(), "still closed");
    }

    // ------------------------------------------------------------------ open

    @Test
    void anOpenCircuitFailsAtOnceWithoutCallingTheStore() {
        open();
        for (int i = 0; i < 10; i++) {
            assertFalse(call());
        }
        assertEquals(0, store.calls(), "calls while open: " + store.callsByOperation());
    }

    @Test
    void anOpenCircuitFailsEvenWhenTheStoreIsBackUntilTheCoolDownEnds() {
        open();
        store.setAvailable(true);
        clock.advance(OPEN_FOR.minusMillis(1));
        assertFalse(call());
        assertEquals(0, store.calls());
    }

    @Test
    void anOpenCircuitFailsEveryOperation() {
        open();
        var now = clock.instant();
        List<Runnable> operations = List.of(
                () -> breaker.signIn(null),
                () -> breaker.readForRefresh(SESSION, "c", now),
                () -> breaker.change(SESSION, SessionStore.ANY_VERSION, null, now),
                () -> breaker.revoke(SESSION, "c", dev.multisession.core.model.SessionStatus.ENDED, now),
                () -> breaker.revokeClient("c", dev.multisession.core.model.SessionStatus.ENDED, now),
                () -> breaker.find(SESSION),
                () -> breaker.listByClient("c"),
                () -> breaker.listByUser("u"));
        for (Runnable operation : operations) {
            assertThrows(StoreUnavailableException.class, operation::run);
        }
        assertEquals(0, store.calls(), store.callsByOperation().toString());
    }

    @Test
    void anOpenCircuitTellsHowLongIsLeft() {
        open();
        assertEquals(Optional.of(OPEN_FOR), rejection().retryAfter());
        clock.advance(Duration.ofMillis(3_500));
        assertEquals(Optional.of(Duration.ofMillis(6_500)), rejection().retryAfter());
    }

    @Test
    void aRevocationListenerIsRegisteredWhileTheCircuitIsOpen() {
        open();
        RevocationListener listener = new RevocationListener() {
            @Override
            public void sessionsEnded(Set<String> ids) {
            }

            @Override
            public void endedSessionsMayHaveBeenMissed() {
            }
        };
        breaker.addRevocationListener(listener);
        assertEquals(List.of(listener), store.revocationListeners());
    }

    // ------------------------------------------------------------------ half-open

    @Test
    void afterTheCoolDownOneCallProbesTheStoreAndItsAnswerClosesTheCircuit() {
        open();
        store.setAvailable(true);
        clock.advance(OPEN_FOR);
        assertTrue(call(), "the probe");
        assertEquals(1, store.calls());
        for (int i = 0; i < 5; i++) {
            assertTrue(call());
        }
        assertEquals(6, store.calls(), "closed: every call reaches the store");
    }

    @Test
    void aFailedProbeOpensTheCircuitForAnotherCoolDown() {
        open();
        clock.advance(OPEN_FOR);
        assertFalse(call(), "the probe meets the store still down");
        assertEquals(1, store.calls(), "the probe reached the store");
        store.setAvailable(true);
        assertEquals(Optional.of(OPEN_FOR), rejection().retryAfter(), "open again, for a whole cool-down");
        clock.advance(OPEN_FOR.minusMillis(1));
        assertFalse(call());
        assertEquals(1, store.calls(), "no call during the second cool-down");
        clock.advance(Duration.ofMillis(1));
        assertTrue(call(), "the next probe");
        assertEquals(2, store.calls());
    }

    @Test
    void afterAClosedCircuitReopensItTakesTheWholeThresholdAgain() {
        open();
        store.setAvailable(true);
        clock.advance(OPEN_FOR);
        assertTrue(call());
        store.setAvailable(false);
        failTimes(FAILURES - 1);
        store.resetCalls();
        assertFalse(call());
        assertEquals(1, store.calls(), "the last failure before opening still reached the store");
        assertFalse(call());
        assertEquals(1, store.calls(), "open again");
    }

    @Test
    void halfOpenAdmitsExactlyOneProbeAmongConcurrentCalls() throws Exception {
        int threads = 16;
        open();
        CountDownLatch release = new CountDownLatch(1);
        // the probe hangs in the store, as a paused Redis would until its timeout, then fails
        store.failWith(() -> {
            try {
                release.await(30, TimeUnit.SECONDS);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
            }
            return new StoreUnavailableException("timed out");
        });
        clock.advance(OPEN_FOR);
        CountDownLatch start = new CountDownLatch(1);
        CountDownLatch finished = new CountDownLatch(threads - 1);
        ExecutorService pool = Executors.newFixedThreadPool(threads);
        try {
            List<Future<StoreUnavailableException>> results = new ArrayList<>();
            for (int i = 0; i < threads; i++) {
                results.add(pool.submit(() -> {
                    start.await();
                    try {
                        breaker.find(SESSION);
                        return null;
                    } catch (StoreUnavailableException e) {
                        return e;
                    } finally {
                        finished.countDown();
                    }
                }));
            }
            start.countDown();
            assertTrue(finished.await(30, TimeUnit.SECONDS), "all calls but the probe returned while it hung");
            assertEquals(1, store.calls(), "store calls while one probe hung: " + store.callsByOperation());
            release.countDown();
            int fastFailures = 0;
            for (Future<StoreUnavailableException> result : results) {
                StoreUnavailableException e = result.get(30, TimeUnit.SECONDS);
                assertTrue(e != null, "every call failed");
                if (e.retryAfter().equals(Optional.of(CircuitBreakingStore.WHILE_PROBING))) {
                    fastFailures++;
                }
            }
            assertEquals(threads - 1, fastFailures, "the others were told a probe is under way");
            assertEquals(1, store.calls());
        } finally {
            release.countDown();
            pool.shutdownNow();
        }
    }

    @Test
    void aProbeEndedByAnErrorLetsTheNextCallProbe() {
        open();
        clock.advance(OPEN_FOR);
        store.failWith(() -> {
            throw new AssertionError("neither an answer nor an outage");
        });
        assertThrows(AssertionError.class, () -> breaker.find(SESSION));
        store.setAvailable(true);
        assertTrue(call(), "the next call probes, and closes the circuit");
        assertEquals(2, store.calls());
    }

    @Test
    void aClockSteppingBackDoesNotKeepTheCircuitOpenLongerThanTheCoolDown() {
        open();
        store.setAvailable(true);
        clock.advance(Duration.ofHours(-1));
        assertTrue(call(), "probed at once: the time left was more than a cool-down");
        assertEquals(1, store.calls());
    }

    // ------------------------------------------------------------------ logs

    @Test
    void openingLogsOneWarningNamingTheStoreClassAndTheCount() {
        try (LogCapture logs = new LogCapture()) {
            store.failWith(() -> new StoreUnavailableException("redis at 10.0.0.7: key ms:secret-value"));
            failTimes(FAILURES + 5);
            List<String> warnings = logs.messages(Level.WARNING);
            assertEquals(1, warnings.size(), warnings.toString());
            String warning = warnings.get(0);
            assertTrue(warning.contains("com.example.TheStore"), warning);
            assertTrue(warning.contains(FAILURES + " times in a row"), warning);
            assertFalse(warning.contains("secret-value") || warning.contains("10.0.0.7"), "no store message: " + warning);
            assertEquals(1, logs.messages().size(), "nothing logged per rejected call: " + logs.messages());
        }
    }

    @Test
    void closingLogsOneInfo() {
        open();
        try (LogCapture logs = new LogCapture()) {
            clock.advance(OPEN_FOR);
            assertFalse(call(), "a failed probe");
            clock.advance(OPEN_FOR);
            store.setAvailable(true);
            assertTrue(call(), "a probe that closes");
            assertTrue(call());
            List<String> infos = logs.messages(Level.INFO);
            assertEquals(1, infos.size(), infos.toString());
            assertTrue(infos.get(0).contains("com.example.TheStore") && infos.get(0).contains("closed"), infos.get(0));
            assertEquals(1, logs.messages().size(), "the failed probe reopened silently: " + logs.messages());
        }
    }

    // ------------------------------------------------------------------ assembly

    @Test
    void theEngineChainPutsTheBreakerOutsideTheGuard() {
        SessionStore chain = MultiSession.storeChain(store, MultiSessionConfig.builder().clock(clock).build());
        assertTrue(chain instanceof CircuitBreakingStore, chain.getClass().getName());
        store.failWith(() -> new IllegalStateException("driver"));
        for (int i = 0; i < 5; i++) {
            assertThrows(StoreUnavailableException.class, () -> chain.find(SESSION), "guarded: never the driver's exception");
        }
        store.resetCalls();
        assertThrows(StoreUnavailableException.class, () -> chain.find(SESSION));
        assertEquals(0, store.calls(), "open after the default five failures");
    }

    @Test
    void zeroFailuresLeavesTheBreakerOut() {
        SessionStore chain = MultiSession.storeChain(store,
                MultiSessionConfig.builder().clock(clock).storeCircuitBreakerFailures(0).build());
        store.setAvailable(false);
        for (int i = 0; i < 50; i++) {
            assertThrows(StoreUnavailableException.class, () -> chain.find(SESSION));
        }
        assertEquals(50, store.calls(), "every call reached the store");
        store.setAvailable(true);
        assertDoesNotThrow(() -> chain.find(SESSION));
    }

    @Test
    void theBreakerRefusesSettingsTheConfigurationWouldHaveRefused() {
        assertThrows(IllegalArgumentException.class,
                () -> new CircuitBreakingStore(store, "s", 0, OPEN_FOR, clock));
        assertThrows(IllegalArgumentException.class,
                () -> new CircuitBreakingStore(store, "s", 1, Duration.ofNanos(999_999), clock));
    }
}
