package dev.multisession.core.engine;

/** Whether a request is signed in after selection. */
public enum AuthState {
    SIGNED_IN,
    SIGNED_OUT
}
