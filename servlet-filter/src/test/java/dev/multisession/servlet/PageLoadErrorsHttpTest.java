package dev.multisession.servlet;

import dev.multisession.core.store.testing.FlakyStore;
import dev.multisession.servlet.testing.Browser;
import dev.multisession.servlet.testing.Json;
import dev.multisession.servlet.testing.SignIns;
import dev.multisession.servlet.testing.TestApp;
import jakarta.servlet.http.HttpServlet;
import jakarta.servlet.http.HttpServletRequest;
import jakarta.servlet.http.HttpServletResponse;
import org.eclipse.jetty.ee10.servlet.ErrorPageErrorHandler;
import org.eclipse.jetty.ee10.servlet.ServletHolder;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

import java.io.IOException;
import java.util.Map;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * A person loading a page the library refuses gets a page, not raw JSON: 403 and 503 go through
 * the container's error handling ({@code sendError}), so the app's own {@code <error-page>} for
 * those codes is what they see; API calls keep the JSON answer.
 */
class PageLoadErrorsHttpTest {
    private static final String ROUTES = "/admin/* => role:org:admin";
    private TestApp app;
    private final FlakyStore[] store = new FlakyStore[1];

    /** The app's error page: what {@code <error-page>} maps 403 and 503 to. */
    public static final class ErrorPageServlet extends HttpServlet {
        private static final long serialVersionUID = 1L;

        @Override
        protected void service(HttpServletRequest request, HttpServletResponse response) throws IOException {
            response.setContentType("text/html");
            response.getWriter().write("<!doctype html><nav><a href=\"/\">Home</a></nav><h1>app error page "
                    + request.getAttribute("jakarta.servlet.error.status_code") + "</h1>");
        }
    }

    private TestApp start(boolean withErrorPages) throws Exception {
        app = TestApp.builder().param(ServletSettings.ROUTES, ROUTES).storeDecorator(s -> store[0] = new FlakyStore(s))
                .customize(context -> {
                    if (withErrorPages) {
                        context.addServlet(new ServletHolder(new ErrorPageServlet()), "/error-page");
                        ErrorPageErrorHandler pages = new ErrorPageErrorHandler();
                        pages.addErrorPage(403, "/error-page");
                        pages.addErrorPage(503, "/error-page");
                        context.setErrorHandler(pages);
                    }
                }).start();
        return app;
    }

    @AfterEach
    void stop() throws Exception {
        app.close();
    }

    /** bob is a member of Acme, not its admin. */
    private Browser bobInAcme() {
        Browser b = app.browser();
        SignIns.signIn(b, "bob", "acme");
        return b;
    }

    @Test
    void aRefusedPageLoadGetsTheAppsErrorPageFor403() throws Exception {
        start(true);
        Browser.Response r = bobInAcme().page("/admin/report");
        assertEquals(403, r.status());
        assertTrue(r.body().contains("app error page 403"), r.body());
    }

    @Test
    void aRefusedPageLoadWithoutAnErrorPageGetsTheContainersHtmlPage() throws Exception {
        start(false);
        Browser.Response r = bobInAcme().page("/admin/report");
        assertEquals(403, r.status());
        assertTrue(r.header("Content-Type").startsWith("text/html"), r.header("Content-Type"));
    }

    @Test
    void aRefusedApiCallStillGetsJson() throws Exception {
        start(true);
        Browser.Response r = bobInAcme().get("/admin/report", "Accept", "application/json");
        assertEquals(403, r.status());
        assertEquals("forbidden", Json.object(r.body()).get("error"));
    }

    @Test
    void aPageLoadWhileTheStoreIsDownGetsTheAppsErrorPageFor503WithRetryAfter() throws Exception {
        start(true);
        Browser b = app.browser();
        store[0].setAvailable(false);
        Browser.Response r = b.post("/login", Map.of("user", "alice"), "Origin", app.origin(),
                "Accept", "text/html,application/xhtml+xml");
        assertEquals(503, r.status());
        assertNotNull(r.header("Retry-After"));
        assertTrue(r.body().contains("app error page 503"), r.body());
    }
}
