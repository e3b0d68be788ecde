package dev.multisession.core.store;

/**
 * Makes a {@link SessionStore} chosen by name: {@code multisession.store=redis} picks the
 * provider whose {@link #name()} is {@code redis}. Found with {@link java.util.ServiceLoader}
 * (thread context class loader, else the core's), so a store module registers its provider in
 * {@code META-INF/services/dev.multisession.core.store.SessionStoreProvider}.
 *
 * <pre>{@code
 * public final class RedisStoreProvider implements SessionStoreProvider {
 *     public String name() { return "redis"; }
 *     public SessionStore create(StoreContext context) {
 *         String url = context.value("multisession.redis.url").orElse("redis://localhost:6379");
 *         return new RedisSessionStore(context.config(), url);
 *     }
 * }
 * }</pre>
 *
 * Implementations are public with a public no-argument constructor. A provider's own keys
 * should also be listed through {@link dev.multisession.core.config.KnownKeys}, or
 * {@link dev.multisession.core.config.UnknownKeys#check} refuses them.
 */
public interface SessionStoreProvider {

    /** The value of {@code multisession.store} that picks this provider, e.g. {@code redis}; compared ignoring case. */
    String name();

    /**
     * A new store for this configuration. A bad value of one of the provider's own keys is a
     * {@link dev.multisession.core.config.ConfigurationException} naming that key.
     */
    SessionStore create(StoreContext context);
}
