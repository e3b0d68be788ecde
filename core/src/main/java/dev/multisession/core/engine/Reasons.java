package dev.multisession.core.engine;

/** Machine-readable reason codes the engine reports for a signed-out request (besides token rejections). */
public final class Reasons {
    private Reasons() {
    }

    /** The browser has no signed-in session. */
    public static final String NO_SESSION = "no_session";
    /** An explicit choice (header, query, path prefix) named no signed-in session of this browser. */
    public static final String SESSION_NOT_FOUND = "session_not_found";
    /** The store says the session ended, was revoked or expired. */
    public static final String SESSION_ENDED = "session_ended";
    /** The token expired and this node cannot refresh it (verifier mode): go to the issuer's refresh endpoint. */
    public static final String REFRESH_REQUIRED = "refresh_required";
    /** The chosen session is pending: its current task must be finished first. */
    public static final String SESSION_PENDING = "session_pending";
    /** The store could not be reached to refresh an expired token. */
    public static final String STORE_UNAVAILABLE = "store_unavailable";
}
