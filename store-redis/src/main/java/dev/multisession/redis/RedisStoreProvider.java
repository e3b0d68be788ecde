package dev.multisession.redis;

import dev.multisession.core.config.ConfigValues;
import dev.multisession.core.config.ConfigurationException;
import dev.multisession.core.store.SessionStore;
import dev.multisession.core.store.SessionStoreProvider;
import dev.multisession.core.store.StoreContext;

import java.time.Duration;

/**
 * {@code multisession.store=redis}: a {@link RedisSessionStore} on Redis's clock
 * ({@link RedisSessionStore.TimeSource#REDIS}), configured by
 * <ul>
 * <li>{@code multisession.redis.url} (required): {@code redis://[user:password@]host:port[/db]},
 *     {@code rediss://…} for TLS;</li>
 * <li>{@code multisession.redis.key-prefix} (default {@code ms:});</li>
 * <li>{@code multisession.redis.timeout} (default {@code 500ms}; connect and socket);</li>
 * <li>{@code multisession.redis.pool-size} (default 16).</li>
 * </ul>
 *
 * <pre>{@code
 * -Dmultisession.store=redis -Dmultisession.redis.url=redis://redis.internal:6379
 * }</pre>
 */
public final class RedisStoreProvider implements SessionStoreProvider {

    @Override
    public String name() {
        return "redis";
    }

    @Override
    public SessionStore create(StoreContext context) {
        return new RedisSessionStore(settings(context), context.config());
    }

    /** The settings the keys describe; a missing or bad value is a {@link ConfigurationException} naming its key. */
    static RedisSettings settings(StoreContext context) {
        String url = context.value(RedisKnownKeys.URL).orElseThrow(() -> new ConfigurationException(RedisKnownKeys.URL,
                "is required with multisession.store=redis; set it to redis://[user:password@]host:port[/db]"
                        + " (rediss:// for TLS)"));
        RedisSettings settings = RedisSettings.fromUrl(RedisKnownKeys.URL, url)
                .timeSource(RedisSessionStore.TimeSource.REDIS);
        String prefix = context.value(RedisKnownKeys.KEY_PREFIX).orElse(RedisSettings.DEFAULT_KEY_PREFIX);
        try {
            settings = settings.keyPrefix(prefix);
        } catch (IllegalArgumentException e) {
            throw new ConfigurationException(RedisKnownKeys.KEY_PREFIX, "'" + ConfigValues.printable(prefix)
                    + "' is not usable: " + e.getMessage() + "; write e.g. ms: or myapp:ms:");
        }
        String timeout = context.value(RedisKnownKeys.TIMEOUT).orElse(null);
        if (timeout != null) {
            Duration d = ConfigValues.duration(RedisKnownKeys.TIMEOUT, timeout);
            try {
                settings = settings.timeout(d);
            } catch (IllegalArgumentException e) {
                throw new ConfigurationException(RedisKnownKeys.TIMEOUT, "'" + ConfigValues.printable(timeout)
                        + "' is not usable: " + e.getMessage() + "; write e.g. 500ms or 2s");
            }
        }
        String pool = context.value(RedisKnownKeys.POOL_SIZE).orElse(null);
        if (pool != null) {
            int size;
            try {
                size = Integer.parseInt(pool.trim());
            } catch (NumberFormatException e) {
                size = 0;
            }
            if (size < 1) {
                throw new ConfigurationException(RedisKnownKeys.POOL_SIZE, "'" + ConfigValues.printable(pool)
                        + "' is not a whole number of 1 or more; write e.g. 16");
            }
            settings = settings.poolSize(size);
        }
        return settings;
    }
}
