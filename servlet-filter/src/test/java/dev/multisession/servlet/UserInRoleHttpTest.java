package dev.multisession.servlet;

import dev.multisession.servlet.testing.Browser;
import dev.multisession.servlet.testing.SignIns;
import dev.multisession.servlet.testing.TestApp;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

import java.util.Map;

import static org.junit.jupiter.api.Assertions.assertEquals;

/**
 * {@code HttpServletRequest.isUserInRole} over HTTP (docs/how-it-works.md: "Protecting routes"): it answers for the request's
 * chosen session and that session's active organization: the organization's role and each of
 * its permissions count as roles; switching the organization changes the answer; a personal
 * account (no active organization) and a signed-out request have no role; {@code "**"} means any
 * signed-in user and {@code "*"} is no role.
 */
class UserInRoleHttpTest {
    private static TestApp app;

    @BeforeAll
    static void start() throws Exception {
        app = TestApp.start();
    }

    @AfterAll
    static void stop() throws Exception {
        app.close();
    }

    private static String inRole(Browser browser, String role, String query) {
        Browser.Response r = browser.get("/whoami?role=" + role + (query.isEmpty() ? "" : "&" + query));
        assertEquals(200, r.status());
        return r.echo().get("inRole");
    }

    private static String inRole(Browser browser, String role) {
        return inRole(browser, role, "");
    }

    private static Browser signedIn(String user, String org) {
        Browser browser = app.browser();
        SignIns.signIn(browser, user, org);
        return browser;
    }

    private static void switchOrganization(Browser browser, String organization) {
        assertEquals(303, browser.post("/multisession/switch", Map.of("organization", organization), "Origin", app.origin()).status());
    }

    @Test
    void activeOrganizationsRoleIsARole() {
        assertEquals("true", inRole(signedIn("alice", "acme"), "org:admin"));
    }

    @Test
    void aRoleTheUserDoesNotHoldInTheActiveOrganizationIsNotARole() {
        Browser alice = signedIn("alice", "acme");
        assertEquals("false", inRole(alice, "org:member"));
        assertEquals("false", inRole(signedIn("bob", "acme"), "org:admin"));
    }

    @Test
    void aPermissionOfTheActiveOrganizationCountsAsARole() {
        assertEquals("true", inRole(signedIn("alice", "acme"), "org:invoices:read"));
        assertEquals("false", inRole(signedIn("bob", "acme"), "org:invoices:read"));
    }

    @Test
    void afterSwitchingToAnotherOrganizationTheRolesAreThatOrganizations() {
        Browser alice = signedIn("alice", "acme");
        switchOrganization(alice, "globex");
        assertEquals("false", inRole(alice, "org:admin"));
        assertEquals("false", inRole(alice, "org:invoices:read"));
        assertEquals("true", inRole(alice, "org:member"));
    }

    @Test
    void switchingBackRestoresTheRoles() {
        Browser alice = signedIn("alice", "acme");
        switchOrganization(alice, "globex");
        switchOrganization(alice, "acme");
        assertEquals("true", inRole(alice, "org:admin"));
    }

    @Test
    void personalAccountHasNoOrganizationRole() {
        assertEquals("false", inRole(signedIn("alice", null), "org:admin"));
        Browser switched = signedIn("alice", "acme");
        switchOrganization(switched, "");
        assertEquals("false", inRole(switched, "org:admin"));
        assertEquals("false", inRole(switched, "org:invoices:read"));
    }

    @Test
    void rolesFollowTheRequestsChosenAccount() {
        Browser browser = app.browser();
        SignIns.signIn(browser, "alice", "acme");
        SignIns.signIn(browser, "bob", "acme");
        assertEquals("true", inRole(browser, "org:admin", "authuser=0"));
        assertEquals("false", inRole(browser, "org:admin", "authuser=1"));
        assertEquals("false", inRole(browser, "org:admin"), "bob is last-active");
        assertEquals("false", inRole(browser, "org:admin", "authuser=2"), "an explicit miss has no role");
    }

    @Test
    void signedOutRequestHasNoRole() {
        Browser browser = app.browser();
        assertEquals("false", inRole(browser, "org:admin"));
        assertEquals("false", inRole(browser, "**"));
    }

    @Test
    void doubleStarMeansAnySignedInUser() {
        assertEquals("true", inRole(signedIn("carol", null), "**"));
    }

    @Test
    void singleStarIsNoRole() {
        assertEquals("false", inRole(signedIn("alice", "acme"), "*"));
    }

    @Test
    void roleNamesAreMatchedExactly() {
        Browser alice = signedIn("alice", "acme");
        assertEquals("false", inRole(alice, "ORG:ADMIN"));
        assertEquals("false", inRole(alice, "org:admin%20"));
        assertEquals("false", inRole(alice, "admin"));
    }
}
