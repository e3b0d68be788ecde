package dev.multisession.core.clerk;

import com.nimbusds.jose.jwk.JWKSet;
import com.nimbusds.jose.jwk.RSAKey;
import com.nimbusds.jose.jwk.gen.RSAKeyGenerator;
import com.nimbusds.jose.jwk.source.ImmutableJWKSet;
import dev.multisession.core.clerk.testing.ClerkTokens;
import dev.multisession.core.config.ConfigKeys;
import dev.multisession.core.config.MultiSessionConfig;
import dev.multisession.core.model.Actor;
import dev.multisession.core.model.Organization;
import dev.multisession.core.testing.MutableClock;
import dev.multisession.core.token.RejectionReason;
import dev.multisession.core.token.SessionClaims;
import dev.multisession.core.token.StrictTokenVerifier;
import dev.multisession.core.token.TokenVerifier;
import dev.multisession.core.token.Verification;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

import java.math.BigInteger;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertInstanceOf;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * The clerk profile's verification, without HTTP: Clerk-shaped tokens (v1 and v2) signed by a test
 * instance key go through the strict checks and {@link ClerkClaimsReader}, and map to the same
 * {@link SessionClaims} the app reads in the multisession profile.
 */
class ClerkTokenVerificationTest {
    private static final String ISSUER = "https://clerk.example.test";
    private static final String SID = "sess_2GbDB4enNdCa5vS1zpC3Xzg9tK9"; // Clerk's form: sess_ + 27 mixed-case characters
    private static final String USER = "user_2GIpXOEpVyJw51rkZn9Kmnc6Sxr";
    private static ClerkTokens clerk;
    private static final MutableClock CLOCK = MutableClock.atFixedStart();

    @BeforeAll
    static void keys() {
        clerk = ClerkTokens.instance(ISSUER);
    }

    private static TokenVerifier verifier(String... settings) {
        MultiSessionConfig.Builder b = MultiSessionConfig.builder().clock(CLOCK)
                .set(ConfigKeys.TOKEN_PROFILE, "clerk").set(ConfigKeys.ISSUER, ISSUER)
                .set(ConfigKeys.VERIFY_PUBLIC_KEY_PEM, clerk.publicKeyPem());
        for (int i = 0; i + 1 < settings.length; i += 2) {
            b.set(settings[i], settings[i + 1]);
        }
        MultiSessionConfig config = b.build();
        return StrictTokenVerifier.forConfig(config, new ImmutableJWKSet<>(new JWKSet(clerk.signingKey().toPublicJWK())));
    }

    private static Instant now() {
        return CLOCK.instant();
    }

    private static SessionClaims valid(String token) {
        Verification v = verifier().verify(token);
        return assertInstanceOf(Verification.Valid.class, v, () -> "expected a valid token, got " + v).claims();
    }

    private static void rejected(String token, RejectionReason reason, String... settings) {
        assertEquals(new Verification.Rejected(reason), verifier(settings).verify(token));
    }

    @Test
    void aV1TokenMapsUserSessionAndOrganization() {
        SessionClaims c = valid(clerk.v1(USER, SID, now()).azp("https://app.example")
                .orgV1("org_1", "acme", "org:admin", List.of("org:invoices:read")).sign());
        assertEquals(USER, c.userId());
        assertEquals(SID, c.sessionId());
        assertEquals(Optional.of("https://app.example"), c.authorizedParty());
        Organization org = c.organization().orElseThrow();
        assertEquals("org_1", org.id());
        assertEquals("acme", org.slug());
        assertEquals("org:admin", org.role());
        assertEquals(Set.of("org:invoices:read"), org.permissions());
        assertEquals(1, c.clerk().orElseThrow().version());
    }

    @Test
    void aClerkTokenNeedsNeitherCidNorIdx() {
        SessionClaims c = valid(clerk.v1(USER, SID, now()).sign());
        assertEquals("", c.clientId());
        assertEquals(0, c.index());
    }

    @Test
    void aV1OrganizationWithoutSlugOrRoleKeepsTheTokenAndGrantsNoRole() {
        SessionClaims c = valid(clerk.v1(USER, SID, now()).orgV1("org_1", null, null, null).sign());
        Organization org = c.organization().orElseThrow();
        assertEquals("org_1", org.id());
        assertEquals("", org.slug());
        assertEquals("", org.role());
        assertFalse(org.has(""), "an empty role matches no role");
        assertTrue(org.permissions().isEmpty());
    }

