package dev.multisession.redis;

import dev.multisession.core.config.ConfigSource;
import dev.multisession.core.config.MultiSessionConfig;
import dev.multisession.core.model.Ids;
import dev.multisession.core.model.Session;
import dev.multisession.core.model.SessionStatus;
import dev.multisession.core.store.RefreshRead;
import dev.multisession.core.store.SessionStore;
import dev.multisession.core.store.SessionStores;
import dev.multisession.core.store.StoreUnavailableException;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import redis.clients.jedis.Jedis;

import java.time.Clock;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertInstanceOf;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** The Sentinel form on a local master and sentinel: the store works on the master the sentinel names. */
class RedisSentinelTest {
    private static final Duration DELIVERY = Duration.ofSeconds(5);
    private static RedisSentinelProcesses sentinel;

    private final Clock clock = Clock.systemUTC();
    private final MultiSessionConfig config = MultiSessionConfig.builder().build();
    private final List<AutoCloseable> toClose = new ArrayList<>();

    @BeforeAll
    static void startSentinel() {
        sentinel = RedisSentinelProcesses.start();
    }

    @AfterAll
    static void stopSentinel() {
        if (sentinel != null) {
            sentinel.close();
        }
    }

    @AfterEach
    void close() throws Exception {
        for (AutoCloseable c : toClose) {
            c.close();
        }
    }

    private <T extends AutoCloseable> T closedAfter(T c) {
        toClose.add(c);
        return c;
    }

    private RedisSessionStore store() {
        return closedAfter(new RedisSessionStore(sentinel.settings(), config));
    }

    private static MultiSessionConfig config(Map<String, String> values) {
        Map<String, String> all = new HashMap<>(values);
        all.put("multisession.store", "redis");
        return MultiSessionConfig.builder().from(ConfigSource.map(all)).build();
    }

    @Test
    void aSignedInSessionIsStoredOnTheMasterTheSentinelNames() {
        RedisSessionStore store = store();
        String client = Ids.newClientId(clock);

        Session s = TestSessions.signIn(store, clock, client, "u1");

        try (Jedis master = sentinel.master().client()) {
            assertTrue(master.exists("ms:{c:" + client + "}:s:" + s.id()));
            assertEquals(client, master.get("ms:sid:" + s.id()));
        }
    }

    @Test
    void aRefreshReadFindsTheActiveSession() {
        RedisSessionStore store = store();
        String client = Ids.newClientId(clock);
        Session s = TestSessions.signIn(store, clock, client, "u1");

        RefreshRead read = store.readForRefresh(s.id(), client, clock.instant());

        assertEquals(s, assertInstanceOf(RefreshRead.Active.class, read).session());
    }

    @Test
    void findReadsASessionBySessionIdAlone() {
        RedisSessionStore store = store();
        Session s = TestSessions.signIn(store, clock, Ids.newClientId(clock), "u1");

        assertEquals(s, store.find(s.id()).orElseThrow());
    }

    @Test
    void aRevokeThroughOneStoreReachesASecondStoresListener() {
        RedisSessionStore a = store();
        RedisSessionStore b = store();
        RedisRevocationBroadcastTest.Recorder onB = new RedisRevocationBroadcastTest.Recorder();
        b.addRevocationListener(onB);
        assertTrue(b.isSubscribed());
        String client = Ids.newClientId(clock);
        Session s = TestSessions.signIn(a, clock, client, "u1");

        a.revoke(s.id(), client, SessionStatus.REVOKED, clock.instant());

        RedisServerProcess.await("B told of the revocation", DELIVERY, () -> onB.ended().contains(s.id()));
        assertEquals(List.of(s.id()), onB.ended());
    }

    @Test
    void theSubscriberSubscribesOnTheMasterNotOnTheSentinel() {
        RedisSessionStore b = store();
        b.addRevocationListener(new RedisRevocationBroadcastTest.Recorder());
        assertTrue(b.isSubscribed());

        try (Jedis master = sentinel.master().client(); Jedis s = sentinel.sentinel().client()) {
            assertTrue(master.clientList().contains("name=multisession-revocations"), master.clientList());
            assertFalse(s.clientList().contains("name=multisession-revocations"));
        }
    }

