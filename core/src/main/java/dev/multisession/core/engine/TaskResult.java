package dev.multisession.core.engine;

import dev.multisession.core.model.Session;

import java.util.Optional;

/**
 * What completing a task did: the browser afterwards (the session chosen, signed in when no task
 * is left, else {@link AuthState#PENDING} on the next task), whether this call completed the task
 * (false when it was not the session's current task, e.g. another tab completed it first), and
 * the session as the store holds it now. The session's token was minted again from that state
 * either way: {@link AuthResult#cookieWrites()} carries it.
 *
 * <pre>{@code
 * TaskResult r = multiSession.completeTask(request, Optional.empty(), Tasks.RESET_PASSWORD);
 * if (r.nextTask().isPresent()) { redirectToTask(r.nextTask().get()); }
 * }</pre>
 */
public record TaskResult(AuthResult after, boolean completed, String task, Session session) {

    /** The session's task to finish next; empty when it is active. */
    public Optional<String> nextTask() {
        return session.currentTask();
    }
}
