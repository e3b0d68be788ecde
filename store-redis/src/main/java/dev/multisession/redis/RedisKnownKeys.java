package dev.multisession.redis;

import dev.multisession.core.config.KnownKeys;

import java.util.Collection;
import java.util.List;

/**
 * The Redis store's keys, for {@link dev.multisession.core.config.UnknownKeys} (registered in
 * META-INF/services).
 */
public final class RedisKnownKeys implements KnownKeys {
    /** {@code redis://[user:password@]host:port[/db]} or {@code rediss://…} (TLS); required with {@code multisession.store=redis}. */
    public static final String URL = "multisession.redis.url";
    /** Prefix of every key the store writes; default {@code ms:}. */
    public static final String KEY_PREFIX = "multisession.redis.key-prefix";
    /** Connect and socket timeout; default {@code 500ms}. */
    public static final String TIMEOUT = "multisession.redis.timeout";
    /** Most pooled connections; default 16. */
    public static final String POOL_SIZE = "multisession.redis.pool-size";

    public static final List<String> KEYS = List.of(URL, KEY_PREFIX, TIMEOUT, POOL_SIZE);

    @Override
    public Collection<String> keys() {
        return KEYS;
    }
}
