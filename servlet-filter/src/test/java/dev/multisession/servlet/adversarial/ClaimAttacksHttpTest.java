package dev.multisession.servlet.adversarial;

import com.nimbusds.jose.JOSEObjectType;
import com.nimbusds.jwt.JWTClaimsSet;
import dev.multisession.core.config.ConfigKeys;
import dev.multisession.servlet.ServletSettings;
import dev.multisession.servlet.testing.TestApp;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

import java.time.Instant;
import java.util.Date;

import static dev.multisession.servlet.adversarial.Attack.assertAccepted;
import static dev.multisession.servlet.adversarial.Attack.assertRejected;
import static dev.multisession.servlet.adversarial.Attack.claims;
import static dev.multisession.servlet.adversarial.Attack.header;
import static dev.multisession.servlet.adversarial.Attack.issuerSigned;
import static dev.multisession.servlet.adversarial.Attack.issuerSignedJson;
import static dev.multisession.servlet.adversarial.Attack.presentBearer;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * Claim attacks over HTTP (issue 6): tokens signed by the issuer's real key whose claims are wrong
 * — time, issuer, authorized party, identity claims of the wrong JSON type, duplicate names, another
 * {@code typ}. Each is a 401 with its reason code, never a 500, nothing injected.
 */
@ExtendWith(SuiteLogCheck.class)
class ClaimAttacksHttpTest {
    /** The apps under attack; {@link ClerkClaimAttacksHttpTest} puts clerk-profile apps here. */
    static TestApp app;
    static TestApp azpApp;

    @BeforeAll
    static void start() throws Exception {
        app = Attack.app();
        azpApp = TestApp.builder().param(ServletSettings.ROUTES, "/api/* => signed-in")
                .param(ConfigKeys.AUTHORIZED_PARTIES, "https://app.example").start();
    }

    @AfterAll
    static void stop() throws Exception {
        app.close();
        azpApp.close();
    }

    private static Instant now() {
        return app.clock().instant();
    }

    private static String signed(JWTClaimsSet.Builder claims) {
        return issuerSigned(header().build(), claims.build());
    }

    /** A JSON payload with every required claim except those the caller overrides (raw JSON members). */
    private static String payload(String sub, String sid, String extra) {
        long now = now().getEpochSecond();
        StringBuilder sb = new StringBuilder("{\"iss\":\"multisession\",\"cid\":\"client_01JD3Q8Z6V8W4S0F2K7N5M9P3S\",\"idx\":0,\"iat\":")
                .append(now).append(",\"exp\":").append(now + 60);
        if (sub != null) {
            sb.append(",\"sub\":").append(sub);
        }
        if (sid != null) {
            sb.append(",\"sid\":").append(sid);
        }
        return sb.append(extra).append('}').toString();
    }

    @Test
    void controlARawPayloadWithEveryClaimIsAccepted() {
        assertAccepted(app, issuerSignedJson(header().build(), payload("\"mallory\"", "\"sess_01JD3Q8Z6V8W4S0F2K7N5M9P3R\"", "")),
                "mallory");
    }

    @Test
    void expExactlyAtTheSkewIsExpired() {
        String token = signed(claims(app.clock(), "mallory").issueTime(Date.from(now().minusSeconds(120)))
                .notBeforeTime(null).expirationTime(Date.from(now().minusSeconds(5))));
        var o = presentBearer(app, token);
        assertNotEquals(500, o.protectedAnswer().status());
        assertEquals(401, o.protectedAnswer().status());
        assertTrue(o.protectedAnswer().body().contains("token_expired"), o.protectedAnswer().body());
        assertEquals("-", o.publicAnswer().user());
    }

    @Test
    void expJustPastTheSkewIsExpired() {
        String token = signed(claims(app.clock(), "mallory").issueTime(Date.from(now().minusSeconds(120)))
                .notBeforeTime(null).expirationTime(Date.from(now().minusSeconds(6))));
        var o = presentBearer(app, token);
        assertEquals(401, o.protectedAnswer().status());
        assertTrue(o.protectedAnswer().body().contains("token_expired"));
    }

    @Test
    void expJustInsideTheSkewIsStillAccepted() {
        String token = signed(claims(app.clock(), "mallory").issueTime(Date.from(now().minusSeconds(120)))
                .notBeforeTime(null).expirationTime(Date.from(now().minusSeconds(4))));
        assertAccepted(app, token, "mallory");
    }

    @Test
    void missingExpIsRefused() {
        assertRejected(app, signed(claims(app.clock(), "mallory").expirationTime(null)), "token_missing_claim");
    }

    @Test
    void nbfBeyondTheSkewIsNotYetValid() {
        assertRejected(app, signed(claims(app.clock(), "mallory").notBeforeTime(Date.from(now().plusSeconds(6)))),
                "token_not_yet_valid");
    }

