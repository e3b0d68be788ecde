package dev.multisession.probe;

import jakarta.annotation.security.RolesAllowed;
import jakarta.ejb.Stateless;

/** An EJB the server guards by role (full EE servers only; elsewhere a plain class nobody calls). */
@Stateless
public class AdminReport {
    @RolesAllowed("org:admin")
    public String title() {
        return "admin report";
    }
}
