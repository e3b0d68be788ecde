package dev.multisession.core.model;

import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Optional;

/** The value implementation of {@link Session}. */
record ImmutableSession(String id, int index, String clientId, User user, SessionStatus status, Instant createdAt,
                        Instant lastActiveAt, Instant expiresAt, Optional<Duration> inactivityTimeout,
                        Optional<Organization> activeOrganization, Optional<Actor> actor, long version,
                        List<String> tasks)
        implements Session {
}
