package dev.multisession.servlet;

import dev.multisession.servlet.testing.Browser;
import dev.multisession.servlet.testing.TestApp;
import org.junit.jupiter.api.Test;

import java.util.Map;

import static org.junit.jupiter.api.Assertions.assertEquals;

/** The harness itself: sign in over HTTP and be seen by the app. */
class SmokeHttpTest {
    @Test
    void signedInUserIsSeenByTheApp() throws Exception {
        try (TestApp app = TestApp.start()) {
            Browser browser = app.browser();
            assertEquals("-", browser.get("/whoami").user());
            assertEquals(200, browser.post("/login", Map.of("user", "alice")).status());
            Browser.Response r = browser.get("/whoami");
            assertEquals("alice", r.user());
            assertEquals("alice", r.echo().get("remoteUser"));
        }
    }
}
