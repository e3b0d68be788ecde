package dev.multisession.cdi;

import dev.multisession.core.model.Session;

import java.util.Optional;

/**
 * The request's session tasks, for a task's page: which task this tab's session must finish, and
 * completing it. Request-scoped; never throws for a signed-out request but in {@link #complete}.
 * A pending session counts as signed out everywhere else ({@code @Inject Session} throws, the guard
 * interceptors refuse it), so this is how a task's page reaches it wherever it is.
 *
 * <pre>{@code
 * @Inject SessionTasks tasks;
 *
 * if (tasks.current().filter(Tasks.RESET_PASSWORD::equals).isPresent() && passwords.reset(form)) {
 *     tasks.complete(Tasks.RESET_PASSWORD);     // the new token goes out with this response
 *     response.sendRedirect(Accounts.link(request, "/"));
 * }
 * }</pre>
 */
public interface SessionTasks {

    /** The request's chosen session when it is pending (a task to finish first). */
    Optional<Session> pendingSession();

    /** The task the request's chosen session must finish now; empty when it is not pending. */
    default Optional<String> current() {
        return pendingSession().flatMap(Session::currentTask);
    }

    /**
     * Completes {@code task} for the request's chosen session when it is its current task, and
     * sends the session's new token with this response (call it before the response body begins).
     *
     * @return true when this call completed it; false when it was not the current task (another tab first)
     * @throws dev.multisession.servlet.NotSignedInException when the request has no session
     */
    boolean complete(String task);
}
