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

import java.time.Instant;
import java.util.List;
import java.util.Optional;
import java.util.function.Supplier;

/**
 * The store decorator right around the configured store: whatever a store implementation throws
 * (a driver exception, a bug) reaches the engine as {@link StoreUnavailableException}, so a
 * failing store is answered 503 or "keep the valid token", never 500, and the
 * {@link CircuitBreakingStore} outside it counts it as an outage. Logs the failure's class, never
 * its message (a driver's message may quote a key or a value).
 */
final class GuardedStore implements SessionStore {
    private static final System.Logger LOG = System.getLogger(MultiSession.class.getName());
    private final SessionStore delegate;

    GuardedStore(SessionStore delegate) {
        this.delegate = delegate;
    }

    private <T> T guarded(String operation, Supplier<T> call) {
        try {
            return call.get();
        } catch (StoreUnavailableException e) {
            throw e;
        } catch (RuntimeException e) {
            LOG.log(System.Logger.Level.WARNING, "multisession: session store " + delegate.getClass().getName()
                    + " failed in " + operation + " with " + e.getClass().getName() + "; answered as store unavailable");
            throw new StoreUnavailableException("session store failed in " + operation + " (" + e.getClass().getName() + ")");
        }
    }

    @Override
    public SignInOutcome signIn(NewSession request) {
        return guarded("signIn", () -> delegate.signIn(request));
    }

    @Override
    public RefreshRead readForRefresh(String sessionId, String clientId, Instant now) {
        return guarded("readForRefresh", () -> delegate.readForRefresh(sessionId, clientId, now));
    }

    @Override
    public Mutation change(String sessionId, long expectedVersion, SessionChange change, Instant now) {
        return guarded("change", () -> delegate.change(sessionId, expectedVersion, change, now));
    }

    @Override
    public Optional<Session> revoke(String sessionId, String clientId, SessionStatus status, Instant now) {
        return guarded("revoke", () -> delegate.revoke(sessionId, clientId, status, now));
    }

    @Override
    public List<Session> revokeClient(String clientId, SessionStatus status, Instant now) {
        return guarded("revokeClient", () -> delegate.revokeClient(clientId, status, now));
    }

    @Override
    public Optional<Session> find(String sessionId) {
        return guarded("find", () -> delegate.find(sessionId));
    }

    @Override
    public List<Session> listByClient(String clientId) {
        return guarded("listByClient", () -> delegate.listByClient(clientId));
    }

    @Override
    public List<Session> listByUser(String userId) {
        return guarded("listByUser", () -> delegate.listByUser(userId));
    }

    @Override
    public void addRevocationListener(RevocationListener listener) {
        delegate.addRevocationListener(listener);
    }
}
