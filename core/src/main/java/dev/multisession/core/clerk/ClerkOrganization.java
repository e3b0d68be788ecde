package dev.multisession.core.clerk;

import dev.multisession.core.model.Organization;

import java.util.Collections;
import java.util.LinkedHashSet;
import java.util.Set;

/**
 * An organization as a Clerk session token names it. Clerk's token may leave out the slug or the
 * role: they are then the empty string, and an empty role matches no role
 * ({@link #has(String)} never answers true for {@code ""}). The name is the slug (the token carries
 * no name), or the id when there is no slug.
 */
record ClerkOrganization(String id, String slug, String role, Set<String> permissions) implements Organization {

    ClerkOrganization {
        permissions = Collections.unmodifiableSet(new LinkedHashSet<>(permissions));
    }

    @Override
    public String name() {
        return slug.isEmpty() ? id : slug;
    }

    @Override
    public boolean has(String roleOrPermission) {
        return roleOrPermission != null && !roleOrPermission.isEmpty()
                && (roleOrPermission.equals(role) || permissions.contains(roleOrPermission));
    }
}
