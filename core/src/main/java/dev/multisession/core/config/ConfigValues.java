package dev.multisession.core.config;

import java.time.Duration;

/**
 * The value forms of multisession's configuration, for modules that read keys of their own
 * (the CDI module's {@code multisession.cdi.*}): durations and safe printing of bad values.
 *
 * <pre>{@code
 * Duration ttl = ConfigValues.duration("multisession.cdi.directory-cache-ttl", "60s");
 * }</pre>
 */
public final class ConfigValues {
    private ConfigValues() {
    }

    /** {@code 500ms}, {@code 60s}, {@code 5m}, {@code 12h}, {@code 7d}, ISO-8601, or a bare number of seconds. */
    public static Duration duration(String key, String raw) {
        return Values.duration(key, raw);
    }

    /** A bad value made safe for an error message: control and format characters replaced, length capped. */
    public static String printable(String raw) {
        return Values.printable(raw);
    }
}
