package dev.multisession.servlet;

import jakarta.servlet.ServletContextEvent;
import jakarta.servlet.ServletContextListener;

/**
 * Declared by the jar's {@code META-INF/web-fragment.xml}: completes the fragment's declaration
 * where no {@link MultiSessionInitializer} ran (Jetty without its {@code annotations} module,
 * say). It maps the fragment's {@link MultiSessionFilter} for {@code /*} ahead of the app's
 * own filters and registers the helper servlets under {@code multisession.endpoints.base-path},
 * unless that is done already (by the initializer, or by the app in {@code web.xml}). A
 * listener declared in a descriptor may use the programmatic registration API during
 * {@code contextInitialized}; one added by an initializer may not, which is why the initializer
 * does the same work itself instead of adding this listener.
 *
 * <p>An app without fragment processing may declare it in {@code web.xml} instead of the filter
 * and servlets; it is then the same as the fragment.
 */
public class MultiSessionDeploymentListener implements ServletContextListener {

    @Override
    public void contextInitialized(ServletContextEvent event) {
        MultiSessionInitializer.register(event.getServletContext());
    }
}
