package dev.multisession.servlet;

import dev.multisession.core.model.Organization;
import dev.multisession.core.token.SessionClaims;

import java.util.Optional;

/**
 * Told after the account state of a browser changed: a sign-in, a session switch, an
 * organization switch, a sign-out, a completed task. Listeners react (audit logs, analytics); they cannot veto.
 * A listener that throws is logged and ignored.
 *
 * <pre>{@code
 * MultiSessionRuntime.of(servletContext).addListener(new AccountListener() {
 *     public void signedIn(SessionClaims session) { audit.log("sign-in", session.userId()); }
 * });
 * }</pre>
 */
public interface AccountListener {

    /** A session was added to a browser. */
    default void signedIn(SessionClaims session) {
    }

    /** A browser made another of its sessions last-active. */
    default void switchedSession(SessionClaims from, SessionClaims to) {
    }

    /** A session's active organization changed (empty = personal account). */
    default void switchedOrganization(SessionClaims session, Optional<Organization> from, Optional<Organization> to) {
    }

    /** A session was signed out. */
    default void signedOut(SessionClaims session) {
    }

    /**
     * A pending session completed {@code task} ({@code Accounts.completeTask}, or an organization
     * switch for {@code choose-organization}); {@code session} is its new state (active, or pending
     * on the next task).
     */
    default void taskCompleted(SessionClaims session, String task) {
    }
}
