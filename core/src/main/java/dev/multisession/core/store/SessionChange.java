package dev.multisession.core.store;

import dev.multisession.core.model.Organization;
import dev.multisession.core.model.Tasks;

import java.util.Objects;
import java.util.Optional;

/**
 * A change {@link SessionStore#change} applies to one active session.
 *
 * <pre>{@code
 * store.change(sid, version, SessionChange.organization(Optional.of(acme)), now);
 * store.change(sid, SessionStore.ANY_VERSION, SessionChange.touch(), now);
 * store.change(sid, SessionStore.ANY_VERSION, SessionChange.addTask(Tasks.RESET_PASSWORD), now);   // now pending
 * store.change(sid, SessionStore.ANY_VERSION, SessionChange.completeTask(Tasks.RESET_PASSWORD), now);
 * }</pre>
 *
 * <p>The task changes apply to a live session, pending or active, like every change.
 */
public sealed interface SessionChange {

    /** Makes {@code organization} active; empty means the personal account. A version change; also records activity at {@code now}. */
    static SessionChange organization(Optional<Organization> organization) {
        return new ActiveOrganization(organization);
    }

    /** Moves the session to another index, only when no other active session of its browser holds it. A version change. */
    static SessionChange index(int index) {
        return new Index(index);
    }

    /** Records activity at {@code now} (written unconditionally, never moves last-active back). Not a version change. */
    static SessionChange touch() {
        return new Touch();
    }

    /**
     * Makes {@code organization} active and, when the session's current task is
     * {@link Tasks#CHOOSE_ORGANIZATION}, completes that task in the same step (a user's switch;
     * a refresh's membership update uses {@link #organization}). A version change; records activity.
     */
    static SessionChange chooseOrganization(Organization organization) {
        return new ChooseOrganization(organization);
    }

    /**
     * Adds {@code task} after the session's other tasks, making it {@code PENDING}; a task it
     * already holds is left where it is (applied, no version change). A version change otherwise.
     * Refused ({@link Mutation.Outcome#TOO_MANY_TASKS}) when the session holds {@link Tasks#MAX_TASKS}.
     */
    static SessionChange addTask(String task) {
        return new AddTask(task);
    }

    /**
     * Completes {@code task} only when it is the session's current task (the first): two tabs
     * completing one task at once complete it once, and no task is ever skipped. The session is
     * {@code ACTIVE} again when no task is left. A version change; otherwise
     * {@link Mutation.Outcome#TASK_NOT_CURRENT} and nothing changes.
     */
    static SessionChange completeTask(String task) {
        return new CompleteTask(task);
    }

    /** See {@link #organization}. */
    record ActiveOrganization(Optional<Organization> organization) implements SessionChange {
        public ActiveOrganization {
            Objects.requireNonNull(organization, "organization");
        }
    }

    /** See {@link #index}. */
    record Index(int index) implements SessionChange {
        public Index {
            if (index < 0) {
                throw new IllegalArgumentException("index must be 0 or more, got " + index);
            }
        }
    }

    /** See {@link #touch}. */
    record Touch() implements SessionChange {
    }

    /** See {@link #chooseOrganization}. */
    record ChooseOrganization(Organization organization) implements SessionChange {
        public ChooseOrganization {
            Objects.requireNonNull(organization, "organization");
        }
    }

    /** See {@link #addTask}. */
    record AddTask(String task) implements SessionChange {
        public AddTask {
            Tasks.requireKey(task);
        }
    }

    /** See {@link #completeTask}. */
    record CompleteTask(String task) implements SessionChange {
        public CompleteTask {
            Tasks.requireKey(task);
        }
    }
}
