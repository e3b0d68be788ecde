package dev.multisession.redis;

import dev.multisession.core.config.ConfigSource;
import dev.multisession.core.config.ConfigurationException;
import dev.multisession.core.config.MultiSessionConfig;
import dev.multisession.core.config.UnknownKeys;
import dev.multisession.core.model.Ids;
import dev.multisession.core.model.Session;
import dev.multisession.core.store.SessionStore;
import dev.multisession.core.store.SessionStores;
import dev.multisession.core.store.StoreContext;
import org.junit.jupiter.api.AutoClose;
import org.junit.jupiter.api.Test;
import redis.clients.jedis.HostAndPort;

import java.time.Clock;
import java.time.Duration;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertInstanceOf;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** {@code multisession.store=redis} through {@link SessionStores#fromConfig}, and the provider's keys. */
class RedisStoreProviderTest {
    @AutoClose
    private static final RedisServerProcess redis = RedisServerProcess.start();

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
        UnknownKeys.check(ConfigSource.map(Map.of("multisession.redis.cluster-nodes", "x:1",
                "multisession.redis.sentinels", "x:2", "multisession.redis.sentinel-master", "m",
                "multisession.redis.user", "u", "multisession.redis.password", "p", "multisession.redis.tls", "true")));
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
        assertTrue(s.tls());
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

    // ------------------------------------------------------------------ deployment forms

    /** What the provider reads from these keys, without connecting. */
    private static RedisSettings settingsOf(Map<String, String> values) {
        return RedisStoreProvider.settings(StoreContext.of(config(values)));
    }

    private static ConfigurationException misconfigured(Map<String, String> values) {
        return assertThrows(ConfigurationException.class, () -> SessionStores.fromConfig(config(values)), values.toString());
    }

    @Test
    void clusterNodesAreReadInOrderWithCredentialsAndTls() {
        RedisSettings s = settingsOf(Map.of(
                "multisession.redis.cluster-nodes", " redis-1:7000, 10.0.0.2:7001 ,[::1]:7002",
                "multisession.redis.user", "app",
                "multisession.redis.password", "s3cretPass",
                "multisession.redis.tls", "TRUE"));

        assertEquals(RedisSettings.Topology.CLUSTER, s.topology());
        assertEquals(List.of(new HostAndPort("redis-1", 7000), new HostAndPort("10.0.0.2", 7001), new HostAndPort("::1", 7002)),
                s.nodes());
        assertTrue(s.hasCredentials());
        assertTrue(s.tls());
        assertEquals(0, s.database());
        assertEquals(RedisSessionStore.TimeSource.REDIS, s.timeSource());
        assertFalse(s.toString().contains("s3cret"), s.toString());
    }

    @Test
    void sentinelsAndTheirMasterAreRead() {
        RedisSettings s = settingsOf(Map.of(
                "multisession.redis.sentinels", "sentinel-1:26379,sentinel-2:26379",
                "multisession.redis.sentinel-master", " mymaster ",
                "multisession.redis.password", "s3cretPass"));

        assertEquals(RedisSettings.Topology.SENTINEL, s.topology());
        assertEquals("mymaster", s.sentinelMaster());
        assertEquals(List.of(new HostAndPort("sentinel-1", 26379), new HostAndPort("sentinel-2", 26379)), s.nodes());
        assertTrue(s.hasCredentials());
        assertFalse(s.tls(), "TLS is off by default");
        assertFalse(s.toString().contains("s3cret"), s.toString());
    }

    @Test
    void noDeploymentFormNamesTheThreeKeys() {
        ConfigurationException e = misconfigured(Map.of("multisession.redis.key-prefix", "a:"));

        assertEquals("multisession.redis.url", e.key());
        for (String key : List.of("multisession.redis.url", "multisession.redis.cluster-nodes", "multisession.redis.sentinels")) {
            assertTrue(e.getMessage().contains(key), e.getMessage());
        }
        assertTrue(e.getMessage().contains("exactly one"), e.getMessage());
    }

    @Test
    void twoDeploymentFormsAtOnceNameBothKeysAndTheFix() {
        List<Map<String, String>> both = List.of(
                Map.of("multisession.redis.url", "redis://x:1", "multisession.redis.cluster-nodes", "x:1"),
                Map.of("multisession.redis.url", "redis://x:1", "multisession.redis.sentinels", "x:1",
                        "multisession.redis.sentinel-master", "m"),
                Map.of("multisession.redis.cluster-nodes", "x:1", "multisession.redis.sentinels", "x:1",
                        "multisession.redis.sentinel-master", "m"));
        for (Map<String, String> values : both) {
            ConfigurationException e = misconfigured(values);
            values.keySet().stream().filter(k -> !k.endsWith("sentinel-master")).forEach(k -> {
                assertTrue(e.getMessage().contains(k), e.getMessage());
                assertTrue(values.containsKey(e.key()), "names one of the keys set: " + e.key());
            });
            assertTrue(e.getMessage().contains("exactly one"), e.getMessage());
        }
    }

    @Test
    void sentinelsWithoutTheMastersNameNameTheMasterKey() {
        ConfigurationException e = misconfigured(Map.of("multisession.redis.sentinels", "x:26379"));

        assertEquals("multisession.redis.sentinel-master", e.key());
        assertTrue(e.getMessage().contains("sentinel monitor"), "says what the name is: " + e.getMessage());
    }

    @Test
    void aBlankMastersNameNamesTheMasterKey() {
        ConfigurationException e = misconfigured(Map.of("multisession.redis.sentinels", "x:26379",
                "multisession.redis.sentinel-master", "  "));

        assertEquals("multisession.redis.sentinel-master", e.key());
    }

    @Test
    void aMastersNameWithoutSentinelsNamesTheMasterKey() {
        ConfigurationException e = misconfigured(Map.of("multisession.redis.cluster-nodes", "x:1",
                "multisession.redis.sentinel-master", "m"));

        assertEquals("multisession.redis.sentinel-master", e.key());
        assertTrue(e.getMessage().contains("multisession.redis.sentinels"), e.getMessage());
    }

    @Test
    void credentialKeysWithTheUrlFormNameTheKeyAndSayTheyGoInTheUrl() {
        for (String key : List.of("multisession.redis.user", "multisession.redis.password")) {
            ConfigurationException e = misconfigured(Map.of("multisession.redis.url", "redis://127.0.0.1:6379",
                    key, "s3cretValue"));

            assertEquals(key, e.key());
            assertTrue(e.getMessage().contains("redis://user:password@host"), e.getMessage());
            assertFalse(e.getMessage().contains("s3cret"), "the value is never shown: " + e.getMessage());
        }
    }

    @Test
    void theTlsKeyWithTheUrlFormNamesTheKeyAndSaysRediss() {
        ConfigurationException e = misconfigured(Map.of("multisession.redis.url", "redis://127.0.0.1:6379",
                "multisession.redis.tls", "true"));

        assertEquals("multisession.redis.tls", e.key());
        assertTrue(e.getMessage().contains("rediss://"), e.getMessage());
    }

    @Test
    void aTlsValueOtherThanTrueOrFalseNamesTheKey() {
        ConfigurationException e = misconfigured(Map.of("multisession.redis.cluster-nodes", "x:1",
                "multisession.redis.tls", "yes"));

        assertEquals("multisession.redis.tls", e.key());
        assertTrue(e.getMessage().contains("true or false"), e.getMessage());
    }

    @Test
    void aUserWithoutAPasswordNamesThePasswordKey() {
        ConfigurationException e = misconfigured(Map.of("multisession.redis.cluster-nodes", "x:1",
                "multisession.redis.user", "app"));

        assertEquals("multisession.redis.password", e.key());
    }

    @Test
    void anEmptyPasswordNamesThePasswordKey() {
        ConfigurationException e = misconfigured(Map.of("multisession.redis.cluster-nodes", "x:1",
                "multisession.redis.password", ""));

        assertEquals("multisession.redis.password", e.key());
    }

    @Test
    void aBadHostAndPortEntryNamesTheKeyAndTheEntry() {
        Map<String, String> bad = Map.of(
                "redis-1", "redis-1",                              // no port
                "redis-1:0", "redis-1:0",                          // port out of range
                "redis-1:65536", "redis-1:65536",
                "redis-1:port", "redis-1:port",
                "ok:1,::1:6379", "::1:6379",                       // IPv6 without brackets
                ":6379", ":6379",                                  // no host
                "[::1]6379", "[::1]6379");
        for (String key : List.of("multisession.redis.cluster-nodes", "multisession.redis.sentinels")) {
            bad.forEach((value, entry) -> {
                ConfigurationException e = misconfigured(key.endsWith("sentinels")
                        ? Map.of(key, value, "multisession.redis.sentinel-master", "m") : Map.of(key, value));
                assertEquals(key, e.key(), value);
                assertTrue(e.getMessage().contains("'" + entry + "'"), "names the entry: " + e.getMessage());
                assertTrue(e.getMessage().contains("host:port"), "says the form: " + e.getMessage());
            });
        }
    }

    @Test
    void anEmptyHostListNamesTheKey() {
        for (String value : List.of("", " , ,")) {
            ConfigurationException e = misconfigured(Map.of("multisession.redis.cluster-nodes", value));

            assertEquals("multisession.redis.cluster-nodes", e.key());
            assertTrue(e.getMessage().contains("host:port"), e.getMessage());
        }
    }

    @Test
    void anEntryWithCredentialsIsNotRepeatedAndPointsToTheCredentialKeys() {
        ConfigurationException e = misconfigured(Map.of("multisession.redis.cluster-nodes",
                "redis-0:6379,admin:s3cretPass@redis-1:6379"));

        assertEquals("multisession.redis.cluster-nodes", e.key());
        assertFalse(e.getMessage().contains("s3cret"), "the password is never shown: " + e.getMessage());
        assertTrue(e.getMessage().contains("multisession.redis.password"), e.getMessage());
    }
}