    @Test
    void iatBeyondTheSkewIsNotYetValid() {
        assertRejected(app, signed(claims(app.clock(), "mallory").issueTime(Date.from(now().plusSeconds(30)))),
                "token_not_yet_valid");
    }

    @ParameterizedTest(name = "iss \"{0}\"")
    @ValueSource(strings = {"MULTISESSION", "Multisession", "multisession/", "multisession ", " multisession",
            "multisession\u0000", "https://evil.example", "multisessio", ""})
    void issuerVariantsAreRefused(String iss) {
        assertRejected(app, signed(claims(app.clock(), "mallory").issuer(iss)), "token_wrong_issuer");
    }

    @Test
    void missingIssuerIsRefused() {
        assertRejected(app, signed(claims(app.clock(), "mallory").issuer(null)), "token_wrong_issuer");
    }

    @ParameterizedTest(name = "azp \"{0}\"")
    @ValueSource(strings = {"https://evil.example", "https://app.example/", "https://APP.example", "https://app.example.evil.com"})
    void azpOutsideTheAuthorizedPartiesIsRefused(String azp) {
        assertRejected(azpApp, issuerSigned(header().build(), claims(azpApp.clock(), "mallory").claim("azp", azp).build()),
                "token_unauthorized_party");
    }

    @Test
    void missingAzpIsRefusedWhenAuthorizedPartiesAreConfigured() {
        assertRejected(azpApp, issuerSigned(header().build(), claims(azpApp.clock(), "mallory").build()), "token_unauthorized_party");
    }

    @ParameterizedTest(name = "sub {0}")
    @ValueSource(strings = {"42", "true", "null", "[\"mallory\"]", "{\"id\":\"mallory\"}", "\"\"", "\"   \""})
    void subOfTheWrongTypeOrBlankIsRefused(String sub) {
        assertRejected(app, issuerSignedJson(header().build(), payload(sub, "\"sess_01JD3Q8Z6V8W4S0F2K7N5M9P3R\"", "")),
                "token_missing_claim");
    }

    @Test
    void missingSubIsRefused() {
        assertRejected(app, issuerSignedJson(header().build(), payload(null, "\"sess_01JD3Q8Z6V8W4S0F2K7N5M9P3R\"", "")),
                "token_missing_claim");
    }

    @ParameterizedTest(name = "sid {0}")
    @ValueSource(strings = {"42", "[\"sess_01JD3Q8Z6V8W4S0F2K7N5M9P3R\"]", "null", "\"sess_\"", "\"../sess_01JD3Q8Z6V8W4S0F2K7N5M9P3R\""})
    void sidOfTheWrongTypeOrFormIsRefused(String sid) {
        assertRejected(app, issuerSignedJson(header().build(), payload("\"mallory\"", sid, "")), "token_missing_claim");
    }

    @Test
    void missingSidIsRefused() {
        assertRejected(app, issuerSignedJson(header().build(), payload("\"mallory\"", null, "")), "token_missing_claim");
    }

    @Test
    void duplicateSubClaimIsRefused() {
        String json = payload("\"alice\"", "\"sess_01JD3Q8Z6V8W4S0F2K7N5M9P3R\"", ",\"sub\":\"mallory\"");
        Attack.Outcome o = presentBearer(app, issuerSignedJson(header().build(), json));
        assertNotEquals(500, o.protectedAnswer().status());
        assertEquals(401, o.protectedAnswer().status(), "a payload with two sub members is ambiguous and must be refused");
        assertEquals("-", o.publicAnswer().user());
    }

    @Test
    void duplicateAlgHeaderMemberIsRefused() {
        String token = Attack.withRawHeader("{\"alg\":\"none\",\"alg\":\"RS256\",\"kid\":\"" + TestApp.KEYS.activeKid() + "\"}",
                payload("\"mallory\"", "\"sess_01JD3Q8Z6V8W4S0F2K7N5M9P3R\"", ""));
        Attack.Outcome o = presentBearer(app, token);
        assertNotEquals(500, o.protectedAnswer().status());
        assertEquals(401, o.protectedAnswer().status());
    }

    // "jwt" in lower case is the same media type as "JWT" (RFC 7515 §4.1.9 compares typ case-insensitively)
    @ParameterizedTest(name = "typ {0}")
    @ValueSource(strings = {"at+jwt", "JWS", "refresh+jwt", "csrf+jwt", "application/jose"})
    void tokenOfAnotherTypIsRefused(String typ) {
        String token = issuerSigned(header().type(new JOSEObjectType(typ)).build(), claims(app.clock(), "mallory").build());
        assertRejected(app, token, "token_wrong_type");
    }
}
