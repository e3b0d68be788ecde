package dev.multisession.servlet;

import dev.multisession.core.config.ConfigKeys;
import dev.multisession.servlet.testing.Browser;
import dev.multisession.servlet.testing.SignIns;
import dev.multisession.servlet.testing.TestApp;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

import java.util.Map;

import static org.junit.jupiter.api.Assertions.assertEquals;

/**
 * A tab that chose its account keeps it through the library's actions: the redirect after an
 * organization switch, an account switch, a sign-out of another account or a refresh names the
 * account the action left that tab on ({@code ?authuser=N}, or {@code /u/N/} for a tab on the path
 * prefix). A tab that chose nothing follows the last-active account, as before, and a tab whose
 * own account was signed out is not pinned to anything.
 */
class TabChoiceAfterActionsHttpTest {
    private static TestApp app;
    private static TestApp prefixApp;

    @BeforeAll
    static void start() throws Exception {
        app = TestApp.start();
        prefixApp = TestApp.builder().param(ConfigKeys.PATH_PREFIX_SELECTION, "true").start();
    }

    @AfterAll
    static void stop() throws Exception {
        app.close();
        prefixApp.close();
    }

    /** alice (index 0, acme) then bob (index 1, personal, last-active) in one browser. */
    private static Two aliceAndBob(TestApp on) {
        Browser b = on.browser();
        SignIns.SignedIn alice = SignIns.signIn(b, "alice", "acme");
        SignIns.SignedIn bob = SignIns.signIn(b, "bob");
        return new Two(on, b, alice, bob);
    }

    private record Two(TestApp app, Browser browser, SignIns.SignedIn alice, SignIns.SignedIn bob) {
        Browser.Response post(String pathAndQuery, Map<String, String> form) {
            return browser.post(pathAndQuery, form, "Origin", app.origin());
        }
    }

    /** The redirect's target within the app (the test apps run at {@code /app}). */
    private static String location(Browser.Response r) {
        assertEquals(303, r.status(), r.body());
        String location = r.header("Location");
        assertEquals(true, location.startsWith("/app/"), "within the app: " + location);
        return location.substring("/app".length());
    }

    @Test
    void anOrganizationSwitchInATabPinnedToAnAccountReturnsToThatAccount() {
        Two t = aliceAndBob(app);
        t.browser().get("/whoami?authuser=0");            // bob is last-active; this tab shows alice

        Browser.Response r = t.post("/multisession/switch?authuser=0",
                Map.of("session_id", t.alice().sessionId(), "organization", "globex"));

        assertEquals("/?authuser=0", location(r));
        Browser.Response after = t.browser().get("/whoami?authuser=0");
        assertEquals("alice", after.user(), "the tab is still alice's, not the last-active bob's");
        assertEquals("globex", after.echo().get("org"));
    }

    @Test
    void anAccountSwitchInAPinnedTabPinsItToTheChosenAccount() {
        Two t = aliceAndBob(app);
        Browser.Response r = t.post("/multisession/switch?authuser=1", Map.of("session_id", t.alice().sessionId()));
        assertEquals("/?authuser=" + t.alice().index(), location(r));
    }

    @Test
    void signingOutAnotherAccountKeepsThePinnedTabOnItsAccount() {
        Two t = aliceAndBob(app);
        Browser.Response r = t.post("/multisession/sign-out?authuser=0", Map.of("session_id", t.bob().sessionId()));
        assertEquals("alice", t.browser().get(location(r)).user());
        assertEquals(true, location(r).endsWith("authuser=0"), location(r));
    }

    @Test
    void signingOutThePinnedAccountPinsTheTabToNothing() {
        Two t = aliceAndBob(app);
        Browser.Response r = t.post("/multisession/sign-out?authuser=0", Map.of("session_id", t.alice().sessionId()));
        assertEquals(false, location(r).contains("authuser"), location(r));
    }

    @Test
    void aTabThatChoseNothingFollowsTheLastActiveAccountAsBefore() {
        Two t = aliceAndBob(app);
        Browser.Response r = t.post("/multisession/switch", Map.of("session_id", t.alice().sessionId(),
                "organization", "globex"));
        assertEquals("/", location(r));
    }

    @Test
    void aRedirectUrlThatNamesAnAccountIsLeftAsItIs() {
        Two t = aliceAndBob(app);
        Browser.Response r = t.post("/multisession/switch?authuser=0", Map.of("session_id", t.alice().sessionId(),
                "organization", "globex", "redirect_url", "/inbox?authuser=1"));
        assertEquals("/inbox?authuser=1", location(r));
    }

    @Test
    void aRedirectUrlWithAQueryAndFragmentGetsTheChoiceBeforeTheFragment() {
        Two t = aliceAndBob(app);
        Browser.Response r = t.post("/multisession/switch?authuser=0", Map.of("session_id", t.alice().sessionId(),
                "organization", "globex", "redirect_url", "/inbox?folder=2#top"));
        assertEquals("/inbox?folder=2&authuser=0#top", location(r));
    }

    @Test
    void aTabOnThePathPrefixStaysOnItsPrefix() {
        Two t = aliceAndBob(prefixApp);
        Browser.Response r = t.post("/u/0/multisession/switch", Map.of("session_id", t.alice().sessionId(),
                "organization", "globex"));
        assertEquals("/u/0/", location(r));
        assertEquals("alice", t.browser().get("/u/0/whoami").user());
    }

    @Test
    void anOffSiteRedirectUrlIsNotFollowedWhileKeepingTheTabsChoice() {
        Two t = aliceAndBob(app);
        for (String offSite : new String[] {"https://attacker.example/x", "//attacker.example/x", "/\\attacker.example/x"}) {
            Browser.Response r = t.post("/multisession/switch?authuser=0", Map.of("session_id", t.alice().sessionId(),
                    "redirect_url", offSite));
            assertEquals("/?authuser=0", location(r), "within the app, for " + offSite);
        }
    }
}
