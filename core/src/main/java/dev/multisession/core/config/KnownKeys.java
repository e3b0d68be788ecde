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
}
