package dev.multisession.core.store;

import dev.multisession.core.model.Session;

import java.util.Optional;

/**
 * The answer of {@link SessionStore#readForRefresh}: the session, or why there is none to refresh.
 *
 * <pre>{@code
 * if (store.readForRefresh(sid, cid, now) instanceof RefreshRead.Active a) { mint(a.session()); }
 * }</pre>
 */
public sealed interface RefreshRead {

    /** The session, when it is {@link Active}. */
    default Optional<Session> activeSession() {
        return this instanceof Active a ? Optional.of(a.session()) : Optional.empty();
    }

    /** Live (active or pending) at the time asked, activity recorded. */
    record Active(Session session) implements RefreshRead {
    }

    /** Not refreshable. */
    record Gone(Why why) implements RefreshRead {
    }

    /** Why a session cannot be refreshed. */
    enum Why {
        /** Signed out ({@code ended}) or evicted at the cap ({@code removed}). */
        ENDED,
        /** Past its absolute lifetime or its inactivity timeout. */
        EXPIRED,
        /** Revoked by the app or an administrator. */
        REVOKED,
        /** Not in the store, or not this browser's session. */
        UNKNOWN;

        /** Why a session that is not active (at the time asked) with this stored status cannot be refreshed. */
        public static Why of(dev.multisession.core.model.SessionStatus status) {
            return switch (status) {
                case ACTIVE, PENDING, EXPIRED -> EXPIRED; // a live one past a lifetime
                case ENDED, REMOVED -> ENDED;
                case REVOKED -> REVOKED;
            };
        }
    }
}
