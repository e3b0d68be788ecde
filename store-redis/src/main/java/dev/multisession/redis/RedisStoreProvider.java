package dev.multisession.redis;

import dev.multisession.core.config.ConfigValues;
import dev.multisession.core.config.ConfigurationException;
import dev.multisession.core.store.SessionStore;
import dev.multisession.core.store.SessionStoreProvider;
import dev.multisession.core.store.StoreContext;

import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;

/**
 * {@code multisession.store=redis}: a {@link RedisSessionStore} on Redis's clock
 * ({@link RedisSessionStore.TimeSource#REDIS}). Where Redis is: exactly one of
 * <ul>
 * <li>{@code multisession.redis.url}: one server, {@code redis://[user:password@]host:port[/db]},
 *     {@code rediss://…} for TLS;</li>
 * <li>{@code multisession.redis.cluster-nodes}: a Redis Cluster, comma-separated {@code host:port}
 *     seed nodes;</li>
 * <li>{@code multisession.redis.sentinels}: Redis Sentinel, comma-separated {@code host:port}
 *     sentinels, with {@code multisession.redis.sentinel-master} (required), the name of the master
 *     they monitor.</li>
 * </ul>
 * With the Cluster and Sentinel forms, {@code multisession.redis.user} and
 * {@code multisession.redis.password} (default none; the data nodes' credentials, the sentinels are
 * asked without) and {@code multisession.redis.tls} ({@code true}/{@code false}, default
 * {@code false}); the URL form carries these in the URL, and setting the keys with it is an error.
 * For every form:
 * <ul>
 * <li>{@code multisession.redis.key-prefix} (default {@code ms:});</li>
 * <li>{@code multisession.redis.timeout} (default {@code 500ms}; connect and socket);</li>
 * <li>{@code multisession.redis.pool-size} (default 16; per node on a Cluster).</li>
 * </ul>
 * A missing or bad value is a {@link ConfigurationException} naming its key and the fix; no
 * message repeats a password.
 *
 * <pre>{@code
 * -Dmultisession.store=redis -Dmultisession.redis.url=redis://redis.internal:6379
 * -Dmultisession.store=redis -Dmultisession.redis.cluster-nodes=redis-1:6379,redis-2:6379,redis-3:6379
 * -Dmultisession.store=redis -Dmultisession.redis.sentinels=sentinel-1:26379,sentinel-2:26379 \
 *     -Dmultisession.redis.sentinel-master=mymaster
 * }</pre>
 */
public final class RedisStoreProvider implements SessionStoreProvider {
    private static final String FORMS = RedisKnownKeys.URL + "=redis://host:6379 (one server), "
            + RedisKnownKeys.CLUSTER_NODES + "=host1:6379,host2:6379 (Redis Cluster) or "
            + RedisKnownKeys.SENTINELS + "=host1:26379,host2:26379 with " + RedisKnownKeys.SENTINEL_MASTER
            + "=<name> (Redis Sentinel)";

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
        Optional<String> url = context.value(RedisKnownKeys.URL);
        Optional<String> clusterNodes = context.value(RedisKnownKeys.CLUSTER_NODES);
        Optional<String> sentinels = context.value(RedisKnownKeys.SENTINELS);
        Optional<String> master = context.value(RedisKnownKeys.SENTINEL_MASTER);
        Optional<String> user = context.value(RedisKnownKeys.USER);
        Optional<String> password = context.value(RedisKnownKeys.PASSWORD);
        Optional<String> tls = context.value(RedisKnownKeys.TLS);

