package dev.multisession.servlet;

import dev.multisession.core.config.ConfigKeys;
import dev.multisession.core.model.Organization;
import dev.multisession.core.model.SessionStatus;
import dev.multisession.core.model.User;
import dev.multisession.servlet.testing.Browser;
import dev.multisession.servlet.testing.SignIns;
import dev.multisession.servlet.testing.TestApp;
import jakarta.servlet.http.HttpServlet;
import jakarta.servlet.http.HttpServletRequest;
import jakarta.servlet.http.HttpServletResponse;
import org.junit.jupiter.api.Test;

import java.io.IOException;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * The per-browser session cap (docs/how-it-works.md: "Cookies"): at the cap (default 5) another sign-in is refused (the
 * login servlet answers 409 with the typed error) and changes nothing, unless it replaces an
 * account already signed in there; with {@code multisession.sessions.evict-at-cap=true} the least
 * recently active session (not simply the oldest) is signed out to make room. At the cap, with a
 * name, an email and an organization in every token, the Cookie header the browser sends stays
 * under 8 KB (Jetty's and Tomcat's default request-header limit).
 */
class SessionCapHttpTest {
    private static final List<String> USERS = List.of("u0", "u1", "u2", "u3", "u4");

    private static List<SignIns.SignedIn> fill(TestApp app, Browser browser) {
        List<SignIns.SignedIn> signedIn = new ArrayList<>();
        for (String user : USERS) {
            signedIn.add(SignIns.signIn(browser, user));
            app.clock().advance(Duration.ofSeconds(1));
        }
        return signedIn;
    }

    private static long activeSessions(TestApp app, Browser browser) {
        String clientId = browser.cookie("ms_client").split("\\.")[1];
        return app.store().listByClient(clientId).stream().filter(s -> s.status() == SessionStatus.ACTIVE).count();
    }

    @Test
    void sixthSignInIsRefusedWith409CarryingTheTypedError() throws Exception {
        try (TestApp app = TestApp.start()) {
            Browser browser = app.browser();
            fill(app, browser);
            Browser.Response r = browser.post("/login", Map.of("user", "u5"));
            assertEquals(409, r.status());
            Map<String, String> body = r.echo();
            assertEquals("too_many_sessions", body.get("error"));
            assertTrue(body.get("message").contains(ConfigKeys.SESSIONS_MAX_PER_CLIENT + "=5"), body.get("message"));
            assertTrue(body.get("message").contains(ConfigKeys.SESSIONS_EVICT_AT_CAP), "the message names the way out");
        }
    }

    @Test
    void refusedSignInChangesNothing() throws Exception {
        try (TestApp app = TestApp.start()) {
            Browser browser = app.browser();
            List<SignIns.SignedIn> five = fill(app, browser);
            Map<String, String> before = browser.cookies();
            Browser.Response r = browser.post("/login", Map.of("user", "u5"));
            assertEquals(409, r.status());
            assertTrue(r.setCookies().isEmpty(), "no cookie written");
            assertTrue(before.equals(browser.cookies()), "the browser's cookies are as they were (values not shown)");
            assertEquals(5, activeSessions(app, browser));
            for (int i = 0; i < 5; i++) {
                assertEquals(USERS.get(i), browser.get("/whoami?authuser=" + five.get(i).index()).user());
            }
            assertEquals("u4", browser.get("/whoami").user(), "last-active unchanged");
        }
    }

    @Test
    void signingInAgainAsAnAccountAlreadyHereAtTheCapReplacesItOnItsIndex() throws Exception {
        try (TestApp app = TestApp.start()) {
            Browser browser = app.browser();
            List<SignIns.SignedIn> five = fill(app, browser);
            SignIns.SignedIn again = SignIns.signIn(browser, "u2");
            assertEquals(five.get(2).index(), again.index());
            assertEquals(SessionStatus.ENDED, app.store().find(five.get(2).sessionId()).orElseThrow().status());
            assertEquals(5, activeSessions(app, browser));
        }
    }

    @Test
    void signingOutOneAtTheCapMakesRoomForANewSignIn() throws Exception {
        try (TestApp app = TestApp.start()) {
            Browser browser = app.browser();
            fill(app, browser);
            browser.post("/multisession/sign-out", Map.of("index", "3"), "Origin", app.origin());
            SignIns.SignedIn u5 = SignIns.signIn(browser, "u5");
            assertEquals(3, u5.index(), "the freed index");
        }
    }

    @Test
    void configuredCapIsHonoured() throws Exception {
        try (TestApp app = TestApp.builder().param(ConfigKeys.SESSIONS_MAX_PER_CLIENT, "2").start()) {
            Browser browser = app.browser();
            SignIns.signIn(browser, "alice");
            SignIns.signIn(browser, "bob");
            assertEquals(409, browser.post("/login", Map.of("user", "carol")).status());
        }
    }

