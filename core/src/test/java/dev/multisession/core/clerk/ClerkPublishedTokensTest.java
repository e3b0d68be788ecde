package dev.multisession.core.clerk;

import com.nimbusds.jose.jwk.JWKSet;
import com.nimbusds.jose.jwk.source.ImmutableJWKSet;
import com.nimbusds.jose.jwk.source.JWKSource;
import com.nimbusds.jose.proc.SecurityContext;
import dev.multisession.core.config.ConfigKeys;
import dev.multisession.core.config.MultiSessionConfig;
import dev.multisession.core.keys.VerificationKeys;
import dev.multisession.core.testing.MutableClock;
import dev.multisession.core.token.RejectionReason;
import dev.multisession.core.token.SessionClaims;
import dev.multisession.core.token.StrictTokenVerifier;
import dev.multisession.core.token.Verification;
import org.junit.jupiter.api.Test;

import java.time.Instant;
import java.util.Optional;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertInstanceOf;

/**
 * Clerk's own published test tokens and keys as vectors, with the clock set inside their lifetime:
 * {@code mockJwt}, {@code mockExpiredJwt}, {@code mockInvalidSignatureJwt}, {@code mockMalformedJwt},
 * {@code mockRsaJwk} and {@code pemEncodedPublicKey} from {@code clerk/javascript}
 * {@code packages/backend/src/fixtures/index.ts} (commit {@code e21ae9a4cf189ed20cb04bee94497533cd9d4dbe},
 * MIT licence). Before this profile every one of them was refused with {@code token_missing_claim}.
 */
