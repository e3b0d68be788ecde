package dev.multisession.servlet.testing;

import dev.multisession.core.model.Session;
import dev.multisession.core.model.SessionStatus;
import dev.multisession.core.store.SessionStore;

import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.AtomicInteger;

/**
 * A {@link SessionStore} that delegates every call and counts {@link #find} calls per session
 * id, so a test can see how often the engine went to the store.
 *
 * <pre>{@code
 * CountingSessionStore[] counting = new CountingSessionStore[1];
 * TestApp app = TestApp.builder().storeDecorator(s -> counting[0] = new CountingSessionStore(s)).start();
 * int finds = counting[0].finds(sessionId);
 * }</pre>
 */
public final class CountingSessionStore implements SessionStore {
    private final SessionStore delegate;
    private final Map<String, AtomicInteger> finds = new ConcurrentHashMap<>();

    public CountingSessionStore(SessionStore delegate) {
        this.delegate = delegate;
    }

    /** How many times {@link #find} was called for this session id. */
    public int finds(String sessionId) {
        AtomicInteger n = finds.get(sessionId);
        return n == null ? 0 : n.get();
    }

    @Override
    public void create(Session session) {
        delegate.create(session);
    }

    @Override
    public Optional<Session> find(String sessionId) {
        finds.computeIfAbsent(sessionId, k -> new AtomicInteger()).incrementAndGet();
        return delegate.find(sessionId);
    }

    @Override
    public Optional<Session> touch(String sessionId, Instant now) {
        return delegate.touch(sessionId, now);
    }

    @Override
    public void update(Session session) {
        delegate.update(session);
    }

    @Override
    public Optional<Session> revoke(String sessionId, SessionStatus status) {
        return delegate.revoke(sessionId, status);
    }

    @Override
    public int revokeByClient(String clientId, SessionStatus status) {
        return delegate.revokeByClient(clientId, status);
    }

    @Override
    public List<Session> listByClient(String clientId) {
        return delegate.listByClient(clientId);
    }

    @Override
    public List<Session> listByUser(String userId) {
        return delegate.listByUser(userId);
    }
}
