package dev.multisession.servlet;

import dev.multisession.core.config.ConfigSource;
import jakarta.servlet.DispatcherType;
import jakarta.servlet.FilterRegistration;
import jakarta.servlet.ServletContainerInitializer;
import jakarta.servlet.ServletContext;

import java.util.EnumSet;
import java.util.Set;

/**
 * Registers {@link MultiSessionFilter} for {@code /*}, ahead of the app's own filters, when the
 * jar is in {@code WEB-INF/lib}. Does nothing when {@code multisession.enabled=false} or when
 * the app declared the filter itself.
 *
 * <pre>{@code
 * <context-param><param-name>multisession.enabled</param-name><param-value>false</param-value></context-param>
 * }</pre>
 */
public class MultiSessionInitializer implements ServletContainerInitializer {
    /** The registration name of the auto-registered filter. */
    public static final String FILTER_NAME = "multisession";

    @Override
    public void onStartup(Set<Class<?>> classes, ServletContext context) {
        ConfigSource[] sources = {ServletConfigSource.context(context), ConfigSource.systemProperties(), ConfigSource.environment()};
        ServletSettings settings = ServletSettings.from(sources);
        if (!settings.enabled()) {
            context.log("multisession: disabled by " + ServletSettings.ENABLED + "=false");
            return;
        }
        if (ContainerConstraints.pathPrefixRequested(sources)) {
            // here, not only in the filter's init: some containers (Payara) start an app whose filter failed to start
            ContainerConstraints.pathPrefixConflict(context).ifPresent(conflict -> {
                throw conflict;
            });
        }
        for (FilterRegistration registration : context.getFilterRegistrations().values()) {
            if (MultiSessionFilter.class.getName().equals(registration.getClassName())) {
                return;
            }
        }
        FilterRegistration.Dynamic filter = context.addFilter(FILTER_NAME, MultiSessionFilter.class);
        if (filter == null) {
            return;
        }
        filter.setAsyncSupported(true);
        filter.addMappingForUrlPatterns(EnumSet.of(DispatcherType.REQUEST), false, "/*");
    }
}
