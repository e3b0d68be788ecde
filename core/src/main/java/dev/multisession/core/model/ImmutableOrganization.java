package dev.multisession.core.model;

import java.util.Set;

/** The value implementation of {@link Organization}. */
record ImmutableOrganization(String id, String slug, String name, String role, Set<String> permissions)
        implements Organization {
}
