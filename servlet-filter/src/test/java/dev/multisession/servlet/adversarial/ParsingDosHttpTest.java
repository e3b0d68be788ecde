package dev.multisession.servlet.adversarial;

import dev.multisession.core.model.Ids;
import dev.multisession.core.testing.LogCapture;
import dev.multisession.servlet.testing.Browser;
import dev.multisession.servlet.testing.RawHttp;
import dev.multisession.servlet.testing.SignIns;
import dev.multisession.servlet.testing.TestApp;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;

import java.time.Duration;

import static dev.multisession.servlet.adversarial.Attack.claims;
import static dev.multisession.servlet.adversarial.Attack.header;
import static dev.multisession.servlet.adversarial.Attack.issuerSigned;
import static dev.multisession.servlet.adversarial.Attack.issuerSignedJson;
import static dev.multisession.servlet.adversarial.Attack.presentBearer;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertTimeoutPreemptively;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * Parsing and denial of service over HTTP (issue 6): deeply nested JSON in an authentic token,
 * huge headers, a hundred cookies of the family, an oversized Cookie header. None is a 500, none
 * costs more than a bounded number of signature checks.
 */
@ExtendWith(SuiteLogCheck.class)
class ParsingDosHttpTest {
    private static TestApp app;

    @BeforeAll
    static void start() throws Exception {
        app = Attack.app();
    }

    @AfterAll
    static void stop() throws Exception {
        app.close();
    }

    @Test
    void deeplyNestedPayloadUnderTheLengthCapIsRefusedWithoutA500() {
        String nested = "[".repeat(1500) + "]".repeat(1500);
        String json = "{\"iss\":\"multisession\",\"sub\":\"mallory\",\"x\":" + nested + "}";
        Attack.Outcome o = assertTimeoutPreemptively(Duration.ofSeconds(10), () -> presentBearer(app, issuerSignedJson(header().build(), json)));
        assertNotEquals(500, o.protectedAnswer().status(), "never a 500");
        assertEquals(401, o.protectedAnswer().status());
        assertEquals(1, o.reasonLines().size());
    }

    @Test
    void deeplyNestedHeaderIsRefusedWithoutA500() {
        String token = Attack.withRawHeader("{\"alg\":\"RS256\",\"x\":" + "{\"a\":".repeat(600) + "1" + "}".repeat(600) + "}",
                claims(app.clock(), "mallory").build().toString());
        Attack.Outcome o = presentBearer(app, token);
        assertNotEquals(500, o.protectedAnswer().status(), "never a 500");
        assertEquals(401, o.protectedAnswer().status());
    }

    @Test
    void hugeNumberInExpIsRefusedWithoutA500() {
        String json = "{\"iss\":\"multisession\",\"sub\":\"mallory\",\"sid\":\"sess_01JD3Q8Z6V8W4S0F2K7N5M9P3R\","
                + "\"cid\":\"client_01JD3Q8Z6V8W4S0F2K7N5M9P3S\",\"idx\":0,\"iat\":1,\"exp\":1" + "0".repeat(400) + "}";
        Attack.Outcome o = presentBearer(app, issuerSignedJson(header().build(), json));
        assertNotEquals(500, o.protectedAnswer().status());
        assertEquals(401, o.protectedAnswer().status());
    }

    @Test
    void oversizedCookieHeaderIsAClientErrorNeverA500() {
        RawHttp.Response r = RawHttp.request(app, "GET", "/app/api/me", "Cookie: ms_client=" + "A".repeat(20_000));
        assertNotEquals(500, r.status());
        assertTrue(r.status() >= 400 && r.status() < 500, "status " + r.status());
    }

    @Test
    void hugeAuthorizationHeaderIsAClientErrorNeverA500() {
        RawHttp.Response r = RawHttp.request(app, "GET", "/app/api/me", "Authorization: Bearer " + "A".repeat(20_000));
        assertNotEquals(500, r.status());
        assertTrue(r.status() >= 400 && r.status() < 500, "status " + r.status());
    }

    @Test
    void hundredFamilyCookiesCostAtMostTheBudgetOfSignatureChecks() {
        Browser browser = app.browser();
        SignIns.SignedIn alice = SignIns.signIn(browser, "alice");
        String aliceCookie = SignIns.cookieName(alice.sessionId());
        StringBuilder cookies = new StringBuilder("ms_client=" + browser.cookie("ms_client") + "; " + aliceCookie + "="
                + browser.cookie(aliceCookie));
        String bogus = issuerSigned(header().build(), claims(app.clock(), "mallory").build());
        for (int i = 0; i < 100; i++) {
            // same well-formed token under 100 names: each passes the form check, so only the budget bounds the work
            cookies.append("; ms_").append(Ids.newSessionId(app.clock())).append('=').append(bogus);
        }
        try (LogCapture logs = new LogCapture()) {
            Browser.Response r = browser.getWithRawCookies("/api/me", cookies.toString());
            assertNotEquals(500, r.status(), "never a 500");
            long checks = logs.messages().stream().filter(m -> m.contains("reason=")).count();
            assertTrue(checks <= 10, "signature checks are bounded by twice the session cap, saw " + checks);
        }
    }

    @Test
    void hundredFamilyCookiesStillLetTheRealSessionThrough() {
        Browser browser = app.browser();
        SignIns.SignedIn alice = SignIns.signIn(browser, "alice");
        StringBuilder cookies = new StringBuilder("ms_client=" + browser.cookie("ms_client"));
        for (int i = 0; i < 100; i++) {
            cookies.append("; ms_").append(Ids.newSessionId(app.clock())).append("=not-a-token");
        }
        String aliceCookie = SignIns.cookieName(alice.sessionId());
        cookies.append("; ").append(aliceCookie).append('=').append(browser.cookie(aliceCookie));
        Browser.Response r = browser.getWithRawCookies("/whoami", cookies.toString());
        assertNotEquals(500, r.status(), "never a 500");
        assertEquals("alice", r.user(), "malformed cookies are dropped before verification, the real one is used");
    }

    @Test
    void twoHundredRandomKidsAreEachRefusedAsUnknownKeysWithoutA500() {
        int refused = 0;
        for (int i = 0; i < 200; i++) {
            String token = Attack.attackerSigned(header().keyID("kid-" + i + "-" + Ids.newSessionId(app.clock())).build(),
                    claims(app.clock(), "mallory").build());
            Attack.Outcome o = presentBearer(app, token);
            assertNotEquals(500, o.protectedAnswer().status());
            refused += o.protectedAnswer().body().contains("token_unknown_key") ? 1 : 0;
        }
        assertEquals(200, refused);
    }
}
