package dev.multisession.servlet;

import dev.multisession.core.model.SessionStatus;
import dev.multisession.servlet.testing.Browser;
import dev.multisession.core.store.testing.FlakyStore;
import dev.multisession.servlet.testing.SetCookie;
import dev.multisession.servlet.testing.SignIns;
import dev.multisession.servlet.testing.TestApp;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

import java.time.Duration;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Optional;
import java.util.Set;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * In-line refresh and revocation over HTTP (docs/how-it-works.md: "Issuing, refreshing, revoking"), on the app's controlled clock with the
 * default 60 s token lifetime and 15 s refresh window: a fresh token is left alone; a token in
 * its refresh window or past {@code exp} is replaced in the same request (the app sees the user,
 * the response carries the session's new cookie); concurrent requests share one fresh token and
 * one store read. A session revoked in the store keeps working until its token must be
 * refreshed, then is signed out (401 for API calls) and its cookie deleted; an implicit request
 * then falls to another account of the browser, an explicit one never does.
 */
class RefreshHttpTest {
    private static final String ROUTES = "/api/* => signed-in";
    private TestApp app;

    @BeforeEach
    void start() throws Exception {
        app = TestApp.builder().param(ServletSettings.ROUTES, ROUTES).start();
    }

    @AfterEach
    void stop() throws Exception {
        app.close();
    }

    private static boolean rewrote(Browser.Response r, String cookie) {
        return SetCookie.named(r, cookie).filter(c -> !c.isDeletion()).isPresent();
    }

    @Test
    void freshTokenIsNotRewritten() {
        Browser browser = app.browser();
        SignIns.SignedIn alice = SignIns.signIn(browser, "alice");
        app.clock().advance(Duration.ofSeconds(44));
        Browser.Response r = browser.get("/api/me");
        assertEquals("alice", r.user());
        assertTrue(r.setCookies().isEmpty(), "hot path: no cookie writes, " + SetCookie.all(r));
        assertFalse(rewrote(r, SignIns.cookieName(alice.sessionId())));
    }

    @Test
    void expiredTokenIsRefreshedInLineAndTheNewCookieSet() {
        Browser browser = app.browser();
        SignIns.SignedIn alice = SignIns.signIn(browser, "alice");
        String name = SignIns.cookieName(alice.sessionId());
        String before = browser.cookie(name);
        app.clock().advance(Duration.ofSeconds(61));
        Browser.Response r = browser.get("/api/me");
        assertEquals(200, r.status());
        assertEquals("alice", r.user());
        SetCookie written = SetCookie.named(r, name).orElseThrow(() -> new AssertionError("no new session cookie"));
        assertFalse(written.isDeletion());
        assertFalse(before.equals(written.value()), "the cookie holds a new token");
        assertTrue(written.value().equals(browser.cookie(name)), "the browser keeps the new token");
    }

    @Test
    void refreshedCookieIsNotRewrittenOnTheNextRequest() {
        Browser browser = app.browser();
        SignIns.SignedIn alice = SignIns.signIn(browser, "alice");
        app.clock().advance(Duration.ofSeconds(61));
        assertTrue(rewrote(browser.get("/api/me"), SignIns.cookieName(alice.sessionId())), "control: refreshed");
        Browser.Response next = browser.get("/api/me");
        assertEquals("alice", next.user());
        assertTrue(next.setCookies().isEmpty(), "the new token is used as is");
    }

    @Test
    void tokenInItsRefreshWindowIsRefreshedBeforeItExpires() {
        Browser browser = app.browser();
        SignIns.SignedIn alice = SignIns.signIn(browser, "alice");
        String before = browser.cookie(SignIns.cookieName(alice.sessionId()));
        app.clock().advance(Duration.ofSeconds(50));
        Browser.Response r = browser.get("/api/me");
        assertEquals("alice", r.user());
        assertTrue(rewrote(r, SignIns.cookieName(alice.sessionId())));
        assertFalse(before.equals(browser.cookie(SignIns.cookieName(alice.sessionId()))));
    }

    @Test
    void refreshRewritesOnlyTheChosenSessionsCookie() {
        Browser browser = app.browser();
        SignIns.SignedIn alice = SignIns.signIn(browser, "alice");
        SignIns.SignedIn bob = SignIns.signIn(browser, "bob");
        app.clock().advance(Duration.ofSeconds(61));
        Browser.Response r = browser.get("/api/me?authuser=0");
        assertEquals("alice", r.user());
        assertEquals(List.of(SignIns.cookieName(alice.sessionId())), SetCookie.all(r).stream().map(SetCookie::name).toList());
        assertEquals("bob", browser.get("/api/me?authuser=1").user(), "bob refreshes on his own request");
        assertNotNull(browser.cookie(SignIns.cookieName(bob.sessionId())));
    }

    @Test
    void refreshWorksForAPageLoadAndAPost() {
        Browser browser = app.browser();
        SignIns.SignedIn alice = SignIns.signIn(browser, "alice");
        app.clock().advance(Duration.ofSeconds(61));
        Browser.Response page = browser.page("/api/inbox");
        assertEquals(200, page.status());
        assertTrue(rewrote(page, SignIns.cookieName(alice.sessionId())));
        app.clock().advance(Duration.ofSeconds(61));
        Browser.Response post = browser.post("/api/things", java.util.Map.of("x", "1"));
        assertEquals("alice", post.user());
        assertTrue(rewrote(post, SignIns.cookieName(alice.sessionId())));
    }

    @Test
    void concurrentRequestsForAnExpiredSessionShareOneFreshToken() throws Exception {
        FlakyStore[] counting = new FlakyStore[1];
        try (TestApp counted = TestApp.builder().param(ServletSettings.ROUTES, ROUTES)
                .storeDecorator(s -> counting[0] = new FlakyStore(s)).start()) {
            Browser browser = counted.browser();
            SignIns.SignedIn alice = SignIns.signIn(browser, "alice");
            String name = SignIns.cookieName(alice.sessionId());
            counted.clock().advance(Duration.ofSeconds(61));
            int findsBefore = counting[0].calls(FlakyStore.Op.READ_FOR_REFRESH, alice.sessionId());
            ExecutorService pool = Executors.newFixedThreadPool(8);
            try {
                CountDownLatch go = new CountDownLatch(1);
                List<Future<Browser.Response>> futures = new ArrayList<>();
                for (int i = 0; i < 24; i++) {
                    futures.add(pool.submit(() -> {
                        go.await();
                        return browser.get("/api/me");
                    }));
                }
                go.countDown();
                Set<String> minted = new HashSet<>();
                int rewrites = 0;
                for (Future<Browser.Response> f : futures) {
                    Browser.Response r = f.get(20, TimeUnit.SECONDS);
                    assertEquals("alice", r.user());
                    Optional<SetCookie> c = SetCookie.named(r, name).filter(w -> !w.isDeletion());
                    if (c.isPresent()) {
                        minted.add(c.get().value());
                        rewrites++;
                    }
                }
                assertTrue(rewrites >= 1, "control: the token was refreshed");
                assertEquals(1, minted.size(), "distinct fresh tokens handed out: " + minted.size());
                assertEquals(1, counting[0].calls(FlakyStore.Op.READ_FOR_REFRESH, alice.sessionId()) - findsBefore,
                        "one store read for " + rewrites + " requests that needed a fresh token");
            } finally {
                pool.shutdownNow();
            }
        }
    }

    @Test
    void revokedSessionIsRefusedAtOnceThoughItsTokenHasNotExpired() {
        Browser browser = app.browser();
        SignIns.SignedIn alice = SignIns.signIn(browser, "alice");
        assertEquals("alice", browser.get("/api/me").user());
        app.revoke(alice.sessionId());
        app.clock().advance(Duration.ofSeconds(5));
        Browser.Response r = browser.get("/api/me");
        assertEquals(401, r.status(), "the store told this node; the still-unexpired token is refused at once");
        assertTrue(r.header("WWW-Authenticate").contains("session_ended"), r.header("WWW-Authenticate"));
    }

    @Test
    void revokedSessionIsSignedOutAtItsNextRefreshAndItsCookieDeleted() {
        Browser browser = app.browser();
        SignIns.SignedIn alice = SignIns.signIn(browser, "alice");
        String name = SignIns.cookieName(alice.sessionId());
        app.revoke(alice.sessionId());
        app.clock().advance(Duration.ofSeconds(61));
        Browser.Response r = browser.get("/api/me");
        assertEquals(401, r.status());
        assertTrue(r.header("WWW-Authenticate").startsWith("Bearer "), r.header("WWW-Authenticate"));
        assertTrue(r.deletedCookies().contains(name), "deleted: " + r.deletedCookies());
        assertTrue(r.deletedCookies().contains("ms_client"), "no session left, so the client cookie goes too");
        assertTrue(browser.cookies().isEmpty());
    }

    @Test
    void revokedSessionIsSignedOutAtARefreshInsideTheRefreshWindowToo() {
        Browser browser = app.browser();
        SignIns.SignedIn alice = SignIns.signIn(browser, "alice");
        app.revoke(alice.sessionId());
        app.clock().advance(Duration.ofSeconds(50));
        Browser.Response r = browser.get("/api/me");
        assertEquals(401, r.status());
        assertTrue(r.deletedCookies().contains(SignIns.cookieName(alice.sessionId())));
    }

    @Test
    void implicitRequestFallsToAnotherAccountWhenTheLastActiveSessionWasRevoked() {
        Browser browser = app.browser();
        SignIns.SignedIn alice = SignIns.signIn(browser, "alice");
        SignIns.SignedIn bob = SignIns.signIn(browser, "bob");
        app.revoke(bob.sessionId());
        app.clock().advance(Duration.ofSeconds(61));
        Browser.Response r = browser.get("/api/me");
        assertEquals(200, r.status());
        assertEquals("alice", r.user());
        assertTrue(r.deletedCookies().contains(SignIns.cookieName(bob.sessionId())));
        assertTrue(rewrote(r, SignIns.cookieName(alice.sessionId())), "alice's token was refreshed on the way");
        assertTrue(browser.cookie("ms_client").endsWith("." + alice.sessionId()), "the client cookie names alice now");
    }

    @Test
    void explicitRequestForARevokedSessionIs401NeverAnotherAccount() {
        Browser browser = app.browser();
        SignIns.signIn(browser, "alice");
        SignIns.SignedIn bob = SignIns.signIn(browser, "bob");
        app.revoke(bob.sessionId());
        app.clock().advance(Duration.ofSeconds(61));
        Browser.Response r = browser.get("/api/me?authuser=1");
        assertEquals(401, r.status());
        assertTrue(r.deletedCookies().contains(SignIns.cookieName(bob.sessionId())));
        assertEquals("-", browser.get("/whoami?authuser=1").user());
        assertEquals("alice", browser.get("/api/me?authuser=0").user(), "alice is untouched");
    }

    @Test
    void sessionPastItsAbsoluteLifetimeIsSignedOut() {
        Browser browser = app.browser();
        SignIns.SignedIn alice = SignIns.signIn(browser, "alice");
        app.clock().advance(Duration.ofDays(7).plusSeconds(1));
        Browser.Response r = browser.get("/api/me");
        assertEquals(401, r.status());
        assertTrue(r.deletedCookies().contains(SignIns.cookieName(alice.sessionId())));
    }

    @Test
    void sessionKeepsRefreshingWithinItsAbsoluteLifetime() {
        Browser browser = app.browser();
        SignIns.signIn(browser, "alice");
        for (int i = 0; i < 10; i++) {
            app.clock().advance(Duration.ofHours(12));
            assertEquals("alice", browser.get("/api/me").user(), "after " + (i + 1) * 12 + " h");
        }
    }
}
