package dev.multisession.core.token;

import java.util.Optional;

/**
 * The outcome of verifying one token: {@link Valid}, {@link Expired} (authentic, but only good
 * for a refresh through the session store) or {@link Rejected}.
 *
 * <pre>{@code
 * switch (verifier.verify(token)) {
 *     case Verification.Valid v -> use(v.claims());
 *     ...
 * }
 * }</pre>
 */
public sealed interface Verification {

    /** The claims when the token is valid now. */
    default Optional<SessionClaims> validClaims() {
        return this instanceof Valid v ? Optional.of(v.claims()) : Optional.empty();
    }

    /** Signature and every claim check passed, and the token is within its lifetime. */
    record Valid(SessionClaims claims) implements Verification {
    }

    /** Signature and every claim check passed, but {@code exp} (plus skew) has passed. */
    record Expired(SessionClaims claims) implements Verification {
    }

    /** Not accepted, for the given reason. */
    record Rejected(RejectionReason reason) implements Verification {
    }
}
