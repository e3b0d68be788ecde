package dev.multisession.redis;

import dev.multisession.core.config.ConfigSource;
import dev.multisession.core.config.MultiSessionConfig;
import dev.multisession.core.model.Ids;
import dev.multisession.core.model.Session;
import dev.multisession.core.model.SessionStatus;
import dev.multisession.core.store.AtCapPolicy;
import dev.multisession.core.store.NewSession;
import dev.multisession.core.store.SessionStore;
import dev.multisession.core.store.SessionStores;
import dev.multisession.core.store.SignInOutcome;
import dev.multisession.core.store.StoreUnavailableException;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import redis.clients.jedis.HostAndPort;
import redis.clients.jedis.Jedis;
import redis.clients.jedis.util.JedisClusterCRC16;

import java.time.Clock;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Set;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertInstanceOf;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * The Cluster form on a local three-master Redis Cluster: revocations reach every node's
 * subscriber whichever node ran the script, the subscriber moves to another node when its node
 * dies, sign-in runs three scripts, and the form is read from configuration.
 */
class RedisClusterTest {
    private static final Duration DELIVERY = Duration.ofSeconds(5);
    private static RedisClusterProcesses cluster;

    private final Clock clock = Clock.systemUTC();
    private final MultiSessionConfig config = MultiSessionConfig.builder().build();
    private final List<AutoCloseable> toClose = new ArrayList<>();

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

    @BeforeEach
    void empty() {
        cluster.flushAll();
    }

    @AfterEach
    void close() throws Exception {
        for (AutoCloseable c : toClose) {
            c.close();
        }
    }

    private RedisSessionStore store(RedisClusterProcesses on) {
        RedisSessionStore store = new RedisSessionStore(on.settings(), config);
        toClose.add(store);
        return store;
    }

    /** The node whose CLIENT LIST shows the revocation subscriber's connection. */
    static RedisServerProcess subscriberNode(RedisClusterProcesses on) {
        List<RedisServerProcess> found = new ArrayList<>();
        for (RedisServerProcess node : on.nodes()) {
            try (Jedis j = node.client()) {
                if (j.clientList().contains("name=multisession-revocations")) {
                    found.add(node);
                }
            } catch (RuntimeException e) {
                // a dead node holds no subscription
            }
        }
        assertEquals(1, found.size(), "one subscriber connection on the cluster");
        return found.get(0);
    }

    /** A new client id whose browser keys live on a node other than {@code avoid}. */
    private String clientIdNotOn(RedisClusterProcesses on, RedisServerProcess avoid) {
        for (int i = 0; i < 1000; i++) {
            String client = Ids.newClientId(clock);
            if (on.nodeOf(browserKey(client)) != avoid) {
                return client;
            }
        }
        throw new AssertionError("no client id found off the node");
    }

    private static String browserKey(String clientId) {
        return "ms:{c:" + clientId + "}:idx";
    }

    @Test
    void aRevokeRunOnAnotherNodeThanTheSubscribersReachesItsListener() {
        RedisSessionStore a = store(cluster);
        RedisSessionStore b = store(cluster);
        RedisRevocationBroadcastTest.Recorder onB = new RedisRevocationBroadcastTest.Recorder();
        b.addRevocationListener(onB);
        assertTrue(b.isSubscribed());
        RedisServerProcess subscribedOn = subscriberNode(cluster);
        String client = clientIdNotOn(cluster, subscribedOn);
        Session s = TestSessions.signIn(a, clock, client, "u1");
        RedisServerProcess scriptNode = cluster.nodeOf(browserKey(client));
        try (Jedis j = scriptNode.client()) {
            assertTrue(j.exists("ms:{c:" + client + "}:s:" + s.id()), "the session lives on the script's node");
        }
        assertNotEquals(subscribedOn.port(), scriptNode.port());

        a.revoke(s.id(), client, SessionStatus.REVOKED, clock.instant());

        RedisServerProcess.await("B told of the revocation", DELIVERY, () -> onB.ended().contains(s.id()));
        assertEquals(List.of(s.id()), onB.ended());
        assertEquals(0, onB.missed.get(), "nothing was missed");
    }

    @Test
    void signInRunsThreeScriptsOnTheCluster() {
        RedisSessionStore store = store(cluster);
        cluster.resetStats();

        Session s = TestSessions.signIn(store, clock, Ids.newClientId(clock), "u1");

        // a node that has not seen a script yet answers EVALSHA with NOSCRIPT (a failed call), then runs EVAL
        long scripts = cluster.succeeded("evalsha") + cluster.succeeded("eval");
        assertEquals(3, scripts, "two LINK scripts and one SIGN_IN");
        assertEquals(s, store.find(s.id()).orElseThrow());
    }

