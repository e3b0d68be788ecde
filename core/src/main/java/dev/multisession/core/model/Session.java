package dev.multisession.core.model;

import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Objects;
import java.util.Optional;

/**
 * One signed-in account of one browser: what the session store keeps and what the session
 * token is minted from.
 *
 * <pre>{@code
 * Session s = Session.builder()
 *     .id(Ids.newSessionId(clock)).index(0).clientId(clientId)
 *     .user(User.of("user_42"))
 *     .createdAt(now).lastActiveAt(now).expiresAt(now.plus(Duration.ofDays(7)))
 *     .build();
 * Session ended = s.toBuilder().status(SessionStatus.ENDED).build();
 * Session pending = s.toBuilder().tasks(List.of(Tasks.CHOOSE_ORGANIZATION)).build();   // status PENDING
 * }</pre>
 *
 * <p>The {@link #index()} is the {@code authuser} number: chosen at sign-in as the lowest
 * index not held by another signed-in session of the browser, and stable while the session
 * lives.
 */
public interface Session {

    /** {@code sess_} followed by 26 time-ordered characters. */
    String id();

    /** The stable {@code authuser} index, 0 or more. */
    int index();

    /** The browser this session belongs to, {@code client_…}. */
    String clientId();

    /** The signed-in user, with the profile that tokens carry. */
    User user();

    /** Shortcut for {@code user().id()}. */
    default String userId() {
        return user().id();
    }

    SessionStatus status();

    Instant createdAt();

    Instant lastActiveAt();

    /** Absolute end of the session's life. */
    Instant expiresAt();

    /** When present, the session expires after this long without activity. */
    Optional<Duration> inactivityTimeout();

    /** The active organization; empty means the personal account. */
    Optional<Organization> activeOrganization();

    /** The impersonator, when this session is an impersonation. */
    Optional<Actor> actor();

    /**
     * The tasks left before the app opens to this session, in order ({@link Tasks}); empty for an
     * active session. A live session with tasks is {@link SessionStatus#PENDING}.
     */
    default List<String> tasks() {
        return List.of();
    }

    /** The task to finish now: the first of {@link #tasks()}; empty when none is left. */
    default Optional<String> currentTask() {
        List<String> tasks = tasks();
        return tasks.isEmpty() ? Optional.empty() : Optional.of(tasks.get(0));
    }

    /** True when this session is {@link SessionStatus#PENDING}: signed in, with a task to finish first. */
    default boolean isPending() {
        return status() == SessionStatus.PENDING;
    }

    /**
     * The store's change counter: 0 when created, one more on each change of what a token
     * carries (organization, index, status). Conditional store changes name the version they
     * were decided on; recording activity does not count as a change.
     */
    long version();

    /**
     * True when this session lives at {@code now}: {@link SessionStatus#ACTIVE} or
     * {@link SessionStatus#PENDING} (a pending session is signed in for the store: it holds its
     * index, counts toward the cap, can be refreshed, changed and ended), and neither lifetime has
     * run out.
     */
    default boolean isActiveAt(Instant now) {
        if (!status().isLive() || !now.isBefore(expiresAt())) {
            return false;
        }
        return inactivityTimeout().map(t -> now.isBefore(lastActiveAt().plus(t))).orElse(true);
    }

    /** A builder holding this session's values, to derive a changed copy. */
    default Builder toBuilder() {
        return new Builder()
                .id(id()).index(index()).clientId(clientId()).user(user()).status(status())
                .createdAt(createdAt()).lastActiveAt(lastActiveAt()).expiresAt(expiresAt())
                .inactivityTimeout(inactivityTimeout().orElse(null))
                .activeOrganization(activeOrganization().orElse(null))
                .actor(actor().orElse(null))
                .tasks(tasks())
                .version(version());
    }

    static Builder builder() {
        return new Builder();
    }

    /** Builds immutable {@link Session}s; every field but the optional ones is required. */
    final class Builder {
        private String id;
        private int index;
        private String clientId;
        private User user;
        private SessionStatus status = SessionStatus.ACTIVE;
        private Instant createdAt;
        private Instant lastActiveAt;
        private Instant expiresAt;
        private Duration inactivityTimeout;
        private Organization activeOrganization;
        private Actor actor;
        private long version;
        private List<String> tasks = List.of();

        private Builder() {
        }

        public Builder id(String id) {
            this.id = id;
            return this;
        }

        public Builder index(int index) {
            this.index = index;
            return this;
        }

        public Builder clientId(String clientId) {
            this.clientId = clientId;
            return this;
        }

        public Builder user(User user) {
            this.user = user;
            return this;
        }

        public Builder status(SessionStatus status) {
            this.status = status;
            return this;
        }

        public Builder createdAt(Instant createdAt) {
            this.createdAt = createdAt;
            return this;
        }

        public Builder lastActiveAt(Instant lastActiveAt) {
            this.lastActiveAt = lastActiveAt;
            return this;
        }

        public Builder expiresAt(Instant expiresAt) {
            this.expiresAt = expiresAt;
            return this;
        }

        public Builder inactivityTimeout(Duration inactivityTimeout) {
            this.inactivityTimeout = inactivityTimeout;
            return this;
        }

        public Builder activeOrganization(Organization activeOrganization) {
            this.activeOrganization = activeOrganization;
            return this;
        }

        public Builder actor(Actor actor) {
            this.actor = actor;
            return this;
        }

        /**
         * The tasks left, in order (see {@link Tasks}). A live session's status follows them:
         * {@link SessionStatus#PENDING} with tasks, {@link SessionStatus#ACTIVE} without; a final
         * status is kept as it is.
         */
        public Builder tasks(List<String> tasks) {
            this.tasks = tasks == null ? List.of() : tasks;
            return this;
        }

        public Builder version(long version) {
            this.version = version;
            return this;
        }

        public Session build() {
            if (!Ids.isSessionId(id)) {
                throw new IllegalArgumentException("Session id must look like sess_<26 chars>, got a malformed id");
            }
            if (!Ids.isClientId(clientId)) {
                throw new IllegalArgumentException("Session client id must look like client_<26 chars>");
            }
            if (version < 0) {
                throw new IllegalArgumentException("Session version must be 0 or more, got " + version);
            }
            if (index < 0) {
                throw new IllegalArgumentException("Session index must be 0 or more, got " + index);
            }
            Objects.requireNonNull(user, "session user");
            Objects.requireNonNull(status, "session status");
            Objects.requireNonNull(createdAt, "session createdAt");
            Objects.requireNonNull(expiresAt, "session expiresAt");
            List<String> checkedTasks = Tasks.checked(tasks);
            SessionStatus effective = !status.isLive() ? status
                    : checkedTasks.isEmpty() ? SessionStatus.ACTIVE : SessionStatus.PENDING;
            return new ImmutableSession(id, index, clientId, user, effective, createdAt,
                    lastActiveAt == null ? createdAt : lastActiveAt, expiresAt,
                    Optional.ofNullable(inactivityTimeout), Optional.ofNullable(activeOrganization),
                    Optional.ofNullable(actor), version, checkedTasks);
        }
    }
}
