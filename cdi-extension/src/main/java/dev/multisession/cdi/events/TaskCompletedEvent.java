package dev.multisession.cdi.events;

import dev.multisession.core.model.Session;
import dev.multisession.core.model.User;

import java.util.Objects;

/**
 * Fired after a pending session completed a task ({@code Accounts.completeTask},
 * {@code SessionTasks.complete}, or an organization switch for {@code choose-organization}).
 * Observers react (audit, a welcome mail once set-up is done); they cannot veto.
 *
 * <pre>{@code
 * void onTask(@Observes TaskCompletedEvent e) {
 *     audit.log("task " + e.task(), e.user().id(), e.session().status());   // ACTIVE once the last task is done
 * }
 * }</pre>
 *
 * @param session the session afterwards: active, or pending on its next task
 * @param user    its user, enriched by the app's {@code UserDirectory} when there is one
 * @param task    the task completed, e.g. {@code reset-password}
 */
public record TaskCompletedEvent(Session session, User user, String task) {
    public TaskCompletedEvent {
        Objects.requireNonNull(session, "session");
        Objects.requireNonNull(user, "user");
        Objects.requireNonNull(task, "task");
    }
}
