package dev.multisession.core.engine;

import dev.multisession.core.config.ConfigKeys;

/** Sign-in refused: the browser already holds the maximum number of signed-in sessions. */
public class TooManySessionsException extends RuntimeException {
    private static final long serialVersionUID = 1L;
    private final int limit;

    public TooManySessionsException(int limit) {
        super("This browser already has " + limit + " signed-in accounts (" + ConfigKeys.SESSIONS_MAX_PER_CLIENT + "="
                + limit + "). Sign out of one first, or set " + ConfigKeys.SESSIONS_EVICT_AT_CAP
                + "=true to replace the least recently active account.");
        this.limit = limit;
    }

    /** The configured maximum. */
    public int limit() {
        return limit;
    }
}
