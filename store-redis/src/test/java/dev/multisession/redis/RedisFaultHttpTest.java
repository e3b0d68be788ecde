package dev.multisession.redis;

import dev.multisession.core.config.MultiSessionConfig;
import dev.multisession.core.model.Session;
import dev.multisession.core.testing.MutableClock;
import dev.multisession.servlet.adversarial.SuiteLogCheck;
import dev.multisession.servlet.testing.Browser;
import dev.multisession.servlet.testing.SignIns;
import dev.multisession.servlet.testing.TestApp;
import org.junit.jupiter.api.AutoClose;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import redis.clients.jedis.Jedis;
import redis.clients.jedis.args.ClientPauseMode;
import redis.clients.jedis.args.ClientType;
import redis.clients.jedis.params.ClientKillParams;
import redis.clients.jedis.params.SetParams;

import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.function.Predicate;
import java.util.function.Supplier;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assertions.fail;

/**
 * Faults of a real redis-server under two nodes over HTTP: frozen (SIGSTOP), killed and
 * restarted, writes paused, the revocation subscription cut. Whatever happens: no 500, tokens
 * that are still valid keep being served, store operations answer 503 with Retry-After and
 * delete no cookie, no session is lost that was not ended, and each node is back on its own
 * within {@link #RECOVERY} of Redis being back.
 *
 * <p>The server keeps its data across a kill (append-only file, synced at every write), as a
 * Redis holding sessions should in production; it forgets its scripts. Time runs as in
 * production (the store's circuit breaker opens after a few failures and lets a probe through
 * after its cool-down), and tests jump ahead of it to expire tokens.
 */
@ExtendWith(SuiteLogCheck.class) // no token, signature or cookie value in any log line, Redis failing or not
class RedisFaultHttpTest {
    /** The stated recovery bound: Redis answers again → every node serves store operations again. */
    static final Duration RECOVERY = Duration.ofSeconds(10);
    private static final Duration TIMEOUT = Duration.ofMillis(300);

    @AutoClose
    private static final RedisServerProcess redis = RedisServerProcess.startPersistent();
    private MutableClock clock;
    private RedisSessionStore storeA;
    private RedisSessionStore storeB;
    private TestApp nodeA;
    private TestApp nodeB;

    @BeforeEach
    void startNodes() throws Exception {
        try (Jedis j = redis.client()) {
            j.flushAll();
        }
        clock = MutableClock.ticking();
        MultiSessionConfig config = MultiSessionConfig.builder().clock(clock).build();
        RedisSettings settings = redis.settings().timeout(TIMEOUT).timeSource(RedisSessionStore.TimeSource.CALLER);
        storeA = new RedisSessionStore(settings, config);
        storeB = new RedisSessionStore(settings, config);
        nodeA = TestApp.builder().clock(clock).storeDecorator(ignoredInMemory -> storeA).start();
        nodeB = TestApp.builder().clock(clock).storeDecorator(ignoredInMemory -> storeB).start();
        awaitSubscribed();
    }

    @AfterEach
    void stopNodes() throws Exception {
        redis.resume();
        try (RedisSessionStore a = storeA; RedisSessionStore b = storeB; TestApp na = nodeA; TestApp nb = nodeB) {
            // closed in reverse order
        }
    }

    private void awaitSubscribed() {
        RedisServerProcess.await("both nodes subscribed to revocations", RECOVERY,
                () -> storeA.isSubscribed() && storeB.isSubscribed());
    }

    /** Repeats {@code request} until its answer passes {@code done}, at most {@link #RECOVERY}; every answer must be sane. */
    private static Browser.Response recovered(Supplier<Browser.Response> request, Predicate<Browser.Response> done) {
        long deadline = System.nanoTime() + RECOVERY.toNanos();
        while (true) {
            Browser.Response r = request.get();
            assertNotEquals(500, r.status(), "never a 500 while Redis recovers: " + r.body());
            if (done.test(r)) {
                return r;
            }
            if (System.nanoTime() > deadline) {
                fail("not recovered within " + RECOVERY + "; last answer " + r.status() + " " + r.body());
            }
            sleep(50);
        }
    }

    private static void sleep(long millis) {
        try {
            Thread.sleep(millis);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException(e);
        }
    }

    private static void assertStoreUnavailable(Browser.Response r, String what) {
        assertEquals(503, r.status(), what + ": " + r.body());
        assertNotNull(r.header("Retry-After"), what + " carries Retry-After");
        assertEquals(List.of(), r.deletedCookies(), what + " deletes no cookie");
    }

    private void assertServedOnBothNodes(LoadBalancedBrowser browser, String user) {
        for (TestApp node : List.of(nodeA, nodeB)) {
            Browser.Response r = browser.get(node, "/whoami");
            assertEquals(200, r.status(), r.body());
            assertEquals(user, r.user(), "the still-valid token is served from the verified-token cache");
        }
    }

    private List<String> activeUsers(LoadBalancedBrowser browser) {
        return storeA.listByClient(browser.clientId()).stream().filter(s -> s.isActiveAt(clock.instant()))
                .map(s -> s.user().id()).sorted().toList();
    }

    /** Past the token's exp and the verifier's clock-skew allowance. */
    private Duration pastTokenExpiry() {
        MultiSessionConfig c = nodeA.engine().config();
        return c.tokenLifetime().plus(c.clockSkew()).plusSeconds(1);
    }

    // ------------------------------------------------------------------ faults

