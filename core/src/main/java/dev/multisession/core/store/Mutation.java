package dev.multisession.core.store;

import dev.multisession.core.model.Session;

import java.util.Optional;

/**
 * What {@link SessionStore#change} did, with the session as stored afterwards (when known).
 *
 * <pre>{@code
 * Mutation m = store.change(sid, version, change, now);
 * if (m.outcome() == Mutation.Outcome.STALE) { // decide again from m.session() }
 * }</pre>
 */
public record Mutation(Outcome outcome, Optional<Session> session) {

    public enum Outcome {
        /** Applied; {@link #session()} is the session afterwards. */
        APPLIED,
        /** The version was no longer the one named; nothing changed; {@link #session()} is the current session. */
        STALE,
        /** The session is not live (ended, expired, revoked, removed); nothing changed. */
        NOT_ACTIVE,
        /** The index asked for is held by another active session of the browser; nothing changed. */
        INDEX_TAKEN,
        /** No such session; nothing changed. */
        UNKNOWN,
        /** The task to complete is not the session's current task; nothing changed; {@link #session()} is the current session. */
        TASK_NOT_CURRENT,
        /** The session already holds {@code Tasks.MAX_TASKS} tasks; nothing changed. */
        TOO_MANY_TASKS
    }

    public static Mutation applied(Session after) {
        return new Mutation(Outcome.APPLIED, Optional.of(after));
    }

    public static Mutation of(Outcome outcome, Session current) {
        return new Mutation(outcome, Optional.ofNullable(current));
    }

    public boolean isApplied() {
        return outcome == Outcome.APPLIED;
    }
}
