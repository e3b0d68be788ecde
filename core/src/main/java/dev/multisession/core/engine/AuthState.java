package dev.multisession.core.engine;

/** Whether a request is signed in after selection. */
public enum AuthState {
    SIGNED_IN,
    SIGNED_OUT,
    /**
     * The chosen session is pending (a task to finish first): signed out for every purpose but
     * its task's page and the helper endpoints; {@link AuthResult#pendingSession()} holds it.
     */
    PENDING
}
