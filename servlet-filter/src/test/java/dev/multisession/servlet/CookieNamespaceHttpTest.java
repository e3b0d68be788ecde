package dev.multisession.servlet;

import dev.multisession.core.config.ConfigurationException;
import dev.multisession.servlet.testing.Browser;
import dev.multisession.servlet.testing.SetCookie;
import dev.multisession.servlet.testing.SignIns;
import dev.multisession.servlet.testing.TestApp;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;
import org.junit.jupiter.params.provider.ValueSource;

import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.stream.Collectors;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * One cookie namespace per application (docs/how-it-works.md: "Cookies"): two web apps on one
 * host see every {@code Path=/} cookie of each other, so each reads, counts and deletes only the
 * family named after its own namespace. The default namespace comes from the context path
 * ({@code ""} at the root, keeping {@code ms_client}; {@code shop} at {@code /shop}, giving
 * {@code ms-shop_client}); {@code multisession.cookie.namespace} overrides it.
 *
 * <p>Real HTTP on one embedded Jetty: {@code /} and {@code /shop} share one engine (the same
 * issuer, keys and session store, the case where one app would accept the other's tokens);
 * {@code /a} and {@code /b} have engines of their own (where each would delete the other's
 * cookies as forged). One browser (one cookie jar) visits both apps of a pair.
 */
class CookieNamespaceHttpTest {
    private static TestApp rootAndShop;
    private static TestApp aAndB;

    @BeforeAll
    static void start() throws Exception {
        rootAndShop = TestApp.builder().contextPath("").alsoAt("/shop").cookieNamespaceFromContextPath().start();
        aAndB = TestApp.builder().contextPath("/a").alsoAtWithOwnKeys("/b").cookieNamespaceFromContextPath().start();
    }

    @AfterAll
    static void stop() throws Exception {
        rootAndShop.close();
        aAndB.close();
    }

    private static Set<String> names(Browser.Response r) {
        return SetCookie.all(r).stream().map(SetCookie::name).collect(Collectors.toSet());
    }

    // ------------------------------------------------------------------ the names

    @Test
    void theAppAtTheServerRootKeepsTodaysCookieNames() {
        Browser browser = rootAndShop.browser();
        SignIns.SignedIn alice = SignIns.signIn(browser, "alice");
        assertNotNull(browser.cookie("ms_client"));
        assertNotNull(browser.cookie("ms_" + alice.sessionId()));
    }

    @Test
    void anAppUnderAContextPathNamesItsCookiesAfterIt() {
        Browser browser = rootAndShop.browser().at("/shop");
        SignIns.SignedIn alice = SignIns.signIn(browser, "alice");
        assertEquals(Set.of("ms-shop_client", "ms-shop_" + alice.sessionId()), browser.cookies().keySet());
    }

    @Test
    void overHttpsTheNamespacedNamesCarryTheHostPrefixAndPathSlash() throws Exception {
        try (TestApp shop = TestApp.builder().https().contextPath("/shop").cookieNamespaceFromContextPath().start()) {
            Browser.Response r = shop.browser().post("/login", Map.of("user", "alice"));
            assertEquals(200, r.status());
            SetCookie client = SetCookie.named(r, "__Host-ms-shop_client").orElseThrow();
            assertEquals("/", client.attribute("Path").orElseThrow());
            assertTrue(client.has("Secure"), client.redacted());
            assertTrue(names(r).stream().allMatch(n -> n.startsWith("__Host-ms-shop_")), names(r).toString());
        }
    }

    @Test
    void theOverrideKeyNamesTheCookies() throws Exception {
        try (TestApp app = TestApp.builder().param("multisession.cookie.namespace", "billing").start()) {
            Browser browser = app.browser();
            SignIns.SignedIn alice = SignIns.signIn(browser, "alice");
            assertEquals(Set.of("ms-billing_client", "ms-billing_" + alice.sessionId()), browser.cookies().keySet());
            assertEquals("alice", browser.get("/whoami").user());
        }
    }

    @ParameterizedTest(name = "[{0}]")
    @ValueSource(strings = {"shop_1", "a b", "ms;x", "a=b", "caf\u00e9", "x-123456789-123456789-123456789-12", "\\shop"})
    void aBadNamespaceFailsTheDeploymentNamingTheKey(String namespace) {
        Exception start = assertThrows(Exception.class,
                () -> TestApp.builder().param("multisession.cookie.namespace", namespace).start().close());
        ConfigurationException failure = null;
        for (Throwable t = start; t != null && failure == null; t = t.getCause()) {
            failure = t instanceof ConfigurationException c ? c : null;
        }
        assertNotNull(failure, "the deployment failed, but not with a ConfigurationException: " + start);
        assertEquals("multisession.cookie.namespace", failure.key());
        assertTrue(failure.getMessage().contains("letters") && failure.getMessage().contains("digits"),
                "the message states the allowed characters: " + failure.getMessage());
    }

    // ------------------------------------------------------------------ same issuer and keys: never each other's users

    @ParameterizedTest(name = "signed in on [{0}], asking [{1}]")
    @CsvSource({"'',/shop", "/shop,''"})
    void signingInOnOneAppNeverSignsInTheOther(String signedInOn, String other) {
        Browser browser = rootAndShop.browser().at(signedInOn);
        SignIns.signIn(browser, "alice");
        Browser.Response r = browser.at(other).get("/whoami");
        assertEquals(200, r.status());
        assertEquals("-", r.user(), "the other app never reads this app's cookies, though it would accept their tokens");
        assertEquals(List.of(), r.deletedCookies());
        assertEquals("alice", browser.get("/whoami").user());
    }

    @Test
    void eachAppHasItsOwnAccountsInOneBrowser() {
        Browser root = rootAndShop.browser();
        Browser shop = root.at("/shop");
        SignIns.signIn(root, "alice");
        SignIns.signIn(shop, "bob");
        assertEquals("alice", root.get("/whoami").user());
        assertEquals("bob", shop.get("/whoami").user());
        assertEquals(1, sessionsListed(root));
        assertEquals(1, sessionsListed(shop));
    }

    private static int sessionsListed(Browser browser) {
        Browser.Response r = browser.get("/multisession/sessions", "Accept", "application/json");
        return ((List<?>) dev.multisession.servlet.testing.Json.object(r.body()).get("sessions")).size();
    }

    @Test
    void signingOutOfAllOnOneAppNeverDeletesTheOthersCookies() {
        Browser root = rootAndShop.browser();
        Browser shop = root.at("/shop");
        SignIns.SignedIn alice = SignIns.signIn(root, "alice");
        SignIns.signIn(shop, "bob");
        Browser.Response r = shop.post("/multisession/sign-out", Map.of("all", "true"), "Origin", rootAndShop.origin());
        assertEquals(303, r.status());
        assertTrue(r.deletedCookies().contains("ms-shop_client"), "control: the shop's own family is deleted");
        assertTrue(r.deletedCookies().stream().allMatch(n -> n.startsWith("ms-shop_")), r.deletedCookies().toString());
        assertNotNull(root.cookie("ms_" + alice.sessionId()));
        assertEquals("alice", root.get("/whoami").user());
        assertEquals("-", shop.get("/whoami").user());
    }

    // ------------------------------------------------------------------ other keys: never deleted as forged

    @Test
    void anAppWithOtherKeysNeverDeletesTheOthersCookies() {
        Browser a = aAndB.browserAt("/a");
        SignIns.SignedIn alice = SignIns.signIn(a, "alice");
        Browser.Response r = a.at("/b").get("/whoami");
        assertEquals(200, r.status());
        assertEquals("-", r.user());
        assertEquals(List.of(), r.deletedCookies(), "tokens /b cannot verify are /a's, not forgeries");
        assertNotNull(a.cookie("ms-a_" + alice.sessionId()));
        assertEquals("alice", a.get("/whoami").user());
    }

    @Test
    void signingOutOfAllOnAnAppWithOtherKeysLeavesTheOthersSessions() {
        Browser a = aAndB.browserAt("/a");
        Browser b = a.at("/b");
        SignIns.signIn(a, "alice");
        SignIns.signIn(b, "bob");
        Browser.Response r = b.post("/multisession/sign-out", Map.of("all", "true"), "Origin", aAndB.origin());
        assertEquals(303, r.status());
        assertTrue(r.deletedCookies().stream().noneMatch(n -> n.startsWith("ms-a_")), r.deletedCookies().toString());
        assertEquals("alice", a.get("/whoami").user());
    }

    // ------------------------------------------------------------------ planted cookies of another namespace

    @Test
    void aPlantedCookieOfAnotherNamespaceIsIgnoredAndKept() {
        Browser a = aAndB.browserAt("/a");
        SignIns.signIn(a, "alice");
        a.setCookie("ms-b_client", "v1.garbage");
        a.setCookie("ms-b_sess_01KF0HJ0800Z4F7C75STDYPD2V", "x.y.z");
        a.setCookie("ms_client", "v1.garbage");
        a.setCookie("ms_sess_01KF0HJ0800Z4F7C75STDYPD2V", "x.y.z");
        Browser.Response r = a.get("/whoami");
        assertEquals("alice", r.user());
        assertEquals(List.of(), r.deletedCookies());
        assertEquals("x.y.z", a.cookie("ms-b_sess_01KF0HJ0800Z4F7C75STDYPD2V"));
    }

    @Test
    void aBadCookieOfTheAppsOwnNamespaceIsStillDeleted() {
        Browser a = aAndB.browserAt("/a");
        SignIns.signIn(a, "alice");
        a.setCookie("ms-a_sess_01KF0HJ0800Z4F7C75STDYPD2V", "x.y.z");
        Browser.Response r = a.get("/whoami");
        assertEquals("alice", r.user());
        assertEquals(List.of("ms-a_sess_01KF0HJ0800Z4F7C75STDYPD2V"), r.deletedCookies());
    }

    @Test
    void anotherNamespacesCookiesNeverCountInTheDeletionBudget() {
        Browser a = aAndB.browserAt("/a");
        SignIns.signIn(a, "alice");
        for (int i = 0; i < 120; i++) {
            a.setCookie("ms-b_sess_" + String.format("%026d", i), "x.y.z");
        }
        a.setCookie("ms-a_sess_01KF0HJ0800Z4F7C75STDYPD2V", "x.y.z");
        Browser.Response r = a.get("/whoami");
        assertEquals(200, r.status());
        assertEquals("alice", r.user());
        assertEquals(List.of("ms-a_sess_01KF0HJ0800Z4F7C75STDYPD2V"), r.deletedCookies(),
                "only the app's own bad cookie is deleted, at once");
        assertNull(a.cookie("ms-a_sess_01KF0HJ0800Z4F7C75STDYPD2V"));
    }

    // ------------------------------------------------------------------ one namespace on purpose

    @Test
    void appsGivenOneNamespaceAndOneIssuerShareTheBrowsersAccounts() throws Exception {
        try (TestApp pinned = TestApp.builder().contextPath("/x").alsoAt("/y").param("multisession.cookie.namespace", "suite")
                .start()) {
            Browser x = pinned.browserAt("/x");
            SignIns.signIn(x, "alice");
            assertEquals("alice", x.at("/y").get("/whoami").user(), "one namespace is one family: the namespace alone separates apps");
        }
    }
}
