package dev.multisession.cdi.app;

import dev.multisession.cdi.interceptors.RequireRole;
import jakarta.enterprise.context.ApplicationScoped;

/** A class-level binding, with one method that replaces it by its own. */
@ApplicationScoped
@RequireRole("org:admin")
public class AdminService {

    public String settings() {
        return "ok settings";
    }

    @RequireRole("org:member")
    public String memberView() {
        return "ok member view";
    }
}
