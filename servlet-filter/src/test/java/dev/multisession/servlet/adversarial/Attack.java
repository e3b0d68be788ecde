package dev.multisession.servlet.adversarial;

import com.nimbusds.jose.JOSEException;
import com.nimbusds.jose.JOSEObjectType;
import com.nimbusds.jose.JWSAlgorithm;
import com.nimbusds.jose.JWSHeader;
import com.nimbusds.jose.JWSObject;
import com.nimbusds.jose.JWSSigner;
import com.nimbusds.jose.Payload;
import com.nimbusds.jose.crypto.RSASSASigner;
import com.nimbusds.jose.jwk.RSAKey;
import com.nimbusds.jose.jwk.gen.RSAKeyGenerator;
import com.nimbusds.jose.util.Base64URL;
import com.nimbusds.jwt.JWTClaimsSet;
import dev.multisession.core.model.Ids;
import dev.multisession.core.testing.LogCapture;
import dev.multisession.servlet.ServletSettings;
import dev.multisession.servlet.testing.Browser;
import dev.multisession.servlet.testing.TestApp;

import java.nio.charset.StandardCharsets;
import java.time.Clock;
import java.time.Instant;
import java.util.Date;
import java.util.List;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * What the adversarial suite shares: an app that protects {@code /api/*}, tokens forged with
 * Nimbus against {@link TestApp#KEYS} (the issuer key the app trusts) or an attacker's key, and the
 * expected outcome of a bad token presented over HTTP: 401 with its reason code, nothing injected,
 * one log line with that reason and never a 500.
 */
final class Attack {
    /** The test app's issuer (the configuration default). */
    static final String ISSUER = "multisession";
    static final RSAKey ATTACKER = attackerKey();

    private Attack() {
    }

    static TestApp app() throws Exception {
        return TestApp.builder().param(ServletSettings.ROUTES, "/api/* => signed-in").start();
    }

    /**
     * The same app in the clerk profile ({@code multisession.token.profile=clerk}): the issuer key is
     * the Clerk instance's key, served as the Frontend API's JWKS from a local server (so keys are
     * looked up by {@code kid}, as from Clerk), and the issuer is {@value #ISSUER}; every token case
     * of the suite runs against Clerk token verification too. {@code params} are extra key/value pairs.
     */
    static TestApp clerkApp(String... params) throws Exception {
        TestApp.Builder b = TestApp.builder().param(ServletSettings.ROUTES, "/api/* => signed-in")
                .param(dev.multisession.core.config.ConfigKeys.TOKEN_PROFILE, "clerk")
                .param(dev.multisession.core.config.ConfigKeys.ISSUER, ISSUER)
                .param(dev.multisession.core.config.ConfigKeys.CLERK_FRONTEND_API, IssuerJwks.URL);
        for (int i = 0; i + 1 < params.length; i += 2) {
            b.param(params[i], params[i + 1]);
        }
        return b.start();
    }

    /** The issuer's public JWKS at {@code /.well-known/jwks.json} on a local server, for the whole test run. */
    private static final class IssuerJwks {
        static final String URL = start();

        private static String start() {
            try {
                com.sun.net.httpserver.HttpServer server = com.sun.net.httpserver.HttpServer.create(
                        new java.net.InetSocketAddress("127.0.0.1", 0), 0);
                server.createContext("/.well-known/jwks.json", exchange -> {
                    byte[] body = TestApp.KEYS.publicJwksJson().getBytes(StandardCharsets.UTF_8);
                    exchange.sendResponseHeaders(200, body.length);
                    exchange.getResponseBody().write(body);
                    exchange.close();
                });
                server.start();
                Runtime.getRuntime().addShutdownHook(new Thread(() -> server.stop(0)));
                return "http://127.0.0.1:" + server.getAddress().getPort();
            } catch (java.io.IOException e) {
                throw new java.io.UncheckedIOException(e);
            }
        }
    }

    private static RSAKey attackerKey() {
        try {
            return new RSAKeyGenerator(2048).keyID(TestApp.KEYS.activeKid()).generate();
        } catch (JOSEException e) {
            throw new IllegalStateException(e);
        }
    }

    /** Claims of a token the app would accept, for user {@code sub}, issued at the app's "now". */
    static JWTClaimsSet.Builder claims(Clock clock, String sub) {
        Instant now = clock.instant();
        return new JWTClaimsSet.Builder().issuer(ISSUER).subject(sub)
                .claim("sid", Ids.newSessionId(clock)).claim("cid", Ids.newClientId(clock)).claim("idx", 0)
                .issueTime(Date.from(now)).notBeforeTime(Date.from(now)).expirationTime(Date.from(now.plusSeconds(60)));
    }

    static JWSHeader.Builder header() {
        return new JWSHeader.Builder(JWSAlgorithm.RS256).type(JOSEObjectType.JWT).keyID(TestApp.KEYS.activeKid());
    }

    /** Signs {@code claims} under {@code header} with the issuer's own key: authentic unless the claims are bad. */
    static String issuerSigned(JWSHeader header, JWTClaimsSet claims) {
        return sign(header, claims.toString(), TestApp.KEYS.signer());
    }

    static String issuerSignedJson(JWSHeader header, String payloadJson) {
        return sign(header, payloadJson, TestApp.KEYS.signer());
    }

    static String attackerSigned(JWSHeader header, JWTClaimsSet claims) {
        try {
            return sign(header, claims.toString(), new RSASSASigner(ATTACKER));
        } catch (JOSEException e) {
            throw new IllegalStateException(e);
        }
    }

    static String sign(JWSHeader header, String payloadJson, JWSSigner signer) {
        JWSObject jws = new JWSObject(header, new Payload(payloadJson));
        try {
            jws.sign(signer);
        } catch (JOSEException e) {
            throw new IllegalStateException(e);
        }
        return record(jws.serialize());
    }

    /** A token whose header is exactly {@code headerJson}, signed (RS256) by the issuer's key over the new input. */
    static String withRawHeader(String headerJson, String payloadJson) {
        String input = segment(headerJson) + "." + segment(payloadJson);
        try {
            Base64URL sig = TestApp.KEYS.signer().sign(new JWSHeader(JWSAlgorithm.RS256), input.getBytes(StandardCharsets.US_ASCII));
            return record(input + "." + sig);
        } catch (JOSEException e) {
            throw new IllegalStateException(e);
        }
    }

    static String segment(String text) {
        return Base64URL.encode(text.getBytes(StandardCharsets.UTF_8)).toString();
    }

    static String record(String token) {
        SuiteLogCheck.sent(token);
        return token;
    }

    /** The outcome of presenting one token. */
    record Outcome(Browser.Response protectedAnswer, Browser.Response publicAnswer, List<String> reasonLines) {
    }

    /**
     * Presents {@code token} as a bearer token to a protected and to a public route and returns what
     * came back and the log lines carrying a reason code.
     */
    static Outcome presentBearer(TestApp app, String token) {
        record(token);
        try (LogCapture logs = new LogCapture()) {
            Browser browser = app.browser();
            Browser.Response api = browser.get("/api/me", "Authorization", "Bearer " + token);
            List<String> lines = logs.messages().stream().filter(m -> m.contains("reason=")).toList();
            Browser.Response pub = browser.get("/whoami", "Authorization", "Bearer " + token);
            return new Outcome(api, pub, lines);
        }
    }

    /**
     * The contract for a bad token (issue 6): 401 on a protected route with the reason code, never a
     * 500, nobody signed in on a public route, and exactly one log line naming the reason.
     */
    static void assertRejected(TestApp app, String token, String reason) {
        Outcome o = presentBearer(app, token);
        int status = o.protectedAnswer().status();
        assertNotEquals(500, status, "never a 500");
        assertEquals(401, status);
        assertTrue(o.protectedAnswer().body().contains("\"reason\":\"" + reason + "\""),
                "401 names " + reason + ": " + o.protectedAnswer().body());
        assertNotEquals(500, o.publicAnswer().status(), "never a 500");
        assertEquals("-", o.publicAnswer().user(), "nothing is injected for a bad token");
        assertEquals(1, o.reasonLines().size(), "one log line per bad token: " + o.reasonLines());
        assertTrue(o.reasonLines().get(0).contains("reason=" + reason), o.reasonLines().get(0));
    }

    /** Control: an authentic token built by the same helpers is accepted, so a rejection is the attack's doing. */
    static void assertAccepted(TestApp app, String token, String user) {
        Outcome o = presentBearer(app, token);
        assertEquals(200, o.protectedAnswer().status(), o.protectedAnswer().body());
        assertEquals(user, o.publicAnswer().user());
    }
}
