package dev.multisession.servlet;

import dev.multisession.core.model.User;
import dev.multisession.servlet.testing.Browser;
import dev.multisession.servlet.testing.SetCookie;
import dev.multisession.servlet.testing.SignIns;
import dev.multisession.servlet.testing.TestApp;
import jakarta.servlet.http.HttpServlet;
import jakarta.servlet.http.HttpServletRequest;
import jakarta.servlet.http.HttpServletResponse;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

import java.io.IOException;
import java.io.PrintWriter;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.Map;
import java.util.Optional;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * The filter collects the request's cookie writes and sends them just before the response
 * commits, whichever way the app ends it: a body through the writer or the stream, a flush, a
 * redirect, an error, no body at all, the end of a forward, or a reset and a second answer; a
 * sign-in after the app took its writer but wrote nothing yet is still collected. Each cookie is
 * sent once (the test browser checks every response).
 */
class CookieWritesReachTheBrowserHttpTest {
    private static TestApp app;

    @BeforeAll
    static void start() throws Exception {
        app = TestApp.builder().param("multisession.selection.path-prefix", "true").customize(c -> {
            c.addServlet(new Ending(), "/end/*");
            c.addServlet(new SignInAfterTakingTheWriter(), "/late-login");
        }).start();
    }

    @AfterAll
    static void stop() throws Exception {
        app.close();
    }

    /**
     * {@code /end/<how>}: ends the response that way. The bodies are larger than the container's
     * buffer, so the response commits while the app writes, long before the filter returns.
     */
    static final class Ending extends HttpServlet {
        private static final long serialVersionUID = 1L;
        private static final String BIG = "x".repeat(200_000);

        @Override
        protected void doGet(HttpServletRequest req, HttpServletResponse resp) throws IOException {
            switch (req.getPathInfo()) {
                case "/writer" -> resp.getWriter().print(BIG);
                case "/writer-char" -> {
                    PrintWriter w = resp.getWriter();
                    w.write('x');
                    w.print(BIG);
                }
                case "/stream" -> resp.getOutputStream().write(BIG.getBytes(StandardCharsets.UTF_8));
                case "/stream-print" -> resp.getOutputStream().print(BIG);
                case "/flush" -> {
                    resp.flushBuffer();
                    resp.getWriter().print("done");
                }
                case "/writer-flush" -> {
                    PrintWriter w = resp.getWriter();
                    w.flush();
                    w.print("done");
                }
                case "/redirect" -> resp.sendRedirect(req.getContextPath() + "/whoami");
                case "/error" -> resp.sendError(418);
                case "/no-body" -> resp.setStatus(204);
                case "/reset" -> {
                    resp.getWriter().print("first");
                    resp.setHeader("X-First", "yes");
                    resp.reset();
                    resp.getWriter().print("done");
                }
                default -> resp.sendError(404);
            }
        }
    }

    /** Takes the writer, then signs in, then writes. */
    static final class SignInAfterTakingTheWriter extends HttpServlet {
        private static final long serialVersionUID = 1L;

        @Override
        protected void doPost(HttpServletRequest req, HttpServletResponse resp) throws IOException {
            PrintWriter w = resp.getWriter();
            Accounts.signIn(req, resp, User.builder(req.getParameter("user")).build(), Optional.empty());
            w.print("done");
        }
    }

    @ParameterizedTest(name = "/end{0}")
    @ValueSource(strings = {"/writer", "/writer-char", "/stream", "/stream-print", "/flush", "/writer-flush", "/redirect", "/error",
            "/no-body", "/reset"})
    void aRefreshedTokenReachesTheBrowserHoweverTheResponseEnds(String how) {
        assertRefreshedTokenArrives("/end" + how);
    }

    @ParameterizedTest(name = "/u/0/end{0}")
    @ValueSource(strings = {"/writer", "/no-body", "/redirect"})
    void aRefreshedTokenReachesTheBrowserAfterAPathPrefixForward(String how) {
        assertRefreshedTokenArrives("/u/0/end" + how);
    }

    private static void assertRefreshedTokenArrives(String path) {
        Browser browser = app.browser();
        SignIns.SignedIn alice = SignIns.signIn(browser, "alice");
        String name = SignIns.cookieName(alice.sessionId());
        String before = browser.cookie(name);
        app.clock().advance(Duration.ofMinutes(5));
        Browser.Response r = browser.get(path);
        assertTrue(SetCookie.named(r, name).isPresent(), "status " + r.status() + ", cookies " + SetCookie.all(r));
        assertNotEquals(before, browser.cookie(name), "the fresh token reached the browser");
        assertEquals("alice", browser.get("/whoami").user());
    }

    @Test
    void aResetKeepsTheCookieWritesButNotTheAppsOwnHeaders() {
        Browser browser = app.browser();
        SignIns.signIn(browser, "alice");
        app.clock().advance(Duration.ofMinutes(5));
        Browser.Response r = browser.get("/end/reset");
        assertEquals("done", r.body());
        assertEquals(null, r.header("X-First"));
        assertEquals(1, r.setCookies().size(), SetCookie.all(r).toString());
    }

    @Test
    void aSignInAfterTheAppTookItsWriterIsStillSentBeforeTheBody() {
        Browser browser = app.browser();
        Browser.Response r = browser.post("/late-login", Map.of("user", "alice"));
        assertEquals(200, r.status());
        assertEquals("done", r.body());
        assertTrue(SetCookie.named(r, "ms_client").isPresent(), SetCookie.all(r).toString());
        assertEquals("alice", browser.get("/whoami").user());
    }
}