    @Test
    void aSignInWhoseLookupKeysSlotMovedFollowsTheRedirection() {
        RedisSessionStore store = store(cluster);                 // its slot map is read now, and goes stale below
        String client = Ids.newClientId(clock);
        Session draft = TestSessions.draft(clock, client, "u1");
        String sidKey = "ms:sid:" + draft.id();
        RedisServerProcess from = cluster.nodeOf(sidKey);
        RedisServerProcess to = cluster.nodes().stream().filter(n -> n != from).findFirst().orElseThrow();
        cluster.moveSlot(JedisClusterCRC16.getSlot(sidKey), to);

        SignInOutcome out = store.signIn(NewSession.of(draft, 5, AtCapPolicy.REFUSE));

        assertInstanceOf(SignInOutcome.Created.class, out);
        try (Jedis j = to.client()) {
            assertEquals(client, j.get(sidKey), "the lookup key is on the slot's new node");
        }
        assertEquals(draft.id(), store.find(draft.id()).orElseThrow().id());
    }

    @Test
    void theClusterFormIsReadFromConfiguration() {
        SessionStore store = SessionStores.fromConfig(MultiSessionConfig.builder().from(ConfigSource.map(Map.of(
                "multisession.store", "redis",
                "multisession.redis.cluster-nodes", cluster.seedsValue(),
                "multisession.redis.key-prefix", "cfg:"))).build());
        try (RedisSessionStore redisStore = assertInstanceOf(RedisSessionStore.class, store)) {
            assertEquals(RedisSettings.Topology.CLUSTER, redisStore.settings().topology());
            assertEquals(List.copyOf(cluster.seeds()), redisStore.settings().nodes());
            String client = Ids.newClientId(clock);
            Session s = TestSessions.signIn(store, clock, client, "u1");
            assertEquals(s, store.find(s.id()).orElseThrow());
            try (Jedis j = cluster.nodeOf("cfg:{c:" + client + "}:idx").client()) {
                assertTrue(j.exists("cfg:{c:" + client + "}:s:" + s.id()), "stored on the cluster under the prefix");
            }
        }
    }

    @Test
    void noReachableSeedNodeIsStoreUnavailableNamingOnlyTheExceptionClass() throws Exception {
        int unused = RedisServerProcess.freePort();
        RedisSettings nowhere = RedisSettings.cluster(Set.of(new HostAndPort("127.0.0.1", unused)));

        StoreUnavailableException e = assertThrows(StoreUnavailableException.class,
                () -> new RedisSessionStore(nowhere, config));

        assertTrue(e.getMessage().contains("redis.clients.jedis.exceptions."), e.getMessage());
        assertTrue(!e.getMessage().contains(Integer.toString(unused)), "no address in the message: " + e.getMessage());
    }

    @Test
    void theSubscriptionMovesToAnotherNodeWhenItsNodeDies() {
        try (RedisClusterProcesses own = RedisClusterProcesses.start(3)) {   // one node dies: a cluster of its own
            RedisSessionStore a = store(own);
            RedisSessionStore b = store(own);
            RedisRevocationBroadcastTest.Recorder onB = new RedisRevocationBroadcastTest.Recorder();
            b.addRevocationListener(onB);
            assertTrue(b.isSubscribed());
            RedisServerProcess first = subscriberNode(own);
            String client = clientIdNotOn(own, first);
            Session s = TestSessions.signIn(a, clock, client, "u1");

            first.kill();

            RedisServerProcess.await("B told it may have missed revocations", DELIVERY, () -> onB.missed.get() >= 1);
            RedisServerProcess.await("B subscribed again on a living node", Duration.ofSeconds(15),
                    () -> b.isSubscribed() && onB.missed.get() >= 2);
            assertNotEquals(first.port(), subscriberNode(own).port());
            a.revoke(s.id(), client, SessionStatus.REVOKED, clock.instant());
            RedisServerProcess.await("B told of a revocation after moving", DELIVERY, () -> onB.ended().contains(s.id()));
        }
    }

    @Test
    void everyOperationWorksForAnAclUserWithTheGuidesRulesPlusTheSlotMap() {
        String rules = RedisAclTest.RULES + " +cluster|slots +cluster|shards";
        for (RedisServerProcess node : cluster.nodes()) {
            try (Jedis j = node.client()) {
                j.aclSetUser("sessions", ("on >s3cret-pass " + rules).split(" "));
            }
        }
        RedisSessionStore a = new RedisSessionStore(cluster.settings().credentials("sessions", "s3cret-pass"), config);
        toClose.add(a);
        RedisSessionStore b = new RedisSessionStore(cluster.settings().credentials("sessions", "s3cret-pass"), config);
        toClose.add(b);
        List<Set<String>> heard = new java.util.concurrent.CopyOnWriteArrayList<>();
        b.addRevocationListener(heard::add);
        List<Session> sessions = new ArrayList<>();
        for (int i = 0; i < 12; i++) {                          // browsers on every node's slots
            sessions.add(TestSessions.signIn(a, clock, Ids.newClientId(clock), "acl-user-" + i));
        }
        for (Session s : sessions) {
            assertEquals(s.id(), a.find(s.id()).orElseThrow().id());
            assertTrue(a.revoke(s.id(), s.clientId(), SessionStatus.REVOKED, clock.instant()).isPresent());
        }
        RedisServerProcess.await("every revocation reached the other store", DELIVERY, () -> heard.size() == 12);
    }
}
