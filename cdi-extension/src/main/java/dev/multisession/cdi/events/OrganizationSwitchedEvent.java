package dev.multisession.cdi.events;

import dev.multisession.core.model.Organization;
import dev.multisession.core.model.Session;
import dev.multisession.core.model.User;

import java.util.Objects;
import java.util.Optional;

/**
 * Fired after a session's active organization changed (the {@code /switch} endpoint with an
 * {@code organization} parameter). Empty means the personal account. Observers react; they
 * cannot veto.
 *
 * <pre>{@code
 * void onOrganization(@Observes OrganizationSwitchedEvent e) {
 *     e.to().ifPresent(org -> recent.remember(e.user().id(), org.id()));
 * }
 * }</pre>
 *
 * @param session the session, already showing the new organization
 * @param user    its user
 * @param from    the organization before the switch
 * @param to      the organization after it
 */
public record OrganizationSwitchedEvent(Session session, User user, Optional<Organization> from,
                                        Optional<Organization> to) {
    public OrganizationSwitchedEvent {
        Objects.requireNonNull(session, "session");
        Objects.requireNonNull(user, "user");
        Objects.requireNonNull(from, "from");
        Objects.requireNonNull(to, "to");
    }
}
