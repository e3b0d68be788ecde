package dev.multisession.core.engine;

import dev.multisession.core.model.Session;
import dev.multisession.core.model.SessionStatus;
import dev.multisession.core.store.Mutation;
import dev.multisession.core.store.NewSession;
import dev.multisession.core.store.RefreshRead;
import dev.multisession.core.store.RevocationListener;
import dev.multisession.core.store.SessionChange;
import dev.multisession.core.store.SessionStore;
import dev.multisession.core.store.SignInOutcome;
import dev.multisession.core.store.StoreUnavailableException;

import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Objects;
import java.util.Optional;
import java.util.concurrent.atomic.AtomicReference;
import java.util.function.Supplier;

/**
 * A circuit breaker in front of the session store, so that a store that is down or paused stops
 * holding a request thread for its full timeout on every call.
 * <ul>
 * <li><b>Closed</b>: calls pass. {@code failures} consecutive {@link StoreUnavailableException}s
 *     open the circuit; any call that returns resets the count.</li>
 * <li><b>Open</b> for {@code openFor}: every call fails at once with a
 *     {@link StoreUnavailableException} whose {@link StoreUnavailableException#retryAfter()} is the
 *     time left; the store is not called.</li>
 * <li><b>Half-open</b> after that: the first call is the probe and reaches the store; calls made
 *     meanwhile still fail at once. The probe's answer closes the circuit; its failure opens it for
 *     another {@code openFor}.</li>
 * </ul>
 *
 * <p>It sits outside {@link GuardedStore} (engine, breaker, guard, store): the guard has already
 * turned whatever the store threw (a driver's timeout, a bug) into a
 * {@link StoreUnavailableException}, so every store failure counts as an outage here and the
 * breaker needs to recognise one exception only. Errors the guard lets through neither count nor
 * reset the count; one that ends the probe lets the next call probe again. Fast failures never
 * reach the guard, so they are not logged per call.
 *
 * <p>Logs one WARNING when the circuit opens (the store's class and the failure count, never a
 * message, key or value) and one INFO when it closes again; a failed probe reopens it silently.
 * {@link #addRevocationListener} is registration, not a store call: it always passes through.
 *
 * <p>Lock-free: the state is one immutable value in an {@link AtomicReference}; a closed circuit
 * costs a volatile read per call, plus a write only when there are failures to forget. Under
 * concurrency "consecutive" is approximate (a call that started before the circuit closed may
 * count against the freshly closed one), never unsafe: only one call at a time probes. Time is the
 * configuration's clock; if it steps backwards, an open circuit never waits longer than
 * {@code openFor} from the step.
 */
final class CircuitBreakingStore implements SessionStore {
    private static final System.Logger LOG = System.getLogger(MultiSession.class.getName());
    /** What a caller is told to wait while the one probe call is under way: its answer decides. */
    static final Duration WHILE_PROBING = Duration.ofSeconds(1);

    private final SessionStore delegate;
    private final String storeName;
    private final int failures;
    private final long openForMillis;
    private final Clock clock;
    private final AtomicReference<State> state = new AtomicReference<>(CLOSED);

    private sealed interface State permits Closed, Open, Probing {
    }

    /** Calls pass; {@code failures} in a row so far. */
    private record Closed(int failures) implements State {
    }

    /** Calls fail at once until {@code until} (epoch milliseconds of the clock); then one probes. */
    private record Open(long until) implements State {
    }

    /** One call is probing the store; the others fail at once. */
    private static final class Probing implements State {
    }

    private static final Closed CLOSED = new Closed(0);
    private static final Probing PROBING = new Probing();

    /**
     * @param storeName the configured store's class name, for the logs (the delegate may be a wrapper)
     * @param failures  consecutive failures that open the circuit, 1 or more
     * @param openFor   how long an open circuit fails calls at once, 1ms or more
     */
    CircuitBreakingStore(SessionStore delegate, String storeName, int failures, Duration openFor, Clock clock) {
        this.delegate = Objects.requireNonNull(delegate, "delegate");
        this.storeName = Objects.requireNonNull(storeName, "storeName");
        this.clock = Objects.requireNonNull(clock, "clock");
        if (failures < 1) {
            throw new IllegalArgumentException("failures must be 1 or more: " + failures);
        }
        if (openFor == null || openFor.isNegative() || openFor.toMillis() < 1) {
            throw new IllegalArgumentException("openFor must be 1ms or more: " + openFor);
        }
        this.failures = failures;
        this.openForMillis = openFor.toMillis();
    }

