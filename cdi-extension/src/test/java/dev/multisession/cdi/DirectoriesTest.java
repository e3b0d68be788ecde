package dev.multisession.cdi;

import dev.multisession.cdi.app.CountingOrganizationDirectory;
import dev.multisession.cdi.app.CountingUserDirectory;
import dev.multisession.cdi.app.DirectoryServlet;
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
import java.util.Map;

import static org.junit.jupiter.api.Assertions.assertEquals;

/**
 * The app's {@code UserDirectory} and {@code OrganizationDirectory} beans: consulted, cached
 * for {@code multisession.cdi.directory-cache-ttl} (2s here, from a context init parameter),
 * and the organization directory handed to the servlet runtime.
 */
@ExtendWith(ArquillianExtension.class)
@RunAsClient
class DirectoriesTest {
    private static final long TTL_MILLIS = 2_000;

    @Deployment(testable = false)
    static WebArchive app() {
        return Deployments.war("directories", Map.of(CdiSettings.DIRECTORY_CACHE_TTL, TTL_MILLIS + "ms"),
                CountingUserDirectory.class, CountingOrganizationDirectory.class, DirectoryServlet.class);
    }

    @ArquillianResource
    URL base;

    private int userLookups(String user) {
        return Integer.parseInt(new Browser(base).get("/directory-counts?user=" + user).value("userLookups"));
    }

    private int organizationCalls() {
        return Integer.parseInt(new Browser(base).get("/directory-counts?user=-").value("organizationCalls"));
    }

    @Test
    void userDirectoryEnrichesTheTokensUser() {
        Browser browser = new Browser(base);
        browser.signIn("dana", null);
        Map<String, String> profile = browser.get("/who/profile").values();
        assertEquals("Profile of dana", profile.get("name"));
        assertEquals("dana@example.com", profile.get("email"), "what the directory leaves empty keeps the token's value");
        assertEquals("pro", profile.get("plan"));
    }

    @Test
    void userDirectoryWithNoAnswerKeepsTheTokensUser() {
        Browser browser = new Browser(base);
        browser.signIn("nobody", null);
        assertEquals("Nobody", browser.get("/who/profile").value("name"));
    }

    @Test
    void secondUserLookupWithinTheTtlIsNotConsulted() {
        Browser browser = new Browser(base);
        browser.signIn("erin", null);
        browser.get("/who/profile");
        browser.get("/who/profile");
        assertEquals(1, userLookups("erin"));
    }

    @Test
    void userLookupAfterTheTtlIsConsultedAgain() throws InterruptedException {
        Browser browser = new Browser(base);
        browser.signIn("oscar", null);
        browser.get("/who/profile");
        assertEquals(1, userLookups("oscar"));
        Thread.sleep(TTL_MILLIS + 300);
        assertEquals("Profile of oscar", browser.get("/who/profile").value("name"));
        assertEquals(2, userLookups("oscar"));
    }

    @Test
    void organizationNameComesFromTheDirectoryAndItsRoleFromTheToken() {
        Browser browser = new Browser(base);
        browser.signIn("bob", "acme");
        assertEquals(Map.of("id", "org_acme", "slug", "acme", "name", "Acme Corporation", "role", "org:member"),
                browser.get("/who/organization").values());
    }

    @Test
    void servletRuntimeSwitchesOrganizationsThroughTheCachedDirectory() {
        Browser browser = new Browser(base);
        browser.signIn("alice", "acme");
        assertEquals(303, browser.post("/multisession/switch", Map.of("organization", "globex")).status());
        assertEquals("Globex Inc", browser.get("/who/organization").value("name"));
        int calls = organizationCalls();
        assertEquals(303, browser.post("/multisession/switch", Map.of("organization", "globex")).status());
        assertEquals(calls, organizationCalls(), "the same membership within the TTL is answered from the cache");
    }
}
