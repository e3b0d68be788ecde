package dev.multisession.servlet;

import dev.multisession.core.config.ConfigSource;
import jakarta.servlet.ServletContainerInitializer;
import jakarta.servlet.ServletContext;

import java.util.Set;

/**
 * Registers {@link MultiSessionFilter} for {@code /*} ahead of the app's own filters, and the
 * helper servlets ({@link SwitchServlet}, {@link SignOutServlet}, {@link SessionsServlet},
 * {@link RefreshServlet}) under {@code multisession.endpoints.base-path}, when the jar is in
 * {@code WEB-INF/lib} and the container runs {@code ServletContainerInitializer}s. With
 * {@code multisession.enabled=false} it registers only the filter, and only when
 * {@code multisession.routes} has rules: off, the filter keeps their routes closed (503).
 *
 * <p><b>Two ways in, one registration.</b> The jar also ships {@code META-INF/web-fragment.xml}
 * (fragment name {@code multisession}), because containers differ in which of the two they
 * process: Jetty without its {@code annotations} module runs no initializer but reads
 * fragments; {@code metadata-complete="true"} makes every container ignore fragments but (by the
 * Servlet specification) not initializers; an {@code <absolute-ordering>} without
 * {@code multisession} turns both off, and then the app declares the filter in {@code web.xml}
 * (README, "Without annotation scanning: web.xml"). The fragment <em>declares</em> the filter
 * without a mapping, plus {@link MultiSessionDeploymentListener}; this initializer (before
 * listeners run) or that listener (when no initializer ran) does what a fragment cannot: map the
 * filter ahead of the filters of {@code web.xml} (a fragment's mappings always come after
 * them) and map the servlets under the configured base path (a fragment could only name a
 * fixed one). Both go through {@link Registrations}, which looks at what is registered by class
 * first: a filter the app mapped itself is left as it is, a declared but unmapped one is mapped,
 * and nothing is registered twice when both run.
 *
 * <pre>{@code
 * <context-param><param-name>multisession.enabled</param-name><param-value>false</param-value></context-param>
 * }</pre>
 */
public class MultiSessionInitializer implements ServletContainerInitializer {
    /** The registration name of the filter the jar declares or registers. */
    public static final String FILTER_NAME = "multisession";

    @Override
    public void onStartup(Set<Class<?>> classes, ServletContext context) {
        register(context);
    }

    /** What the initializer and the fragment's listener both do. */
    static void register(ServletContext context) {
        ConfigSource[] sources = {ServletConfigSource.context(context), ConfigSource.systemProperties(), ConfigSource.environment()};
        ServletSettings settings = ServletSettings.from(context.getContextPath(), sources);
        if (!settings.enabled()) {
            Registrations.logDisabled(context, settings);
            if (!settings.routes().isBlank()) {
                Registrations.filter(context); // off, it still keeps the routes of multisession.routes closed
            }
            return;
        }
        if (ContainerConstraints.pathPrefixRequested(sources)) {
            // here, not only in the filter's init: some containers (Payara) start an app whose filter failed to start
            ContainerConstraints.pathPrefixConflict(context).ifPresent(conflict -> {
                throw conflict;
            });
        }
        MultiSessionRuntime.validate(context);
        Registrations.filter(context);
        Registrations.servlets(context, settings.basePath());
    }
}
