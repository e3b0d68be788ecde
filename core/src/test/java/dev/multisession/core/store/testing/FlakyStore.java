package dev.multisession.core.store.testing;

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

import java.time.Instant;
import java.util.EnumMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.function.Supplier;
import java.util.Optional;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.AtomicInteger;

/**
 * A {@link SessionStore} decorator for tests: counts every call per operation (and per session
 * id), and can be switched unavailable, when every operation throws
 * {@link StoreUnavailableException} before the delegate sees it.
 *
 * <pre>{@code
 * FlakyStore store = new FlakyStore(new InMemorySessionStore(config));
 * MultiSession engine = MultiSession.builder(config).sessionStore(store).build();
 * store.resetCalls();
 * engine.authenticate(request);
 * assertEquals(0, store.calls(), "the hot path made no store call");
 * store.setAvailable(false);   // the next refresh / sign-in meets a store outage
 * }</pre>
 *
 * <p>Calls are counted whether or not the store is available (a call that failed was still
 * made). {@link #addRevocationListener} is local registration, not a round trip to the backing
 * service: it is never counted and always reaches the delegate (see {@link #setHearing}).
 */
public final class FlakyStore implements SessionStore {

    /** The counted operations, one per data method of {@link SessionStore}. */
    public enum Op {
        SIGN_IN, READ_FOR_REFRESH, CHANGE, REVOKE, REVOKE_CLIENT, FIND, LIST_BY_CLIENT, LIST_BY_USER
    }

    private final SessionStore delegate;
    private final Map<Op, AtomicInteger> calls = new EnumMap<>(Op.class);
    private final Map<String, AtomicInteger> callsById = new ConcurrentHashMap<>();
    private volatile Supplier<? extends RuntimeException> failure;
    private final List<RevocationListener> listeners = new CopyOnWriteArrayList<>();
    private volatile boolean hearing = true;

    public FlakyStore(SessionStore delegate) {
        this.delegate = delegate;
        for (Op op : Op.values()) {
            calls.put(op, new AtomicInteger());
        }
    }

    /** The wrapped store, to set up or inspect state without counting. */
    public SessionStore delegate() {
        return delegate;
    }

    /** While false, every operation throws {@link StoreUnavailableException} and leaves the delegate untouched. */
    public void setAvailable(boolean available) {
        this.failure = available ? null : () -> new StoreUnavailableException("session store unavailable (FlakyStore switched off)");
    }

    /** Every operation throws what {@code failure} makes (e.g. a driver's own exception), until {@code setAvailable(true)}. */
    public void failWith(Supplier<? extends RuntimeException> failure) {
        this.failure = java.util.Objects.requireNonNull(failure, "failure");
    }

    public boolean isAvailable() {
        return failure == null;
    }

    /** The revocation listeners registered through this store (they are passed on to the delegate too). */
    public List<RevocationListener> revocationListeners() {
        return List.copyOf(listeners);
    }

    /** Calls of every operation since construction or {@link #resetCalls}. */
    public int calls() {
        int total = 0;
        for (AtomicInteger n : calls.values()) {
            total += n.get();
        }
        return total;
    }

    /** Calls of one operation. */
    public int calls(Op op) {
        return calls.get(op).get();
    }

    /** Calls of one operation naming this session id (signIn counts under the new session's id). */
    public int calls(Op op, String sessionId) {
        AtomicInteger n = callsById.get(op + " " + sessionId);
        return n == null ? 0 : n.get();
    }

    /** Calls per operation, operations never called included with 0. */
    public Map<Op, Integer> callsByOperation() {
        Map<Op, Integer> copy = new EnumMap<>(Op.class);
        calls.forEach((op, n) -> copy.put(op, n.get()));
        return copy;
    }

    public void resetCalls() {
        calls.values().forEach(n -> n.set(0));
        callsById.clear();
    }

    private void call(Op op, String sessionId) {
        calls.get(op).incrementAndGet();
        if (sessionId != null) {
            callsById.computeIfAbsent(op + " " + sessionId, k -> new AtomicInteger()).incrementAndGet();
        }
        Supplier<? extends RuntimeException> f = failure;
        if (f != null) {
            throw f.get();
        }
    }

    @Override
    public SignInOutcome signIn(NewSession request) {
        call(Op.SIGN_IN, request == null ? null : request.session().id());
        return delegate.signIn(request);
    }

    @Override
    public RefreshRead readForRefresh(String sessionId, String clientId, Instant now) {
        call(Op.READ_FOR_REFRESH, sessionId);
        return delegate.readForRefresh(sessionId, clientId, now);
    }

    @Override
    public Mutation change(String sessionId, long expectedVersion, SessionChange change, Instant now) {
        call(Op.CHANGE, sessionId);
        return delegate.change(sessionId, expectedVersion, change, now);
    }

    @Override
    public Optional<Session> revoke(String sessionId, String clientId, SessionStatus status, Instant now) {
        call(Op.REVOKE, sessionId);
        return delegate.revoke(sessionId, clientId, status, now);
    }

    @Override
    public List<Session> revokeClient(String clientId, SessionStatus status, Instant now) {
        call(Op.REVOKE_CLIENT, null);
        return delegate.revokeClient(clientId, status, now);
    }

    @Override
    public Optional<Session> find(String sessionId) {
        call(Op.FIND, sessionId);
        return delegate.find(sessionId);
    }

    @Override
    public List<Session> listByClient(String clientId) {
        call(Op.LIST_BY_CLIENT, null);
        return delegate.listByClient(clientId);
    }

    @Override
    public List<Session> listByUser(String userId) {
        call(Op.LIST_BY_USER, null);
        return delegate.listByUser(userId);
    }

    @Override
    public void addRevocationListener(RevocationListener listener) {
        listeners.add(listener);
        delegate.addRevocationListener(new RevocationListener() {
            @Override
            public void sessionsEnded(java.util.Set<String> sessionIds) {
                if (hearing) {
                    listener.sessionsEnded(sessionIds);
                }
            }

            @Override
            public void endedSessionsMayHaveBeenMissed() {
                listener.endedSessionsMayHaveBeenMissed();
            }
        });
    }

    /**
     * While false, sessions the delegate ends are not told to this store's listeners: what a
     * node whose broadcast subscription is down misses. Telling them
     * {@code endedSessionsMayHaveBeenMissed()} is then the caller's part (see {@link #revocationListeners()}).
     */
    public void setHearing(boolean hearing) {
        this.hearing = hearing;
    }
}
