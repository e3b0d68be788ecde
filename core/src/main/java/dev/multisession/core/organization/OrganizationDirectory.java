package dev.multisession.core.organization;

import dev.multisession.core.model.Organization;

import java.util.List;
import java.util.Optional;

/**
 * The app's answer to "which organizations does this user belong to, with which role?".
 * Consulted when a user switches organization and, through a short-lived cache, each time an
 * active organization's token is refreshed (so a demotion or removal takes effect within one
 * token lifetime plus {@code multisession.organizations.membership-cache-ttl}); never on the hot path.
 *
 * <pre>{@code
 * public final class MyDirectory implements OrganizationDirectory {
 *     public List<Organization> memberships(String userId) { return repository.membershipsOf(userId); }
 * }
 * // register: MultiSession.builder(config).organizationDirectory(new MyDirectory()), or
 * // multisession.organization-directory=com.example.MyDirectory (public no-arg constructor), or
 * // in a CDI app, any bean implementing it
 * }</pre>
 */
public interface OrganizationDirectory {

    /** Every organization the user belongs to, each with the user's role and permissions in it. */
    List<Organization> memberships(String userId);

    /** The user's membership in the organization with this id or slug, if any. */
    default Optional<Organization> membership(String userId, String organizationIdOrSlug) {
        List<Organization> memberships = organizationIdOrSlug == null ? null : memberships(userId);
        if (memberships == null) {
            return Optional.empty();
        }
        return memberships.stream()
                .filter(o -> o.id().equals(organizationIdOrSlug) || o.slug().equals(organizationIdOrSlug))
                .findFirst();
    }
}
