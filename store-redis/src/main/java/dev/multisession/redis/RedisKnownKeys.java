package dev.multisession.redis;

import dev.multisession.core.config.KnownKeys;

import java.util.Collection;
import java.util.List;

/**
 * The Redis store's keys, for {@link dev.multisession.core.config.UnknownKeys} (registered in
 * META-INF/services). Exactly one of {@link #URL}, {@link #CLUSTER_NODES} and {@link #SENTINELS}
 * says where Redis is.
 */
public final class RedisKnownKeys implements KnownKeys {
    /** One server: {@code redis://[user:password@]host:port[/db]} or {@code rediss://…} (TLS). */
    public static final String URL = "multisession.redis.url";
    /** Redis Cluster: comma-separated {@code host:port} seed nodes. */
    public static final String CLUSTER_NODES = "multisession.redis.cluster-nodes";
    /** Redis Sentinel: comma-separated {@code host:port} sentinels; with {@link #SENTINEL_MASTER}. */
    public static final String SENTINELS = "multisession.redis.sentinels";
    /** The master's name the sentinels monitor; required with {@link #SENTINELS}. */
    public static final String SENTINEL_MASTER = "multisession.redis.sentinel-master";
    /** The user of the data nodes (Cluster and Sentinel forms; the URL form carries its own); default none. */
    public static final String USER = "multisession.redis.user";
    /** The password of the data nodes (Cluster and Sentinel forms; the URL form carries its own); default none. */
    public static final String PASSWORD = "multisession.redis.password";
    /** {@code true} for TLS (Cluster and Sentinel forms; the URL form writes {@code rediss://}); default {@code false}. */
    public static final String TLS = "multisession.redis.tls";
    /** Prefix of every key the store writes; default {@code ms:}. */
    public static final String KEY_PREFIX = "multisession.redis.key-prefix";
    /** Connect and socket timeout; default {@code 500ms}. */
    public static final String TIMEOUT = "multisession.redis.timeout";
    /** Most pooled connections (per node on a Cluster); default 16. */
    public static final String POOL_SIZE = "multisession.redis.pool-size";

    public static final List<String> KEYS = List.of(URL, CLUSTER_NODES, SENTINELS, SENTINEL_MASTER, USER, PASSWORD, TLS,
            KEY_PREFIX, TIMEOUT, POOL_SIZE);

    @Override
    public Collection<String> keys() {
        return KEYS;
    }
}
