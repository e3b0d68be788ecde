package dev.multisession.servlet;

import dev.multisession.core.model.Organization;

import java.util.List;
import java.util.Optional;

/**
 * The app's answer to "which organizations does this user belong to, with which role?".
 * Consulted when a user switches organization, never on the hot path.
 *
 * <pre>{@code
 * public final class MyDirectory implements OrganizationDirectory {
 *     public List<Organization> memberships(String userId) { return repository.membershipsOf(userId); }
 * }
 * // register: context attribute OrganizationDirectory.class.getName(), or
 * // init parameter multisession.organization-directory=com.example.MyDirectory (public no-arg constructor)
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
