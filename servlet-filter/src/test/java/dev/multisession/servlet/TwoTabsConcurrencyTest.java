package dev.multisession.servlet;

import dev.multisession.servlet.testing.Browser;
import dev.multisession.servlet.testing.SetCookie;
import dev.multisession.servlet.testing.SignIns;
import dev.multisession.servlet.testing.TestApp;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentLinkedQueue;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.function.IntFunction;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * Per-request choice keeps tabs apart (docs/how-it-works.md: "Cookies", "Which session a request gets"): two tabs of one browser (one cookie jar)
 * on {@code ?authuser=0} (alice) and {@code ?authuser=1} (bob) fire 1,000 requests each,
 * interleaved on 8 threads, and no response ever names the other tab's user, neither on the hot
 * path, nor while every token is refreshed in-line under them, nor while a third tab keeps
 * switching the browser's last-active account.
 */
@Timeout(value = 60, unit = TimeUnit.SECONDS)
class TwoTabsConcurrencyTest {
    private static final int PER_TAB = 1_000;
    private static final int THREADS = 8;

    private TestApp app;
    private Browser browser;
    private SignIns.SignedIn alice;
    private SignIns.SignedIn bob;
    private ExecutorService pool;

    @BeforeEach
    void start() throws Exception {
        app = TestApp.start();
        browser = app.browser();
        alice = SignIns.signIn(browser, "alice", "acme");
        bob = SignIns.signIn(browser, "bob");
        assertEquals(0, alice.index());
        assertEquals(1, bob.index());
        pool = Executors.newFixedThreadPool(THREADS);
    }

    @AfterEach
    void stop() throws Exception {
        pool.shutdownNow();
        app.close();
    }

    /** What went wrong, by user name and field only (never a cookie value). */
    private final ConcurrentLinkedQueue<String> failures = new ConcurrentLinkedQueue<>();

    private void expect(String tab, String user, Browser.Response r) {
        if (r.status() != 200) {
            failures.add(tab + ": status " + r.status());
            return;
        }
        Map<String, String> echo = r.echo();
        for (String field : List.of("user", "remoteUser", "principal")) {
            if (!user.equals(echo.get(field))) {
                failures.add(tab + ": " + field + "=" + echo.get(field) + ", expected " + user);
            }
        }
    }

    /** Runs {@code 2 * PER_TAB} tasks, tab 0 and tab 1 interleaved, on the pool, and waits for all. */
    private void runInterleaved(IntFunction<Runnable> task) throws Exception {
        runInterleaved(2 * PER_TAB, task);
    }

    private void runInterleaved(int count, IntFunction<Runnable> task) throws Exception {
        List<Future<?>> futures = new ArrayList<>();
        for (int i = 0; i < count; i++) {
            futures.add(pool.submit(task.apply(i)));
        }
        for (Future<?> f : futures) {
            f.get(50, TimeUnit.SECONDS);
        }
    }

    private void assertNoFailures() {
        List<String> first = failures.stream().limit(10).toList();
        assertTrue(failures.isEmpty(), failures.size() + " bad responses, e.g. " + first);
    }

    @Test
    void twoTabsOnDifferentAccountsNeverSeeEachOthersUser() throws Exception {
        runInterleaved(i -> () -> {
            if (i % 2 == 0) {
                expect("tab authuser=0", "alice", browser.get("/whoami?authuser=0"));
            } else {
                expect("tab authuser=1", "bob", browser.get("/whoami?authuser=1"));
            }
        });
        assertNoFailures();
    }

    @Test
    void twoTabsStayOnTheirAccountsWhileTokensAreRefreshedUnderThem() throws Exception {
        AtomicInteger refreshes = new AtomicInteger();
        String aliceCookie = SignIns.cookieName(alice.sessionId());
        String bobCookie = SignIns.cookieName(bob.sessionId());
        runInterleaved(i -> () -> {
            if (i % 250 == 0) {
                app.clock().advance(Duration.ofSeconds(50)); // past the refresh window (default 60 s lifetime, 15 s window)
            }
            Browser.Response r = i % 2 == 0 ? browser.get("/whoami?authuser=0") : browser.get("/whoami?authuser=1");
            expect(i % 2 == 0 ? "tab authuser=0" : "tab authuser=1", i % 2 == 0 ? "alice" : "bob", r);
            String own = i % 2 == 0 ? aliceCookie : bobCookie;
            String other = i % 2 == 0 ? bobCookie : aliceCookie;
            if (SetCookie.named(r, own).filter(c -> !c.isDeletion()).isPresent()) {
                refreshes.incrementAndGet();
            }
            if (SetCookie.named(r, other).isPresent()) {
                failures.add("a response rewrote the other tab's session cookie");
            }
            if (r.deletedCookies().stream().anyMatch(n -> n.startsWith("ms_"))) {
                failures.add("a response deleted " + r.deletedCookies());
            }
        });
        assertNoFailures();
        assertTrue(refreshes.get() >= 8, "control: tokens were refreshed during the run (" + refreshes.get() + " times)");
        assertEquals("alice", browser.get("/whoami?authuser=0").user());
        assertEquals("bob", browser.get("/whoami?authuser=1").user());
    }

    @Test
    void tabsWithAnExplicitChoiceIgnoreAnotherTabSwitchingTheActiveAccount() throws Exception {
        AtomicInteger switches = new AtomicInteger();
        AtomicInteger tabRequests = new AtomicInteger();
        int total = 2 * PER_TAB + 2 * PER_TAB / 10;
        runInterleaved(total, i -> () -> {
            if (i % 11 == 10) {
                Browser.Response r = browser.post("/multisession/switch", Map.of("index", String.valueOf((i / 11) % 2)),
                        "Origin", app.origin());
                if (r.status() == 303) {
                    switches.incrementAndGet();
                } else {
                    failures.add("switch: status " + r.status());
                }
            } else {
                tabRequests.incrementAndGet();
                int j = i - (i + 1) / 11; // 0..1999 over the tab requests: exactly PER_TAB per tab
                if (j % 2 == 0) {
                    expect("tab authuser=0", "alice", browser.get("/whoami?authuser=0"));
                } else {
                    expect("tab authuser=1", "bob", browser.get("/whoami?authuser=1"));
                }
            }
        });
        assertNoFailures();
        assertEquals(2 * PER_TAB, tabRequests.get());
        assertEquals(total - 2 * PER_TAB, switches.get());
    }
}
