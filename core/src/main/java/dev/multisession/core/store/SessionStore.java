package dev.multisession.core.store;

import dev.multisession.core.model.Session;
import dev.multisession.core.model.SessionStatus;

import java.time.Instant;
import java.util.List;
import java.util.Optional;

/**
 * Where sessions live: the source of truth consulted when a token is refreshed, never on the
 * hot path. The default is {@link InMemorySessionStore}; a shared store (e.g. on Redis) lets
 * several nodes serve one app.
 *
 * <pre>{@code
 * SessionStore store = new InMemorySessionStore(config);
 * store.create(session);
 * store.revoke(session.id(), SessionStatus.REVOKED);
 * }</pre>
 *
 * <p>Implementations are thread-safe. A session past its lifetime is reported by
 * {@link #find} with status {@link SessionStatus#EXPIRED} or not at all.
 */
public interface SessionStore {

    /** Stores a new session. */
    void create(Session session);

    /** The session with this id, if the store still has it. */
    Optional<Session> find(String sessionId);

    /**
     * Records activity at {@code now}, but writes only when the stored last-active time is older
     * than the configured touch interval. Returns the session as stored afterwards.
     */
    Optional<Session> touch(String sessionId, Instant now);

    /** Replaces a stored session (e.g. a new active organization or index); no-op when unknown. */
    void update(Session session);

    /** Ends one session with the given final status; returns the session as it was, if known. */
    Optional<Session> revoke(String sessionId, SessionStatus status);

    /** Ends every active session of a browser; returns how many were ended. */
    int revokeByClient(String clientId, SessionStatus status);

    /** Every session of a browser the store still holds, oldest first. */
    List<Session> listByClient(String clientId);

    /** Every session of a user across browsers the store still holds, oldest first. */
    List<Session> listByUser(String userId);
}
