package dev.multisession.core.engine;

/**
 * A switch or sign-out named a session that is not a signed-in session of this browser.
 * Maps to 400 at the HTTP layer; the message holds no identifier.
 */
public class UnknownSessionException extends RuntimeException {
    private static final long serialVersionUID = 1L;

    public UnknownSessionException() {
        super("The session named by session_id / index is not signed in on this browser.");
    }
}
