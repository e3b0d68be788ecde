package dev.multisession.servlet;

import dev.multisession.core.config.ConfigKeys;
import dev.multisession.servlet.testing.Browser;
import dev.multisession.servlet.testing.SignIns;
import dev.multisession.servlet.testing.TestApp;
import jakarta.servlet.DispatcherType;
import jakarta.servlet.ServletException;
import jakarta.servlet.http.HttpServlet;
import jakarta.servlet.http.HttpServletRequest;
import jakarta.servlet.http.HttpServletResponse;
import org.eclipse.jetty.ee10.servlet.ErrorPageErrorHandler;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

import java.io.IOException;
import java.util.EnumSet;

import static org.junit.jupiter.api.Assertions.assertEquals;

/**
 * The filter declared by hand for every dispatcher type (REQUEST, FORWARD, INCLUDE, ERROR, ASYNC,
 * as some apps and frameworks register security filters) still decides once per request: the
 * {@code /u/N/} path prefix is stripped once, an app's own forward and its error page see the
 * request's account, and the route rules still guard the request itself.
 */
class FilterOnEveryDispatchHttpTest {
    private static TestApp app;
    private static Browser browser;

    /** {@code /forward/*} forwards to the rest of its path; {@code /missing} answers 404 through the error page. */
    static final class ForwardingServlet extends HttpServlet {
        private static final long serialVersionUID = 1L;

        @Override
        protected void doGet(HttpServletRequest req, HttpServletResponse resp) throws ServletException, IOException {
            if ("/missing".equals(req.getServletPath())) {
                resp.sendError(404);
                return;
            }
            req.getRequestDispatcher(req.getPathInfo()).forward(req, resp);
        }
    }

    @BeforeAll
    static void start() throws Exception {
        app = TestApp.builder()
                .withoutAutoRegistration()
                .param(ConfigKeys.PATH_PREFIX_SELECTION, "true")
                .param(ServletSettings.ROUTES, "/api/* => signed-in; /internal/* => role:org:admin")
                .customize(c -> {
                    c.addFilter(MultiSessionFilter.class, "/*", EnumSet.allOf(DispatcherType.class));
                    c.addServlet(new ForwardingServlet(), "/forward/*");
                    c.addServlet(new ForwardingServlet(), "/missing");
                    ErrorPageErrorHandler errors = new ErrorPageErrorHandler();
                    errors.addErrorPage(404, "/error-page");
                    c.setErrorHandler(errors);
                })
                .start();
        browser = app.browser();
        SignIns.signIn(browser, "alice", "acme");
        SignIns.signIn(browser, "bob");
    }

    @AfterAll
    static void stop() throws Exception {
        app.close();
    }

    @Test
    void pathPrefixIsStrippedOnce() {
        Browser.Response r = browser.get("/u/0/api/me");
        assertEquals(200, r.status());
        assertEquals("alice", r.user());
        assertEquals("/api/me", r.echo().get("path"));
    }

    @Test
    void anAppForwardSeesTheRequestsAccount() {
        Browser.Response r = browser.get("/forward/whoami?authuser=0");
        assertEquals(200, r.status());
        assertEquals("alice", r.user());
        assertEquals("/whoami", r.echo().get("path"));
    }

    @Test
    void anAppForwardUnderThePathPrefixSeesTheRequestsAccount() {
        Browser.Response r = browser.get("/u/0/forward/whoami");
        assertEquals(200, r.status());
        assertEquals("alice", r.user());
        assertEquals("/whoami", r.echo().get("path"));
    }

    @Test
    void theErrorPageSeesTheRequestsAccount() {
        Browser.Response r = browser.get("/u/0/missing");
        assertEquals(404, r.status());
        assertEquals("alice", r.user());
    }

    @Test
    void routeRulesStillApplyToTheRequestItself() {
        assertEquals(403, browser.get("/internal/report?authuser=1").status());
        assertEquals(401, app.browser().get("/api/me").status());
    }
}
