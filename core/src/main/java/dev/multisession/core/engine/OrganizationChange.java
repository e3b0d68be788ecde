package dev.multisession.core.engine;

import dev.multisession.core.model.Organization;

/**
 * What a switch does to the session's active organization: keep it, go to the personal
 * account, or make an (already membership-checked) organization active.
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
