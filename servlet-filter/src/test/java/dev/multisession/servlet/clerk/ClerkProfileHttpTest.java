package dev.multisession.servlet.clerk;

import dev.multisession.core.clerk.ClerkClaims;
import dev.multisession.core.clerk.ClerkSettings;
import dev.multisession.core.clerk.testing.ClerkTokens;
import dev.multisession.core.config.ConfigKeys;
import dev.multisession.core.config.ConfigurationException;
import dev.multisession.core.model.Actor;
import dev.multisession.core.model.User;
import dev.multisession.core.testing.LogCapture;
import dev.multisession.core.token.SessionClaims;
import dev.multisession.servlet.Accounts;
import dev.multisession.servlet.testing.Browser;
import dev.multisession.servlet.testing.FakeClerk;
import dev.multisession.servlet.testing.LogChecks;
import dev.multisession.servlet.testing.TestApp;
import jakarta.servlet.http.HttpServlet;
import jakarta.servlet.http.HttpServletRequest;
import jakarta.servlet.http.HttpServletResponse;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

import java.io.IOException;
import java.math.BigInteger;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.Optional;

import static dev.multisession.servlet.clerk.ClerkApps.ALICE;
import static dev.multisession.servlet.clerk.ClerkApps.SID;
import static dev.multisession.servlet.clerk.ClerkApps.SUFFIX;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * The clerk profile over real HTTP on embedded Jetty, with a {@link FakeClerk} serving the
 * instance's keys: Clerk-shaped tokens (v1, v2 with {@code fpm}, pending, {@code act}, with and
 * without {@code azp}) from {@code Authorization: Bearer} and from Clerk's (suffixed) session
 * cookie with {@code __client_uat}, reach the app through the same API as this library's own
 * sessions: {@code getRemoteUser}, {@code isUserInRole}, route rules and {@code Accounts}.
 */
class ClerkProfileHttpTest {
    private static TestApp app;
    private static FakeClerk clerk;
    private static ClerkTokens tokens;

    @BeforeAll
    static void start() throws Exception {
        tokens = ClerkApps.tokens();
        clerk = FakeClerk.start(tokens, ClerkApps.SECRET_KEY, () -> app.clock());
        app = ClerkApps.app(clerk).customize(c -> {
            c.addServlet(new ClerkServlet(), "/clerk");
            c.addServlet(new SignInServlet(), "/sign-in-here");
        }).start();
    }

    @AfterAll
    static void stop() throws Exception {
        app.close();
        clerk.close();
    }

    private static Instant now() {
        return app.clock().instant();
    }

    private static String bearer(String token) {
        return "Bearer " + token;
    }

    /** A browser holding Clerk's suffixed cookies: the session token and {@code __client_uat}. */
    private static Browser withCookies(String token, long clientUat) {
        Browser b = app.browser();
        b.setCookie("__session_" + SUFFIX, token);
        b.setCookie("__client_uat_" + SUFFIX, Long.toString(clientUat));
        return b;
    }

    @Test
    void aV1BearerTokenSignsTheRequestIn() {
        String token = tokens.v1(ALICE, SID, now()).orgV1("org_1", "acme", "org:admin", List.of("org:invoices:read")).sign();
        Browser.Response r = app.browser().get("/whoami?role=org:admin", "Authorization", bearer(token));
        assertEquals(ALICE, r.user());
        assertEquals(ALICE, r.echo().get("remoteUser"));
        assertEquals("true", r.echo().get("inRole"));
        assertEquals("acme", r.echo().get("org"));
    }

    @Test
    void theSuffixedSessionCookieWithClientUatSignsTheRequestIn() {
        Browser b = withCookies(tokens.v1(ALICE, SID, now()).sign(), now().getEpochSecond() - 30);
        assertEquals(200, b.get("/api/data").status());
        assertEquals(ALICE, b.get("/whoami").user());
    }

