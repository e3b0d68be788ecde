package dev.multisession.servlet;

import dev.multisession.servlet.rules.RouteRules;
import jakarta.servlet.DispatcherType;
import jakarta.servlet.FilterRegistration;
import jakarta.servlet.ServletContext;
import jakarta.servlet.ServletRegistration;

import java.util.Collection;
import java.util.EnumSet;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * What the initializer and the web fragment's listener register, and the check the filter runs
 * at start-up. Every step looks first at what is registered already (by class, whoever
 * declared it: {@code web.xml}, the fragment, the other of the two), so running both registers
 * nothing twice, and an app's own declaration always wins.
 */
final class Registrations {
    private static final System.Logger LOG = System.getLogger(Registrations.class.getName());

    private Registrations() {
    }

    /**
     * Makes {@link MultiSessionFilter} run for every request, ahead of the app's own filters:
     * <ul>
     *   <li>a registration of the filter class under another name than
     *       {@value MultiSessionInitializer#FILTER_NAME} is the app's own (its {@code web.xml}, or
     *       its code) and stays as the app mapped it; so does one under that name that reports a
     *       mapping (the app's {@code web.xml} overriding the fragment's declaration). The filter
     *       checks at start that its mapping covers the route rules;</li>
     *   <li>the one the web fragment declares, without a mapping, gets {@code /*} for
     *       {@code REQUEST} dispatches, ahead of every filter mapping the descriptors declared (a
     *       fragment's own mapping could only follow {@code web.xml}'s);</li>
     *   <li>with none, the filter is added under {@value MultiSessionInitializer#FILTER_NAME} and mapped so.</li>
     * </ul>
     * Names decide rather than mappings alone because a container may not report a
     * descriptor's mappings before it starts (Jetty 12 does not): at worst the filter declared
     * by the app under the fragment's name also gets {@code /*}, which covers more, never less,
     * and the filter still decides once per request.
     *
     * @throws IllegalStateException when a filter of another class holds the name
     *         {@value MultiSessionInitializer#FILTER_NAME}, so that this one cannot be added
     */
    static void filter(ServletContext context) {
        List<FilterRegistration> ours = filterRegistrations(context);
        if (ours.stream().anyMatch(r -> !MultiSessionInitializer.FILTER_NAME.equals(r.getName()) || isMapped(r))) {
            return;
        }
        FilterRegistration registration = ours.isEmpty() ? null : ours.get(0);
        if (registration == null) {
            FilterRegistration.Dynamic added = context.addFilter(MultiSessionInitializer.FILTER_NAME, MultiSessionFilter.class);
            if (added == null) {
                FilterRegistration other = context.getFilterRegistration(MultiSessionInitializer.FILTER_NAME);
                throw new IllegalStateException("multisession: a filter named '" + MultiSessionInitializer.FILTER_NAME
                        + "' of class " + (other == null ? "?" : other.getClassName()) + " is declared, so "
                        + MultiSessionFilter.class.getName() + " cannot be registered under that name; rename that "
                        + "filter, or " + FilterPresence.FIX);
            }
            added.setAsyncSupported(true);
            registration = added;
        }
        registration.addMappingForUrlPatterns(EnumSet.of(DispatcherType.REQUEST), false, "/*");
    }

    /**
     * Registers each helper servlet not registered yet (by class) at {@code basePath} + its
     * path. A servlet the app mapped itself stays where it put it. Where the app maps a servlet
     * of its own at an endpoint's path, the filter answers there (as it always did).
     */
    static void servlets(ServletContext context, String basePath) {
        Map<String, ? extends ServletRegistration> registered = context.getServletRegistrations();
        for (Endpoint endpoint : Endpoint.values()) {
            String className = endpoint.servletClass().getName();
            if (registered != null && registered.values().stream().anyMatch(r -> className.equals(r.getClassName()))) {
                continue;
            }
            ServletRegistration.Dynamic servlet = context.addServlet(endpoint.servletName(), endpoint.servletClass());
            if (servlet == null) {
                LOG.log(System.Logger.Level.WARNING, "multisession: a servlet named '" + endpoint.servletName()
                        + "' is declared already; the filter answers " + basePath + endpoint.path() + " itself");
                continue;
            }
            servlet.addMapping(basePath + endpoint.path());
        }
    }

