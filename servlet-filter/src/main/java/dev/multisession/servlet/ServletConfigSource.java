package dev.multisession.servlet;

import dev.multisession.core.config.ConfigSource;
import jakarta.servlet.FilterConfig;
import jakarta.servlet.ServletContext;

import java.util.Collections;
import java.util.Enumeration;
import java.util.Optional;
import java.util.Set;

/**
 * Filter init parameters and servlet context init parameters as {@link ConfigSource}s. Both list
 * their {@code multisession.*} parameter names ({@link ConfigSource#keys()}), so
 * {@link dev.multisession.core.config.UnknownKeys#check} can refuse a misspelt one.
 *
 * <pre>{@code
 * ConfigSource params = ServletConfigSource.context(servletContext);
 * }</pre>
 */
public final class ServletConfigSource {
    private ServletConfigSource() {
    }

    public static ConfigSource filter(FilterConfig config) {
        return new ConfigSource() {
            @Override
            public Optional<String> get(String key) {
                return config == null ? Optional.empty() : Optional.ofNullable(config.getInitParameter(key));
            }

            @Override
            public String describe(String key) {
                return "filter init parameter " + key;
            }

            @Override
            public Set<String> keys() {
                return config == null ? Set.of() : names(config.getInitParameterNames());
            }
        };
    }

    public static ConfigSource context(ServletContext context) {
        return new ConfigSource() {
            @Override
            public Optional<String> get(String key) {
                return Optional.ofNullable(context.getInitParameter(key));
            }

            @Override
            public String describe(String key) {
                return "context init parameter " + key;
            }

            @Override
            public Set<String> keys() {
                return names(context.getInitParameterNames());
            }
        };
    }

    private static Set<String> names(Enumeration<String> names) {
        return names == null ? Set.of() : ConfigSource.multisessionKeys(Collections.list(names));
    }

    /** Every source in precedence order: filter, context, system properties, environment. */
    static ConfigSource[] all(ServletContext context, FilterConfig filter) {
        return new ConfigSource[] {filter(filter), context(context), ConfigSource.systemProperties(), ConfigSource.environment()};
    }
}
