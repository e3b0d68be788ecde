package dev.multisession.core.store;

import dev.multisession.core.model.Session;
import dev.multisession.core.token.SessionClaims;

import java.util.Collection;
import java.util.Comparator;
import java.util.Optional;
import java.util.Set;

/**
 * The session rules every store and the engine share, as pure functions: which index a new
 * session gets, which session the cap evicts, which session becomes active when the active one
 * signs out. A store that runs them elsewhere (a Redis script) mirrors exactly these.
 *
 * <pre>{@code
 * int index = SessionPolicy.indexFor(5, Set.of(0, 2), Set.of(1), OptionalInt.empty());  // 3
 * }</pre>
 */
public final class SessionPolicy {

    /** Lowest index first; on a tie (never among active sessions of one browser) the older session first. */
    public static final Comparator<SessionClaims> BY_INDEX_THEN_AGE =
            Comparator.comparingInt(SessionClaims::index).thenComparing(SessionClaims::sessionId);

    /** Least recently active first; on a tie the older session first. */
    public static final Comparator<Session> BY_LAST_ACTIVE_THEN_AGE =
            Comparator.comparing(Session::lastActiveAt).thenComparing(Session::id);

    private SessionPolicy() {
    }

    /**
     * The index of a new session: {@code preferred} (the index of the same user's session it
     * replaces) when free; else the lowest index under the cap that no active session holds and
     * that no recently ended session of the browser held (so a tab still showing a signed-out
     * account's number does not land on a stranger); else the lowest index no active session holds.
     *
     * @param cap           the per-browser cap
     * @param active        indexes of the browser's active sessions (after ending replaced or evicted ones)
     * @param recentlyEnded indexes of the browser's ended sessions the store still retains
     * @param preferred     the replaced session's index, or -1
     */
    public static int indexFor(int cap, Set<Integer> active, Set<Integer> recentlyEnded, int preferred) {
        if (preferred >= 0 && !active.contains(preferred)) {
            return preferred;
        }
        for (int i = 0; i < cap; i++) {
            if (!active.contains(i) && !recentlyEnded.contains(i)) {
                return i;
            }
        }
        int i = 0;
        while (active.contains(i)) {
            i++;
        }
        return i;
    }

    /** The session the cap evicts: the least recently active, the older on a tie. */
    public static Optional<Session> evictionVictim(Collection<Session> active) {
        return active.stream().min(BY_LAST_ACTIVE_THEN_AGE);
    }

    /** The session that becomes active when none is named: lowest index, the older on a tie. */
    public static Optional<SessionClaims> nextActive(Collection<SessionClaims> sessions) {
        SessionClaims next = null;
        for (SessionClaims s : sessions) {
            if (next == null || BY_INDEX_THEN_AGE.compare(s, next) < 0) {
                next = s;
            }
        }
        return Optional.ofNullable(next);
    }
}
