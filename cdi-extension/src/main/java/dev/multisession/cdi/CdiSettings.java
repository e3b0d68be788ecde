package dev.multisession.cdi;

import dev.multisession.core.config.ConfigSource;
import dev.multisession.core.config.ConfigurationException;
import jakarta.servlet.ServletContext;

import java.time.Duration;
import java.time.format.DateTimeParseException;
import java.util.List;
import java.util.Locale;
import java.util.Optional;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

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

    private static final Pattern SHORT_DURATION = Pattern.compile("(\\d{1,9})(ms|s|m|h|d)?");

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
        ConfigSource contextParameters = new ConfigSource() {
            @Override
            public Optional<String> get(String key) {
                return Optional.ofNullable(context.getInitParameter(key));
            }

            @Override
            public String describe(String key) {
                return "context init parameter " + key;
            }
        };
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
        String value = raw.trim().toLowerCase(Locale.ROOT);
        Matcher m = SHORT_DURATION.matcher(value);
        if (m.matches()) {
            long n = Long.parseLong(m.group(1));
            return switch (m.group(2) == null ? "s" : m.group(2)) {
                case "ms" -> Duration.ofMillis(n);
                case "s" -> Duration.ofSeconds(n);
                case "m" -> Duration.ofMinutes(n);
                case "h" -> Duration.ofHours(n);
                default -> Duration.ofDays(n);
            };
        }
        try {
            Duration d = Duration.parse(raw.trim().toUpperCase(Locale.ROOT));
            if (!d.isNegative()) {
                return d;
            }
        } catch (DateTimeParseException e) {
            // reported below with the accepted forms
        }
        throw new ConfigurationException(key, "'" + printable(raw) + "' is not a duration of 0 or more; write a number"
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
        throw new ConfigurationException(key, "'" + printable(raw) + "' is not a whole number of 1 or more; 10000 is"
                + " the default (from " + source.describe(key) + ")");
    }

    private static String printable(String raw) {
        String s = raw.length() > 80 ? raw.substring(0, 80) + "…" : raw;
        return s.replaceAll("\\p{Cntrl}", "?");
    }
}
