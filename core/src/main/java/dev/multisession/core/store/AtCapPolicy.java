package dev.multisession.core.store;

/** What a sign-in does when its browser already holds the per-browser cap of active sessions. */
public enum AtCapPolicy {
    /** Refuse the sign-in ({@link SignInOutcome.Refused}). */
    REFUSE,
    /** End the least recently active session (status {@code removed}) to make room. */
    EVICT_LEAST_RECENTLY_ACTIVE
}