    @Test
    void theUnsuffixedSessionCookieIsReadWhenTheBrowserHasNoSuffixedOnes() {
        Browser b = app.browser();
        b.setCookie("__session", tokens.v1(ALICE, SID, now()).sign());
        b.setCookie("__client_uat", Long.toString(now().getEpochSecond()));
        assertEquals(ALICE, b.get("/whoami").user());
    }

    @Test
    void anotherAuthorizationSchemeIsIgnoredAndTheCookieCounts() {
        Browser b = withCookies(tokens.v1(ALICE, SID, now()).sign(), now().getEpochSecond());
        assertEquals(ALICE, b.get("/whoami", "Authorization", "Basic YWxpY2U6cHc=").user());
    }

    @Test
    void aSessionCookieSignedByAnotherKeyIsRefused() {
        String forged = tokens.v1("user_mallory", SID, now()).signWith(ClerkApps.tokens().signingKey());
        Browser.Response r = withCookies(forged, now().getEpochSecond()).get("/api/data");
        assertEquals(401, r.status());
        assertTrue(r.body().contains("token_bad_signature"), r.body());
    }

    @Test
    void aPlantedSessionCookieBesideTheGenuineOneIsNotChosenOverIt() {
        String genuine = tokens.v1(ALICE, SID, now()).sign();
        String forged = tokens.v1("user_mallory", "sess_mallory", now()).signWith(ClerkApps.tokens().signingKey());
        String uat = "__client_uat=" + now().getEpochSecond();
        assertEquals(ALICE, app.browser().getWithRawCookies("/whoami", "__session=" + forged + "; __session=" + genuine + "; " + uat).user());
    }

    @Test
    void twoAuthenticSessionCookiesOfDifferentSessionsSignTheRequestOut() {
        String alice = tokens.v1(ALICE, SID, now()).sign();
        String other = tokens.v1("user_bob", "sess_2bobbobbobbobbobbobbobbobbo", now()).sign();
        Browser.Response r = app.browser().getWithRawCookies("/api/data",
                "__session=" + alice + "; __session=" + other + "; __client_uat=" + now().getEpochSecond());
        assertEquals(401, r.status());
        assertTrue(r.body().contains("session_cookie_ambiguous"), r.body());
    }

    @Test
    void clientUatZeroMeansSignedOut() {
        Browser.Response r = withCookies(tokens.v1(ALICE, SID, now()).sign(), 0).get("/api/data");
        assertEquals(401, r.status());
        assertTrue(r.body().contains("client_signed_out"), r.body());
    }

    @Test
    void aSessionCookieWithoutClientUatIsSignedOut() {
        Browser b = app.browser();
        b.setCookie("__session", tokens.v1(ALICE, SID, now()).sign());
        assertEquals(401, b.get("/api/data").status());
    }

    @Test
    void aCookieTokenIssuedBeforeClientUatIsStale() {
        Browser.Response r = withCookies(tokens.v1(ALICE, SID, now().minusSeconds(20)).sign(), now().getEpochSecond() - 10)
                .get("/api/data");
        assertEquals(401, r.status());
        assertTrue(r.body().contains("session_token_stale"), r.body());
    }

    @Test
    void aV2TokenGrantsTheRoleAndTheFpmPermissions() {
        String token = tokens.v2(ALICE, SID, now()).org("org_1", "acme", "admin", "o:invoices,u:profile", "read,manage", "1").sign();
        Browser b = app.browser();
        assertEquals(200, b.get("/admin/panel", "Authorization", bearer(token)).status());
        assertEquals(200, b.get("/invoices/list", "Authorization", bearer(token)).status());
        assertEquals("false", b.get("/whoami?role=org:invoices:manage", "Authorization", bearer(token)).echo().get("inRole"));
    }

