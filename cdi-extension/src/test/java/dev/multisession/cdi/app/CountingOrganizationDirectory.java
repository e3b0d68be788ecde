package dev.multisession.cdi.app;

import dev.multisession.core.model.Organization;
import dev.multisession.core.organization.OrganizationDirectory;
import jakarta.enterprise.context.ApplicationScoped;

import java.util.List;
import java.util.concurrent.atomic.AtomicInteger;

/** {@link TestUsers}' memberships with display names ("Acme Corporation"); counts every call. */
@ApplicationScoped
public class CountingOrganizationDirectory implements OrganizationDirectory {
    private final AtomicInteger calls = new AtomicInteger();

    @Override
    public List<Organization> memberships(String userId) {
        calls.incrementAndGet();
        return TestUsers.memberships(userId).stream()
                .map(o -> Organization.builder(o.id(), o.slug()).name(o.slug().equals("acme") ? "Acme Corporation" : "Globex Inc")
                        .role(o.role()).permissions(o.permissions()).build())
                .toList();
    }

    public int calls() {
        return calls.get();
    }
}
