package dev.multisession.servlet;

import com.nimbusds.jose.util.Base64URL;
import com.nimbusds.jose.util.JSONObjectUtils;
import dev.multisession.core.model.Tasks;
import dev.multisession.servlet.testing.Browser;
import dev.multisession.servlet.testing.Json;
import dev.multisession.servlet.testing.SignIns;
import dev.multisession.servlet.testing.TestApp;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

import java.net.URLDecoder;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.List;
import java.util.Map;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * Session tasks over HTTP (README, "Session tasks"): a pending session counts as signed out for
 * every route rule and {@code isUserInRole}, except on its current task's page and the helper
 * endpoints; page loads elsewhere go to the task's page with a {@code redirect_url} and the tab's
 * account, API calls get 401 {@code session_pending} with the task; completing a task re-mints the
 * token in the same request; other tabs' accounts are unaffected.
 */
class SessionTasksHttpTest {
    private static TestApp app;

    @BeforeAll
    static void start() throws Exception {
        app = TestApp.builder()
                .param(ServletSettings.ROUTES, "/inbox/* => signed-in; /admin/* => role:org:admin; /task/* => signed-in;"
                        + " /sign-in/* => signed-in")
                .param("multisession.tasks.choose-organization-url", "/task/choose-organization")
                .param("multisession.tasks.reset-password-url", "/task/reset-password")
                .start();
    }

    @AfterAll
    static void stop() throws Exception {
        app.close();
    }

    private static Browser.Response complete(Browser browser, String path, String task) {
        return browser.post(path, Map.of("task", task), "Origin", app.origin());
    }

    private static String location(Browser.Response r) {
        return URLDecoder.decode(r.header("Location"), StandardCharsets.UTF_8);
    }

    // ------------------------------------------------------------------ routing

    @Test
    void aPageLoadOfAProtectedRouteGoesToTheTasksPageWithARedirectUrl() {
        Browser browser = app.browser();
        SignIns.signInWithTasks(browser, "alice", Tasks.CHOOSE_ORGANIZATION);

        Browser.Response r = browser.page("/inbox/today?x=1");

        assertEquals(302, r.status());
        assertEquals("/app/task/choose-organization?redirect_url=/app/inbox/today?x=1", location(r));
    }

    @Test
    void anApiCallOfAProtectedRouteGets401SessionPendingWithTheTask() {
        Browser browser = app.browser();
        SignIns.signInWithTasks(browser, "alice", Tasks.RESET_PASSWORD);

        Browser.Response r = browser.get("/inbox", "Accept", "application/json");

        assertEquals(401, r.status());
        Map<String, Object> body = Json.object(r.body());
        assertEquals("session_pending", body.get("reason"));
        assertEquals(Tasks.RESET_PASSWORD, body.get("task"));
        assertTrue(r.header("WWW-Authenticate").contains("session_pending"), r.header("WWW-Authenticate"));
    }

    @Test
    void theTasksPageLetsThePendingSessionInAndThePathsBelowIt() {
        Browser browser = app.browser();
        SignIns.signInWithTasks(browser, "alice", Tasks.CHOOSE_ORGANIZATION);

        Browser.Response page = browser.get("/task/choose-organization");
        Browser.Response below = browser.get("/task/choose-organization/step-2");

        assertEquals(200, page.status());
        assertEquals("alice", page.user());
        assertEquals(Tasks.CHOOSE_ORGANIZATION, page.echo().get("task"));
        assertEquals(200, below.status());
        assertEquals("alice", below.user());
    }