    @Test
    void aV2TokenWithAnFpmEntryOver2To64IsSignedInWithoutThePermission() {
        String token = tokens.v2(ALICE, SID, now())
                .org("org_1", "acme", "member", "o:invoices", "read,manage", BigInteger.TWO.pow(64).toString()).sign();
        assertEquals(200, app.browser().get("/api/data", "Authorization", bearer(token)).status());
        assertEquals(403, app.browser().get("/invoices/list", "Authorization", bearer(token)).status());
    }

    @Test
    void aV2TokenWithFeaButNoOPerIsSignedInWithoutPermissions() {
        String token = tokens.v2(ALICE, SID, now()).org("org_1", "acme", "member", "o:invoices", null, "1").sign();
        assertEquals(200, app.browser().get("/api/data", "Authorization", bearer(token)).status());
        assertEquals(403, app.browser().get("/invoices/list", "Authorization", bearer(token)).status());
    }

    @Test
    void aV2TokenWhoseFpmIsNotANumberIsSignedInWithoutPermissions() {
        String token = tokens.v2(ALICE, SID, now()).org("org_1", "acme", "member", "o:invoices", "read", "x1").sign();
        assertEquals(200, app.browser().get("/api/data", "Authorization", bearer(token)).status());
        assertEquals(403, app.browser().get("/invoices/list", "Authorization", bearer(token)).status());
    }

    @Test
    void aPendingSessionIsSignedOutByDefault() {
        String token = tokens.v2(ALICE, SID, now()).put("sts", "pending").sign();
        Browser.Response r = app.browser().get("/api/data", "Authorization", bearer(token));
        assertEquals(401, r.status());
        assertTrue(r.body().contains("session_pending"), r.body());
    }

    @Test
    void aPendingSessionIsSignedInWhenAccepted() throws Exception {
        try (TestApp accepting = ClerkApps.app(clerk).param(ConfigKeys.CLERK_ACCEPT_PENDING, "true")
                .customize(c -> c.addServlet(new ClerkServlet(), "/clerk")).start()) {
            String token = tokens.v2(ALICE, SID, accepting.clock().instant()).put("sts", "pending").sign();
            Browser.Response r = accepting.browser().get("/clerk", "Authorization", bearer(token));
            assertEquals(200, r.status());
            assertEquals("true", r.echo().get("pending"));
        }
    }

    @Test
    void actIsTheSessionsActorAndFvaIsExposed() {
        String token = tokens.v2(ALICE, SID, now()).put("act", Map.of("sub", "user_support")).put("fva", List.of(2, -1)).sign();
        Map<String, String> seen = app.browser().get("/clerk", "Authorization", bearer(token)).echo();
        assertEquals("user_support", seen.get("actor"));
        assertEquals("[2, -1]", seen.get("fva"));
    }

    @Test
    void aTokenWithoutAzpIsRefusedWhenAuthorizedPartiesAreConfigured() throws Exception {
        try (TestApp strict = ClerkApps.app(clerk).param(ConfigKeys.AUTHORIZED_PARTIES, "https://app.example").start()) {
            Instant t = strict.clock().instant();
            Browser b = strict.browser();
            Browser.Response none = b.get("/api/data", "Authorization", bearer(tokens.v1(ALICE, SID, t).sign()));
            assertEquals(401, none.status());
            assertTrue(none.body().contains("token_unauthorized_party"), none.body());
            assertEquals(401, b.get("/api/data", "Authorization", bearer(tokens.v1(ALICE, SID, t).azp("https://evil.example").sign())).status());
            assertEquals(200, b.get("/api/data", "Authorization", bearer(tokens.v1(ALICE, SID, t).azp("https://app.example").sign())).status());
        }
    }

    @Test
    void theBackendApiJwksIsFetchedWithTheSecretKeyAsBearer() throws Exception {
        try (FakeClerk own = FakeClerk.start(tokens, ClerkApps.SECRET_KEY, java.time.Clock::systemUTC);
             TestApp ownApp = ClerkApps.app(own).start()) {
            String token = tokens.v1(ALICE, SID, ownApp.clock().instant()).sign();
            assertEquals(200, ownApp.browser().get("/api/data", "Authorization", bearer(token)).status());
            assertEquals(1, own.backendJwksFetches());
            assertEquals("Bearer " + ClerkApps.SECRET_KEY, own.lastBackendAuthorization());
            assertEquals(ClerkSettings.API_VERSION, own.lastApiVersion());
        }
    }

