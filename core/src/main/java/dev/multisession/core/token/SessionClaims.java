package dev.multisession.core.token;

import dev.multisession.core.model.Actor;
import dev.multisession.core.model.Organization;
import dev.multisession.core.model.User;

import java.time.Instant;
import java.util.Optional;

/**
 * The verified content of a session token (docs/how-it-works.md: "Session token"): who, which session of which browser,
 * which organization, and when the token stops being valid.
 *
 * <pre>{@code
 * if (verifier.verify(token) instanceof Verification.Valid valid) {
 *     SessionClaims claims = valid.claims();
 *     String userId = claims.user().id();
 * }
 * }</pre>
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
        Optional<Actor> actor) {

    /** The user id ({@code sub}). */
    public String userId() {
        return user.id();
    }
}