    /** The endpoints a helper servlet of the endpoint's class is mapped for at {@code basePath} + its path. */
    static Set<Endpoint> servedByServlets(ServletContext context, String basePath) {
        Map<String, ? extends ServletRegistration> registered = context.getServletRegistrations();
        Set<Endpoint> served = EnumSet.noneOf(Endpoint.class);
        if (registered == null) {
            return served;
        }
        for (Endpoint endpoint : Endpoint.values()) {
            for (ServletRegistration r : registered.values()) {
                Collection<String> mappings = r.getMappings();
                if (endpoint.servletClass().getName().equals(r.getClassName()) && mappings != null
                        && mappings.contains(basePath + endpoint.path())) {
                    served.add(endpoint);
                }
            }
        }
        return served;
    }

    /**
     * At the filter's start: every route rule that needs a session must be behind the filter.
     * A rule outside every URL pattern the filter class is mapped for would protect nothing
     * (its requests never reach the filter), so the deployment fails, naming the rules and the
     * fix, and the error is logged. Containers that report no registration are not checked.
     *
     * @throws dev.multisession.core.config.ConfigurationException naming {@code multisession.routes}
     */
    static void checkRoutesCovered(ServletContext context, RouteRules rules) {
        if (rules.isEmpty()) {
            return;
        }
        List<FilterRegistration> ours = filterRegistrations(context);
        if (ours.isEmpty()) {
            return;
        }
        Set<String> patterns = new LinkedHashSet<>();
        ours.forEach(r -> {
            if (r.getUrlPatternMappings() != null) {
                patterns.addAll(r.getUrlPatternMappings());
            }
        });
        List<String> outside = rules.protectedPatternsOutside(patterns);
        if (outside.isEmpty()) {
            return;
        }
        String message = "the rules for " + String.join(", ", outside) + " would protect nothing: "
                + MultiSessionFilter.class.getName() + " is mapped for " + (patterns.isEmpty() ? "no URL pattern"
                : String.join(", ", patterns)) + " only, so those requests never reach it; map the filter to /* "
                + "(README, \"Without annotation scanning: web.xml\") or remove those rules";
        LOG.log(System.Logger.Level.ERROR, "multisession: " + ServletSettings.ROUTES + ": " + message);
        throw new dev.multisession.core.config.ConfigurationException(ServletSettings.ROUTES, message);
    }

    /** Logs that the library is off, and that the routes of configured route rules answer 503 meanwhile. */
    static void logDisabled(ServletContext context, ServletSettings settings) {
        context.log("multisession: disabled by " + ServletSettings.ENABLED + "=false");
        if (!settings.routes().isBlank()) {
            LOG.log(System.Logger.Level.WARNING, "multisession: " + ServletSettings.ENABLED + "=false while "
                    + ServletSettings.ROUTES + " has rules: nobody is signed in, so every route a rule protects answers "
                    + "503 until " + ServletSettings.ENABLED + " is true again (remove those rules to make the routes public)");
        }
    }

    private static List<FilterRegistration> filterRegistrations(ServletContext context) {
        Map<String, ? extends FilterRegistration> all = context.getFilterRegistrations();
        if (all == null) {
            return List.of();
        }
        return all.values().stream().filter(r -> MultiSessionFilter.class.getName().equals(r.getClassName()))
                .map(r -> (FilterRegistration) r).toList();
    }

    private static boolean isMapped(FilterRegistration registration) {
        Collection<String> urls = registration.getUrlPatternMappings();
        Collection<String> servlets = registration.getServletNameMappings();
        return urls != null && !urls.isEmpty() || servlets != null && !servlets.isEmpty();
    }
}
