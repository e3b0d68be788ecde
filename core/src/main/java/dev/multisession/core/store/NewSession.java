package dev.multisession.core.store;

import dev.multisession.core.model.Session;

import java.util.Objects;

/**
 * A sign-in for {@link SessionStore#signIn}: the session to add (its index and version are
 * chosen by the store) and the rules to apply atomically with it.
 *
 * <pre>{@code
 * NewSession request = NewSession.of(session, config.maxSessionsPerClient(), AtCapPolicy.REFUSE);
 * }</pre>
 *
 * @param session         the session to create, status active, or pending when it holds tasks (kept as given)
 * @param cap             the most active sessions its browser may hold, 1 or more
 * @param atCap           what to do when the browser is at the cap
 * @param replaceSameUser end the same user's active session of this browser first (its index is then reused)
 */
public record NewSession(Session session, int cap, AtCapPolicy atCap, boolean replaceSameUser) {
    public NewSession {
        Objects.requireNonNull(session, "session");
        Objects.requireNonNull(atCap, "atCap");
        if (cap < 1) {
            throw new IllegalArgumentException("cap must be 1 or more, got " + cap);
        }
    }

    /** A sign-in that replaces the same user's session of this browser. */
    public static NewSession of(Session session, int cap, AtCapPolicy atCap) {
        return new NewSession(session, cap, atCap, true);
    }
}
