package dev.multisession.cdi.app;

import dev.multisession.core.model.Organization;
import dev.multisession.core.model.User;

import java.util.List;
import java.util.Set;

/**
 * The test app's people: alice (acme {@code org:admin} with {@code org:invoices:read}, globex
 * {@code org:member}), bob (acme {@code org:member}); anyone else has no organization. Tokens
 * carry no organization name, so without a directory an organization's name is its slug.
 */
public final class TestUsers {
    public static final Organization ACME_ADMIN = Organization.builder("org_acme", "acme").role("org:admin")
            .permissions(Set.of("org:invoices:read")).build();
    public static final Organization ACME_MEMBER = Organization.builder("org_acme", "acme").role("org:member").build();
    public static final Organization GLOBEX_MEMBER = Organization.builder("org_globex", "globex").role("org:member").build();

    private TestUsers() {
    }

    public static List<Organization> memberships(String userId) {
        return switch (userId) {
            case "alice" -> List.of(ACME_ADMIN, GLOBEX_MEMBER);
            case "bob" -> List.of(ACME_MEMBER);
            default -> List.of();
        };
    }

    /** The profile the login servlet signs in with: name "Alice" for "alice", email alice@example.com. */
    public static User tokenUser(String userId) {
        return User.builder(userId).name(Character.toUpperCase(userId.charAt(0)) + userId.substring(1))
                .email(userId + "@example.com").build();
    }
}
