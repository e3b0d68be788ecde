package dev.multisession.servlet.rules;

import dev.multisession.core.token.SessionClaims;

/**
 * What a route demands of the request's session. {@link #isMetBy} fails closed: no session
 * meets anything but {@link Public}.
 */
public sealed interface Requirement {

    /** True when the session (null when signed out) satisfies this requirement. */
    boolean isMetBy(SessionClaims session);

    /** True when a signed-out request cannot meet it (so the answer is 401/redirect rather than 403). */
    default boolean needsSession() {
        return true;
    }

    /** Anyone, signed in or not. */
    record Public() implements Requirement {
        @Override
        public boolean isMetBy(SessionClaims session) {
            return true;
        }

        @Override
        public boolean needsSession() {
            return false;
        }
    }

    /** Any signed-in session. */
    record SignedIn() implements Requirement {
        @Override
        public boolean isMetBy(SessionClaims session) {
            return session != null;
        }
    }

    /** A session with an active organization. */
    record OrganizationRequired() implements Requirement {
        @Override
        public boolean isMetBy(SessionClaims session) {
            return session != null && session.organization().isPresent();
        }
    }

    /** The active organization's role is exactly this. */
    record Role(String role) implements Requirement {
        @Override
        public boolean isMetBy(SessionClaims session) {
            return session != null && session.organization().map(o -> role.equals(o.role())).orElse(false);
        }
    }

    /** The active organization grants this permission. */
    record Permission(String permission) implements Requirement {
        @Override
        public boolean isMetBy(SessionClaims session) {
            return session != null && session.organization().map(o -> o.permissions().contains(permission)).orElse(false);
        }
    }
}