    @org.junit.jupiter.params.ParameterizedTest
    @org.junit.jupiter.params.provider.ValueSource(strings = {
            "/task/choose-organization/../../inbox/today",     // normalised by the container before anyone sees it
            "/task/choose-organization/%2E%2E/%2E%2E/inbox/today",
            "/task/choose-organizationX",                      // a sibling, not a page below
            "/task/choose-organization-evil/inbox",
            "/TASK/choose-organization",                       // another path: paths are case-sensitive
            "/inbox/task/choose-organization"})
    void noSpellingOfAnotherPathLetsThePendingSessionIn(String path) {
        Browser browser = app.browser();
        SignIns.signInWithTasks(browser, "alice", Tasks.CHOOSE_ORGANIZATION);

        Browser.Response r = browser.get(path, "Accept", "application/json");

        assertTrue(r.status() != 200 || !"alice".equals(r.user()), path + " answered as alice");
        if (r.status() == 200) {
            assertEquals("-", r.user(), path + ": a public page, signed out");
        }
    }

    @Test
    void anotherTasksPageDoesNotLetItIn() {
        Browser browser = app.browser();
        SignIns.signInWithTasks(browser, "alice", Tasks.RESET_PASSWORD);

        Browser.Response r = browser.get("/task/choose-organization", "Accept", "application/json");

        assertEquals(401, r.status());
        assertEquals(Tasks.RESET_PASSWORD, Json.object(r.body()).get("task"));
    }

    @Test
    void aTaskWithoutItsOwnUrlGoesBelowTheDefaultTaskUrl() {
        Browser browser = app.browser();
        SignIns.signInWithTasks(browser, "alice", Tasks.SETUP_MFA);

        Browser.Response r = browser.page("/inbox");
        Browser.Response page = browser.get("/sign-in/tasks/setup-mfa");

        assertEquals(302, r.status());
        assertTrue(location(r).startsWith("/app/sign-in/tasks/setup-mfa?redirect_url="), location(r));
        assertEquals("alice", page.user(), "the default task URL lets the session in");
    }

    @Test
    void aPublicRouteSeesThePendingSessionAsSignedOut() {
        Browser browser = app.browser();
        SignIns.signInWithTasks(browser, "alice", Tasks.RESET_PASSWORD);

        Map<String, String> echo = browser.get("/home").echo();

        assertEquals("-", echo.get("user"));
        assertEquals("null", echo.get("remoteUser"));
        assertEquals("-", echo.get("principal"));
        assertEquals(Tasks.RESET_PASSWORD, echo.get("task"), "Accounts.currentTask names the task");
    }

    @Test
    void isUserInRoleIsFalseForAPendingSessionButOnItsTasksPage() {
        Browser browser = app.browser();
        browser.post("/login", Map.of("user", "alice", "org", "acme", "tasks", Tasks.RESET_PASSWORD));

        assertEquals("false", browser.get("/home?role=org:admin").echo().get("inRole"));
        assertEquals(401, browser.get("/admin", "Accept", "application/json").status(),
                "a role rule refuses it as signed out, though its organization role would pass");
        assertEquals("true", browser.get("/task/reset-password?role=org:admin").echo().get("inRole"));
    }

    @Test
    void theSessionsEndpointListsThePendingSessionWithItsStatusAndTask() {
        Browser browser = app.browser();
        SignIns.SignedIn alice = SignIns.signInWithTasks(browser, "alice", Tasks.CHOOSE_ORGANIZATION);

        Browser.Response r = browser.get("/multisession/sessions", "Accept", "application/json");

        assertEquals(200, r.status());
        Map<String, Object> body = Json.object(r.body());
        Map<String, Object> session = Json.object(Json.list(body.get("sessions")).get(0));
        assertEquals("pending", session.get("status"));
        assertEquals(Tasks.CHOOSE_ORGANIZATION, session.get("task"));
        assertEquals(alice.sessionId(), body.get("activeSessionId"));
    }

    // ------------------------------------------------------------------ completing

