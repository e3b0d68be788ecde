package dev.multisession.servlet;

import dev.multisession.core.model.SessionStatus;
import dev.multisession.servlet.testing.Browser;
import dev.multisession.servlet.testing.Json;
import dev.multisession.servlet.testing.SignIns;
import dev.multisession.servlet.testing.SignIns.Two;
import dev.multisession.servlet.testing.TestApp;
import jakarta.servlet.DispatcherType;
import org.eclipse.jetty.ee10.servlet.ServletHolder;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

import java.util.EnumSet;
import java.util.Map;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * The helper servlets ({@link SwitchServlet}, {@link SignOutServlet}, {@link SessionsServlet},
 * {@link RefreshServlet}) declared by hand with the filter, auto-registration off, as a
 * {@code web.xml} of an app without annotation scanning declares them (README, "Without
 * annotation scanning: web.xml"): mapped under {@code /accounts}, where only they can answer,
 * every endpoint works as it does under the base path.
 */
class HelperServletsHttpTest {
    private static TestApp app;

    @BeforeAll
    static void start() throws Exception {
        app = TestApp.builder().withoutAutoRegistration().customize(c -> {
            c.addFilter(MultiSessionFilter.class, "/*", EnumSet.of(DispatcherType.REQUEST));
            c.addServlet(new ServletHolder("my-switch", SwitchServlet.class), "/accounts/switch");
            c.addServlet(new ServletHolder("my-sign-out", SignOutServlet.class), "/accounts/sign-out");
            c.addServlet(new ServletHolder("my-sessions", SessionsServlet.class), "/accounts/sessions");
            c.addServlet(new ServletHolder("my-refresh", RefreshServlet.class), "/accounts/refresh");
        }).start();
    }

    @AfterAll
    static void stop() throws Exception {
        app.close();
    }


    private static Two twoAccounts() {
        return SignIns.aliceAndBob(app.browser(), "acme");
    }

    @Test
    void sessionsServletListsTheBrowsersAccounts() {
        Two two = twoAccounts();
        Browser.Response r = two.browser().get("/accounts/sessions");
        assertEquals(200, r.status());
        Map<String, Object> body = Json.object(r.body());
        assertEquals(2, Json.list(body.get("sessions")).size());
        assertEquals(two.bob().sessionId(), body.get("activeSessionId"));
        assertNotNull(body.get("csrfToken"));
        assertEquals("no-store", r.header("Cache-Control"));
    }

    @Test
    void switchServletMakesTheSessionLastActive() {
        Two two = twoAccounts();
        Browser.Response r = two.browser().post("/accounts/switch", Map.of("index", "0"), "Origin", app.origin());
        assertEquals(303, r.status());
        assertEquals("/app/", r.header("Location"));
        assertEquals("alice", two.browser().get("/whoami").user());
    }

    @Test
    void switchServletRefusesACrossSiteRequest() {
        Two two = twoAccounts();
        Browser.Response r = two.browser().post("/accounts/switch", Map.of("index", "0"), "Origin", "https://evil.example");
        assertEquals(403, r.status());
        assertEquals("bob", two.browser().get("/whoami").user());
    }

    @Test
    void signOutServletEndsTheNamedSession() {
        Two two = twoAccounts();
        Browser.Response r = two.browser().post("/accounts/sign-out", Map.of("session_id", two.alice().sessionId()),
                "Origin", app.origin(), "Accept", "application/json");
        assertEquals(200, r.status());
        assertEquals(1L, ((Number) Json.object(r.body()).get("remaining")).longValue());
        assertEquals(SessionStatus.ENDED, app.store().find(two.alice().sessionId()).orElseThrow().status());
        assertTrue(r.deletedCookies().contains(SignIns.cookieName(two.alice().sessionId())), r.deletedCookies().toString());
    }

    @Test
    void refreshServletRedirectsToTheValidatedTarget() {
        Browser.Response r = twoAccounts().browser().get("/accounts/refresh?redirect_url=%2Finbox");
        assertEquals(303, r.status());
        assertEquals("/app/inbox", r.header("Location"));
    }

    @Test
    void helperServletAnswersOnlyItsMethods() {
        Browser.Response r = twoAccounts().browser().get("/accounts/switch");
        assertEquals(405, r.status());
        assertEquals("POST", r.header("Allow"));
    }

    @Test
    void theFilterStillAnswersTheBasePathWhereNoHelperServletIsMapped() {
        Browser.Response r = twoAccounts().browser().get("/multisession/sessions");
        assertEquals(200, r.status());
        assertEquals(2, Json.list(Json.object(r.body()).get("sessions")).size());
    }
}
