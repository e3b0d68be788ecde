package dev.multisession.servlet;

import dev.multisession.core.testing.MutableClock;
import dev.multisession.servlet.testing.Browser;
import dev.multisession.servlet.testing.SetCookie;
import dev.multisession.servlet.testing.SignIns;
import dev.multisession.servlet.testing.TestApp;
import dev.multisession.servlet.testing.TomcatApp;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;

import java.time.Duration;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.function.Supplier;
import java.util.stream.Stream;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * Cookie writes are collected and each cookie is sent once per response, with the deletion
 * budget applied before anything is sent, identically on Jetty and on Tomcat (docs/how-it-works.md:
 * "Cookies"). Tomcat ignores {@code setHeader("Set-Cookie", null)} and answers 500 when a
 * response's headers pass 8 KB, so a layer that cleared and re-added its headers there sent
 * every deletion twice and failed on a sign-out after a token refresh.
 *
 * <p>The browser here carries 120 to 150 stray cookies of the family (planted by a sibling
 * domain, say): more deletions than one response may carry. (Every response the test browser
 * receives is also checked to set each cookie name at most once.)
 */
class CookieWritesOnEveryContainerHttpTest {
    private static TestApp jetty;
    private static TomcatApp tomcat;

    /** One container running the test app. */
    record Container(String name, Supplier<Browser> browsers, MutableClock clock, String origin) {
        Browser browser() {
            return browsers.get();
        }

        @Override
        public String toString() {
            return name;
        }
    }

    @BeforeAll
    static void start() throws Exception {
        jetty = TestApp.start();
        tomcat = TomcatApp.start();
    }

    @AfterAll
    static void stop() throws Exception {
        jetty.close();
        tomcat.close();
    }

    static Stream<Container> containers() {
        return Stream.of(new Container("Jetty 12", jetty::browser, jetty.clock(), jetty.origin()),
                new Container("Tomcat 10.1", tomcat::browser, tomcat.clock(), tomcat.origin()));
    }

    private static List<String> plantStrayFamilyCookies(Browser browser, int count) {
        List<String> names = new ArrayList<>();
        for (int i = 0; i < count; i++) {
            names.add("ms_sess_" + String.format("%026d", i));
            browser.setCookie(names.get(i), "x.y.z");
        }
        return names;
    }

    private static int deletionChars(Browser.Response r) {
        return r.setCookies().stream().filter(h -> SetCookie.parse(h).isDeletion()).mapToInt(String::length).sum();
    }

    private static void assertEachNameOnce(Browser.Response r) {
        Set<String> names = new HashSet<>();
        List<String> twice = new ArrayList<>();
        SetCookie.all(r).forEach(c -> {
            if (!names.add(c.name())) {
                twice.add(c.name());
            }
        });
        assertEquals(List.of(), twice, "cookies set more than once");
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("containers")
    void signingOutOneAccountAfterARefreshSendsEachCookieOnceWithinTheBudget(Container c) {
        Browser browser = c.browser();
        SignIns.signIn(browser, "alice");
        SignIns.SignedIn bob = SignIns.signIn(browser, "bob");
        plantStrayFamilyCookies(browser, 120);
        c.clock().advance(Duration.ofMinutes(5)); // bob's token is refreshed by the same request

        Browser.Response r = browser.post("/multisession/sign-out", Map.of(), "Origin", c.origin());

        assertEquals(303, r.status());
        assertEachNameOnce(r);
        assertTrue(deletionChars(r) <= CookieLedger.DELETION_BUDGET, deletionChars(r) + " characters of deletions");
        assertTrue(r.deletedCookies().contains(SignIns.cookieName(bob.sessionId())), "bob's cookie is deleted: "
                + r.deletedCookies());
        assertEquals("alice", browser.get("/whoami").user());
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("containers")
    void signingOutOfAllAfterARefreshSendsEachCookieOnceWithinTheBudget(Container c) {
        Browser browser = c.browser();
        SignIns.SignedIn alice = SignIns.signIn(browser, "alice");
        plantStrayFamilyCookies(browser, 150);
        c.clock().advance(Duration.ofMinutes(5));

        Browser.Response r = browser.post("/multisession/sign-out", Map.of("all", "true"), "Origin", c.origin());

        assertEquals(303, r.status());
        assertEachNameOnce(r);
        assertTrue(deletionChars(r) <= CookieLedger.DELETION_BUDGET, deletionChars(r) + " characters of deletions");
        assertTrue(r.deletedCookies().containsAll(List.of(SignIns.cookieName(alice.sessionId()), "ms_client")),
                "the signed-out session's cookie and the client cookie go first: " + r.deletedCookies());
        assertEquals("-", browser.get("/whoami").user());
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("containers")
    void strayCookiesAreDeletedOverSeveralResponsesEachWithinTheBudget(Container c) {
        Browser browser = c.browser();
        SignIns.signIn(browser, "alice");
        List<String> stray = plantStrayFamilyCookies(browser, 150);
        int responses = 0;
        for (; responses < 20 && stray.stream().anyMatch(n -> browser.cookie(n) != null); responses++) {
            Browser.Response r = browser.get("/whoami");
            assertEquals(200, r.status());
            assertEquals("alice", r.user());
            assertEachNameOnce(r);
            assertTrue(deletionChars(r) <= CookieLedger.DELETION_BUDGET, deletionChars(r) + " characters of deletions");
        }
        assertTrue(responses > 1, "more deletions than one response may carry");
        assertTrue(stray.stream().allMatch(n -> browser.cookie(n) == null), "all are gone in the end");
        assertEquals("alice", browser.get("/whoami").user());
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("containers")
    void aRefreshedTokenIsSentWhenDeletionsFillTheBudget(Container c) {
        Browser browser = c.browser();
        SignIns.SignedIn alice = SignIns.signIn(browser, "alice");
        String before = browser.cookie(SignIns.cookieName(alice.sessionId()));
        plantStrayFamilyCookies(browser, 150);
        c.clock().advance(Duration.ofMinutes(5));

        Browser.Response r = browser.get("/whoami");

        assertEquals(200, r.status());
        assertEquals("alice", r.user());
        assertNotNull(browser.cookie(SignIns.cookieName(alice.sessionId())));
        assertNotEquals(before, browser.cookie(SignIns.cookieName(alice.sessionId())), "the fresh token reached the browser");
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("containers")
    void signingInTwiceInOneBrowserSendsOneClientCookiePerResponse(Container c) {
        Browser browser = c.browser();
        SignIns.signIn(browser, "alice");
        c.clock().advance(Duration.ofMinutes(5)); // the request's own authentication refreshes alice and may rewrite the client cookie
        Browser.Response r = browser.post("/login", Map.of("user", "bob"));
        assertEquals(200, r.status());
        assertEachNameOnce(r);
        assertEquals(1, SetCookie.all(r).stream().filter(x -> x.name().equals("ms_client")).count());
    }
}
