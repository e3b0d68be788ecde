package dev.multisession.servlet;

import dev.multisession.core.config.ConfigKeys;
import dev.multisession.servlet.testing.Browser;
import dev.multisession.servlet.testing.SignIns;
import dev.multisession.servlet.testing.TestApp;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

import java.net.URLEncoder;
import java.nio.charset.StandardCharsets;

import static org.junit.jupiter.api.Assertions.assertEquals;

/**
 * {@code Accounts.link} keeps a tab on its account (docs/how-it-works.md: "Which session a request gets"): a link built while the request
 * chose its account by {@code ?authuser=N} or {@code ?session_id=} carries the same parameter, one
 * built under the {@code /u/N/} path prefix carries the prefix, one built without an explicit
 * choice is a plain path; the context path is always added, an existing query and fragment are
 * kept, and following such a link lands on the same account. A target that already names an
 * account is left as the app wrote it, and a target can never become a link to another origin.
 */
class AccountLinksHttpTest {
    private static TestApp app;
    private static TestApp prefixApp;
    private static Browser browser;
    private static Browser prefixBrowser;
    private static SignIns.SignedIn bob;

    @BeforeAll
    static void start() throws Exception {
        app = TestApp.start();
        prefixApp = TestApp.builder().param(ConfigKeys.PATH_PREFIX_SELECTION, "true").start();
        browser = app.browser();
        SignIns.signIn(browser, "alice");
        bob = SignIns.signIn(browser, "bob");
        SignIns.signIn(browser, "carol");
        prefixBrowser = prefixApp.browser();
        SignIns.signIn(prefixBrowser, "alice");
        SignIns.signIn(prefixBrowser, "bob");
        SignIns.signIn(prefixBrowser, "carol");
    }

    @AfterAll
    static void stop() throws Exception {
        app.close();
        prefixApp.close();
    }

    private static String to(String target) {
        return URLEncoder.encode(target, StandardCharsets.UTF_8);
    }

    private static String link(Browser b, String path) {
        Browser.Response r = b.get(path);
        assertEquals(200, r.status(), path);
        return r.echo().get("link");
    }

    @Test
    void linkKeepsAuthuserFromTheQuery() {
        assertEquals("/app/inbox?authuser=1", link(browser, "/link?to=/inbox&authuser=1"));
    }

    @Test
    void linkKeepsSessionIdFromTheQuery() {
        assertEquals("/app/inbox?session_id=" + bob.sessionId(), link(browser, "/link?to=/inbox&session_id=" + bob.sessionId()));
    }

    @Test
    void linkKeepsThePathPrefix() {
        assertEquals("/app/u/1/inbox", link(prefixBrowser, "/u/1/link?to=/inbox"));
    }

    @Test
    void linkWithoutAnExplicitChoiceIsAPlainPath() {
        assertEquals("/app/inbox", link(browser, "/link?to=/inbox"));
        assertEquals("/app/inbox", link(prefixBrowser, "/link?to=/inbox"));
    }

    @Test
    void linkOfASignedOutRequestIsAPlainPath() {
        assertEquals("/app/inbox", link(app.browser(), "/link?to=/inbox&authuser=1"));
    }

    @Test
    void linkAppendsTheChoiceToAnExistingQuery() {
        assertEquals("/app/inbox?folder=work&authuser=1", link(browser, "/link?to=" + to("/inbox?folder=work") + "&authuser=1"));
    }

    @Test
    void linkKeepsTheFragmentAfterTheChoice() {
        assertEquals("/app/inbox?authuser=1#top", link(browser, "/link?to=" + to("/inbox#top") + "&authuser=1"));
        assertEquals("/app/u/1/inbox?x=1#top", link(prefixBrowser, "/u/1/link?to=" + to("/inbox?x=1#top")));
    }

    @Test
    void linkAddsTheLeadingSlashToARelativePath() {
        assertEquals("/app/inbox?authuser=2", link(browser, "/link?to=inbox&authuser=2"));
    }

    @Test
    void followingALinkLandsOnTheSameAccount() {
        String built = link(browser, "/link?to=/inbox&authuser=1");
        assertEquals("bob", browser.get(built.substring("/app".length())).user());
        String prefixed = link(prefixBrowser, "/u/0/link?to=/inbox");
        Browser.Response r = prefixBrowser.get(prefixed.substring("/app".length()));
        assertEquals("alice", r.user());
        assertEquals("/inbox", r.echo().get("path"));
    }

    @Test
    void linkToATargetThatNamesAnAccountItselfIsLeftAsTheAppWroteIt() {
        assertEquals("/app/inbox?authuser=0", link(browser, "/link?to=" + to("/inbox?authuser=0") + "&authuser=1"));
        assertEquals("/app/inbox?session_id=" + bob.sessionId(),
                link(browser, "/link?to=" + to("/inbox?session_id=" + bob.sessionId()) + "&authuser=2"));
        assertEquals("/app/u/0/inbox", link(prefixBrowser, "/u/1/link?to=" + to("/u/0/inbox")));
        assertEquals("/app/inbox?authuser=0", link(prefixBrowser, "/u/1/link?to=" + to("/inbox?authuser=0")));
    }

    @Test
    void aLinkToAnotherAccountLandsOnThatAccount() {
        String built = link(browser, "/link?to=" + to("/inbox?authuser=0") + "&authuser=1");
        assertEquals("alice", browser.get(built.substring("/app".length())).user());
    }

    @Test
    void linkChoosesTheParameterByItsExactName() {
        assertEquals("/app/inbox?authuser=1", link(browser, "/link?to=/inbox&xsession_id=1&authuser=1"));
    }

    @Test
    void linkNeverLeadsToAnotherOriginAtTheServerRoot() throws Exception {
        try (TestApp root = TestApp.builder().contextPath("").start()) {
            Browser b = root.browser();
            SignIns.signIn(b, "alice");
            for (String target : new String[] {"//evil.example/x", "/\\evil.example/x", "///evil.example/x", "\\\\evil.example/x"}) {
                String built = link(b, "/link?to=" + to(target));
                assertEquals("/evil.example/x", built, "link for " + target);
            }
            assertEquals("/evil.example/x?authuser=0", link(b, "/link?to=" + to("//evil.example/x") + "&authuser=0"));
        }
    }
}
