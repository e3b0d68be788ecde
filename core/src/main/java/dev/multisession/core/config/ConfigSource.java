package dev.multisession.core.config;

import java.util.Collections;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.TreeSet;

/**
 * One place configuration values come from, looked up by key ({@code multisession.token.lifetime}).
 *
 * <pre>{@code
 * MultiSessionConfig config = MultiSessionConfig.builder()
 *     .from(ConfigSource.map(Map.of("multisession.issuer", "https://app.example")),
 *           ConfigSource.systemProperties(),
 *           ConfigSource.environment())
 *     .build();
 * }</pre>
 */
@FunctionalInterface
public interface ConfigSource {

    /** The raw value for {@code key}, if this source has one. */
    Optional<String> get(String key);

    /** A short description for error messages, e.g. "system property". */
    default String describe(String key) {
        return key;
    }

    /** Keys of this form belong to multisession ({@code multisession.token.lifetime}). */
    String PREFIX = "multisession.";
    /** Environment variables of this form belong to multisession ({@code MULTISESSION_TOKEN_LIFETIME}). */
    String ENVIRONMENT_PREFIX = "MULTISESSION_";

    /**
     * The multisession names this source holds, spelled as the source spells them, for
     * {@link UnknownKeys#check}: keys starting with {@value #PREFIX}, or for an environment-style
     * source, variables starting with {@value #ENVIRONMENT_PREFIX}. Empty (the default) when the
     * source cannot list its names; such a source is not checked.
     */
    default Set<String> keys() {
        return Set.of();
    }

    /** Values from a map keyed exactly like the configuration keys. */
    static ConfigSource map(Map<String, String> values) {
        Map<String, String> copy = Map.copyOf(values);
        return new ConfigSource() {
            @Override
            public Optional<String> get(String key) {
                return Optional.ofNullable(copy.get(key));
            }

            @Override
            public String describe(String key) {
                return "setting " + key;
            }

            @Override
            public Set<String> keys() {
                return multisessionKeys(copy.keySet());
            }
        };
    }

    /** Java system properties, keyed like the configuration keys ({@code -Dmultisession.issuer=…}). */
    static ConfigSource systemProperties() {
        return new ConfigSource() {
            @Override
            public Optional<String> get(String key) {
                return Optional.ofNullable(System.getProperty(key));
            }

            @Override
            public String describe(String key) {
                return "system property " + key;
            }

            @Override
            public Set<String> keys() {
                return multisessionKeys(System.getProperties().stringPropertyNames());
            }
        };
    }

    /** Environment variables: {@code multisession.token.lifetime} is read from {@code MULTISESSION_TOKEN_LIFETIME}. */
    static ConfigSource environment() {
        return environment(System.getenv());
    }

    /** Environment-style variables from the given map (for tests and launchers). */
    static ConfigSource environment(Map<String, String> variables) {
        Map<String, String> copy = Map.copyOf(variables);
        return new ConfigSource() {
            @Override
            public Optional<String> get(String key) {
                return Optional.ofNullable(copy.get(environmentName(key)));
            }

            @Override
            public String describe(String key) {
                return "environment variable " + environmentName(key);
            }

            /** Variable names, not keys: {@code environmentName} cannot be undone ('.' and '-' both become '_'). */
            @Override
            public Set<String> keys() {
                Set<String> names = new TreeSet<>();
                for (String name : copy.keySet()) {
                    if (name.startsWith(ENVIRONMENT_PREFIX)) {
                        names.add(name);
                    }
                }
                return Collections.unmodifiableSet(names);
            }
        };
    }

    /** The names among {@code names} that start with {@value #PREFIX}, for {@link #keys()}. */
    static Set<String> multisessionKeys(Iterable<String> names) {
        Set<String> keys = new TreeSet<>();
        for (String name : names) {
            if (name != null && name.startsWith(PREFIX)) {
                keys.add(name);
            }
        }
        return Collections.unmodifiableSet(keys);
    }

    /** The environment variable name of a key: upper case, dots and dashes become underscores. */
    static String environmentName(String key) {
        return key.toUpperCase(Locale.ROOT).replace('.', '_').replace('-', '_');
    }
}
