package dev.multisession.servlet;

import dev.multisession.core.config.ConfigSource;
import jakarta.servlet.FilterConfig;
import jakarta.servlet.ServletContext;

import java.util.Optional;

/**
 * Filter init parameters and servlet context init parameters as {@link ConfigSource}s.
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
        };
    }

    /** Every source in precedence order: filter, context, system properties, environment. */
    static ConfigSource[] all(ServletContext context, FilterConfig filter) {
        return new ConfigSource[] {filter(filter), context(context), ConfigSource.systemProperties(), ConfigSource.environment()};
    }
}
