package dev.multisession.cdi.events;

import dev.multisession.core.model.Session;
import dev.multisession.core.model.User;

import java.util.Objects;

/**
 * Fired after a session was added to a browser ({@code Accounts.signIn}). Observers react
 * (audit, analytics, welcome mail); they cannot veto.
 *
 * <pre>{@code
 * void onSignIn(@Observes SignedInEvent e) {
 *     audit.log("sign-in", e.user().id(), e.session().index());
 * }
 * }</pre>
 *
 * @param session the new session
 * @param user    its user, enriched by the app's {@code UserDirectory} when there is one
 */
public record SignedInEvent(Session session, User user) {
    public SignedInEvent {
        Objects.requireNonNull(session, "session");
        Objects.requireNonNull(user, "user");
    }
}