    @Test
    void completingTheLastTaskSignsTheSessionInFromTheNextRequest() {
        Browser browser = app.browser();
        SignIns.signInWithTasks(browser, "alice", Tasks.RESET_PASSWORD);
        assertEquals(401, browser.get("/inbox").status());

        Browser.Response done = complete(browser, "/task/reset-password", Tasks.RESET_PASSWORD);

        assertEquals("true", done.echo().get("completed"));
        assertEquals("active", done.echo().get("status"));
        assertFalse(done.setCookies().isEmpty(), "the new token is written in the same response");
        Browser.Response after = browser.get("/inbox");
        assertEquals(200, after.status());
        assertEquals("alice", after.user());
    }

    @Test
    void completingATaskSendsPageLoadsToTheNextTasksPage() {
        Browser browser = app.browser();
        SignIns.signInWithTasks(browser, "alice", Tasks.RESET_PASSWORD, Tasks.CHOOSE_ORGANIZATION);

        Browser.Response done = complete(browser, "/task/reset-password", Tasks.RESET_PASSWORD);
        Browser.Response r = browser.page("/inbox");

        assertEquals(Tasks.CHOOSE_ORGANIZATION, done.echo().get("next"));
        assertEquals(302, r.status());
        assertTrue(location(r).startsWith("/app/task/choose-organization?"), location(r));
    }

    @Test
    void completingATaskThatIsNotCurrentCompletesNothing() {
        Browser browser = app.browser();
        SignIns.signInWithTasks(browser, "alice", Tasks.RESET_PASSWORD, Tasks.SETUP_MFA);

        Browser.Response r = complete(browser, "/task/reset-password", Tasks.SETUP_MFA);

        assertEquals("false", r.echo().get("completed"));
        assertEquals(Tasks.RESET_PASSWORD, r.echo().get("next"));
    }

    @Test
    void completingATaskWhenSignedOutIsA401NotA500() {
        Browser browser = app.browser();

        Browser.Response r = browser.post("/task/reset-password", Map.of("task", Tasks.RESET_PASSWORD),
                "Origin", app.origin(), "Accept", "application/json");

        assertEquals(401, r.status());
    }

    @Test
    void switchingToAnOrganizationCompletesChooseOrganizationAndReMintsTheToken() {
        Browser browser = app.browser();
        SignIns.signInWithTasks(browser, "alice", Tasks.CHOOSE_ORGANIZATION);

        Browser.Response r = browser.post("/multisession/switch", Map.of("organization", "acme"),
                "Origin", app.origin(), "Accept", "application/json");

        assertEquals(200, r.status());
        assertEquals("active", Json.object(Json.object(r.body()).get("active")).get("status"));
        Browser.Response after = browser.get("/inbox");
        assertEquals(200, after.status());
        assertEquals("acme", after.echo().get("org"));
    }

    // ------------------------------------------------------------------ tabs, forgery, live sessions

    @Test
    void aPendingAccountInOneTabNeverBlocksAnotherTabsAccount() {
        Browser browser = app.browser();
        SignIns.SignedIn bob = SignIns.signIn(browser, "bob");
        SignIns.SignedIn alice = SignIns.signInWithTasks(browser, "alice", Tasks.CHOOSE_ORGANIZATION);
        assertNotEquals(bob.index(), alice.index());

        Browser.Response bobsTab = browser.page("/inbox?authuser=" + bob.index());
        Browser.Response alicesTab = browser.page("/inbox?authuser=" + alice.index());

        assertEquals(200, bobsTab.status());
        assertEquals("bob", bobsTab.user());
        assertEquals(302, alicesTab.status());
        String target = location(alicesTab);
        assertTrue(target.contains("authuser=" + alice.index()), "the task page keeps the tab's account: " + target);
        Browser.Response taskPage = browser.get(alicesTab.header("Location").substring("/app".length()));
        assertEquals("alice", taskPage.user(), "the task page gets this tab's pending account");
        assertEquals("bob", browser.get("/inbox?authuser=" + bob.index()).user(), "bob's tab is unaffected");
    }