    private <T> T call(Supplier<T> operation) {
        while (true) {
            State s = state.get();
            if (s instanceof Closed) {
                return closed(operation);
            }
            if (s instanceof Open open) {
                long left = open.until() - clock.millis();
                if (left > 0 && left <= openForMillis) {
                    throw rejected(Duration.ofMillis(left));
                }
                if (state.compareAndSet(open, PROBING)) {
                    return probe(operation, open);
                }
                continue; // another call became the probe (or already finished it): decide again
            }
            throw rejected(WHILE_PROBING);
        }
    }

    private <T> T closed(Supplier<T> operation) {
        T result;
        try {
            result = operation.get();
        } catch (StoreUnavailableException e) {
            failed();
            throw e;
        }
        State s = state.get();
        while (s instanceof Closed c && c.failures() > 0 && !state.compareAndSet(s, CLOSED)) {
            s = state.get();
        }
        return result;
    }

    private void failed() {
        while (true) {
            State s = state.get();
            if (!(s instanceof Closed c)) {
                return; // already open or probing: this failure tells nothing new
            }
            int inARow = c.failures() + 1;
            State next = inARow >= failures ? new Open(clock.millis() + openForMillis) : new Closed(inARow);
            if (state.compareAndSet(s, next)) {
                if (next instanceof Open) {
                    LOG.log(System.Logger.Level.WARNING, "multisession: session store " + storeName + " failed "
                            + inARow + " times in a row; circuit open: store calls fail at once for "
                            + openForMillis + "ms, then one call probes the store");
                }
                return;
            }
        }
    }

    private <T> T probe(Supplier<T> operation, Open before) {
        boolean decided = false;
        try {
            T result = operation.get();
            state.set(CLOSED);
            decided = true;
            LOG.log(System.Logger.Level.INFO, "multisession: session store " + storeName
                    + " answered again; circuit closed");
            return result;
        } catch (StoreUnavailableException e) {
            state.set(new Open(clock.millis() + openForMillis));
            decided = true;
            throw e;
        } finally {
            if (!decided) {
                state.set(before); // neither an answer nor an outage: the next call probes again
            }
        }
    }

    private static StoreUnavailableException rejected(Duration retryAfter) {
        return new StoreUnavailableException("session store not called: circuit open after repeated failures",
                retryAfter);
    }

    @Override
    public SignInOutcome signIn(NewSession request) {
        return call(() -> delegate.signIn(request));
    }

    @Override
    public RefreshRead readForRefresh(String sessionId, String clientId, Instant now) {
        return call(() -> delegate.readForRefresh(sessionId, clientId, now));
    }

    @Override
    public Mutation change(String sessionId, long expectedVersion, SessionChange change, Instant now) {
        return call(() -> delegate.change(sessionId, expectedVersion, change, now));
    }

    @Override
    public Optional<Session> revoke(String sessionId, String clientId, SessionStatus status, Instant now) {
        return call(() -> delegate.revoke(sessionId, clientId, status, now));
    }

    @Override
    public List<Session> revokeClient(String clientId, SessionStatus status, Instant now) {
        return call(() -> delegate.revokeClient(clientId, status, now));
    }

    @Override
    public Optional<Session> find(String sessionId) {
        return call(() -> delegate.find(sessionId));
    }

    @Override
    public List<Session> listByClient(String clientId) {
        return call(() -> delegate.listByClient(clientId));
    }

    @Override
    public List<Session> listByUser(String userId) {
        return call(() -> delegate.listByUser(userId));
    }

    @Override
    public void addRevocationListener(RevocationListener listener) {
        delegate.addRevocationListener(listener);
    }
}
