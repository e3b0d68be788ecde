package dev.multisession.cdi;

import dev.multisession.cdi.app.AdminService;
import dev.multisession.cdi.app.GuardedService;
import dev.multisession.cdi.app.GuardedServlet;
import dev.multisession.cdi.testing.Browser;
import dev.multisession.cdi.testing.Deployments;
import org.jboss.arquillian.container.test.api.Deployment;
import org.jboss.arquillian.container.test.api.RunAsClient;
import org.jboss.arquillian.junit5.ArquillianExtension;
import org.jboss.arquillian.test.api.ArquillianResource;
import org.jboss.shrinkwrap.api.spec.WebArchive;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;

import java.net.URL;

import static org.junit.jupiter.api.Assertions.assertEquals;

/**
 * The interceptor bindings over HTTP: each guarded bean method called by a servlet; what the
 * interceptors throw is answered by the filter (401 signed out, 403 not allowed). The app's
 * beans.xml enables nothing: the interceptors' {@code @Priority} does.
 */
@ExtendWith(ArquillianExtension.class)
@RunAsClient
class InterceptorsTest {

    @Deployment(testable = false)
    static WebArchive app() {
        return Deployments.war("interceptors", GuardedServlet.class, GuardedService.class, AdminService.class);
    }

    @ArquillianResource
    URL base;

    private Browser as(String user, String organization) {
        Browser browser = new Browser(base);
        browser.signIn(user, organization);
        return browser;
    }

    private Browser signedOut() {
        return new Browser(base);
    }

    @Test
    void unguardedMethodRunsSignedOut() {
        assertEquals(200, signedOut().get("/guarded/open").status());
    }

    @Test
    void signedInAllowsAnySession() {
        Browser.Response r = as("carol", null).get("/guarded/signed-in");
        assertEquals(200, r.status());
        assertEquals("ok carol", r.value("result"));
    }

    @Test
    void signedInAnswers401SignedOut() {
        assertEquals(401, signedOut().get("/guarded/signed-in").status());
    }

    @Test
    void signedInRedirectsAPageLoadSignedOut() {
        assertEquals(302, signedOut().page("/guarded/signed-in").status());
    }

    @Test
    void requireOrganizationAllowsASessionWithOne() {
        assertEquals(200, as("bob", "acme").get("/guarded/organization").status());
    }

    @Test
    void requireOrganizationAnswers401SignedOut() {
        assertEquals(401, signedOut().get("/guarded/organization").status());
    }

    @Test
    void requireOrganizationAnswers403OnThePersonalAccount() {
        assertEquals(403, as("carol", null).get("/guarded/organization").status());
    }

    @Test
    void requireRoleAllowsThatRole() {
        assertEquals(200, as("alice", "acme").get("/guarded/role").status());
    }

    @Test
    void requireRoleAnswers401SignedOut() {
        assertEquals(401, signedOut().get("/guarded/role").status());
    }

    @Test
    void requireRoleAnswers403ForAnotherRole() {
        assertEquals(403, as("bob", "acme").get("/guarded/role").status());
    }

    @Test
    void requireRoleAnswers403OnThePersonalAccount() {
        assertEquals(403, as("alice", null).get("/guarded/role").status());
    }

    @Test
    void requirePermissionAllowsAGrantedPermission() {
        assertEquals(200, as("alice", "acme").get("/guarded/permission").status());
    }

    @Test
    void requirePermissionAnswers401SignedOut() {
        assertEquals(401, signedOut().get("/guarded/permission").status());
    }

    @Test
    void requirePermissionAnswers403WithoutIt() {
        assertEquals(403, as("bob", "acme").get("/guarded/permission").status());
    }

    @Test
    void classLevelBindingGuardsEveryMethod() {
        assertEquals(200, as("alice", "acme").get("/guarded/class-level").status());
        assertEquals(403, as("bob", "acme").get("/guarded/class-level").status());
        assertEquals(401, signedOut().get("/guarded/class-level").status());
    }

    @Test
    void methodLevelBindingReplacesTheClasssOne() {
        assertEquals(200, as("bob", "acme").get("/guarded/method-overrides-class").status());
        assertEquals(403, as("alice", "acme").get("/guarded/method-overrides-class").status());
    }

    @Test
    void theActiveAccountIsCheckedNotAnyAccountOfTheBrowser() {
        Browser browser = new Browser(base);
        browser.signIn("alice", "acme");
        browser.signIn("bob", "acme");
        assertEquals(200, browser.get("/guarded/role?authuser=0").status());
        assertEquals(403, browser.get("/guarded/role?authuser=1").status());
    }
}
