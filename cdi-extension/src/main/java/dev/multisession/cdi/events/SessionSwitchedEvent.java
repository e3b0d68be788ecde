package dev.multisession.cdi.events;

import dev.multisession.core.model.Session;
import dev.multisession.core.model.User;

import java.util.Objects;
import java.util.Optional;

/**
 * Fired after a browser made another of its sessions last-active (the {@code /switch}
 * endpoint). Observers react; they cannot veto.
 *
 * <pre>{@code
 * void onSwitch(@Observes SessionSwitchedEvent e) {
 *     log.info(e.from().map(Session::userId).orElse("-") + " -> " + e.user().id());
 * }
 * }</pre>
 *
 * @param from the session the request was using, empty when it had none
 * @param to   the session now last-active
 * @param user the user of {@code to}
 */
public record SessionSwitchedEvent(Optional<Session> from, Session to, User user) {
    public SessionSwitchedEvent {
        Objects.requireNonNull(from, "from");
        Objects.requireNonNull(to, "to");
        Objects.requireNonNull(user, "user");
    }
}
