package dev.multisession.servlet.testing;

import java.util.HashMap;
import java.util.Map;

import static org.junit.jupiter.api.Assertions.assertEquals;

/**
 * Signs browsers in through the test app's {@code POST /login} and reads what tests need about
 * them: the session id and index the login servlet reported, the CSRF token of
 * {@code GET /multisession/sessions}.
 *
 * <pre>{@code
 * SignIns.SignedIn alice = SignIns.signIn(browser, "alice", "acme");
 * String csrf = SignIns.csrfToken(browser);
 * }</pre>
 */
public final class SignIns {
    private SignIns() {
    }

    /** What the login servlet reported. */
    public record SignedIn(String sessionId, int index) {
    }

    /** Two accounts in one browser: alice at index 0, then bob at index 1 (the last-active one). */
    public record Two(Browser browser, SignedIn alice, SignedIn bob) {
    }

    /** Signs in alice (on the organization slug {@code aliceOrg}, or none when null), then bob, on {@code browser}. */
    public static Two aliceAndBob(Browser browser, String aliceOrg) {
        SignedIn alice = signIn(browser, "alice", aliceOrg);
        SignedIn bob = signIn(browser, "bob");
        return new Two(browser, alice, bob);
    }

    /** Signs {@code user} in on {@code browser}, without an organization. */
    public static SignedIn signIn(Browser browser, String user) {
        return signIn(browser, user, null);
    }

    /** Signs {@code user} in on {@code browser} with the organization slug {@code org} (or none when null). */
    public static SignedIn signIn(Browser browser, String user, String org) {
        Map<String, String> form = new HashMap<>();
        form.put("user", user);
        if (org != null) {
            form.put("org", org);
        }
        Browser.Response r = browser.post("/login", form);
        assertEquals(200, r.status(), "sign-in of " + user);
        Map<String, String> lines = r.echo();
        return new SignedIn(lines.get("session"), Integer.parseInt(lines.get("index")));
    }

    /** Signs {@code user} in on {@code browser} with the tasks to finish first (a pending session). */
    public static SignedIn signInWithTasks(Browser browser, String user, String... tasks) {
        Browser.Response r = browser.post("/login", Map.of("user", user, "tasks", String.join(",", tasks)));
        assertEquals(200, r.status(), "sign-in of " + user + " with tasks");
        Map<String, String> lines = r.echo();
        return new SignedIn(lines.get("session"), Integer.parseInt(lines.get("index")));
    }

    /** The browser's CSRF token, as {@code GET /multisession/sessions} reports it. */
    public static String csrfToken(Browser browser) {
        Browser.Response r = browser.get("/multisession/sessions", "Accept", "application/json");
        assertEquals(200, r.status());
        return (String) Json.object(r.body()).get("csrfToken");
    }

    /** The cookie name of a session on plain HTTP. */
    public static String cookieName(String sessionId) {
        return "ms_" + sessionId;
    }
}
