package dev.multisession.servlet;

import dev.multisession.servlet.testing.Browser;
import dev.multisession.servlet.testing.Json;
import dev.multisession.servlet.testing.SignIns;
import dev.multisession.servlet.testing.TestApp;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

import java.time.Duration;
import java.util.List;
import java.util.Map;

import static org.junit.jupiter.api.Assertions.assertEquals;

/**
 * Two tabs signing in at the same instant (DESIGN §2), replayed deterministically: both tabs
 * send the same cookies (alice signed in), one signs in bob and the other carol, and the browser
 * ends up with both cookies. Both new sessions were given index 1; the older one (bob) owns it
 * from the start, and the newer one (carol) moves to the lowest free index at its next refresh,
 * after which every index names exactly one account.
 */
class SimultaneousSignInHttpTest {
    private TestApp app;
    private Browser tab1;
    private SignIns.SignedIn bob;
    private SignIns.SignedIn carol;

    @BeforeEach
    void twoTabsSignInAtOnce() throws Exception {
        app = TestApp.start();
        tab1 = app.browser();
        SignIns.signIn(tab1, "alice");
        Browser tab2 = app.browser();
        tab1.cookies().forEach(tab2::setCookie);
        bob = SignIns.signIn(tab1, "bob");
        carol = SignIns.signIn(tab2, "carol");
        tab2.cookies().forEach(tab1::setCookie); // the browser keeps both tabs' writes
        assertEquals(1, bob.index(), "control: both sign-ins picked index 1");
        assertEquals(1, carol.index(), "control: both sign-ins picked index 1");
    }

    @AfterEach
    void stop() throws Exception {
        app.close();
    }

    @Test
    void theOlderSessionOwnsTheSharedIndex() {
        assertEquals("bob", tab1.get("/whoami?authuser=1").user());
        assertEquals("bob", tab1.get("/whoami", "X-Session-Id", "1").user());
    }

    @Test
    void theNewerSessionStaysReachableByIdMeanwhile() {
        assertEquals("carol", tab1.get("/whoami?session_id=" + carol.sessionId()).user());
    }

    @Test
    void theNewerSessionMovesToTheLowestFreeIndexAtItsNextRefresh() {
        app.clock().advance(Duration.ofSeconds(61));
        assertEquals("carol", tab1.get("/whoami?session_id=" + carol.sessionId()).user());
        assertEquals("carol", tab1.get("/whoami?authuser=2").user());
        assertEquals("bob", tab1.get("/whoami?authuser=1").user());
        assertEquals("alice", tab1.get("/whoami?authuser=0").user());
    }

    @Test
    void afterTheRefreshTheSwitcherListsDistinctIndexes() {
        app.clock().advance(Duration.ofSeconds(61));
        tab1.get("/whoami?session_id=" + carol.sessionId());
        Map<String, Object> body = Json.object(tab1.get("/multisession/sessions").body());
        List<Long> indexes = Json.list(body.get("sessions")).stream()
                .map(s -> ((Number) Json.object(s).get("index")).longValue()).toList();
        assertEquals(List.of(0L, 1L, 2L), indexes);
    }

    @Test
    void theOlderSessionKeepsItsIndexThroughItsOwnRefresh() {
        app.clock().advance(Duration.ofSeconds(61));
        assertEquals("bob", tab1.get("/whoami?authuser=1").user());
        app.clock().advance(Duration.ofSeconds(61));
        assertEquals("bob", tab1.get("/whoami?authuser=1").user());
    }
}
