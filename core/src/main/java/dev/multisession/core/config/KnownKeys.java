package dev.multisession.core.config;

import java.util.Collection;

/**
 * The configuration keys one multisession module reads, found with {@link java.util.ServiceLoader}
 * so that {@link UnknownKeys#check} can tell a misspelt key from a key of a module on the class
 * path. The core lists {@link ConfigKeys#ALL}; the servlet and CDI modules list theirs; a store
 * module lists its own ({@code multisession.redis.url}).
 *
 * <pre>{@code
 * public final class RedisKnownKeys implements KnownKeys {
 *     public Collection<String> keys() { return List.of("multisession.redis.url"); }
 * }
 * // META-INF/services/dev.multisession.core.config.KnownKeys: com.example.RedisKnownKeys
 * }</pre>
 *
 * Implementations are public with a public no-argument constructor.
 */
public interface KnownKeys {

    /** Every key the module reads, spelled like {@code multisession.token.lifetime}. */
    Collection<String> keys();

    /**
     * True for a key with a variable part the module reads (as {@code multisession.tasks.<task>-url}),
     * which {@link #keys()} cannot list. None by default.
     */
    default boolean knowsKey(String key) {
        return false;
    }

    /** {@link #knowsKey} for an environment variable name ({@code MULTISESSION_TASKS_SETUP_MFA_URL}). None by default. */
    default boolean knowsEnvironmentName(String name) {
        return false;
    }
}
