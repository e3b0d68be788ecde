package dev.multisession.redis;

import org.junit.jupiter.api.Test;
import redis.clients.jedis.HostAndPort;

import java.time.Duration;
import java.util.List;
import java.util.Set;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotSame;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** {@link RedisSettings}' Java API: the three forms, fail-fast values, immutability, a password-free toString. */
class RedisSettingsTest {
    private static final HostAndPort ONE = new HostAndPort("redis-1", 7000);

    @Test
    void aClusterWithoutSeedNodesIsRefused() {
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class, () -> RedisSettings.cluster(Set.of()));

        assertTrue(e.getMessage().contains("seed nodes"), e.getMessage());
    }

    @Test
    void aSentinelFormWithoutSentinelsOrWithABlankMasterIsRefused() {
        assertThrows(IllegalArgumentException.class, () -> RedisSettings.sentinel("mymaster", Set.of()));
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class, () -> RedisSettings.sentinel(" ", Set.of(ONE)));
        assertTrue(e.getMessage().contains("master name"), e.getMessage());
    }

    @Test
    void badCredentialsAreRefusedNamingTheField() {
        RedisSettings s = RedisSettings.cluster(Set.of(ONE));

        assertTrue(assertThrows(IllegalArgumentException.class, () -> s.credentials("app", ""))
                .getMessage().contains("password"));
        assertTrue(assertThrows(IllegalArgumentException.class, () -> s.credentials("a pp", "pw"))
                .getMessage().contains("user"));
        assertThrows(NullPointerException.class, () -> s.credentials("app", null));
    }

    @Test
    void everyMethodReturnsNewSettingsAndKeepsTheRest() {
        RedisSettings base = RedisSettings.sentinel("mymaster", Set.of(ONE));

        RedisSettings changed = base.credentials(null, "pw").tls(true).keyPrefix("x:").timeout(Duration.ofSeconds(2))
                .poolSize(3).timeSource(RedisSessionStore.TimeSource.CALLER);

        assertNotSame(base, changed);
        assertFalse(base.hasCredentials() || base.tls());
        assertEquals("ms:", base.keyPrefix());
        assertEquals(RedisSettings.Topology.SENTINEL, changed.topology());
        assertEquals("mymaster", changed.sentinelMaster());
        assertEquals(List.of(ONE), changed.nodes());
        assertTrue(changed.hasCredentials() && changed.tls());
        assertEquals("x:", changed.keyPrefix());
        assertEquals(Duration.ofSeconds(2), changed.timeout());
        assertEquals(3, changed.poolSize());
        assertEquals(RedisSessionStore.TimeSource.CALLER, changed.timeSource());
    }

    @Test
    void toStringNamesTheFormButNeverThePassword() {
        RedisSettings cluster = RedisSettings.cluster(Set.of(ONE)).credentials("app", "s3cretPass").tls(true);
        RedisSettings sentinel = RedisSettings.sentinel("mymaster", Set.of(ONE)).credentials(null, "s3cretPass");

        assertTrue(cluster.toString().startsWith("cluster [redis-1:7000]"), cluster.toString());
        assertTrue(cluster.toString().contains("TLS"), cluster.toString());
        assertTrue(sentinel.toString().contains("mymaster"), sentinel.toString());
        assertFalse(cluster.toString().contains("s3cret") || sentinel.toString().contains("s3cret"));
    }

    @Test
    void theClusterAndSentinelFormsHaveNoSingleServer() {
        assertThrows(IllegalStateException.class, () -> RedisSettings.cluster(Set.of(ONE)).hostAndPort());
        assertEquals(ONE, RedisSettings.of("redis-1", 7000).hostAndPort());
    }
}
