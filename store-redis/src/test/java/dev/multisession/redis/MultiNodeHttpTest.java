package dev.multisession.redis;

import dev.multisession.core.config.MultiSessionConfig;
import dev.multisession.core.model.Session;
import dev.multisession.core.testing.MutableClock;
import dev.multisession.servlet.adversarial.SuiteLogCheck;
import dev.multisession.servlet.testing.Browser;
import dev.multisession.servlet.testing.SignIns;
import dev.multisession.servlet.testing.TestApp;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;

import java.time.Duration;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import java.util.function.Function;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * Two nodes of one app over real HTTP: two servlet-filter test apps (each its own engine, so its
 * own verified-token cache), each with its own {@link RedisSessionStore} (its own pool and
 * revocation subscriber) on one redis-server. One browser's cookies go to either node, as a
 * load balancer without sticky sessions would send them. Both nodes run on one
 * {@link MutableClock} ({@link RedisSessionStore.TimeSource#CALLER}).
 */
@ExtendWith(SuiteLogCheck.class) // no token, signature or cookie value in any log line, Redis failing or not
class MultiNodeHttpTest {
    private static final int TABS = 8;
    private static final Duration BROADCAST_WAIT = Duration.ofSeconds(2);

    private static RedisServerProcess redis;
    private static MutableClock clock;
    private static RedisSessionStore storeA;
    private static RedisSessionStore storeB;
    private static TestApp nodeA;
    private static TestApp nodeB;

    @BeforeAll
    static void start() throws Exception {
        redis = RedisServerProcess.start();
        clock = MutableClock.atFixedStart();
        MultiSessionConfig config = MultiSessionConfig.builder().clock(clock).build();
        RedisSettings settings = redis.settings().timeSource(RedisSessionStore.TimeSource.CALLER);
        storeA = new RedisSessionStore(settings, config);
        storeB = new RedisSessionStore(settings, config);
        nodeA = TestApp.builder().clock(clock).storeDecorator(ignoredInMemory -> storeA).start();
        nodeB = TestApp.builder().clock(clock).storeDecorator(ignoredInMemory -> storeB).start();
        awaitSubscribed(storeA, "node A");
        awaitSubscribed(storeB, "node B");
    }

    @AfterAll
    static void stop() throws Exception {
        try (RedisServerProcess r = redis; RedisSessionStore a = storeA; RedisSessionStore b = storeB) {
            if (nodeA != null) {
                nodeA.close();
            }
            if (nodeB != null) {
                nodeB.close();
            }
        }
    }

    private static void awaitSubscribed(RedisSessionStore store, String node) {
        RedisServerProcess.await(node + "'s revocation subscriber subscribing", Duration.ofSeconds(10), store::isSubscribed);
    }

    @Test
    void aSessionSignedInOnOneNodeIsSignedInOnTheOther() {
        LoadBalancedBrowser browser = new LoadBalancedBrowser(nodeA, nodeB);
        SignIns.SignedIn alice = browser.signIn(nodeA, "alice", null);

        Browser.Response onB = browser.get(nodeB, "/whoami");

        assertEquals(200, onB.status());
        assertEquals("alice", onB.user(), "node B, which never saw alice's token, verifies it and serves alice");
        assertEquals("alice", browser.get(nodeB, "/whoami?session_id=" + alice.sessionId()).user(),
                "and finds the session by its id");
    }

    @Test
    void twoTabsOnTwoAccountsMakingAThousandRequestsEachAcrossBothNodesNeverCrossOver() {
        LoadBalancedBrowser browser = new LoadBalancedBrowser(nodeA, nodeB);
        SignIns.SignedIn alice = browser.signIn(nodeA, "alice", null);
        SignIns.SignedIn bob = browser.signIn(nodeB, "bob", null);
        assertNotEquals(alice.index(), bob.index(), "two accounts, two indexes");
        Map<Integer, String> byIndex = Map.of(alice.index(), "alice", bob.index(), "bob");
        int refreshes = 0;

        for (int i = 0; i < 2 * 1000; i++) {
            int index = i % 2 == 0 ? alice.index() : bob.index();           // tab 1, tab 2, tab 1, ...
            TestApp node = (i / 2) % 2 == 0 ? nodeA : nodeB;                 // each tab alternates nodes
            if (i % 20 == 19) {
                clock.advance(Duration.ofSeconds(1));                        // 100 s in all: tokens refresh mid-run
            }
            Browser.Response r = browser.get(node, "/whoami?authuser=" + index);
            String where = "request " + i + " on node " + (node == nodeA ? "A" : "B") + " with authuser=" + index;
            assertEquals(200, r.status(), where);
            assertEquals(byIndex.get(index), r.user(), where + " gets that tab's account, never the other");
            refreshes += r.setCookies().isEmpty() ? 0 : 1;
        }
        assertTrue(refreshes >= 2, "control: tokens were refreshed during the run, on whichever node was asked: " + refreshes);
    }

    @Test
    void anOrganizationSwitchOnOneNodeIsSeenOnTheOtherWithTheNewCookie() {
        LoadBalancedBrowser browser = new LoadBalancedBrowser(nodeA, nodeB);
        SignIns.SignedIn alice = browser.signIn(nodeA, "alice", "acme");
        assertEquals("acme", browser.get(nodeA, "/whoami").echo().get("org"), "control: node A has cached the acme token");
        String cookie = SignIns.cookieName(alice.sessionId());
        String before = browser.cookies().get(cookie);

        Browser.Response switched = browser.post(nodeB, "switch",
                Map.of("session_id", alice.sessionId(), "organization", "globex"));

        assertEquals(303, switched.status(), "node B switches: " + switched.body());
        assertNotEquals(before, browser.cookies().get(cookie), "the switch wrote a new token into alice's cookie");
        Browser.Response onA = browser.get(nodeA, "/whoami");
        assertEquals("alice", onA.user());
        assertEquals("globex", onA.echo().get("org"), "node A serves the organization chosen on node B");
    }

    @Test
    void aSignOutOnOneNodeRefusesTheOldCookieOnTheOtherWithinTwoSecondsWithoutTimePassing() throws Exception {
        LoadBalancedBrowser browser = new LoadBalancedBrowser(nodeA, nodeB);
        SignIns.SignedIn alice = browser.signIn(nodeA, "alice", null);
        assertEquals("alice", browser.get(nodeB, "/whoami").user(), "control: node B has verified and cached alice's token");
        Map<String, String> stolen = browser.cookies();

        Browser.Response out = browser.post(nodeA, "sign-out", Map.of("session_id", alice.sessionId()));
        assertEquals(303, out.status(), "node A signs alice out");

        LoadBalancedBrowser replay = new LoadBalancedBrowser(nodeA, nodeB);            // a stale tab, or a thief, with the cookies from before
        RedisServerProcess.await("node B refusing the signed-out token within " + BROADCAST_WAIT + " of the sign-out on"
                + " node A (the revocation broadcast), with the clock standing still", BROADCAST_WAIT, () -> {
                    replay.replace(stolen);
                    return "-".equals(replay.get(nodeB, "/whoami?session_id=" + alice.sessionId()).user());
                });
        replay.replace(stolen);
        assertEquals("-", replay.get(nodeA, "/whoami").user(), "node A refuses it too");
    }

    @Test
    void simultaneousSignInsSplitAcrossNodesNeverExceedTheCapAndNeverShareAnIndex() throws Exception {
        LoadBalancedBrowser first = new LoadBalancedBrowser(nodeA, nodeB);
        first.signIn(nodeA, "alice", null);
        Map<String, String> cookies = first.cookies();

        ExecutorService pool = Executors.newFixedThreadPool(TABS);
        List<Integer> statuses = new ArrayList<>();
        try {
            CountDownLatch go = new CountDownLatch(1);
            List<Future<Integer>> futures = new ArrayList<>();
            for (int i = 0; i < TABS; i++) {
                TestApp node = i % 2 == 0 ? nodeA : nodeB;
                Browser tab = node.browser();
                cookies.forEach(tab::setCookie);
                String user = "user" + i;
                futures.add(pool.submit(() -> {
                    go.await();
                    return tab.post("/login", Map.of("user", user), "Origin", node.origin()).status();
                }));
            }
            go.countDown();
            for (Future<Integer> f : futures) {
                statuses.add(f.get(30, TimeUnit.SECONDS));
            }
        } finally {
            pool.shutdownNow();
            assertTrue(pool.awaitTermination(10, TimeUnit.SECONDS), "pool stopped");
        }

        assertEquals(4, statuses.stream().filter(s -> s == 200).count(), "alice plus four fill the cap of five: " + statuses);
        assertEquals(TABS - 4, statuses.stream().filter(s -> s == 409).count(), "the others are refused with 409: " + statuses);
        List<Session> active = storeA.listByClient(first.clientId()).stream()
                .filter(s -> s.isActiveAt(clock.instant())).toList();
        assertEquals(5, active.size(), "active sessions of the browser in Redis: " + active.size());
        Set<Integer> indexes = new HashSet<>();
        active.forEach(s -> indexes.add(s.index()));
        assertEquals(active.size(), indexes.size(), "indexes are unique: " + active.stream().map(Session::index).toList());
    }

    @Test
    void requestsWithAFreshTokenMakeNoRedisCalls() {
        LoadBalancedBrowser browser = new LoadBalancedBrowser(nodeA, nodeB);
        browser.signIn(nodeA, "alice", "acme");
        assertEquals("alice", browser.get(nodeA, "/whoami").user(), "warm-up: node A has verified and cached the token");
        List<String> commands = List.of("evalsha", "eval", "get", "smembers");
        Map<String, Long> before = calls(commands);

        for (int i = 0; i < 50; i++) {
            Browser.Response r = browser.get(nodeA, "/whoami");
            assertEquals("alice", r.user(), "request " + i);
            assertTrue(r.setCookies().isEmpty(), "request " + i + " sets no cookie (no refresh): " + r.setCookies());
        }

        Map<String, Long> after = calls(commands);
        for (String command : commands) {
            assertEquals(before.get(command), after.get(command),
                    "the hot path made no " + command.toUpperCase() + " call: before " + before + ", after " + after);
        }
    }

    private static Map<String, Long> calls(List<String> commands) {
        Map<String, Long> calls = new LinkedHashMap<>();
        commands.forEach(c -> calls.put(c, redis.calls(c)));
        return calls;
    }
}