    @Test
    void whileRedisIsFrozenValidTokensAreServedAndStoreOperationsAre503UntilItThaws() {
        LoadBalancedBrowser browser = new LoadBalancedBrowser(nodeA, nodeB);
        SignIns.SignedIn alice = browser.signIn(nodeA, "alice", null);
        assertServedOnBothNodes(browser, "alice");
        Map<String, String> before = browser.cookies();

        redis.pause();
        try {
            assertServedOnBothNodes(browser, "alice");
            assertStoreUnavailable(browser.login(nodeB, "bob"), "a sign-in on node B");
            assertStoreUnavailable(browser.post(nodeA, "sign-out", Map.of("session_id", alice.sessionId())),
                    "a sign-out on node A");
            assertEquals(before, browser.cookies(), "the browser still holds exactly what it held");
        } finally {
            redis.resume();
        }

        recovered(() -> browser.login(nodeB, "bob"), r -> r.status() == 200);
        assertEquals(List.of("alice", "bob"), activeUsers(browser), "alice was never lost; bob signed in once");
        assertServedOnBothNodes(browser, "bob");
    }

    @Test
    void afterRedisIsKilledAndRestartedSessionsAreKeptAndScriptsAreLoadedAgain() {
        LoadBalancedBrowser browser = new LoadBalancedBrowser(nodeA, nodeB);
        SignIns.SignedIn alice = browser.signIn(nodeA, "alice", null);
        assertServedOnBothNodes(browser, "alice");

        redis.kill();
        assertServedOnBothNodes(browser, "alice");
        assertStoreUnavailable(browser.login(nodeA, "bob"), "a sign-in while Redis is down");
        redis.restart();

        recovered(() -> browser.login(nodeA, "bob"), r -> r.status() == 200);
        clock.advance(pastTokenExpiry());
        String cookie = SignIns.cookieName(alice.sessionId());
        String expired = browser.cookies().get(cookie);
        Browser.Response refreshed = recovered(() -> browser.get(nodeB, "/whoami?session_id=" + alice.sessionId()),
                r -> "alice".equals(r.user()));
        assertEquals(200, refreshed.status());
        assertNotEquals(expired, browser.cookies().get(cookie), "node B refreshed alice's token from the restarted Redis");
        assertEquals(List.of("alice", "bob"), activeUsers(browser));
        awaitSubscribed();
    }

    @Test
    void whileWritesArePausedSignInIs503AndNoSessionAppearsThatTheBrowserDoesNotHold() {
        LoadBalancedBrowser browser = new LoadBalancedBrowser(nodeA, nodeB);
        browser.signIn(nodeA, "alice", null);

        try (Jedis j = redis.client()) {
            j.clientPause(RECOVERY.toMillis(), ClientPauseMode.WRITE);
            try {
                assertServedOnBothNodes(browser, "alice");
                assertStoreUnavailable(browser.login(nodeA, "bob"), "a sign-in while writes are paused");
            } finally {
                j.clientUnpause();
            }
        }

        recovered(() -> browser.login(nodeB, "bob"), r -> r.status() == 200);
        assertEquals(List.of("alice", "bob"), activeUsers(browser),
                "one alice, one bob: a sign-in answered 503 left no session behind, or the next one replaced it");
        assertServedOnBothNodes(browser, "bob");
    }

    @Test
    void whenTheRevocationSubscriptionIsCutANodeChecksItsCachedTokensWithTheStoreOnceMore() {
        LoadBalancedBrowser browser = new LoadBalancedBrowser(nodeA, nodeB);
        SignIns.SignedIn alice = browser.signIn(nodeA, "alice", null);
        assertServedOnBothNodes(browser, "alice");
        endWithoutBroadcast(browser.clientId(), alice.sessionId());
        assertEquals("alice", browser.get(nodeB, "/whoami").user(),
                "control: a revocation no node heard of leaves the cached token in use");

        try (Jedis j = redis.client()) {
            j.clientKill(ClientKillParams.clientKillParams().type(ClientType.PUBSUB));
        }

        recovered(() -> browser.get(nodeB, "/whoami?session_id=" + alice.sessionId()), r -> "-".equals(r.user()));
        awaitSubscribed();
        SignIns.SignedIn bob = browser.signIn(nodeA, "bob", null);
        assertEquals("bob", browser.get(nodeB, "/whoami").user());
        Map<String, String> stolen = browser.cookies();
        assertEquals(303, browser.post(nodeA, "sign-out", Map.of("session_id", bob.sessionId())).status());
        LoadBalancedBrowser replay = new LoadBalancedBrowser(nodeA, nodeB);
        replay.replace(stolen);
        recovered(() -> {
            replay.replace(stolen);
            return replay.get(nodeB, "/whoami?session_id=" + bob.sessionId());
        }, r -> "-".equals(r.user()));
    }

    /** Marks the session revoked in Redis the way no node would: without publishing it. */
    private void endWithoutBroadcast(String clientId, String sessionId) {
        String key = redis.settings().keyPrefix() + "{c:" + clientId + "}:s:" + sessionId;
        try (Jedis j = redis.client()) {
            String json = j.get(key);
            assertNotNull(json, "the session record is at " + key);
            assertTrue(json.contains("\"st\":\"ACTIVE\""), json);
            j.set(key, json.replace("\"st\":\"ACTIVE\"", "\"st\":\"REVOKED\""), SetParams.setParams().keepTtl());
        }
        Session s = storeA.find(sessionId).orElseThrow();
        assertEquals(dev.multisession.core.model.SessionStatus.REVOKED, s.status(), "control: the store reports it revoked");
    }
}