class ClerkPublishedTokensTest {
    static final String MOCK_JWT = "eyJhbGciOiJSUzI1NiIsImtpZCI6Imluc18yR0lvUWhiVXB5MGhYN0IyY1ZrdVRNaW5Yb0QiLCJ0eXAiOiJKV1QifQ"
            + ".eyJhenAiOiJodHRwczovL2FjY291bnRzLmluc3BpcmVkLnB1bWEtNzQubGNsLmRldiIsImV4cCI6MTY2NjY0ODMxMCwiaWF0IjoxNjY2NjQ4MjUwLCJpc3MiOiJodHRwczovL2NsZXJrLmluc3BpcmVkLnB1bWEtNzQubGNsLmRldiIsIm5iZiI6MTY2NjY0ODI0MCwic2lkIjoic2Vzc18yR2JEQjRlbk5kQ2E1dlMxenBDM1h6Zzl0SzkiLCJzdWIiOiJ1c2VyXzJHSXBYT0VwVnlKdzUxcmtabjlLbW5jNlN4ciJ9"
            + ".j3rB92k32WqbQDkFB093H4GoQsBVLH4HLGF6ObcwUaVGiHC8SEu6T31FuPf257SL8A5sSGtWWM1fqhQpdLohgZb_hbJswGBuYI-Clxl9BtpIRHbWFZkLBIj8yS9W9aVtD3fWBbF6PHx7BY1udio-rbGWg1YAOZNtVcxF02p-MvX-8XIK92Vwu3Un5zyfCoVIg__qo3Xntzw3tznsZ4XDe212c6kVz1R_L1d5DKjeWXpjUPAS_zFeZSIJEQLf4JNr4JCY38tfdnc3ajfDA3p36saf1XwmTdWXQKCXi75c2TJAXROs3Pgqr5Kw_5clygoFuxN5OEMhFWFSnvIBdi3M6w";
    static final String MOCK_EXPIRED_JWT = "eyJhbGciOiJSUzI1NiIsImtpZCI6Imluc18yR0lvUWhiVXB5MGhYN0IyY1ZrdVRNaW5Yb0QiLCJ0eXAiOiJKV1QifQ"
            + ".eyJhenAiOiJodHRwczovL2FjY291bnRzLmluc3BpcmVkLnB1bWEtNzQubGNsLmRldiIsImV4cCI6MTY2NjY0ODIwMCwiaWF0IjoxNjY2NjQ3MjUwLCJpc3MiOiJodHRwczovL2NsZXJrLmluc3BpcmVkLnB1bWEtNzQubGNsLmRldiIsIm5iZiI6MTY2NjY0ODI0MCwic2lkIjoic2Vzc18yR2JEQjRlbk5kQ2E1dlMxenBDM1h6Zzl0SzkiLCJzdWIiOiJ1c2VyXzJHSXBYT0VwVnlKdzUxcmtabjlLbW5jNlN4ciJ9"
            + ".jLImjg2vGwOJDkK9gtIeJnEJWVOgoCMeC46OFtfzJ1d8OT0KVvwRppC60QIMfHKoOwLTLYlq8SccrkARwlJ_jOvMAYMGZT-R4qHoEfGmet1cSTC67zaafq5gpf9759x1kNMyckry_PJNSx-9hTFbBMWhY7XVLVlrauppqHXOQr1-BC7u-0InzKjCQTCJj-81Yt8xRKweLbO689oYSRAFYK5LNH8BYoLZFWuWLO-6nxUJu0_XAq9xpZPqZOqj3LxFS4hHVGGmTqnPgR8vBetLXxSLAOBsEyIkeQkOBA03YA6enTNIppmy0XTLgAYmUO_JWOGjjjDQoEojuXtuLRdQHQ";
    static final String MOCK_INVALID_SIGNATURE_JWT = "eyJhbGciOiJSUzI1NiIsImtpZCI6Imluc18yR0lvUWhiVXB5MGhYN0IyY1ZrdVRNaW5Yb0QiLCJ0eXAiOiJKV1QifQ"
            + ".eyJhenAiOiJodHRwczovL2FjY291bnRzLnRhbXBlcmVkLWRvbWFpbi5kZXYiLCJleHAiOjE2NjY2NDgzMTAsImlhdCI6MTY2NjY0ODI1MCwiaXNzIjoiaHR0cHM6Ly9jbGVyay5pbnNwaXJlZC5wdW1hLTc0LmxjbC5kZXYiLCJuYmYiOjE2NjY2NDgyNDAsInNpZCI6InNlc3NfMkdiREI0ZW5OZENhNXZTMXpwQzNYemc5dEs5Iiwic3ViIjoidXNlcl8yR0lwWE9FcFZ5Snc1MXJrWm45S21uYzZTeHIifQ"
            + ".n1Usc-DLDftqA0Xb-_2w8IGs4yjCmwc5RngwbSRvwevuZOIuRoeHmE2sgCdEvjfJEa7ewL6EVGVcM557TWPW--g_J1XQPwBy8tXfz7-S73CEuyRFiR97L2AHRdvRtvGtwR-o6l8aHaFxtlmfWbQXfg4kFJz2UGe9afmh3U9-f_4JOZ5fa3mI98UMy1-bo20vjXeWQ9aGrqaxHQxjnzzC-1Kpi5LdPvhQ16H0dPB8MHRTSM5TAuLKTpPV7wqixmbtcc2-0k6b9FKYZNqRVTaIyV-lifZloBvdzlfOF8nW1VVH_fx-iW5Q3hovHFcJIULHEC1kcAYTubbxzpgeVQepGg";
    static final String MOCK_MALFORMED_JWT = "eyJhbGciOiJSUzI1NiIsImtpZCI6Imluc18yR0lvUWhiVXB5MGhYN0IyY1ZrdVRNaW5Yb0QiLCJ0eXAiOiJKV1QifQ"
            + ".eyJpYXQiOjE2NjY2NDgyNTB9"
            + ".n1Usc-DLDftqA0Xb-_2w8IGs4yjCmwc5RngwbSRvwevuZOIuRoeHmE2sgCdEvjfJEa7ewL6EVGVcM557TWPW--g_J1XQPwBy8tXfz7-S73CEuyRFiR97L2AHRdvRtvGtwR-o6l8aHaFxtlmfWbQXfg4kFJz2UGe9afmh3U9-f_4JOZ5fa3mI98UMy1-bo20vjXeWQ9aGrqaxHQxjnzzC-1Kpi5LdPvhQ16H0dPB8MHRTSM5TAuLKTpPV7wqixmbtcc2-0k6b9FKYZNqRVTaIyV-lifZloBvdzlfOF8nW1VVH_fx-iW5Q3hovHFcJIULHEC1kcAYTubbxzpgeVQepGg";
    static final String MOCK_RSA_JWK = "{\"use\":\"sig\",\"kty\":\"RSA\",\"kid\":\"ins_2GIoQhbUpy0hX7B2cVkuTMinXoD\",\"alg\":\"RS256\","
            + "\"n\":\"qYy3MY8fOneEyzNDu9lp6iGXKkNUF-u_dUnrlkadZYyB35efzKFJEr9fftmWv5PUj1uRHTQ3bh6X1cceOYsIjy008dHWZJsKhGOxgdTjeK91rjaklxt7tyFXEiKHIOr1LSgKzopClOfCIjxK_oPUOf38pVh7WnekcSBQmU5fqA-EzKMi6k9VwvbzqKlZM4XQsiFyn28d9VubJWjTU8nNot0n1NE-9k6TxM8nglM4RwkBH4Ni4B0LhKKOOV-AG8tBNiZVil415dpBldmJ_j0wk7Ad4VFi9en3Z17oCKr-K-zuT7vKMKSb1548dk0vnmi0vj2QGXSo-61wM5yQWpk6sQ\","
            + "\"e\":\"AQAB\"}";
    static final String PEM_ENCODED_PUBLIC_KEY = "-----BEGIN PUBLIC KEY-----\n"
            + "MIIBIjANBgkqhkiG9w0BAQEFAAOCAQ8AMIIBCgKCAQEAqYy3MY8fOneEyzNDu9lp\n"
            + "6iGXKkNUF+u/dUnrlkadZYyB35efzKFJEr9fftmWv5PUj1uRHTQ3bh6X1cceOYsI\n"
            + "jy008dHWZJsKhGOxgdTjeK91rjaklxt7tyFXEiKHIOr1LSgKzopClOfCIjxK/oPU\n"
            + "Of38pVh7WnekcSBQmU5fqA+EzKMi6k9VwvbzqKlZM4XQsiFyn28d9VubJWjTU8nN\n"
            + "ot0n1NE+9k6TxM8nglM4RwkBH4Ni4B0LhKKOOV+AG8tBNiZVil415dpBldmJ/j0w\n"
            + "k7Ad4VFi9en3Z17oCKr+K+zuT7vKMKSb1548dk0vnmi0vj2QGXSo+61wM5yQWpk6\n"
            + "sQIDAQAB\n"
            + "-----END PUBLIC KEY-----";
    /** Inside mockJwt's lifetime: iat 1666648250, exp 1666648310. */
    private static final Instant INSIDE = Instant.ofEpochSecond(1666648280);
    private static final String ISSUER = "https://clerk.inspired.puma-74.lcl.dev";

