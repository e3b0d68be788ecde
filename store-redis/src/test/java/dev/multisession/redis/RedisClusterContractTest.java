package dev.multisession.redis;

import dev.multisession.core.config.MultiSessionConfig;
import dev.multisession.core.store.SessionStore;
import dev.multisession.core.store.testing.SessionStoreContract;
import dev.multisession.core.testing.MutableClock;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;

import java.time.Duration;

/**
 * {@link RedisSessionStore} passes the store contract kit on a local three-master Redis Cluster
 * (the Cluster form: slots spread over nodes, lookup keys on other nodes than a browser's keys),
 * with the kit's clock ({@link RedisSessionStore.TimeSource#CALLER}).
 */
class RedisClusterContractTest extends SessionStoreContract {
    private static RedisClusterProcesses cluster;

    @BeforeAll
    static void startCluster() {
        cluster = RedisClusterProcesses.start(3);
    }

    @AfterAll
    static void stopCluster() {
        if (cluster != null) {
            cluster.close();
        }
    }

    @Override
    protected SessionStore newStore(MutableClock clock, Duration touchInterval) {
        cluster.flushAll();
        MultiSessionConfig config = MultiSessionConfig.builder().clock(clock).touchInterval(touchInterval).build();
        // production defaults otherwise: pool 16 per node, timeout 500 ms (the kit races 32 threads)
        return new RedisSessionStore(cluster.settings().timeSource(RedisSessionStore.TimeSource.CALLER), config);
    }

    @Override
    protected void closeStore(SessionStore store) {
        ((RedisSessionStore) store).close();
    }
}
