package dev.multisession.redis;

import dev.multisession.core.config.ConfigSource;
import dev.multisession.core.config.ConfigurationException;
import dev.multisession.core.config.MultiSessionConfig;
import dev.multisession.core.config.UnknownKeys;
import dev.multisession.core.model.Ids;
import dev.multisession.core.model.Session;
import dev.multisession.core.store.SessionStore;
import dev.multisession.core.store.SessionStores;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

import java.time.Clock;
import java.time.Duration;
import java.util.HashMap;
import java.util.Map;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertInstanceOf;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** {@code multisession.store=redis} through {@link SessionStores#fromConfig}, and the provider's keys. */
class RedisStoreProviderTest {
    private static RedisServerProcess redis;

    @BeforeAll
    static void startRedis() {
        redis = RedisServerProcess.start();
    }

    @AfterAll
    static void stopRedis() {
        redis.close();
    }

    private static MultiSessionConfig config(Map<String, String> values) {
        Map<String, String> all = new HashMap<>(values);
        all.put("multisession.store", "redis");
        return MultiSessionConfig.builder().from(ConfigSource.map(all)).build();
    }

    @Test
    void theStoreNamedRedisIsARedisSessionStoreWithTheDefaults() {
        SessionStore store = SessionStores.fromConfig(config(Map.of("multisession.redis.url", "redis://127.0.0.1:" + redis.port())));
        try (RedisSessionStore redisStore = assertInstanceOf(RedisSessionStore.class, store)) {
            RedisSettings s = redisStore.settings();
            assertEquals("ms:", s.keyPrefix());
            assertEquals(Duration.ofMillis(500), s.timeout());
            assertEquals(16, s.poolSize());
            assertEquals(RedisSessionStore.TimeSource.REDIS, s.timeSource(), "production reads Redis's clock");
            Clock clock = Clock.systemUTC();
            String client = Ids.newClientId(clock);
            Session session = TestSessions.signIn(store, clock, client, "u1");
            assertEquals(session, store.find(session.id()).orElseThrow());
        }
    }

    @Test
    void theProvidersKeysAreRead() {
        SessionStore store = SessionStores.fromConfig(config(Map.of(
                "multisession.redis.url", "redis://127.0.0.1:" + redis.port() + "/2",
                "multisession.redis.key-prefix", "app1:ms:",
                "multisession.redis.timeout", "2s",
                "multisession.redis.pool-size", "4")));
        try (RedisSessionStore redisStore = (RedisSessionStore) store) {
            RedisSettings s = redisStore.settings();
            assertEquals("app1:ms:", s.keyPrefix());
            assertEquals(Duration.ofSeconds(2), s.timeout());
            assertEquals(4, s.poolSize());
            assertEquals(2, s.database());
            TestSessions.signIn(store, Clock.systemUTC(), Ids.newClientId(Clock.systemUTC()), "u1");
        }
    }

    @Test
    void theProvidersKeysAreKnownKeys() {
        UnknownKeys.check(ConfigSource.map(Map.of("multisession.redis.url", "redis://x:1", "multisession.redis.key-prefix", "a:",
                "multisession.redis.timeout", "1s", "multisession.redis.pool-size", "2")));
        ConfigurationException e = assertThrows(ConfigurationException.class,
                () -> UnknownKeys.check(ConfigSource.map(Map.of("multisession.redis.ur", "redis://x:1"))));
        assertEquals("multisession.redis.ur", e.key());
    }

    @Test
    void aMissingUrlNamesTheKey() {
        ConfigurationException e = assertThrows(ConfigurationException.class, () -> SessionStores.fromConfig(config(Map.of())));
        assertEquals("multisession.redis.url", e.key());
        assertTrue(e.getMessage().contains("redis://"), e.getMessage());
    }

    @Test
    void aBadUrlNamesTheKeyAndNeverShowsThePassword() {
        for (String bad : new String[] {
                "http://admin:s3cretPass@127.0.0.1:6379",             // wrong scheme
                "redis://admin:s3cretPass@/0",                         // no host
                "redis://admin:s3cretPass@127.0.0.1:6379/x",           // database not a number
                "redis://admin:s3cretPass@127.0.0.1:6379/0?timeout=1", // query
                "redis://admin:s3cret Pass@127.0.0.1:6379",            // not a URL at all
                "redis://admin:s3cretPass@127.0.0.1:port"}) {          // bad port
            ConfigurationException e = assertThrows(ConfigurationException.class,
                    () -> SessionStores.fromConfig(config(Map.of("multisession.redis.url", bad))), bad);
            assertEquals("multisession.redis.url", e.key(), bad);
            assertFalse(e.getMessage().contains("s3cret"), "the password is never shown: " + e.getMessage());
            assertTrue(e.getMessage().contains("redis://[user:password@]host:port"), "says the fix: " + e.getMessage());
        }
    }

    @Test
    void credentialsAreReadFromTheUrlAndNeverShown() {
        RedisSettings s = RedisSettings.fromUrl("rediss://app:p%40ss@redis.example:6380/3");
        assertTrue(s.ssl());
        assertTrue(s.hasCredentials());
        assertEquals(3, s.database());
        assertEquals(6380, s.hostAndPort().getPort());
        assertFalse(s.toString().contains("p@ss") || s.toString().contains("p%40ss"), s.toString());
    }

    @Test
    void badValuesOfTheOtherKeysNameTheirKey() {
        String url = "redis://127.0.0.1:" + redis.port();
        Map<String, String> badValues = Map.of(
                "multisession.redis.timeout", "soon",
                "multisession.redis.pool-size", "0",
                "multisession.redis.key-prefix", "ms{x}:");
        badValues.forEach((key, value) -> {
            ConfigurationException e = assertThrows(ConfigurationException.class,
                    () -> SessionStores.fromConfig(config(Map.of("multisession.redis.url", url, key, value))), key);
            assertEquals(key, e.key());
        });
    }
}