    private static Verification verify(String token, Instant now, String keyForm, String... settings) throws Exception {
        MultiSessionConfig.Builder b = MultiSessionConfig.builder().clock(new MutableClock(now))
                .set(ConfigKeys.TOKEN_PROFILE, "clerk").set(ConfigKeys.ISSUER, ISSUER)
                .set(ConfigKeys.VERIFY_PUBLIC_KEY_PEM, PEM_ENCODED_PUBLIC_KEY);
        for (int i = 0; i + 1 < settings.length; i += 2) {
            b.set(settings[i], settings[i + 1]);
        }
        MultiSessionConfig config = b.build();
        JWKSource<SecurityContext> keys = keyForm.equals("jwk")
                ? new ImmutableJWKSet<>(new JWKSet(com.nimbusds.jose.jwk.JWK.parse(MOCK_RSA_JWK)))
                : VerificationKeys.forConfig(config, null);
        return StrictTokenVerifier.forConfig(config, keys).verify(token);
    }

    @Test
    void mockJwtVerifiesWithClerksJwk() throws Exception {
        SessionClaims c = assertInstanceOf(Verification.Valid.class, verify(MOCK_JWT, INSIDE, "jwk")).claims();
        assertEquals("user_2GIpXOEpVyJw51rkZn9Kmnc6Sxr", c.userId());
        assertEquals("sess_2GbDB4enNdCa5vS1zpC3Xzg9tK9", c.sessionId());
        assertEquals(Optional.of("https://accounts.inspired.puma-74.lcl.dev"), c.authorizedParty());
        assertEquals(ISSUER, c.issuer());
    }

    @Test
    void mockJwtVerifiesWithClerksPemJwtKey() throws Exception {
        assertInstanceOf(Verification.Valid.class, verify(MOCK_JWT, INSIDE, "pem"));
    }

    @Test
    void mockJwtIsRefusedForAnotherAuthorizedParty() throws Exception {
        assertEquals(new Verification.Rejected(RejectionReason.UNAUTHORIZED_PARTY),
                verify(MOCK_JWT, INSIDE, "pem", ConfigKeys.AUTHORIZED_PARTIES, "https://app.example"));
    }

    @Test
    void mockJwtIsAcceptedForItsAuthorizedParty() throws Exception {
        assertInstanceOf(Verification.Valid.class,
                verify(MOCK_JWT, INSIDE, "pem", ConfigKeys.AUTHORIZED_PARTIES, "https://accounts.inspired.puma-74.lcl.dev"));
    }

    @Test
    void mockJwtIsExpiredAfterItsExpPlusTheSkew() throws Exception {
        assertInstanceOf(Verification.Expired.class, verify(MOCK_JWT, Instant.ofEpochSecond(1666648315), "pem"));
    }

    @Test
    void mockJwtIsNotYetValidBeforeItsIatMinusTheSkew() throws Exception {
        assertEquals(new Verification.Rejected(RejectionReason.NOT_YET_VALID),
                verify(MOCK_JWT, Instant.ofEpochSecond(1666648230), "pem"));
    }

    @Test
    void mockExpiredJwtIsExpired() throws Exception {
        assertInstanceOf(Verification.Expired.class, verify(MOCK_EXPIRED_JWT, INSIDE, "pem"));
    }

    @Test
    void mockInvalidSignatureJwtIsABadSignature() throws Exception {
        assertEquals(new Verification.Rejected(RejectionReason.BAD_SIGNATURE), verify(MOCK_INVALID_SIGNATURE_JWT, INSIDE, "pem"));
    }

    @Test
    void mockMalformedJwtIsRefused() throws Exception {
        assertInstanceOf(Verification.Rejected.class, verify(MOCK_MALFORMED_JWT, INSIDE, "pem"));
    }

    @Test
    void mockJwtIsRefusedUnderAnotherIssuer() throws Exception {
        assertEquals(new Verification.Rejected(RejectionReason.WRONG_ISSUER),
                verify(MOCK_JWT, INSIDE, "pem", ConfigKeys.ISSUER, "https://clerk.example.com"));
    }
}