        List<String> forms = new ArrayList<>();
        url.ifPresent(v -> forms.add(RedisKnownKeys.URL));
        clusterNodes.ifPresent(v -> forms.add(RedisKnownKeys.CLUSTER_NODES));
        sentinels.ifPresent(v -> forms.add(RedisKnownKeys.SENTINELS));
        if (forms.isEmpty()) {
            throw new ConfigurationException(RedisKnownKeys.URL, "where Redis is must be set with multisession.store=redis:"
                    + " set exactly one of " + FORMS);
        }
        if (forms.size() > 1) {
            throw new ConfigurationException(forms.get(1), String.join(" and ", forms)
                    + (forms.size() == 2 ? " are both" : " are all") + " set, but they are different deployment forms;"
                    + " set exactly one of " + FORMS);
        }
        if (master.isPresent() && sentinels.isEmpty()) {
            throw new ConfigurationException(RedisKnownKeys.SENTINEL_MASTER, "is only used with "
                    + RedisKnownKeys.SENTINELS + "; remove it, or set " + RedisKnownKeys.SENTINELS
                    + " instead of " + forms.get(0));
        }

        RedisSettings settings;
        if (url.isPresent()) {
            for (String key : List.of(RedisKnownKeys.USER, RedisKnownKeys.PASSWORD)) {
                if (context.value(key).isPresent()) {
                    throw new ConfigurationException(key, "is for " + RedisKnownKeys.CLUSTER_NODES + " and "
                            + RedisKnownKeys.SENTINELS + "; with " + RedisKnownKeys.URL + " put the credentials in the"
                            + " URL (redis://user:password@host:port, percent-encoded) and remove " + key);
                }
            }
            if (tls.isPresent()) {
                throw new ConfigurationException(RedisKnownKeys.TLS, "is for " + RedisKnownKeys.CLUSTER_NODES + " and "
                        + RedisKnownKeys.SENTINELS + "; with " + RedisKnownKeys.URL + " write rediss:// for TLS"
                        + " and remove " + RedisKnownKeys.TLS);
            }
            settings = RedisSettings.fromUrl(RedisKnownKeys.URL, url.get());
        } else {
            if (clusterNodes.isPresent()) {
                settings = RedisSettings.cluster(RedisSettings.hostsAndPorts(RedisKnownKeys.CLUSTER_NODES,
                        clusterNodes.get()));
            } else {
                String name = master.map(String::trim).orElseThrow(() -> new ConfigurationException(
                        RedisKnownKeys.SENTINEL_MASTER, "is required with " + RedisKnownKeys.SENTINELS
                        + "; set it to the name the sentinels monitor the master by (sentinel monitor <name> ...),"
                        + " e.g. mymaster"));
                var hosts = RedisSettings.hostsAndPorts(RedisKnownKeys.SENTINELS, sentinels.get());
                try {
                    settings = RedisSettings.sentinel(name, hosts);
                } catch (IllegalArgumentException e) {
                    throw new ConfigurationException(RedisKnownKeys.SENTINEL_MASTER, "'" + ConfigValues.printable(name)
                            + "' is not usable: " + e.getMessage() + "; write e.g. mymaster");
                }
            }
            settings = credentials(settings, user, password);
            if (tls.isPresent()) {
                settings = settings.tls(ConfigValues.bool(RedisKnownKeys.TLS, tls.get()));
            }
        }
        return common(context, settings.timeSource(RedisSessionStore.TimeSource.REDIS));
    }

    private static RedisSettings credentials(RedisSettings settings, Optional<String> user, Optional<String> password) {
        if (password.isEmpty()) {
            if (user.isPresent()) {
                throw new ConfigurationException(RedisKnownKeys.PASSWORD, "is required with " + RedisKnownKeys.USER
                        + "; set the user's password (or remove " + RedisKnownKeys.USER + " for no authentication)");
            }
            return settings;
        }
        if (password.get().isEmpty()) {
            throw new ConfigurationException(RedisKnownKeys.PASSWORD, "is empty; set the password, or remove the key"
                    + " for no authentication");
        }
        String u = user.map(String::trim).orElse(null);
        try {
            return settings.credentials(u, password.get());
        } catch (IllegalArgumentException e) {
            // only the user can be at fault here: the password is not empty
            throw new ConfigurationException(RedisKnownKeys.USER, "'" + ConfigValues.printable(u) + "' is not usable: "
                    + e.getMessage() + "; set the ACL user's name, or remove the key for the default user");
        }
    }

    /** The keys of every form: key prefix, timeout, pool size. */
    private static RedisSettings common(StoreContext context, RedisSettings settings) {
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
