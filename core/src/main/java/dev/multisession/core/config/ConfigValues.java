package dev.multisession.core.config;

import java.time.Duration;

/**
 * The value forms of multisession's configuration, for modules that read keys of their own
 * (the CDI module's {@code multisession.cdi.*}): durations, safe printing of bad values, and
 * configured classes.
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

    /** {@code true} or {@code false} (any case, trimmed); anything else is a {@link ConfigurationException} naming {@code key}. */
    public static boolean bool(String key, String raw) {
        return Values.bool(key, raw);
    }

    /** A bad value made safe for an error message: control and format characters replaced, length capped. */
    public static String printable(String raw) {
        return Values.printable(raw);
    }

    /**
     * Creates the class a key names, for keys like {@code multisession.store} and
     * {@code multisession.organization-directory}: loaded with the thread context class loader,
     * else the core's; it must be public, implement {@code type} and have a public constructor
     * taking the {@link MultiSessionConfig} (preferred) or none. Every failure is a
     * {@link ConfigurationException} naming {@code key}, the class and the fix; a class that cannot
     * be found has a {@link ClassNotFoundException} as its cause, and a constructor's own
     * {@code ConfigurationException} (about a key of its own) is thrown as it is.
     *
     * <pre>{@code
     * OrganizationDirectory d = ConfigValues.newInstance(ConfigKeys.ORGANIZATION_DIRECTORY,
     *         "com.example.MyDirectory", OrganizationDirectory.class, config);
     * }</pre>
     */
    public static <T> T newInstance(String key, String className, Class<T> type, MultiSessionConfig config) {
        return Instances.newInstance(key, className, type, config);
    }

    /** The class loader configured classes and providers are found with: the thread's context class loader, else the core's. */
    public static ClassLoader classLoader() {
        return Instances.classLoader();
    }
}
