package dev.multisession.cdi.app;

import dev.multisession.cdi.interceptors.RequireOrganization;
import dev.multisession.cdi.interceptors.RequirePermission;
import dev.multisession.cdi.interceptors.RequireRole;
import dev.multisession.cdi.interceptors.SignedIn;
import dev.multisession.core.model.User;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;

/** One method per method-level binding; {@link #open()} has none. */
@ApplicationScoped
public class GuardedService {
    @Inject
    User user;

    public String open() {
        return "open";
    }

    @SignedIn
    public String signedIn() {
        return "ok " + user.id();
    }

    @RequireOrganization
    public String organization() {
        return "ok " + user.id();
    }

    @RequireRole("org:admin")
    public String admin() {
        return "ok " + user.id();
    }

    @RequirePermission("org:invoices:read")
    public String invoices() {
        return "ok " + user.id();
    }
}
