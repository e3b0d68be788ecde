package dev.multisession.core.model;

/** Lifecycle of a session, in Clerk's vocabulary. Only {@link #ACTIVE} is signed in. */
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
    REMOVED;

    /** The lower-case wire name, e.g. {@code active}. */
    public String wireName() {
        return name().toLowerCase(java.util.Locale.ROOT);
    }
}
