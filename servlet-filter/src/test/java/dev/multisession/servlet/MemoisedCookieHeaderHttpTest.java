package dev.multisession.servlet;

import dev.multisession.servlet.testing.Browser;
import dev.multisession.servlet.testing.SignIns;
import dev.multisession.servlet.testing.TestApp;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

import java.util.Map;
import java.util.stream.Collectors;

import static org.junit.jupiter.api.Assertions.assertEquals;

/**
 * The hot path's memo over HTTP: a browser that sends the very same Cookie header again is
 * answered from what the node read before (by the whole header), and that answer never outlives
 * a revocation, nor serves a header that differs in one character (the expiry rule is the core's
 * {@code BrowserMemoTest} and {@code HeaderMemoTest}, on a clock the test moves).
 */
class MemoisedCookieHeaderHttpTest {
    private TestApp app;

    @BeforeEach
    void start() throws Exception {
        app = TestApp.start();
    }

    @AfterEach
    void stop() throws Exception {
        app.close();
    }

    /** The browser's cookies as one Cookie header, the same string every time it is asked. */
    private static String cookieHeader(Browser browser) {
        return browser.cookies().entrySet().stream().sorted(Map.Entry.comparingByKey())
                .map(c -> c.getKey() + "=" + c.getValue()).collect(Collectors.joining("; "));
    }

    /** The header answered twice, so the second answer came from the memo. */
    private static String memoisedHeaderOf(Browser browser) {
        String header = cookieHeader(browser);
        assertEquals("alice", browser.getWithRawCookies("/whoami", header).user());
        assertEquals("alice", browser.getWithRawCookies("/whoami", header).user());
        return header;
    }

    @Test
    void aCookieHeaderSeenBeforeIsSignedOutOnceItsSessionWasRevoked() {
        Browser browser = app.browser();
        SignIns.SignedIn alice = SignIns.signIn(browser, "alice");
        String header = memoisedHeaderOf(browser);

        app.revoke(alice.sessionId());

        assertEquals("-", app.browser().getWithRawCookies("/whoami", header).user());
    }

    @Test
    void aCookieHeaderDifferingInOneCharacterOfATokenIsNotServedFromTheMemo() {
        Browser browser = app.browser();
        SignIns.signIn(browser, "alice");
        String header = memoisedHeaderOf(browser);
        int at = header.indexOf("eyJ") + 40; // inside the token's payload
        String forged = header.substring(0, at) + (header.charAt(at) == 'A' ? 'B' : 'A') + header.substring(at + 1);

        Browser.Response r = app.browser().getWithRawCookies("/whoami", forged);

        assertEquals("-", r.user());
        assertEquals(1, r.deletedCookies().stream().filter(n -> n.contains("sess_")).count(), "the forged cookie is deleted");
    }
}