    @Test
    void aForgedTokenClaimingActiveForAPendingSessionIsRefusedBySignature() throws Exception {
        Browser browser = app.browser();
        SignIns.SignedIn alice = SignIns.signInWithTasks(browser, "alice", Tasks.RESET_PASSWORD);
        String name = SignIns.cookieName(alice.sessionId());
        String[] parts = browser.cookie(name).split("\\.");
        Map<String, Object> claims = JSONObjectUtils.parse(new Base64URL(parts[1]).decodeToString());
        claims.remove("sts");
        claims.remove("tsk");
        browser.setCookie(name, parts[0] + "." + Base64URL.encode(JSONObjectUtils.toJSONString(claims)) + "." + parts[2]);

        Browser.Response r = browser.get("/inbox", "Accept", "application/json");

        assertEquals(401, r.status());
        assertNotEquals("session_pending", Json.object(r.body()).get("reason"), "not even read as the pending session");
        assertTrue(r.deletedCookies().contains(name), "the forged cookie is deleted");
    }

    @Test
    void aTaskAddedToALiveSessionTakesEffectWithinOneTokenLifetime() {
        Browser browser = app.browser();
        SignIns.SignedIn alice = SignIns.signIn(browser, "alice");
        assertEquals(200, browser.get("/inbox").status());

        app.engine().addTask(alice.sessionId(), Tasks.RESET_PASSWORD);
        app.clock().advance(Duration.ofSeconds(61));
        Browser.Response r = browser.get("/inbox", "Accept", "application/json");

        assertEquals(401, r.status());
        assertEquals(Tasks.RESET_PASSWORD, Json.object(r.body()).get("task"));
    }

    @Test
    void aPendingSessionCanSignOutThroughTheEndpoint() {
        Browser browser = app.browser();
        SignIns.SignedIn alice = SignIns.signInWithTasks(browser, "alice", Tasks.RESET_PASSWORD);

        Browser.Response r = browser.post("/multisession/sign-out", Map.of(), "Origin", app.origin(),
                "Accept", "application/json");

        assertEquals(200, r.status());
        assertTrue(r.deletedCookies().contains(SignIns.cookieName(alice.sessionId())));
        assertNull(browser.cookie(SignIns.cookieName(alice.sessionId())));
        assertEquals(List.of(), Json.list(Json.object(browser.get("/multisession/sessions", "Accept",
                "application/json").body()).get("sessions")));
    }

    @Test
    void aBearerTokenOfAPendingSessionGets401SessionPending() {
        Browser browser = app.browser();
        SignIns.SignedIn alice = SignIns.signInWithTasks(browser, "alice", Tasks.SETUP_MFA);
        String token = browser.cookie(SignIns.cookieName(alice.sessionId()));

        Browser.Response r = app.browser().get("/inbox", "Authorization", "Bearer " + token, "Accept", "application/json");

        assertEquals(401, r.status());
        assertEquals("session_pending", Json.object(r.body()).get("reason"));
        assertEquals(Tasks.SETUP_MFA, Json.object(r.body()).get("task"));
    }

    @Test
    void withPathPrefixSelectionTheTaskPageKeepsTheTabsPrefixAndLetsItIn() throws Exception {
        try (TestApp prefixed = TestApp.builder().param("multisession.selection.path-prefix", "true")
                .param(ServletSettings.ROUTES, "/inbox/* => signed-in")
                .param("multisession.tasks.reset-password-url", "/task/reset-password").start()) {
            Browser browser = prefixed.browser();
            SignIns.SignedIn alice = SignIns.signInWithTasks(browser, "alice", Tasks.RESET_PASSWORD);

            Browser.Response r = browser.page("/u/" + alice.index() + "/inbox");

            assertEquals(302, r.status());
            String target = r.header("Location");
            assertTrue(target.startsWith("/app/u/" + alice.index() + "/task/reset-password?redirect_url="), target);
            assertEquals("alice", browser.get(target.substring("/app".length())).user());
        }
    }
}
