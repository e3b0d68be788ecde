package dev.multisession.core.engine;

import dev.multisession.core.model.Session;
import dev.multisession.core.model.SessionStatus;
import dev.multisession.core.store.SessionStore;

import java.time.Instant;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.atomic.AtomicInteger;

/** A store decorator counting every call, to prove what the hot path does not do. */
final class CountingStore implements SessionStore {
    final SessionStore delegate;
    final AtomicInteger calls = new AtomicInteger();
    final AtomicInteger finds = new AtomicInteger();
    volatile boolean failing;

    CountingStore(SessionStore delegate) {
        this.delegate = delegate;
    }

    private void count() {
        calls.incrementAndGet();
        if (failing) {
            throw new IllegalStateException("store down");
        }
    }

    @Override
    public void create(Session session) {
        count();
        delegate.create(session);
    }

    @Override
    public Optional<Session> find(String sessionId) {
        count();
        finds.incrementAndGet();
        return delegate.find(sessionId);
    }

    @Override
    public Optional<Session> touch(String sessionId, Instant now) {
        count();
        return delegate.touch(sessionId, now);
    }

    @Override
    public void update(Session session) {
        count();
        delegate.update(session);
    }

    @Override
    public Optional<Session> revoke(String sessionId, SessionStatus status) {
        count();
        return delegate.revoke(sessionId, status);
    }

    @Override
    public int revokeByClient(String clientId, SessionStatus status) {
        count();
        return delegate.revokeByClient(clientId, status);
    }

    @Override
    public List<Session> listByClient(String clientId) {
        count();
        return delegate.listByClient(clientId);
    }

    @Override
    public List<Session> listByUser(String userId) {
        count();
        return delegate.listByUser(userId);
    }
}
