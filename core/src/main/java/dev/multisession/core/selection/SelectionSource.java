package dev.multisession.core.selection;

/** Where a request's session choice came from (docs/how-it-works.md: "Which session a request gets"), in precedence order. */
public enum SelectionSource {
    /** {@code Authorization: Bearer <token>}. */
    BEARER(true),
    /** {@code X-Session-Id: <sessionId or index>}. */
    HEADER(true),
    /** {@code session_id=} or {@code authuser=} query parameter. */
    QUERY(true),
    /** The {@code /u/<index>/} path prefix (when enabled). */
    PATH_PREFIX(true),
    /** The client cookie's last-active session. */
    CLIENT_COOKIE(false),
    /** The most recently created signed-in session. */
    MOST_RECENT(false),
    /** Nothing to choose from. */
    NONE(false);

    private final boolean explicit;

    SelectionSource(boolean explicit) {
        this.explicit = explicit;
    }

    /** True for the request's own choices: when they miss, the request is signed out, never given another account. */
    public boolean isExplicit() {
        return explicit;
    }
}