    @Test
    void aRotatedKeyIsFetchedOnItsFirstToken() throws Exception {
        ClerkTokens own = ClerkApps.tokens();
        try (FakeClerk rotating = FakeClerk.start(own, ClerkApps.SECRET_KEY, java.time.Clock::systemUTC);
             TestApp rotatingApp = ClerkApps.app(rotating).start()) {
            Instant t = rotatingApp.clock().instant();
            assertEquals(200, rotatingApp.browser().get("/api/data", "Authorization", bearer(own.v1(ALICE, SID, t).sign())).status());
            own.rotate("ins_test_2");
            String afterRotation = own.v1(ALICE, SID, t).sign();
            assertEquals(200, rotatingApp.browser().get("/api/data", "Authorization", bearer(afterRotation)).status());
            assertEquals(2, rotating.backendJwksFetches(), "one fetch at the first token, one for the new kid");
        }
    }

    @Test
    void aWrongSecretKeyLeavesNoKeyToVerifyWith() throws Exception {
        String wrongSecret = "sk_test_wrongSecretWrongSecret1";
        try (LogCapture logs = new LogCapture();
             FakeClerk own = FakeClerk.start(tokens, ClerkApps.SECRET_KEY, java.time.Clock::systemUTC);
             TestApp wrong = ClerkApps.app(own).param(ConfigKeys.CLERK_SECRET_KEY, wrongSecret).start()) {
            String token = tokens.v1(ALICE, SID, wrong.clock().instant()).sign();
            Browser.Response r = wrong.browser().get("/api/data", "Authorization", bearer(token));
            assertEquals(503, r.status(), "keys unavailable: never accepted, never a 500");
            assertEquals("-", wrong.browser().get("/whoami", "Authorization", bearer(token)).user());
            LogChecks.assertNoSecrets(logs, List.of(wrongSecret, ClerkApps.SECRET_KEY, token));
        }
    }

    @Test
    void withoutASecretKeyTheFrontendApisJwksIsRead() throws Exception {
        try (FakeClerk frontendOnly = FakeClerk.start(tokens, ClerkApps.SECRET_KEY, java.time.Clock::systemUTC);
             TestApp noSecret = TestApp.builder()
                     .param(ConfigKeys.TOKEN_PROFILE, "clerk")
                     .param(ConfigKeys.CLERK_PUBLISHABLE_KEY, ClerkApps.PUBLISHABLE_KEY)
                     .param(ConfigKeys.CLERK_FRONTEND_API, frontendOnly.url())
                     .param(dev.multisession.servlet.ServletSettings.ROUTES, ClerkApps.ROUTES).start()) {
            String token = tokens.v1(ALICE, SID, noSecret.clock().instant()).sign();
            assertEquals(200, noSecret.browser().get("/api/data", "Authorization", bearer(token)).status());
            assertEquals(1, frontendOnly.frontendJwksFetches());
            assertEquals(0, frontendOnly.backendJwksFetches());
        }
    }

    @Test
    void clerksPemJwtKeyVerifiesWithoutAnyNetwork() throws Exception {
        try (TestApp networkless = TestApp.builder()
                .param(ConfigKeys.TOKEN_PROFILE, "clerk")
                .param(ConfigKeys.ISSUER, ClerkApps.ISSUER)
                .param(ConfigKeys.VERIFY_PUBLIC_KEY_PEM, tokens.publicKeyPem())
                .param(dev.multisession.servlet.ServletSettings.ROUTES, ClerkApps.ROUTES).start()) {
            String token = tokens.v1(ALICE, SID, networkless.clock().instant()).sign();
            assertEquals(ALICE, networkless.browser().get("/whoami", "Authorization", bearer(token)).user());
        }
    }

