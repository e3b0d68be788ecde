package dev.multisession.probe;

import dev.multisession.servlet.authentication.MultiSessionAuthModule;
import jakarta.servlet.ServletContextEvent;
import jakarta.servlet.ServletContextListener;
import jakarta.servlet.annotation.WebListener;

/**
 * Registers the library's Jakarta Authentication module at startup, as the README says, so the
 * container enforces {@code /secure/*} for the active account. Off with the context parameter
 * {@code probe.register-auth-module=false} (embedded Jetty registers it before the context starts).
 */
@WebListener
public class AuthModuleListener implements ServletContextListener {
    @Override
    public void contextInitialized(ServletContextEvent event) {
        if (!"false".equals(event.getServletContext().getInitParameter("probe.register-auth-module"))) {
            MultiSessionAuthModule.register(event.getServletContext());
        }
    }
}
