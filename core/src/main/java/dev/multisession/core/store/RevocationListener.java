package dev.multisession.core.store;

import java.util.Set;

/**
 * Told which sessions ended (signed out, revoked, evicted), so every node can stop honouring
 * their still-unexpired tokens at once instead of after one token lifetime. The engine
 * registers one that drops the sessions from its verified-token cache.
 *
 * <pre>{@code
 * store.addRevocationListener(ids -> log("ended: " + ids.size()));
 * }</pre>
 *
 * <p>Called on the thread that ended the sessions (or the store's notification thread); must
 * be quick and must not throw.
 */
@FunctionalInterface
public interface RevocationListener {
    void sessionsEnded(Set<String> sessionIds);

    /**
     * The store may have missed telling this node of ended sessions (e.g. its broadcast
     * subscription was lost and is being restored). The engine forgets every verified token and
     * reads each session whose token was issued until now from the store once before that
     * token is used again (one signature check and one store read per session, once), so a
     * session ended in the gap is refused at its next request, not only when its token expires.
     */
    default void endedSessionsMayHaveBeenMissed() {
    }
}
