package dev.multisession.servlet;

import dev.multisession.servlet.testing.Browser;
import dev.multisession.servlet.testing.SetCookie;
import dev.multisession.servlet.testing.SignIns;
import dev.multisession.servlet.testing.TestApp;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

import java.time.Duration;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * Cookie attributes on every write (docs/how-it-works.md: "Cookies"), over a whole account lifecycle (two sign-ins, an
 * in-line refresh, an organization switch, a housekeeping deletion of a bad cookie, signing out
 * one account, signing out all): every {@code Set-Cookie} is {@code HttpOnly; SameSite=Lax;
 * Path=/} with no {@code Domain}; over HTTPS every name carries the {@code __Host-} prefix and
 * every write (deletions included, or browsers would ignore them) is {@code Secure}; over
 * plain-HTTP localhost there is no prefix and no {@code Secure}. Live cookies last as long as the
 * session, not the token. Over HTTPS, unprefixed family cookies are never trusted.
 */
class CookieAttributesHttpTest {
    private static TestApp http;
    private static TestApp https;

    @BeforeAll
    static void start() throws Exception {
        http = TestApp.start();
        https = TestApp.builder().https().start();
    }

    @AfterAll
    static void stop() throws Exception {
        http.close();
        https.close();
    }

    /** Every cookie write of one lifecycle, by step. */
    private static Map<String, List<SetCookie>> lifecycle(TestApp app) {
        Map<String, List<SetCookie>> writes = new LinkedHashMap<>();
        Browser browser = app.browser();
        String prefix = app.origin().startsWith("https") ? "__Host-" : "";
        writes.put("sign-in alice", SetCookie.all(browser.post("/login", Map.of("user", "alice", "org", "acme"))));
        writes.put("sign-in bob", SetCookie.all(browser.post("/login", Map.of("user", "bob"))));
        app.clock().advance(Duration.ofSeconds(61));
        writes.put("refresh", SetCookie.all(browser.get("/whoami?authuser=0")));
        writes.put("switch organization", SetCookie.all(browser.post("/multisession/switch",
                Map.of("index", "0", "organization", "globex"), "Origin", app.origin())));
        browser.setCookie(prefix + "ms_sess_not-a-session-id", "garbage");
        writes.put("housekeeping", SetCookie.all(browser.get("/whoami")));
        writes.put("sign-out one", SetCookie.all(browser.post("/multisession/sign-out", Map.of("index", "1"),
                "Origin", app.origin())));
        SignIns.signIn(browser, "carol");
        writes.put("sign-out all", SetCookie.all(browser.post("/multisession/sign-out", Map.of("all", "true"),
                "Origin", app.origin())));
        for (var e : writes.entrySet()) {
            assertFalse(e.getValue().isEmpty(), "control: step '" + e.getKey() + "' wrote cookies");
        }
        assertTrue(writes.get("housekeeping").stream().anyMatch(SetCookie::isDeletion), "control: the bad cookie is deleted");
        assertTrue(writes.get("sign-out all").stream().allMatch(SetCookie::isDeletion), "control: sign-out all deletes");
        return writes;
    }

    private static List<String> violations(Map<String, List<SetCookie>> writes, java.util.function.Predicate<SetCookie> ok) {
        List<String> bad = new ArrayList<>();
        writes.forEach((step, cookies) -> cookies.stream().filter(ok.negate()).forEach(c -> bad.add(step + ": " + c.redacted())));
        return bad;
    }

    private static boolean httpOnlyLaxRootPath(SetCookie c) {
        return c.has("HttpOnly") && c.attribute("SameSite").filter("Lax"::equals).isPresent()
                && c.attribute("Path").filter("/"::equals).isPresent();
    }

    @Test
    void overHttpsEveryWriteIsHttpOnlySameSiteLaxWithPathRoot() {
        List<String> bad = violations(lifecycle(https), CookieAttributesHttpTest::httpOnlyLaxRootPath);
        assertTrue(bad.isEmpty(), bad.toString());
    }

    @Test
    void overHttpsEveryNameIsHostPrefixed() {
        List<String> bad = violations(lifecycle(https), c -> c.name().startsWith("__Host-ms_"));
        assertTrue(bad.isEmpty(), bad.toString());
    }

    @Test
    void overHttpsEveryWriteIsSecureWithoutDomain() {
        List<String> bad = violations(lifecycle(https), c -> c.has("Secure") && !c.has("Domain"));
        assertTrue(bad.isEmpty(), bad.toString());
    }

    @Test
    void overPlainHttpEveryWriteIsHttpOnlySameSiteLaxWithPathRoot() {
        List<String> bad = violations(lifecycle(http), CookieAttributesHttpTest::httpOnlyLaxRootPath);
        assertTrue(bad.isEmpty(), bad.toString());
    }

    @Test
    void overPlainHttpNamesHaveNoPrefixAndWritesNoSecureAndNoDomain() {
        List<String> bad = violations(lifecycle(http),
                c -> c.name().startsWith("ms_") && !c.has("Secure") && !c.has("Domain"));
        assertTrue(bad.isEmpty(), bad.toString());
    }

    @Test
    void liveCookiesLastAsLongAsTheSessionNotTheToken() {
        for (TestApp app : List.of(http, https)) {
            Browser.Response r = app.browser().post("/login", Map.of("user", "alice"));
            List<SetCookie> cookies = SetCookie.all(r);
            assertEquals(2, cookies.size(), "a session cookie and the client cookie");
            for (SetCookie c : cookies) {
                assertEquals(String.valueOf(Duration.ofDays(7).toSeconds()), c.attribute("Max-Age").orElse("none"), c.redacted());
            }
        }
    }

    @Test
    void overHttpsTheBrowserHoldsOnlyHostPrefixedCookiesAndStaysSignedIn() {
        Browser browser = https.browser();
        SignIns.SignedIn alice = SignIns.signIn(browser, "alice");
        SignIns.signIn(browser, "bob");
        assertTrue(browser.cookies().keySet().stream().allMatch(n -> n.startsWith("__Host-ms_")), browser.cookies().keySet().toString());
        assertTrue(browser.cookies().containsKey("__Host-ms_" + alice.sessionId()));
        assertEquals("alice", browser.get("/whoami?authuser=0").user());
        assertEquals("bob", browser.get("/whoami").user());
    }

    @Test
    void overHttpsUnprefixedFamilyCookiesAreIgnoredAndDeleted() {
        Browser victim = https.browser();
        SignIns.SignedIn alice = SignIns.signIn(victim, "alice");
        String token = victim.cookie("__Host-ms_" + alice.sessionId());
        String client = victim.cookie("__Host-ms_client");
        Browser planted = https.browser();
        planted.setCookie("ms_" + alice.sessionId(), token);
        planted.setCookie("ms_client", client);
        Browser.Response r = planted.get("/whoami");
        assertEquals("-", r.user(), "a cookie without the prefix could have been planted over plain HTTP");
        assertTrue(r.deletedCookies().containsAll(List.of("ms_" + alice.sessionId(), "ms_client")), r.deletedCookies().toString());
        for (SetCookie c : SetCookie.all(r)) {
            assertTrue(c.has("Secure") && c.has("HttpOnly"), c.redacted());
        }
    }
}
