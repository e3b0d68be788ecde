package dev.multisession.redis;

import dev.multisession.core.config.MultiSessionConfig;
import dev.multisession.core.store.SessionStore;
import dev.multisession.core.store.testing.SessionStoreContract;
import dev.multisession.core.testing.MutableClock;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import redis.clients.jedis.Jedis;

import java.time.Duration;

/** {@link RedisSessionStore} passes the store contract kit, on a real redis-server, with the kit's clock ({@link RedisSessionStore.TimeSource#CALLER}). */
class RedisSessionStoreContractTest extends SessionStoreContract {
    private static RedisServerProcess redis;

    @BeforeAll
    static void startRedis() {
        redis = RedisServerProcess.start();
    }

    @AfterAll
    static void stopRedis() {
        if (redis != null) {
            redis.close();
        }
    }

    @Override
    protected SessionStore newStore(MutableClock clock, Duration touchInterval) {
        try (Jedis j = redis.client()) {
            j.flushAll();
        }
        MultiSessionConfig config = MultiSessionConfig.builder().clock(clock).touchInterval(touchInterval).build();
        // production defaults otherwise: pool 16, timeout 500 ms (the kit races 32 threads)
        return new RedisSessionStore(redis.settings().timeSource(RedisSessionStore.TimeSource.CALLER), config);
    }

    @Override
    protected void closeStore(SessionStore store) {
        ((RedisSessionStore) store).close();
    }
}
