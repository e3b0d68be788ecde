package dev.multisession.redis;

import redis.clients.jedis.ConnectionFactory;
import redis.clients.jedis.ConnectionPoolConfig;
import redis.clients.jedis.HostAndPort;
import redis.clients.jedis.Jedis;
import redis.clients.jedis.JedisClientConfig;
import redis.clients.jedis.JedisSocketFactory;
import redis.clients.jedis.RedisClient;
import redis.clients.jedis.RedisClusterClient;
import redis.clients.jedis.RedisSentinelClient;
import redis.clients.jedis.UnifiedJedis;
import redis.clients.jedis.exceptions.JedisException;
import redis.clients.jedis.providers.PooledConnectionProvider;

import java.util.ArrayList;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Set;
import java.util.function.Supplier;

/**
 * The one place where the {@link RedisSettings}' deployment form becomes a Jedis client: a
 * {@link RedisClient} (one server), a {@link RedisClusterClient} or a {@link RedisSentinelClient},
 * all {@link UnifiedJedis}; and where the revocation subscriber may subscribe in each form.
 */
final class RedisClients {
    static final String CLIENT_NAME = "multisession";

    private RedisClients() {
    }

    /**
     * The client of the settings' form, with a pool of {@link RedisSettings#poolSize()} connections
     * (per node on a Cluster). The Cluster and Sentinel forms ask their seeds or sentinels at once:
     * when none answers, a {@link dev.multisession.core.store.StoreUnavailableException}.
     *
     * @param standaloneSockets for tests: the socket factory of the one-server form, or null for Jedis's own
     */
    static UnifiedJedis open(RedisSettings settings, JedisSocketFactory standaloneSockets) {
        ConnectionPoolConfig pool = new ConnectionPoolConfig();
        pool.setMaxTotal(settings.poolSize());
        pool.setMaxIdle(settings.poolSize());
        pool.setMinIdle(0);
        pool.setMaxWait(settings.timeout());            // an exhausted pool is an outage after the timeout, not a hang
        pool.setBlockWhenExhausted(true);
        pool.setJmxEnabled(false);
        JedisClientConfig config = settings.clientConfig((int) settings.timeout().toMillis(), CLIENT_NAME);
        try {
            return switch (settings.topology()) {
                case STANDALONE -> standaloneSockets == null
                        ? RedisClient.builder().hostAndPort(settings.hostAndPort()).clientConfig(config).poolConfig(pool)
                                .build()
                        : RedisClient.builder().clientConfig(config).connectionProvider(new PooledConnectionProvider(
                                new ConnectionFactory(standaloneSockets, config), pool)).build();
                case CLUSTER -> RedisClusterClient.builder()
                        .nodes(new LinkedHashSet<>(settings.nodes()))
                        .clientConfig(config)
                        .poolConfig(pool)
                        .build();
                case SENTINEL -> RedisSentinelClient.builder()
                        .masterName(settings.sentinelMaster())
                        .sentinels(new LinkedHashSet<>(settings.nodes()))
                        .sentinelClientConfig(settings.sentinelConfig())
                        .clientConfig(config)
                        .poolConfig(pool)
                        .build();
            };
        } catch (JedisException e) {
            throw RedisSessionStore.unavailable("connect", e);
        }
    }

    /**
     * Where the revocation subscriber may subscribe, asked anew before each (re)subscription, in
     * the order to try: the one server; on a Cluster every node the client knows, then the seeds
     * (PUBLISH reaches every node of a cluster); with Sentinel the master the sentinels name now.
     */
    static Supplier<List<HostAndPort>> subscriptionNodes(RedisSettings settings, UnifiedJedis client) {
        return switch (settings.topology()) {
            case STANDALONE -> () -> List.of(settings.hostAndPort());
            case CLUSTER -> () -> {
                Set<HostAndPort> nodes = new LinkedHashSet<>();
                try {
                    for (String node : ((RedisClusterClient) client).getClusterNodes().keySet()) {
                        nodes.add(HostAndPort.from(node));
                    }
                } catch (RuntimeException e) {
                    // a closed client, an odd node key: the seeds remain
                }
                nodes.addAll(settings.nodes());
                return new ArrayList<>(nodes);
            };
            case SENTINEL -> () -> currentMaster(settings);
        };
    }

    /** The master's address as the first sentinel that answers tells it, or none. */
    static List<HostAndPort> currentMaster(RedisSettings settings) {
        for (HostAndPort sentinel : settings.nodes()) {
            try (Jedis j = new Jedis(sentinel, settings.sentinelConfig())) {
                List<String> address = j.sentinelGetMasterAddrByName(settings.sentinelMaster());
                if (address != null && address.size() == 2) {
                    return List.of(new HostAndPort(address.get(0), Integer.parseInt(address.get(1))));
                }
            } catch (RuntimeException e) {
                // down, or does not know the master: ask the next one
            }
        }
        return List.of();
    }
}
