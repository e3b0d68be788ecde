package dev.multisession.cdi;

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
import java.time.Duration;
import java.util.Map;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * {@code @Inject Session/User/Organization/Auth/SignedInSessions} in a WAR on Jetty 12 with
 * Weld: into request-scoped, application-scoped and dependent beans and into a servlet, and
 * the typed failures the filter answers. (JAX-RS is not on this stack, so resources are not
 * covered.) No directory beans here: users and organizations come from the token.
 */
@ExtendWith(ArquillianExtension.class)
@RunAsClient
class InjectionTest {

    @Deployment(testable = false)
    static WebArchive app() {
        return Deployments.war("injection");
    }

    @ArquillianResource
    URL base;

    @Test
    void weldRunsInThisApp() {
        assertTrue(new Browser(base).get("/who/bean-manager").value("beanManager").endsWith("BeanManager"),
                "the control for WithoutCdiTest's check that no CDI container runs");
    }

    @Test
    void requestScopedBeanSeesTheSignedInUser() {
        Browser browser = new Browser(base);
        browser.signIn("alice", null);
        assertEquals("alice", browser.get("/who/request").value("user"));
    }

    @Test
    void applicationScopedBeanSeesEachRequestsOwnUser() {
        Browser alice = new Browser(base);
        Browser bob = new Browser(base);
        alice.signIn("alice", null);
        bob.signIn("bob", null);
        for (int i = 0; i < 3; i++) {
            assertEquals("alice", alice.get("/who/application").value("user"));
            assertEquals("bob", bob.get("/who/application").value("user"));
        }
    }

    @Test
    void dependentBeanSeesTheSignedInUser() {
        Browser browser = new Browser(base);
        browser.signIn("carol", null);
        assertEquals("carol", browser.get("/who/dependent").value("user"));
    }

    @Test
    void servletFieldSeesTheSignedInUser() {
        Browser alice = new Browser(base);
        Browser bob = new Browser(base);
        alice.signIn("alice", null);
        bob.signIn("bob", null);
        assertEquals("alice", alice.get("/who/servlet").value("user"));
        assertEquals("bob", bob.get("/who/servlet").value("user"));
    }

    @Test
    void usingTheUserSignedOutAnswers401() {
        Browser.Response r = new Browser(base).get("/who/servlet");
        assertEquals(401, r.status());
        assertTrue(r.header("WWW-Authenticate").startsWith("Bearer"), r.header("WWW-Authenticate"));
    }

    @Test
    void usingTheUserSignedOutOnAPageLoadRedirectsToSignIn() {
        Browser.Response r = new Browser(base).page("/who/application");
        assertEquals(302, r.status());
        assertTrue(r.header("Location").contains("/sign-in?redirect_url="), r.header("Location"));
    }

    @Test
    void usingTheOrganizationOnThePersonalAccountAnswers403() {
        Browser browser = new Browser(base);
        browser.signIn("carol", null);
        assertEquals(403, browser.get("/who/organization").status());
    }

    @Test
    void organizationIsTheSessionsActiveOneFromTheToken() {
        Browser browser = new Browser(base);
        browser.signIn("alice", "acme");
        Map<String, String> org = browser.get("/who/organization").values();
        assertEquals(Map.of("id", "org_acme", "slug", "acme", "name", "acme", "role", "org:admin"), org);
    }

    @Test
    void userProfileComesFromTheTokenWithoutADirectory() {
        Browser browser = new Browser(base);
        browser.signIn("alice", null);
        Map<String, String> profile = browser.get("/who/profile").values();
        assertEquals("Alice", profile.get("name"));
        assertEquals("alice@example.com", profile.get("email"));
        assertEquals("-", profile.get("plan"));
    }

    @Test
    void sessionCarriesTheTokensValuesAndItsCreationTime() {
        Browser browser = new Browser(base);
        long before = System.currentTimeMillis();
        String id = browser.signIn("alice", "acme").value("session");
        long after = System.currentTimeMillis();
        Map<String, String> s = browser.get("/who/session").values();
        assertEquals(id, s.get("id"));
        assertEquals("0", s.get("index"));
        assertTrue(s.get("clientId").startsWith("client_"), s.get("clientId"));
        assertEquals("alice", s.get("userId"));
        assertEquals("ACTIVE", s.get("status"));
        assertEquals("acme", s.get("organization"));
        long created = Long.parseLong(s.get("createdAt"));
        assertTrue(created >= before && created <= after, "createdAt " + created + " not in [" + before + ", " + after + "]");
        long lastActive = Long.parseLong(s.get("lastActiveAt"));
        assertTrue(lastActive >= created && lastActive <= after, "lastActiveAt " + lastActive);
        assertEquals(created + Duration.ofDays(7).toMillis(), Long.parseLong(s.get("expiresAt")));
    }

    @Test
    void authAnswersSignedOutWithoutThrowing() {
        Browser.Response r = new Browser(base).get("/who/auth?has=org:admin");
        assertEquals(200, r.status());
        assertEquals(Map.of("signedIn", "false", "user", "-", "organization", "-", "has", "false"), r.values());
    }

    @Test
    void authAnswersForTheActiveSessionAndItsOrganization() {
        Browser browser = new Browser(base);
        browser.signIn("alice", "acme");
        assertEquals(Map.of("signedIn", "true", "user", "alice", "organization", "acme", "has", "true"),
                browser.get("/who/auth?has=org:invoices:read").values());
        assertEquals("false", browser.get("/who/auth?has=org:billing:manage").value("has"));
    }

    @Test
    void signedInSessionsListsTheBrowsersAccountsByIndex() {
        Browser browser = new Browser(base);
        browser.signIn("alice", null);
        browser.signIn("bob", null);
        Map<String, String> sessions = browser.get("/who/sessions").values();
        assertEquals("0:alice,1:bob", sessions.get("all"));
        assertEquals("bob", sessions.get("active"));
        assertEquals("bob", sessions.get("index1"));
        assertEquals("alice", browser.get("/who/sessions?authuser=0").value("active"));
    }

    @Test
    void authuserChoosesTheAccountTheInjectedUserIs() {
        Browser browser = new Browser(base);
        browser.signIn("alice", null);
        browser.signIn("bob", null);
        assertEquals("alice", browser.get("/who/application?authuser=0").value("user"));
        assertEquals("bob", browser.get("/who/application?authuser=1").value("user"));
    }
}
