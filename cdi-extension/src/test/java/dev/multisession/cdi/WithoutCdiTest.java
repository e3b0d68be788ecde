package dev.multisession.cdi;

import dev.multisession.cdi.app.LoginServlet;
import dev.multisession.cdi.testing.Browser;
import dev.multisession.servlet.MultiSessionInitializer;
import jakarta.enterprise.inject.spi.BeanManager;
import jakarta.servlet.ServletContext;
import jakarta.servlet.http.HttpServlet;
import jakarta.servlet.http.HttpServletRequest;
import jakarta.servlet.http.HttpServletResponse;
import org.eclipse.jetty.ee10.servlet.ServletContextHandler;
import org.eclipse.jetty.server.Server;
import org.eclipse.jetty.server.ServerConnector;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

import java.io.IOException;
import java.net.URL;
import java.util.Collections;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;

/**
 * A web app with this module's jar present but no CDI container: a plain embedded Jetty
 * context without Weld's listener (Arquillian's Jetty would start Weld from the test class
 * path). The servlet filter still protects routes and the servlet security API still answers.
 */
class WithoutCdiTest {
    private static Server server;
    private static URL base;

    @BeforeAll
    static void start() throws Exception {
        server = new Server();
        ServerConnector connector = new ServerConnector(server);
        connector.setHost("127.0.0.1");
        connector.setPort(0);
        server.addConnector(connector);
        ServletContextHandler context = new ServletContextHandler(ServletContextHandler.NO_SESSIONS);
        context.setContextPath("/plain");
        context.setInitParameter("multisession.routes", "/private/* => signed-in; /admin/* => role:org:admin");
        context.addServletContainerInitializer(new MultiSessionInitializer());
        context.addServlet(new LoginServlet(), "/login");
        context.addServlet(new EchoServlet(), "/");
        server.setHandler(context);
        server.start();
        base = new URL("http://127.0.0.1:" + connector.getLocalPort() + "/plain");
    }

    @AfterAll
    static void stop() throws Exception {
        server.stop();
    }

    @Test
    void noCdiContainerRunsInThisApp() {
        assertEquals("none", new Browser(base).get("/anything").value("beanManager"));
    }

    @Test
    void signedInRouteAnswers401SignedOut() {
        assertEquals(401, new Browser(base).get("/private/page").status());
    }

    @Test
    void signedInRouteServesTheSignedInUser() {
        Browser browser = new Browser(base);
        browser.signIn("carol", null);
        Browser.Response r = browser.get("/private/page");
        assertEquals(200, r.status());
        assertEquals("carol", r.value("remoteUser"));
    }

    @Test
    void roleRouteAnswers403ForAnotherRole() {
        Browser browser = new Browser(base);
        browser.signIn("bob", "acme");
        assertEquals(403, browser.get("/admin/page").status());
    }

    @Test
    void roleRouteServesThatRole() {
        Browser browser = new Browser(base);
        browser.signIn("alice", "acme");
        assertEquals(200, browser.get("/admin/page").status());
    }

    @Test
    void isUserInRoleAnswersForTheActiveOrganization() {
        Browser browser = new Browser(base);
        browser.signIn("alice", "acme");
        assertEquals("true", browser.get("/public?role=org:invoices:read").value("inRole"));
        assertEquals("false", browser.get("/public?role=org:billing:manage").value("inRole"));
    }

    @Test
    void publicRouteSeesNoUserSignedOut() {
        Browser.Response r = new Browser(base).get("/public");
        assertEquals(200, r.status());
        assertEquals("null", r.value("remoteUser"));
        assertNull(r.value("inRole"));
    }

    /** The context attribute a CDI container keeps its BeanManager in (Weld's name ends with the class name), or "none". */
    static String beanManagerAttribute(ServletContext context) {
        return Collections.list(context.getAttributeNames()).stream()
                .filter(name -> name.endsWith(BeanManager.class.getName())).findFirst().orElse("none");
    }

    /** Echoes the servlet security API's answers, and whether a CDI container set up this context. */
    static final class EchoServlet extends HttpServlet {
        private static final long serialVersionUID = 1L;

        @Override
        protected void doGet(HttpServletRequest req, HttpServletResponse resp) throws IOException {
            resp.setContentType("text/plain");
            StringBuilder out = new StringBuilder();
            out.append("remoteUser=").append(req.getRemoteUser()).append('\n');
            if (req.getParameter("role") != null) {
                out.append("inRole=").append(req.isUserInRole(req.getParameter("role"))).append('\n');
            }
            out.append("beanManager=").append(beanManagerAttribute(req.getServletContext())).append('\n');
            resp.getWriter().write(out.toString());
        }
    }
}