    @Test
    void withEvictionAtTheCapTheLeastRecentlyActiveSessionMakesRoom() throws Exception {
        try (TestApp app = TestApp.builder().param(ConfigKeys.SESSIONS_EVICT_AT_CAP, "true").start()) {
            Browser browser = app.browser();
            List<SignIns.SignedIn> five = fill(app, browser);
            app.clock().advance(Duration.ofSeconds(61));
            assertEquals("u0", browser.get("/whoami?authuser=0").user(), "u0, the oldest, is used again");
            Browser.Response r = browser.post("/login", Map.of("user", "u5"));
            assertEquals(200, r.status());
            SignIns.SignedIn u1 = five.get(1);
            assertTrue(r.deletedCookies().contains(SignIns.cookieName(u1.sessionId())), "deleted: " + r.deletedCookies());
            assertEquals(SessionStatus.REMOVED, app.store().find(u1.sessionId()).orElseThrow().status());
            assertEquals(SessionStatus.ACTIVE, app.store().find(five.get(0).sessionId()).orElseThrow().status());
            assertEquals(5, activeSessions(app, browser));
            assertEquals(String.valueOf(u1.index()), r.echo().get("index"), "the new session takes the lowest free index");
            assertEquals("u0", browser.get("/whoami?authuser=0").user());
            assertEquals("u5", browser.get("/whoami").user(), "the new session is last-active");
        }
    }

    @Test
    void withEvictionAtTheCapASessionJustSwitchedToIsNotTheOneEvicted() throws Exception {
        try (TestApp app = TestApp.builder().param(ConfigKeys.SESSIONS_EVICT_AT_CAP, "true").start()) {
            Browser browser = app.browser();
            List<SignIns.SignedIn> five = fill(app, browser);
            assertEquals(303, browser.post("/multisession/switch", Map.of("index", "0"), "Origin", app.origin()).status());
            assertEquals("u0", browser.get("/whoami").user(), "control: the user is on u0 now");
            Browser.Response r = browser.post("/login", Map.of("user", "u5"));
            assertEquals(200, r.status());
            assertEquals(SessionStatus.ACTIVE, app.store().find(five.get(0).sessionId()).orElseThrow().status(),
                    "the account the user just switched to survives");
            assertEquals(SessionStatus.REMOVED, app.store().find(five.get(1).sessionId()).orElseThrow().status());
        }
    }

    /** Signs in {@code user} with a full profile and an organization with a few permissions. */
    static final class ProfileLoginServlet extends HttpServlet {
        private static final long serialVersionUID = 1L;

        @Override
        protected void doPost(HttpServletRequest req, HttpServletResponse resp) throws IOException {
            String n = req.getParameter("n");
            User user = User.builder("user_2xK9mQ7vR4tL8pW3nB6cY1dF0h" + n)
                    .name("Alexandra Konstantinopoulou " + n)
                    .email("alexandra.konstantinopoulou." + n + "@example-company.com")
                    .build();
            Organization org = Organization.builder("org_2yH5jK8mN1pQ4rS7tV0wX3zA6b" + n, "example-company-" + n)
                    .name("Example Company International " + n)
                    .role("org:admin")
                    .permissions(Set.of("org:invoices:read", "org:invoices:write", "org:members:manage"))
                    .build();
            Accounts.signIn(req, resp, user, Optional.of(org));
            resp.setContentType("text/plain");
            resp.getWriter().write("ok\n");
        }
    }

    /** Reports the size of the Cookie header(s) as the server received them. */
    static final class CookieHeaderServlet extends HttpServlet {
        private static final long serialVersionUID = 1L;

        @Override
        protected void doGet(HttpServletRequest req, HttpServletResponse resp) throws IOException {
            List<String> headers = Collections.list(req.getHeaders("Cookie"));
            int length = String.join("; ", headers).length();
            resp.setContentType("text/plain");
            resp.getWriter().write("headers=" + headers.size() + "\nlength=" + length + "\nuser="
                    + Accounts.user(req).map(User::id).orElse("-") + "\n");
        }
    }

    @Test
    void cookieHeaderAtTheCapWithFullProfilesAndOrganizationsStaysUnder8KB() throws Exception {
        try (TestApp app = TestApp.builder().customize(c -> {
            c.addServlet(new ProfileLoginServlet(), "/login-profile");
            c.addServlet(new CookieHeaderServlet(), "/cookie-header");
        }).start()) {
            Browser browser = app.browser();
            for (int i = 0; i < 5; i++) {
                assertEquals(200, browser.post("/login-profile", Map.of("n", String.valueOf(i))).status());
            }
            assertEquals(6, browser.cookies().size(), "control: five session cookies and the client cookie");
            Browser.Response r = browser.get("/cookie-header");
            assertEquals(200, r.status(), "the request fits the container's header limit");
            Map<String, String> seen = r.echo();
            assertEquals("1", seen.get("headers"));
            int length = Integer.parseInt(seen.get("length"));
            assertTrue(length > 5 * 600, "control: the tokens carry the profiles (" + length + " bytes)");
            assertTrue(length + "Cookie: ".length() < 8 * 1024, "Cookie header is " + length + " bytes");
            assertTrue(seen.get("user").startsWith("user_2xK9"), "and the request is signed in");
        }
    }
}