    @Test
    void theLibrarysEndpointsAnswerThatTheyAreNotAvailable() {
        Browser b = withCookies(tokens.v1(ALICE, SID, now()).sign(), now().getEpochSecond());
        for (Browser.Response r : List.of(
                b.post("/multisession/switch", Map.of("index", "0"), "Origin", app.origin(), "Accept", "application/json"),
                b.post("/multisession/sign-out", Map.of("all", "true"), "Origin", app.origin(), "Accept", "application/json"),
                b.get("/multisession/sessions"),
                b.get("/multisession/refresh"))) {
            assertEquals(404, r.status());
            assertTrue(r.body().contains("not_available_in_clerk_profile") && r.body().contains(ConfigKeys.TOKEN_PROFILE), r.body());
        }
        assertTrue(b.cookies().containsKey("__session_" + SUFFIX), "Clerk's cookies are left alone");
    }

    @Test
    void accountsSignInRefusesNamingTheProfileKey() {
        Browser.Response r = app.browser().post("/sign-in-here", Map.of());
        assertEquals(ConfigKeys.TOKEN_PROFILE, r.echo().get("refused"));
        assertTrue(r.setCookies().isEmpty(), "nothing written");
    }

    @Test
    void aSignedOutPageLoadWithoutClerkCookiesGoesToSignIn() {
        Browser.Response r = app.browser().page("/app/home");
        assertEquals(302, r.status());
        assertTrue(r.header("Location").contains("/sign-in?redirect_url="), r.header("Location"));
    }

    @Test
    void tokensAndSecretsNeverReachTheLogs() {
        try (LogCapture logs = new LogCapture()) {
            String good = tokens.v1(ALICE, SID, now()).sign();
            String forged = tokens.v1("user_mallory", SID, now()).signWith(ClerkApps.tokens().signingKey());
            app.browser().get("/api/data", "Authorization", bearer(good));
            withCookies(forged, now().getEpochSecond()).get("/api/data");
            withCookies(tokens.v1(ALICE, SID, now().minusSeconds(100)).sign(), now().getEpochSecond() - 200).page("/app/home");
            LogChecks.assertNoSecrets(logs, List.of(good, forged, ClerkApps.SECRET_KEY));
        }
    }

    /** Prints what the clerk profile adds for the request: actor, fva, pending. */
    static final class ClerkServlet extends HttpServlet {
        private static final long serialVersionUID = 1L;

        @Override
        protected void doGet(HttpServletRequest req, HttpServletResponse resp) throws IOException {
            Optional<SessionClaims> s = Accounts.session(req);
            resp.setContentType("text/plain");
            resp.getWriter().write("user=" + s.map(SessionClaims::userId).orElse("-") + "\n"
                    + "actor=" + s.flatMap(SessionClaims::actor).map(Actor::userId).orElse("-") + "\n"
                    + "fva=" + s.flatMap(SessionClaims::clerk).flatMap(ClerkClaims::factorVerificationAge).map(Object::toString).orElse("-") + "\n"
                    + "pending=" + s.flatMap(SessionClaims::clerk).map(ClerkClaims::isPending).orElse(false) + "\n");
        }
    }

    /** Calls Accounts.signIn and prints the key of the refusal. */
    static final class SignInServlet extends HttpServlet {
        private static final long serialVersionUID = 1L;

        @Override
        protected void doPost(HttpServletRequest req, HttpServletResponse resp) throws IOException {
            resp.setContentType("text/plain");
            try {
                Accounts.signIn(req, resp, User.builder("user_x").build(), Optional.empty());
                resp.getWriter().write("refused=no\n");
            } catch (ConfigurationException e) {
                resp.getWriter().write("refused=" + e.key() + "\n");
            }
        }
    }
}