    @Test
    void theSentinelFormIsReadFromConfiguration() {
        SessionStore store = closedAfter((RedisSessionStore) SessionStores.fromConfig(config(Map.of(
                "multisession.redis.sentinels", sentinel.sentinel().hostAndPort().toString(),
                "multisession.redis.sentinel-master", RedisSentinelProcesses.MASTER))));
        RedisSettings settings = ((RedisSessionStore) store).settings();
        assertEquals(RedisSettings.Topology.SENTINEL, settings.topology());
        assertEquals(RedisSentinelProcesses.MASTER, settings.sentinelMaster());

        Session s = TestSessions.signIn(store, clock, Ids.newClientId(clock), "u1");

        assertEquals(s, store.find(s.id()).orElseThrow());
    }

    @Test
    void theConfiguredCredentialsAuthenticateToTheMasterAndNotToTheSentinels() throws Exception {
        // the master needs a password, the sentinel none: AUTH sent to the sentinel would fail
        try (RedisSentinelProcesses guarded = RedisSentinelProcesses.start("m4sterPass")) {
            Map<String, String> keys = new HashMap<>(Map.of(
                    "multisession.redis.sentinels", guarded.sentinel().hostAndPort().toString(),
                    "multisession.redis.sentinel-master", RedisSentinelProcesses.MASTER));
            keys.put("multisession.redis.password", "m4sterPass");
            try (RedisSessionStore store = (RedisSessionStore) SessionStores.fromConfig(config(keys))) {
                RedisRevocationBroadcastTest.Recorder listener = new RedisRevocationBroadcastTest.Recorder();
                store.addRevocationListener(listener);
                Session s = TestSessions.signIn(store, clock, Ids.newClientId(clock), "u1");
                assertEquals(s, store.find(s.id()).orElseThrow());
                assertTrue(store.isSubscribed(), "the subscriber authenticates to the master too");
                assertFalse(store.settings().toString().contains("m4sterPass"), store.settings().toString());
            }
            keys.remove("multisession.redis.password");
            try (RedisSessionStore store = (RedisSessionStore) SessionStores.fromConfig(config(keys))) {
                StoreUnavailableException e = assertThrows(StoreUnavailableException.class,
                        () -> TestSessions.signIn(store, clock, Ids.newClientId(clock), "u1"), "no password, no session");
                assertTrue(e.getMessage().contains("signIn"), e.getMessage());
            }
        }
    }

    @Test
    void afterAFailoverTheSubscriberFollowsTheMasterTheSentinelNames() {
        try (RedisSentinelProcesses failing = RedisSentinelProcesses.startWithReplica()) {
            RedisSessionStore a = closedAfter(new RedisSessionStore(failing.settings(), config));
            RedisSessionStore b = closedAfter(new RedisSessionStore(failing.settings(), config));
            RedisRevocationBroadcastTest.Recorder onB = new RedisRevocationBroadcastTest.Recorder();
            b.addRevocationListener(onB);
            assertTrue(b.isSubscribed());

            failing.failOver();

            RedisServerProcess.await("B told it may have missed revocations", DELIVERY, () -> onB.missed.get() >= 1);
            RedisServerProcess.await("B subscribed on the promoted replica", Duration.ofSeconds(30), () -> {
                try (Jedis promoted = failing.replica().client()) {
                    return b.isSubscribed() && promoted.clientList().contains("name=multisession-revocations");
                }
            });
            String client = Ids.newClientId(clock);
            Session[] s = new Session[1];
            RedisServerProcess.await("A signs in on the new master", Duration.ofSeconds(30),
                    () -> (s[0] = TestSessions.signIn(a, clock, client, "u1")) != null);
            a.revoke(s[0].id(), client, SessionStatus.REVOKED, clock.instant());
            RedisServerProcess.await("B told of a revocation on the new master", DELIVERY,
                    () -> onB.ended().contains(s[0].id()));
        }
    }
}
