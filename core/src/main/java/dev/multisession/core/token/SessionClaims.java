package dev.multisession.core.token;

import dev.multisession.core.clerk.ClerkClaims;
import dev.multisession.core.model.Actor;
import dev.multisession.core.model.Organization;
import dev.multisession.core.model.SessionStatus;
import dev.multisession.core.model.User;

import java.time.Instant;
import java.util.Optional;

/**
 * The verified content of a session token (docs/how-it-works.md: "Session token"): who, which session of which browser,
 * which organization, whether a task is left (a pending session), and when the token stops being valid.
 *
 * <pre>{@code
 * if (verifier.verify(token) instanceof Verification.Valid valid) {
 *     SessionClaims claims = valid.claims();
 *     String userId = claims.user().id();
 * }
 * }</pre>
 *
 * <p>In the clerk profile ({@code multisession.token.profile=clerk}) the client id is empty and the
 * index 0 (a Clerk session token names neither), and {@link #clerk()} holds what else Clerk's token says.
 */
public record SessionClaims(
        String issuer,
        User user,
        String sessionId,
        String clientId,
        int index,
        Optional<String> authorizedParty,
        Instant issuedAt,
        Optional<Instant> notBefore,
        Instant expiresAt,
        Optional<Organization> organization,
        Optional<Actor> actor,
        Optional<String> task,
        Optional<ClerkClaims> clerk) {

    public SessionClaims {
        task = task == null ? Optional.empty() : task;
        clerk = clerk == null ? Optional.empty() : clerk;
    }

    /** Claims of an active session of this library's own token (no task left, no Clerk claims). */
    public SessionClaims(String issuer, User user, String sessionId, String clientId, int index,
                         Optional<String> authorizedParty, Instant issuedAt, Optional<Instant> notBefore,
                         Instant expiresAt, Optional<Organization> organization, Optional<Actor> actor) {
        this(issuer, user, sessionId, clientId, index, authorizedParty, issuedAt, notBefore, expiresAt, organization,
                actor, Optional.empty(), Optional.empty());
    }

    /** The user id ({@code sub}). */
    public String userId() {
        return user.id();
    }

    /**
     * True when the session is pending ({@code sts: "pending"}): signed in, with {@link #task()}
     * to finish before the app opens to it.
     */
    public boolean isPending() {
        return task.isPresent();
    }

    /** {@link SessionStatus#PENDING} when a task is left, else {@link SessionStatus#ACTIVE}. */
    public SessionStatus status() {
        return task.isPresent() ? SessionStatus.PENDING : SessionStatus.ACTIVE;
    }
}
