package dev.multisession.probe;

import dev.multisession.core.model.Organization;
import dev.multisession.core.model.User;

import java.util.Optional;
import java.util.Set;

/** The probe's people: alice is {@code org:admin} of acme, bob an {@code org:member} of acme, anyone else has no organization. */
final class ProbeUsers {
    private ProbeUsers() {
    }

    static Optional<Organization> organization(String userId) {
        return switch (userId) {
            case "alice" -> Optional.of(Organization.builder("org_acme", "acme").role("org:admin")
                    .permissions(Set.of("org:invoices:read")).build());
            case "bob" -> Optional.of(Organization.builder("org_acme", "acme").role("org:member").build());
            default -> Optional.empty();
        };
    }

    static User user(String userId) {
        return User.builder(userId).name(userId).email(userId + "@example.com").build();
    }
}
