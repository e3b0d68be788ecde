package dev.multisession.core.model;

import java.util.LinkedHashSet;
import java.util.Objects;
import java.util.Set;

/**
 * An organization the user acts in, with the user's role and permissions in it.
 *
 * <pre>{@code
 * Organization acme = Organization.builder("org_1", "acme")
 *     .name("Acme Inc.")
 *     .role("org:admin")
 *     .permissions(Set.of("org:invoices:read"))
 *     .build();
 * }</pre>
 */
public interface Organization {

    /** Organization id; never empty. Carried as {@code org_id}. */
    String id();

    /** URL-friendly slug; carried as {@code org_slug}. */
    String slug();

    /** Display name; the slug when none was given. */
    String name();

    /** The current user's role in it, e.g. {@code org:admin}; carried as {@code org_role}. */
    String role();

    /** The current user's permissions in it, e.g. {@code org:invoices:read}. Unmodifiable. */
    Set<String> permissions();

    /** True when {@code roleOrPermission} is this membership's role or one of its permissions. */
    default boolean has(String roleOrPermission) {
        return roleOrPermission != null && (roleOrPermission.equals(role()) || permissions().contains(roleOrPermission));
    }

    /** True when both describe the same membership: id, slug, name, role and permissions (whatever the implementation). */
    static boolean sameMembership(Organization a, Organization b) {
        return a.id().equals(b.id()) && a.slug().equals(b.slug()) && java.util.Objects.equals(a.name(), b.name())
                && java.util.Objects.equals(a.role(), b.role()) && a.permissions().equals(b.permissions());
    }

    static Builder builder(String id, String slug) {
        return new Builder(id, slug);
    }

    /** Builds immutable {@link Organization}s; validates on {@link #build()}. */
    final class Builder {
        private final String id;
        private final String slug;
        private String name;
        private String role = "org:member";
        private Set<String> permissions = Set.of();

        private Builder(String id, String slug) {
            this.id = id;
            this.slug = slug;
        }

        public Builder name(String name) {
            this.name = name;
            return this;
        }

        public Builder role(String role) {
            this.role = role;
            return this;
        }

        public Builder permissions(Set<String> permissions) {
            this.permissions = java.util.Collections.unmodifiableSet(
                    new LinkedHashSet<>(Objects.requireNonNull(permissions, "permissions")));
            return this;
        }

        public Organization build() {
            if (id == null || id.isBlank()) {
                throw new IllegalArgumentException("Organization id must be a non-empty string");
            }
            if (slug == null || slug.isBlank()) {
                throw new IllegalArgumentException("Organization slug must be a non-empty string (organization " + id + ")");
            }
            if (role == null || role.isBlank()) {
                throw new IllegalArgumentException("Organization role must be a non-empty string (organization " + id + ")");
            }
            return new ImmutableOrganization(id, slug, name == null ? slug : name, role, permissions);
        }
    }
}
