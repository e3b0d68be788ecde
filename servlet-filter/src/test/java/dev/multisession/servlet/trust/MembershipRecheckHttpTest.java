package dev.multisession.servlet.trust;

import dev.multisession.servlet.adversarial.SuiteLogCheck;
import org.junit.jupiter.api.extension.ExtendWith;
import dev.multisession.core.config.ConfigKeys;
import dev.multisession.core.model.Organization;
import dev.multisession.core.organization.OrganizationDirectory;
import dev.multisession.servlet.ServletSettings;
import dev.multisession.servlet.testing.Browser;
import dev.multisession.servlet.testing.SignIns;
import dev.multisession.servlet.testing.TestApp;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.ConcurrentHashMap;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * A membership change in the app's organization directory reaches the tokens: a token carries
 * its active organization's role, and each refresh re-checks the membership (through a cache of
 * {@code multisession.organizations.membership-cache-ttl}), so a demoted member loses the role,
 * and a removed member falls back to the personal account, within one token lifetime plus that
 * TTL. Until then the old role may still be honoured; after it never.
 *
 * <p>The failure guarded against: a role kept for the whole session lifetime (days) because the
 * refresh copied the organization from the session record without asking the directory.
 */
@ExtendWith(SuiteLogCheck.class) // no token, signature or cookie value in any log line of this class
class MembershipRecheckHttpTest {
    private static final Duration TTL = Duration.ofSeconds(30);
    private static final String ROUTES = "/admin/* => role:org:admin; /org/* => organization";
    private static final Organization ACME_ADMIN = TestApp.ACME_ADMIN;
    private static final Organization ACME_MEMBER = TestApp.ACME_MEMBER;
    private static final Organization GLOBEX_MEMBER = TestApp.GLOBEX_MEMBER;

    /** The directory the app changes under the library's feet: user id to memberships. */
    private final Map<String, List<Organization>> memberships = new ConcurrentHashMap<>();
    private TestApp app;

    @BeforeEach
    void start() throws Exception {
        memberships.put("alice", List.of(ACME_ADMIN, GLOBEX_MEMBER));
        OrganizationDirectory directory = userId -> memberships.getOrDefault(userId, List.of());
        app = TestApp.builder().param(ServletSettings.ROUTES, ROUTES)
                .param(ConfigKeys.ORGANIZATIONS_MEMBERSHIP_CACHE_TTL, TTL.toSeconds() + "s")
                .organizationDirectory(directory).start();
    }

    @AfterEach
    void stop() throws Exception {
        app.close();
    }

    /** Past a token's {@code exp} and the verifier's clock-skew allowance. */
    private Duration tokenLifetime() {
        return app.engine().config().tokenLifetime().plus(app.engine().config().clockSkew()).plusSeconds(1);
    }

    private static String inRole(Browser browser, String role) {
        Browser.Response r = browser.get("/whoami?role=" + role);
        assertEquals(200, r.status());
        assertEquals("alice", r.user(), "alice stays signed in");
        return r.echo().get("inRole");
    }

    private static Browser signedInAsAcmeAdmin(TestApp app) {
        Browser browser = app.browser();
        SignIns.signIn(browser, "alice", "acme");
        assertEquals("true", inRole(browser, "org:admin"), "control: alice is acme's admin");
        assertEquals(200, browser.get("/admin/settings").status(), "control: the admin route lets her in");
        return browser;
    }

    private Optional<Organization> stored(Browser browser) {
        String sessionId = browser.cookies().keySet().stream().filter(n -> n.startsWith("ms_sess_")).findFirst()
                .map(n -> n.substring("ms_".length())).orElseThrow();
        return app.store().find(sessionId).orElseThrow().activeOrganization();
    }

    /** Moves the clock by {@code total} in steps, a request after each, as a browser in use would. */
    private void useFor(Browser browser, Duration total) {
        Duration step = Duration.ofSeconds(10);
        for (Duration done = Duration.ZERO; done.compareTo(total) < 0; done = done.plus(step)) {
            app.clock().advance(step);
            assertEquals(200, browser.get("/whoami").status());
        }
    }

    @Test
    void demotedAdminLosesTheRoleWithinOneTokenLifetimePlusTheCacheTtl() {
        Browser alice = signedInAsAcmeAdmin(app);
        memberships.put("alice", List.of(ACME_MEMBER, GLOBEX_MEMBER));
        useFor(alice, tokenLifetime().plus(TTL).plusSeconds(1));
        assertEquals("false", inRole(alice, "org:admin"), "the demoted admin no longer has the role");
        assertEquals(403, alice.get("/admin/settings").status(), "the admin route refuses her");
        assertEquals("true", inRole(alice, "org:member"), "she holds the new role");
        assertEquals("org:member", stored(alice).orElseThrow().role(), "the session record holds the new role too");
    }

    @Test
    void roleRefreshedFromAStaleCachedMembershipStillEndsWithinTheBound() {
        Browser first = signedInAsAcmeAdmin(app);
        app.clock().advance(Duration.ofSeconds(10));
        Browser second = signedInAsAcmeAdmin(app);
        app.clock().advance(Duration.ofSeconds(40));
        assertEquals("true", inRole(first, "org:admin"), "control: the first browser's refresh cached the admin membership");
        memberships.put("alice", List.of(ACME_MEMBER, GLOBEX_MEMBER));
        app.clock().advance(Duration.ofSeconds(6));
        // the second browser's token is refreshed in its refresh window, while the cached admin
        // membership is younger than the TTL: it may keep the role for one more token lifetime
        inRole(second, "org:admin");
        useFor(second, tokenLifetime().plus(TTL).plusSeconds(1));
        assertEquals("false", inRole(second, "org:admin"), "the role ended within one token lifetime plus the TTL");
        assertEquals(403, second.get("/admin/settings").status());
        assertEquals("false", inRole(first, "org:admin"), "and the first browser does not keep it either");
    }

    @Test
    void removedMemberFallsBackToThePersonalAccount() {
        Browser alice = signedInAsAcmeAdmin(app);
        assertEquals(200, alice.get("/org/home").status(), "control: the organization route lets her in");
        memberships.put("alice", List.of(GLOBEX_MEMBER));
        useFor(alice, tokenLifetime().plus(TTL).plusSeconds(1));
        Browser.Response r = alice.get("/whoami?role=org:admin");
        assertEquals("alice", r.user(), "still signed in, as her personal account");
        assertEquals("-", r.echo().get("org"), "no organization in the session");
        assertEquals("false", r.echo().get("inRole"));
        assertEquals(403, alice.get("/admin/settings").status());
        assertTrue(alice.get("/org/home").status() >= 400, "a route that needs an organization refuses her");
        assertEquals(Optional.empty(), stored(alice), "the session record has no organization either");
    }

    @Test
    void removedMemberCannotSwitchBackIntoTheOrganization() {
        Browser alice = signedInAsAcmeAdmin(app);
        memberships.put("alice", List.of(GLOBEX_MEMBER));
        Browser.Response r = alice.post("/multisession/switch", Map.of("organization", "acme"), "Origin", app.origin());
        assertEquals(403, r.status(), "a switch asks the directory itself");
        assertEquals(303, alice.post("/multisession/switch", Map.of("organization", "globex"), "Origin", app.origin()).status(),
                "control: an organization she still belongs to");
        assertEquals("globex", alice.get("/whoami").echo().get("org"));
    }
}
