package dev.multisession.cdi;

import dev.multisession.core.config.MultiSessionConfig;
import dev.multisession.core.model.Actor;
import dev.multisession.core.model.Ids;
import dev.multisession.core.model.Organization;
import dev.multisession.core.model.Session;
import dev.multisession.core.model.SessionStatus;
import dev.multisession.core.model.User;
import dev.multisession.core.token.SessionClaims;

import java.time.Duration;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.List;
import java.util.Optional;

/**
 * Builds the {@link Session} the CDI layer hands out from a verified token, without touching
 * the session store:
 *
 * <ul>
 *   <li>{@code createdAt}: the 48-bit millisecond prefix of the time-ordered session id
 *       (Crockford base32, ULID layout), exact to the millisecond; the token's {@code iat}
 *       when the id cannot be read or claims a time after the token's (whole-second) {@code iat};</li>
 *   <li>{@code lastActiveAt}: the token's {@code iat}, i.e. when the session was last signed in
 *       or refreshed (so exact to within one token lifetime), never before {@code createdAt};</li>
 *   <li>{@code expiresAt}: {@code createdAt} plus {@code multisession.session.lifetime}, the
 *       absolute end the store enforces; the store may end the session sooner (sign-out,
 *       revocation, inactivity), which shows within one token lifetime;</li>
 *   <li>{@code inactivityTimeout}: {@code multisession.session.inactivity-timeout};</li>
 *   <li>status {@code ACTIVE} or {@code PENDING} as its token says, {@code ENDED} for sign-out events;</li>
 *   <li>tasks: a pending session's current task only (the token carries no other).</li>
 * </ul>
 */
final class SessionValues {
    private static final String CROCKFORD = "0123456789ABCDEFGHJKMNPQRSTVWXYZ";

    private SessionValues() {
    }

    static Session of(SessionClaims claims, User user, Optional<Organization> organization, MultiSessionConfig config,
                      SessionStatus status) {
        Instant issued = claims.issuedAt();
        Instant created = createdAt(claims.sessionId())
                .filter(c -> !c.truncatedTo(ChronoUnit.SECONDS).isAfter(issued))
                .orElse(issued);
        Instant lastActive = issued.isBefore(created) ? created : issued;
        return new TokenSession(claims.sessionId(), claims.index(), claims.clientId(), user, status, created,
                lastActive, created.plus(config.sessionLifetime()), config.inactivityTimeout(), organization,
                claims.actor(), claims.task().map(List::of).orElse(List.of()));
    }

    /** The creation time encoded in a {@code sess_} id's first 10 characters, if it is well formed. */
    static Optional<Instant> createdAt(String sessionId) {
        if (!Ids.isSessionId(sessionId)) {
            return Optional.empty();
        }
        String time = sessionId.substring(Ids.SESSION_PREFIX.length(), Ids.SESSION_PREFIX.length() + 10);
        long millis = 0;
        for (int i = 0; i < time.length(); i++) {
            millis = (millis << 5) | CROCKFORD.indexOf(time.charAt(i));
        }
        return millis >= (1L << 48) ? Optional.empty() : Optional.of(Instant.ofEpochMilli(millis));
    }

    /** The value behind an injected {@code Session}: immutable, built once per request. */
    private record TokenSession(String id, int index, String clientId, User user, SessionStatus status,
                                Instant createdAt, Instant lastActiveAt, Instant expiresAt,
                                Optional<Duration> inactivityTimeout, Optional<Organization> activeOrganization,
                                Optional<Actor> actor, List<String> tasks) implements Session {
        /** A session seen through its token: the store's change counter is not part of the token. */
        @Override
        public long version() {
            return 0;
        }
    }
}
