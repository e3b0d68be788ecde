package dev.multisession.core.config;

import java.util.Locale;
import java.util.Map;
import java.util.Optional;

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
        };
    }

    /** The environment variable name of a key: upper case, dots and dashes become underscores. */
    static String environmentName(String key) {
        return key.toUpperCase(Locale.ROOT).replace('.', '_').replace('-', '_');
    }
}
