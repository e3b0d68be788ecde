package dev.multisession.cdi.events;

import dev.multisession.core.model.Session;
import dev.multisession.core.model.User;

import java.util.Objects;

/**
 * Fired for each session signed out (the {@code /sign-out} endpoint; one event per session
 * when signing out all). The session's status is {@code ENDED}. Observers react; they cannot veto.
 *
 * <pre>{@code
 * void onSignOut(@Observes SignedOutEvent e) {
 *     drafts.discardFor(e.session().id());
 * }
 * }</pre>
 *
 * @param session the session that ended
 * @param user    its user
 */
public record SignedOutEvent(Session session, User user) {
    public SignedOutEvent {
        Objects.requireNonNull(session, "session");
        Objects.requireNonNull(user, "user");
    }
}
