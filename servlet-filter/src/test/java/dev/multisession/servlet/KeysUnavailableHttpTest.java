package dev.multisession.servlet;

import dev.multisession.servlet.testing.Browser;
import dev.multisession.servlet.testing.TestApp;
import org.junit.jupiter.api.Test;

import java.net.ServerSocket;
import java.util.Map;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;

/**
 * docs/how-it-works.md: "Never": "JWKS down → 503 on protected routes only when no cached key can verify; never
 * allow". A verifier node whose JWKS URL cannot be reached answers 503 on a protected route for
 * a request carrying a session token, lets public routes through signed out, and never accepts
 * the token.
 */
class KeysUnavailableHttpTest {

    private static int closedPort() throws Exception {
        try (ServerSocket s = new ServerSocket(0)) {
            return s.getLocalPort();
        }
    }

    @Test
    void protectedRouteAnswers503AndPublicRouteIsSignedOutWhenNoKeyCanBeFetched() throws Exception {
        String token;
        String cookieName;
        try (TestApp issuer = TestApp.start()) {
            Browser browser = issuer.browser();
            assertEquals(200, browser.post("/login", Map.of("user", "alice")).status());
            cookieName = browser.cookies().keySet().stream().filter(n -> n.startsWith("ms_sess_")).findFirst().orElseThrow();
            token = browser.cookie(cookieName);
        }
        try (TestApp verifier = TestApp.builder()
                .param("multisession.mode", "verifier")
                .param("multisession.verify.jwks-url", "http://127.0.0.1:" + closedPort() + "/jwks.json")
                .param("multisession.routes", "/api/* => signed-in")
                .start()) {
            Browser browser = verifier.browser();
            browser.setCookie(cookieName, token);
            Browser.Response api = browser.get("/api/data");
            assertEquals(503, api.status());
            assertEquals("5", api.header("Retry-After"));
            Browser.Response open = browser.get("/open");
            assertEquals(200, open.status());
            assertEquals("-", open.user(), "never accepted while its key is unknown");
            assertFalse(open.deletedCookies().contains(cookieName), "an outage is no reason to delete the cookie");
        }
    }
}