    @Test
    void aV1OrganizationIdOfTheWrongTypeIsNoOrganization() {
        SessionClaims c = valid(clerk.v1(USER, SID, now()).put("org_id", 42).put("org_role", "org:admin").sign());
        assertTrue(c.organization().isEmpty());
    }

    @Test
    void aV2TokenMapsTheCompactOrganizationClaim() {
        SessionClaims c = valid(clerk.v2(USER, SID, now())
                .org("org_1", "acme", "admin", "o:invoices,u:profile", "read,manage", "3").sign());
        Organization org = c.organization().orElseThrow();
        assertEquals("org_1", org.id());
        assertEquals("acme", org.slug());
        assertEquals("org:admin", org.role(), "o.rol is prefixed with org:");
        assertEquals(Set.of("org:invoices:read", "org:invoices:manage"), org.permissions());
        ClerkClaims extra = c.clerk().orElseThrow();
        assertEquals(2, extra.version());
        assertEquals(Set.of("invoices"), extra.organizationFeatures());
        assertEquals(Set.of("profile"), extra.userFeatures());
    }

    @Test
    void aV2TokenWithoutOHasNoOrganization() {
        SessionClaims c = valid(clerk.v2(USER, SID, now()).put("fea", "u:profile").sign());
        assertTrue(c.organization().isEmpty());
    }

    @Test
    void aV2TokenWithFeaButNoOPerIsAcceptedWithNoPermissions() {
        SessionClaims c = valid(clerk.v2(USER, SID, now()).org("org_1", "acme", "admin", "o:invoices", null, "3").sign());
        assertEquals("org:admin", c.organization().orElseThrow().role());
        assertTrue(c.organization().orElseThrow().permissions().isEmpty());
    }

    @Test
    void aV2TokenWithAnFpmEntryOver2To64IsAcceptedWithNoPermissions() {
        SessionClaims c = valid(clerk.v2(USER, SID, now())
                .org("org_1", "acme", "admin", "o:invoices", "read,manage", BigInteger.TWO.pow(64).toString()).sign());
        assertTrue(c.organization().orElseThrow().permissions().isEmpty());
    }

    @Test
    void aV2TokenWhoseFpmIsNotANumberIsAcceptedWithNoPermissions() {
        SessionClaims c = valid(clerk.v2(USER, SID, now())
                .org("org_1", "acme", "admin", "o:invoices", "read,manage", "three").sign());
        assertTrue(c.organization().orElseThrow().permissions().isEmpty());
    }

    @Test
    void aV2TokenWhosePartsHaveTheWrongJsonTypesKeepsTheTokenAndGrantsNothing() {
        SessionClaims c = valid(clerk.v2(USER, SID, now()).put("fea", 7)
                .put("o", Map.of("id", "org_1", "rol", 3, "per", List.of("read"), "fpm", 1)).sign());
        Organization org = c.organization().orElseThrow();
        assertEquals("", org.role());
        assertTrue(org.permissions().isEmpty());
    }

    @Test
    void pendingStatusAndFactorAgeAreSurfaced() {
        SessionClaims c = valid(clerk.v2(USER, SID, now()).put("sts", "pending").put("fva", List.of(3, -1)).sign());
        assertTrue(c.clerk().orElseThrow().isPending());
        assertEquals(Optional.of(List.of(3, -1)), c.clerk().orElseThrow().factorVerificationAge());
    }

    @Test
    void aMalformedFvaReadsAsAbsent() {
        SessionClaims c = valid(clerk.v2(USER, SID, now()).put("fva", "3,4").sign());
        assertEquals(Optional.empty(), c.clerk().orElseThrow().factorVerificationAge());
    }

    @Test
    void aStatusThatIsNotAStringIsRefused() {
        rejected(clerk.v2(USER, SID, now()).put("sts", 1).sign(), RejectionReason.MISSING_CLAIM);
    }

    @Test
    void actIsTheActor() {
        SessionClaims c = valid(clerk.v1(USER, SID, now()).put("act", Map.of("sub", "user_admin", "iss", ISSUER)).sign());
        assertEquals(Optional.of(new Actor("user_admin", null)), c.actor());
    }

    @ParameterizedTest(name = "act {0}")
    @ValueSource(strings = {"string", "list", "no-sub", "blank-sub"})
    void anActThatCannotBeReadRefusesTheToken(String form) {
        Object act = switch (form) {
            case "string" -> "user_admin";
            case "list" -> List.of("user_admin");
            case "no-sub" -> Map.of("iss", ISSUER);
            default -> Map.of("sub", " ");
        };
        rejected(clerk.v1(USER, SID, now()).put("act", act).sign(), RejectionReason.MISSING_CLAIM);
    }

