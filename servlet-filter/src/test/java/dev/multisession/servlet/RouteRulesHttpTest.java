package dev.multisession.servlet;

import dev.multisession.core.config.ConfigurationException;
import dev.multisession.servlet.testing.Browser;
import dev.multisession.servlet.testing.Json;
import dev.multisession.servlet.testing.RawHttp;
import dev.multisession.servlet.testing.SignIns;
import dev.multisession.servlet.testing.TestApp;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

import java.net.URLDecoder;
import java.nio.charset.StandardCharsets;
import java.util.Map;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * Route rules of {@code multisession.routes} enforced over HTTP (docs/how-it-works.md: "Protecting routes"): signed out, a page
 * load is sent to {@code /app/sign-in} with a validated local {@code redirect_url} and anything
 * else gets 401 with {@code WWW-Authenticate: Bearer}; signed in without the role, permission or
 * organization a route needs gets 403; allowed requests reach the app; paths no rule names are
 * untouched; paths the container normalizes ({@code /%70ages}, {@code ;params}, dot segments)
 * cannot slip past a rule; bad rule text fails the deployment naming the key.
 */
class RouteRulesHttpTest {
    private static final String ROUTES = "/pages/* => signed-in; /api/* => signed-in; /admin/* => role:org:admin; "
            + "/invoices/* => permission:org:invoices:read; /team/* => organization";
    private static TestApp app;

    @BeforeAll
    static void start() throws Exception {
        app = TestApp.builder().param(ServletSettings.ROUTES, ROUTES).start();
    }

    @AfterAll
    static void stop() throws Exception {
        app.close();
    }

    private static Browser signedIn(String user, String org) {
        Browser browser = app.browser();
        SignIns.signIn(browser, user, org);
        return browser;
    }

    private static String redirectUrlOf(String location) {
        int at = location.indexOf("redirect_url=");
        assertTrue(at >= 0, location);
        return URLDecoder.decode(location.substring(at + "redirect_url=".length()), StandardCharsets.UTF_8);
    }

    @Test
    void signedOutPageLoadRedirectsToSignInWithTheLocalPathToComeBackTo() {
        Browser.Response r = app.browser().page("/pages/inbox?x=1&y=%2F");
        assertEquals(302, r.status());
        String location = r.header("Location");
        assertTrue(location.startsWith("/app/sign-in?redirect_url="), location);
        assertEquals("/app/pages/inbox?x=1&y=%2F", redirectUrlOf(location));
        assertEquals("no-store", r.header("Cache-Control"));
    }

    @Test
    void signedOutPageLoadOfAnOddPathComesBackToALocalPathOnly() {
        Browser.Response r = app.browser().page("/pages/x?next=//evil.example&a=%0d%0a");
        assertEquals(302, r.status());
        String back = redirectUrlOf(r.header("Location"));
        assertTrue(back.startsWith("/app/") && !back.startsWith("//"), back);
        assertFalse(r.header("Location").contains("\r") || r.header("Location").contains("\n"));
    }

    @Test
    void signedOutApiCallGets401WithBearerChallenge() {
        Browser.Response r = app.browser().get("/api/things", "Accept", "application/json");
        assertEquals(401, r.status());
        assertTrue(r.header("WWW-Authenticate").startsWith("Bearer "), r.header("WWW-Authenticate"));
        assertEquals("unauthorized", Json.object(r.body()).get("error"));
    }

    @Test
    void signedOutPostToAPageRouteGets401NotARedirect() {
        Browser.Response r = app.browser().post("/pages/form", Map.of("a", "b"), "Accept", "text/html");
        assertEquals(401, r.status());
        assertNotNull(r.header("WWW-Authenticate"));
    }

    @Test
    void signedOutPageLoadOfAnApiRouteIsAlsoRedirected() {
        assertEquals(302, app.browser().page("/api/things").status());
    }

    @ParameterizedTest(name = "{0}")
    @ValueSource(strings = {"/admin/users", "/invoices/7", "/team/members", "/admin"})
    void signedOutRequestForAnyProtectedRouteIs401(String path) {
        assertEquals(401, app.browser().get(path).status());
    }

    @Test
    void explicitChoiceOfAMissingAccountOnAPageLoadGoesToTheAccountChooser() throws Exception {
        try (TestApp chooser = TestApp.builder().param(ServletSettings.ROUTES, ROUTES)
                .param(ServletSettings.ACCOUNT_CHOOSER_URL, "/choose").start()) {
            Browser browser = chooser.browser();
            SignIns.signIn(browser, "alice");
            Browser.Response r = browser.page("/pages/inbox?authuser=3");
            assertEquals(302, r.status());
            assertTrue(r.header("Location").startsWith("/app/choose?redirect_url="), r.header("Location"));
        }
    }

