package dev.multisession.cdi;

import dev.multisession.core.config.ConfigSource;
import dev.multisession.core.config.ConfigValues;
import dev.multisession.core.config.ConfigurationException;
import dev.multisession.servlet.ServletConfigSource;
import jakarta.servlet.ServletContext;

import java.time.Duration;
import java.util.List;
import java.util.Optional;

/**
 * The CDI layer's settings, read like the rest of multisession's: servlet context init
 * parameters {@code multisession.*}, then system properties, then {@code MULTISESSION_*}
 * environment variables.
 *
 * <pre>{@code
 * <context-param>
 *   <param-name>multisession.cdi.directory-cache-ttl</param-name><param-value>5m</param-value>
 * </context-param>
 * }</pre>
 *
 * @param directoryCacheTtl  how long a {@link UserDirectory} / {@code OrganizationDirectory} answer is reused
 *                           ({@value #DIRECTORY_CACHE_TTL}, default 60s; 0 = ask every time)
 * @param directoryCacheSize how many answers are kept per cache ({@value #DIRECTORY_CACHE_SIZE}, default 10000)
 */
public record CdiSettings(Duration directoryCacheTtl, long directoryCacheSize) {
    public static final String DIRECTORY_CACHE_TTL = "multisession.cdi.directory-cache-ttl";
    public static final String DIRECTORY_CACHE_SIZE = "multisession.cdi.directory-cache-size";

    /** Every key this layer reads, in README order. */
    public static final List<String> KEYS = List.of(DIRECTORY_CACHE_TTL, DIRECTORY_CACHE_SIZE);

    /** Reads the settings; the first source that has a key wins; bad values name the key and the fix. */
    public static CdiSettings from(ConfigSource... sources) {
        Duration ttl = first(DIRECTORY_CACHE_TTL, sources)
                .map(v -> duration(DIRECTORY_CACHE_TTL, v.value(), v.source()))
                .orElse(Duration.ofSeconds(60));
        long size = first(DIRECTORY_CACHE_SIZE, sources)
                .map(v -> size(DIRECTORY_CACHE_SIZE, v.value(), v.source()))
                .orElse(10_000L);
        return new CdiSettings(ttl, size);
    }

    /** Context init parameters, system properties and environment variables of this web app. */
    public static CdiSettings from(ServletContext context) {
        ConfigSource contextParameters = ServletConfigSource.context(context);
        return from(contextParameters, ConfigSource.systemProperties(), ConfigSource.environment());
    }

    private record Found(String value, ConfigSource source) {
    }

    private static Optional<Found> first(String key, ConfigSource... sources) {
        for (ConfigSource s : sources) {
            Optional<String> v = s.get(key);
            if (v.isPresent()) {
                return Optional.of(new Found(v.get(), s));
            }
        }
        return Optional.empty();
    }

    private static Duration duration(String key, String raw, ConfigSource source) {
        try {
            Duration d = ConfigValues.duration(key, raw);
            if (!d.isNegative()) {
                return d;
            }
        } catch (ConfigurationException e) {
            // reported below with the accepted forms
        }
        throw new ConfigurationException(key, "'" + ConfigValues.printable(raw) + "' is not a duration of 0 or more; write a number"
                + " with a unit (500ms, 60s, 5m, 12h) or ISO-8601 (PT60S); 0 disables caching (from "
                + source.describe(key) + ")");
    }

    private static long size(String key, String raw, ConfigSource source) {
        try {
            long n = Long.parseLong(raw.trim());
            if (n >= 1) {
                return n;
            }
        } catch (NumberFormatException e) {
            // reported below
        }
        throw new ConfigurationException(key, "'" + ConfigValues.printable(raw) + "' is not a whole number of 1 or more; 10000 is"
                + " the default (from " + source.describe(key) + ")");
    }
}
