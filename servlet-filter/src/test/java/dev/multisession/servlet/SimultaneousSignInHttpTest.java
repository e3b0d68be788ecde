package dev.multisession.servlet;

import dev.multisession.core.config.ConfigKeys;
import dev.multisession.core.model.Session;
import dev.multisession.servlet.testing.Browser;
import dev.multisession.servlet.testing.SignIns;
import dev.multisession.servlet.testing.TestApp;
import org.junit.jupiter.api.Test;

import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * Sign-ins sent at the same instant from one cookie state (several tabs, or a replayed
 * request): the store takes the cap check, the at-cap policy and the index in one atomic step,
 * so the browser never holds more than the cap and no two active sessions share an index.
 */
class SimultaneousSignInHttpTest {
    private static final int TABS = 8;

    @Test
    void twoTabsSigningInAtOnceGetDistinctIndexes() throws Exception {
        try (TestApp app = TestApp.start()) {
            Browser tab1 = app.browser();
            SignIns.signIn(tab1, "alice");
            Browser tab2 = app.browser();
            tab1.cookies().forEach(tab2::setCookie);
            SignIns.SignedIn bob = SignIns.signIn(tab1, "bob");
            SignIns.SignedIn carol = SignIns.signIn(tab2, "carol");
            tab2.cookies().forEach(tab1::setCookie); // the browser keeps both tabs' writes
            assertNotEquals(bob.index(), carol.index());
            assertEquals("bob", tab1.get("/whoami?authuser=" + bob.index()).user());
            assertEquals("carol", tab1.get("/whoami?authuser=" + carol.index()).user());
        }
    }

    @Test
    void manySignInsSentAtOnceWithOneCookieStateNeverExceedTheCapAndNeverShareAnIndex() throws Exception {
        try (TestApp app = TestApp.start()) {
            Browser first = app.browser();
            SignIns.signIn(first, "alice");
            List<Integer> statuses = signInAtOnce(app, first.cookies());
            long created = statuses.stream().filter(s -> s == 200).count();
            long refused = statuses.stream().filter(s -> s == 409).count();
            assertEquals(4, created, "alice plus four fill the cap of five: " + statuses);
            assertEquals(TABS - 4, refused, "the others are refused with 409: " + statuses);
            assertActiveAtMostTheCapWithUniqueIndexes(app, first);
        }
    }

    @Test
    void withEvictionAtTheCapSimultaneousSignInsStillLeaveAtMostTheCap() throws Exception {
        try (TestApp app = TestApp.builder().param(ConfigKeys.SESSIONS_EVICT_AT_CAP, "true").start()) {
            Browser first = app.browser();
            SignIns.signIn(first, "alice");
            List<Integer> statuses = signInAtOnce(app, first.cookies());
            assertTrue(statuses.stream().allMatch(s -> s == 200), "every sign-in succeeds by evicting: " + statuses);
            assertActiveAtMostTheCapWithUniqueIndexes(app, first);
        }
    }

    /** {@value #TABS} tabs, each with a copy of {@code cookies}, sign in a different user at the same instant. */
    private static List<Integer> signInAtOnce(TestApp app, Map<String, String> cookies) throws Exception {
        ExecutorService pool = Executors.newFixedThreadPool(TABS);
        try {
            CountDownLatch go = new CountDownLatch(1);
            List<Future<Integer>> futures = new ArrayList<>();
            for (int i = 0; i < TABS; i++) {
                Browser tab = app.browser();
                cookies.forEach(tab::setCookie);
                String user = "user" + i;
                futures.add(pool.submit(() -> {
                    go.await();
                    return tab.post("/login", Map.of("user", user), "Origin", app.origin()).status();
                }));
            }
            go.countDown();
            List<Integer> statuses = new ArrayList<>();
            for (Future<Integer> f : futures) {
                statuses.add(f.get(30, TimeUnit.SECONDS));
            }
            return statuses;
        } finally {
            pool.shutdownNow();
        }
    }

    private static void assertActiveAtMostTheCapWithUniqueIndexes(TestApp app, Browser first) {
        String clientId = first.cookie("ms_client").split("\\.")[1];
        List<Session> active = app.store().listByClient(clientId).stream()
                .filter(s -> s.isActiveAt(app.clock().instant())).toList();
        assertTrue(active.size() <= 5, "active sessions of the browser: " + active.size());
        Set<Integer> indexes = new HashSet<>();
        active.forEach(s -> indexes.add(s.index()));
        assertEquals(active.size(), indexes.size(), "indexes are unique: " + active.stream().map(Session::index).toList());
    }
}
