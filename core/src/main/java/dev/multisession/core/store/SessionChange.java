package dev.multisession.core.store;

import dev.multisession.core.model.Organization;

import java.util.Objects;
import java.util.Optional;

/**
 * A change {@link SessionStore#change} applies to one active session.
 *
 * <pre>{@code
 * store.change(sid, version, SessionChange.organization(Optional.of(acme)), now);
 * store.change(sid, SessionStore.ANY_VERSION, SessionChange.touch(), now);
 * }</pre>
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
}