    @ParameterizedTest(name = "sid {0}")
    @ValueSource(strings = {"sess_", "sess_../x", "session_2GbDB4enNdCa5vS1zpC3Xzg9tK9", "sess_2GbDB4enNdCa5vS1zpC3Xzg9tK9 ", ""})
    void aSessionIdOfAnotherFormIsRefused(String sid) {
        rejected(clerk.v1(USER, sid, now()).sign(), RejectionReason.MISSING_CLAIM);
    }

    @Test
    void aMissingSubIsRefused() {
        rejected(clerk.v1(USER, SID, now()).put("sub", null).sign(), RejectionReason.MISSING_CLAIM);
    }

    @Test
    void theIssuerIsCheckedExactly() {
        rejected(clerk.v1(USER, SID, now()).put("iss", ISSUER + "/").sign(), RejectionReason.WRONG_ISSUER);
    }

    @Test
    void aTokenWithoutAzpIsRefusedWhenAuthorizedPartiesAreConfigured() {
        rejected(clerk.v1(USER, SID, now()).sign(), RejectionReason.UNAUTHORIZED_PARTY,
                ConfigKeys.AUTHORIZED_PARTIES, "https://app.example");
    }

    @Test
    void aTokenForAnotherPartyIsRefused() {
        rejected(clerk.v1(USER, SID, now()).azp("https://evil.example").sign(), RejectionReason.UNAUTHORIZED_PARTY,
                ConfigKeys.AUTHORIZED_PARTIES, "https://app.example");
    }

    @Test
    void aTokenForAnAuthorizedPartyIsAccepted() {
        Verification v = verifier(ConfigKeys.AUTHORIZED_PARTIES, "https://app.example")
                .verify(clerk.v1(USER, SID, now()).azp("https://app.example").sign());
        assertInstanceOf(Verification.Valid.class, v);
    }

    @Test
    void iatFiveSecondsAheadIsWithinTheSkewAndSixIsNot() {
        valid(clerk.v1(USER, SID, now().plusSeconds(5)).sign());
        rejected(clerk.v1(USER, SID, now().plusSeconds(6)).sign(), RejectionReason.NOT_YET_VALID);
    }

    @Test
    void aTokenPastExpPlusTheSkewIsExpired() {
        String token = clerk.v1(USER, SID, now().minusSeconds(66)).sign();
        assertInstanceOf(Verification.Expired.class, verifier().verify(token));
    }

    @Test
    void aDateBeyondTheYear9999IsRefused() {
        // 1e29 seconds overflowed a millisecond count into 1969 and read as merely expired
        rejected(clerk.v1(USER, SID, now()).put("exp", 1e29).sign(), RejectionReason.MISSING_CLAIM);
        rejected(clerk.v1(USER, SID, now()).put("exp", 253_402_300_800L).sign(), RejectionReason.MISSING_CLAIM);
        rejected(clerk.v1(USER, SID, now()).put("nbf", -1L).sign(), RejectionReason.MISSING_CLAIM);
    }

    @Test
    void aTokenPastExpButWithinTheSkewIsValid() {
        valid(clerk.v1(USER, SID, now().minusSeconds(64)).sign());
    }

    @Test
    void aJwtTemplateSignedByTheInstanceKeyIsNotASessionToken() {
        rejected(clerk.v1(USER, SID, now()).header("cat", "cl_B7d4PD222AAA").sign(), RejectionReason.WRONG_TYPE);
    }

    @Test
    void theSessionTokenCategoryIsAccepted() {
        valid(clerk.v1(USER, SID, now()).header("cat", "cl_B7d4PD111AAA").sign());
    }

    @Test
    void aTokenSignedByAnotherKeyUnderTheInstancesKidIsABadSignature() throws Exception {
        RSAKey other = new RSAKeyGenerator(2048).keyID(clerk.signingKey().getKeyID()).generate();
        rejected(clerk.v1(USER, SID, now()).signWith(other), RejectionReason.BAD_SIGNATURE);
    }

    @Test
    void theClockSkewDefaultsToFiveSeconds() {
        assertEquals(Duration.ofSeconds(5), MultiSessionConfig.builder().set(ConfigKeys.TOKEN_PROFILE, "clerk")
                .set(ConfigKeys.ISSUER, ISSUER).set(ConfigKeys.VERIFY_PUBLIC_KEY_PEM, clerk.publicKeyPem()).build().clockSkew());
    }
}