    @Test
    void signedInWithoutTheRoleIsForbidden() {
        Browser.Response r = signedIn("bob", "acme").get("/admin/users");
        assertEquals(403, r.status());
        assertEquals("forbidden", Json.object(r.body()).get("error"));
    }

    @Test
    void signedInWithoutThePermissionIsForbidden() {
        assertEquals(403, signedIn("bob", "acme").get("/invoices/7").status());
    }

    @Test
    void signedInWithoutAnOrganizationIsForbiddenOnOrganizationRoutes() {
        Browser carol = signedIn("carol", null);
        assertEquals(403, carol.get("/team/members").status());
        assertEquals(403, carol.get("/admin/users").status());
        assertEquals(403, carol.get("/invoices/7").status());
    }

    @Test
    void forbiddenPageLoadIsNotRedirectedToSignIn() {
        Browser.Response r = signedIn("bob", "acme").page("/admin/users");
        assertEquals(403, r.status());
        assertEquals(null, r.header("Location"));
    }

    @ParameterizedTest(name = "{0}")
    @ValueSource(strings = {"/admin/users", "/invoices/7", "/team/members", "/pages/inbox", "/api/things"})
    void allowedRequestReachesTheApp(String path) {
        Browser.Response r = signedIn("alice", "acme").get(path);
        assertEquals(200, r.status());
        assertEquals("alice", r.user());
        assertEquals(path, r.echo().get("path"));
    }

    @Test
    void memberWithAnOrganizationMayUseOrganizationRoutes() {
        Browser.Response r = signedIn("bob", "acme").get("/team/members");
        assertEquals(200, r.status());
        assertEquals("bob", r.user());
    }

    @Test
    void ruleFollowsTheAccountThisRequestChose() {
        Browser browser = app.browser();
        SignIns.signIn(browser, "alice", "acme");
        SignIns.signIn(browser, "bob", "acme");
        assertEquals(403, browser.get("/admin/users").status(), "bob is last-active");
        assertEquals(200, browser.get("/admin/users?authuser=0").status(), "this request chose alice");
        assertEquals(403, browser.get("/admin/users", "X-Session-Id", "1").status());
    }

    @Test
    void publicPathIsUntouchedWhenSignedOut() {
        Browser.Response r = app.browser().page("/public/about?x=1");
        assertEquals(200, r.status());
        assertEquals("-", r.user());
        assertEquals("/public/about", r.echo().get("path"));
        assertTrue(r.setCookies().isEmpty());
        assertEquals(null, r.header("Location"));
    }

    @Test
    void publicPathSeesTheSignedInUser() {
        assertEquals("bob", signedIn("bob", null).get("/public/about").user());
    }

    @Test
    void siblingPathWithTheSamePrefixIsPublic() {
        assertEquals(200, app.browser().get("/administrator").status());
        assertEquals(200, app.browser().get("/pagesx/y").status());
    }

    @ParameterizedTest(name = "{0}")
    @ValueSource(strings = {"/app/%70ages/x", "/app/pages;a=b/x", "/app/pages/x;jsessionid=1", "/app/x/../pages/x",
            "/app/./pages/x", "/app/%61pi/x", "/app/%61dmin/users", "/app/pages/%2e/x", "/app/admin/./users"})
    void pathTheContainerNormalizesCannotSlipPastARule(String target) {
        RawHttp.Response r = RawHttp.request(app, "GET", target);
        assertTrue(r.status() == 401 || r.status() == 400, target + " -> " + r.status());
        assertFalse(r.body().contains("path="), "the app was not reached");
    }

    @Test
    void normalizedPathIsAllowedWhenTheSessionMeetsTheRule() {
        Browser alice = signedIn("alice", "acme");
        StringBuilder cookies = new StringBuilder();
        alice.cookies().forEach((k, v) -> cookies.append(cookies.length() == 0 ? "" : "; ").append(k).append('=').append(v));
        RawHttp.Response r = RawHttp.request(app, "GET", "/app/%61dmin/users", "Cookie: " + cookies);
        assertEquals(200, r.status());
        assertTrue(r.body().contains("path=/admin/users"));
    }

    @Test
    void badRuleTextFailsTheDeploymentNamingTheKey() {
        Exception e = assertThrows(Exception.class,
                () -> TestApp.builder().param(ServletSettings.ROUTES, "/admin/* => rolee").start().close());
        ConfigurationException cause = null;
        for (Throwable t = e; t != null; t = t.getCause()) {
            if (t instanceof ConfigurationException c) {
                cause = c;
            }
            for (Throwable s : t.getSuppressed()) {
                if (s instanceof ConfigurationException c) {
                    cause = c;
                }
            }
        }
        assertNotNull(cause, "a ConfigurationException among the causes of " + e);
        assertEquals(ServletSettings.ROUTES, cause.key());
    }
}
