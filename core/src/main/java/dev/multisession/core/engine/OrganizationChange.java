package dev.multisession.core.engine;

import dev.multisession.core.model.Organization;

/**
 * What a switch does to the session's active organization: keep it, go to the personal
 * account, make an organization named by id or slug active (the engine asks the organization
 * directory), or make an organization the app already checked active.
 *
 * <pre>{@code
 * multiSession.switchTo(request, Optional.of("1"), OrganizationChange.to(acme));
 * }</pre>
 */
public sealed interface OrganizationChange {

    static OrganizationChange keep() {
        return new Keep();
    }

    static OrganizationChange personal() {
        return new Personal();
    }

    static OrganizationChange to(Organization organization) {
        return new To(organization);
    }

    /** Make the organization with this id or slug active, after the organization directory confirms the membership. */
    static OrganizationChange named(String idOrSlug) {
        return new Named(idOrSlug);
    }

    /** See {@link #named}. */
    record Named(String idOrSlug) implements OrganizationChange {
    }

    /** Leave the active organization as it is. */
    record Keep() implements OrganizationChange {
    }

    /** No active organization: the personal account. */
    record Personal() implements OrganizationChange {
    }

    /** Make this organization active. */
    record To(Organization organization) implements OrganizationChange {
    }
}
