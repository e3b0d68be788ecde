package dev.multisession.servlet;

import dev.multisession.servlet.authentication.MultiSessionAuthModule;
import dev.multisession.servlet.testing.Browser;
import dev.multisession.servlet.testing.TestApp;
import jakarta.security.auth.message.config.AuthConfigFactory;
import org.eclipse.jetty.ee10.security.jaspi.DefaultAuthConfigFactory;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

import java.util.Map;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * A container-enforced security constraint (what {@code web.xml <security-constraint>} configures)
 * follows the active session's organization role, through {@link MultiSessionAuthModule} on
 * Jetty's Jakarta Authentication support: {@code /secure/*} requires the role {@code org:admin}.
 */
class ContainerSecurityConstraintTest {
    private static TestApp app;

    @BeforeAll
    static void start() throws Exception {
        AuthConfigFactory.setFactory(new DefaultAuthConfigFactory());
        MultiSessionAuthModule.register("server /app");
        app = TestApp.builder().containerConstraint("/secure/*", "org:admin").start();
    }

    @AfterAll
    static void stop() throws Exception {
        app.close();
        AuthConfigFactory.setFactory(null);
    }

    private static Browser signedIn(String user, String org) {
        Browser browser = app.browser();
        assertEquals(200, browser.post("/login", org == null ? Map.of("user", user) : Map.of("user", user, "org", org)).status());
        return browser;
    }

    @Test
    void signedOutRequestToAConstrainedPathIsRefusedByTheContainer() {
        Browser.Response r = app.browser().get("/secure/report");
        assertTrue(r.status() == 401 || r.status() == 403, "status " + r.status());
        assertTrue(!r.echo().containsKey("path"), "the app was never reached");
    }

    @Test
    void activeOrganizationAdminPassesTheContainerConstraint() {
        Browser alice = signedIn("alice", "acme");
        Browser.Response r = alice.get("/secure/report");
        assertEquals(200, r.status());
        assertEquals("alice", r.echo().get("remoteUser"));
    }

    @Test
    void memberWithoutTheRoleIsForbiddenByTheContainer() {
        Browser bob = signedIn("bob", "acme");
        assertEquals(403, bob.get("/secure/report").status());
    }

    @Test
    void theConstraintFollowsTheAccountThisRequestChose() {
        Browser browser = signedIn("alice", "acme");
        signedIn(browser, "bob", "acme");
        assertEquals(403, browser.get("/secure/report").status(), "last-active bob is no admin");
        assertEquals(200, browser.get("/secure/report?authuser=0").status(), "this request chose alice");
    }

    @Test
    void unconstrainedPathsStayOpenWhenSignedOut() {
        Browser.Response r = app.browser().get("/open");
        assertEquals(200, r.status());
        assertEquals("-", r.user());
    }

    private static void signedIn(Browser browser, String user, String org) {
        assertEquals(200, browser.post("/login", Map.of("user", user, "org", org)).status());
    }
}
