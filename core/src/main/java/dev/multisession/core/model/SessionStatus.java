package dev.multisession.core.model;

/**
 * Lifecycle of a session, in Clerk's vocabulary. {@link #ACTIVE} is signed in; {@link #PENDING}
 * is signed in with a step left to finish (its {@link Session#tasks() tasks}), and counts as
 * signed out everywhere but that step's page and the helper endpoints. The other statuses are
 * final.
 */
public enum SessionStatus {
    /** Signed in. */
    ACTIVE,
    /** Ended by the user signing out. */
    ENDED,
    /** Past its absolute lifetime or its inactivity timeout. */
    EXPIRED,
    /** Revoked by the app or an administrator. */
    REVOKED,
    /** Removed to make room (evicted at the per-browser session cap). */
    REMOVED,
    /** Signed in, but a task (choose an organization, reset the password, …) must be finished first. */
    PENDING;

    /** The lower-case wire name, e.g. {@code active}. */
    public String wireName() {
        return name().toLowerCase(java.util.Locale.ROOT);
    }

    /**
     * True for {@link #ACTIVE} and {@link #PENDING}: the session lives (it holds its index, counts
     * toward the cap, is refreshed, changed and ended like any signed-in session).
     */
    public boolean isLive() {
        return this == ACTIVE || this == PENDING;
    }
}
