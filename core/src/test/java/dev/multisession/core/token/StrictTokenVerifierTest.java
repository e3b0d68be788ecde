package dev.multisession.core.token;

import com.nimbusds.jose.JOSEException;
import com.nimbusds.jose.JOSEObjectType;
import com.nimbusds.jose.JWSAlgorithm;
import com.nimbusds.jose.JWSHeader;
import com.nimbusds.jose.crypto.MACSigner;
import com.nimbusds.jose.crypto.RSASSASigner;
import com.nimbusds.jose.jwk.JWKSet;
import com.nimbusds.jose.jwk.RSAKey;
import com.nimbusds.jose.jwk.gen.RSAKeyGenerator;
import com.nimbusds.jwt.JWTClaimsSet;
import dev.multisession.core.config.MultiSessionConfig;
import dev.multisession.core.keys.SigningKeys;
import dev.multisession.core.keys.VerificationKeys;
import dev.multisession.core.model.Actor;
import dev.multisession.core.model.Ids;
import dev.multisession.core.model.Organization;
import dev.multisession.core.model.Session;
import dev.multisession.core.model.User;
import dev.multisession.core.testing.MutableClock;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;
import org.junit.jupiter.params.provider.ValueSource;

import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Date;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Optional;
import java.util.Set;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicReference;
import java.util.function.UnaryOperator;
import java.util.stream.Stream;

import static dev.multisession.core.token.Forge.ISSUER;
import static dev.multisession.core.token.Forge.header;
import static dev.multisession.core.token.Forge.part;
import static dev.multisession.core.token.Forge.segment;
import static dev.multisession.core.token.Forge.sign;
import static dev.multisession.core.token.Forge.signJson;
import static dev.multisession.core.token.Forge.validClaims;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertInstanceOf;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.params.provider.Arguments.arguments;

/**
 * Specifies strict verification of session tokens (docs/how-it-works.md: "Session token"): a token minted by the issuer is
 * valid with every claim mapped, and every forgery, tampering or malformed token is rejected with
 * its exact {@link RejectionReason}, never with an exception. Time comes from a controlled clock.
 */
class StrictTokenVerifierTest {
    private static SigningKeys keys;
    private static SigningKeys otherKeys;
    private static RSAKey attackerKey;

    private MutableClock clock;
    private MultiSessionConfig config;
    private StrictTokenVerifier verifier;

    @BeforeAll
    static void generateKeys() throws Exception {
        keys = SigningKeys.generate(JWSAlgorithm.RS256);
        otherKeys = SigningKeys.generate(JWSAlgorithm.RS256);
        attackerKey = new RSAKeyGenerator(2048).keyIDFromThumbprint(true).generate();
    }

    @BeforeEach
    void setUp() {
        clock = MutableClock.atFixedStart();
        config = MultiSessionConfig.builder().issuer(ISSUER).clock(clock).build();
        verifier = new StrictTokenVerifier(config, VerificationKeys.own(keys));
    }

    // --- valid tokens ---

    @Test
    void acceptsATokenMintedByTheIssuerWithEveryClaimMapped() {
        Instant now = clock.instant();
        Organization acme = Organization.builder("org_1", "acme").role("org:admin")
                .permissions(new LinkedHashSet<>(List.of("org:invoices:read", "org:invoices:write"))).build();
        String sid = Ids.newSessionId(clock);
        String cid = Ids.newClientId(clock);
        Session session = Session.builder().id(sid).index(2).clientId(cid)
                .user(User.builder("user_42").name("Alice Doe").email("alice@example.com")
                        .imageUrl("https://img.example/alice.png").username("alice").build())
                .createdAt(now).expiresAt(now.plus(Duration.ofDays(7)))
                .activeOrganization(acme).actor(new Actor("admin_1", "sess_01JD3Q8Z6V8W4S0F2K7N5M9P3T")).build();
        String token = new TokenIssuer(config, keys).mint(session, Optional.of("https://app.example")).value();

        SessionClaims claims = assertInstanceOf(Verification.Valid.class, verifier.verify(token)).claims();

        assertEquals(ISSUER, claims.issuer());
        assertEquals("user_42", claims.userId());
        assertEquals(Optional.of("Alice Doe"), claims.user().name());
        assertEquals(Optional.of("alice@example.com"), claims.user().email());
        assertEquals(Optional.of("https://img.example/alice.png"), claims.user().imageUrl());
        assertEquals(Optional.of("alice"), claims.user().username());
        assertEquals(sid, claims.sessionId());
        assertEquals(cid, claims.clientId());
        assertEquals(2, claims.index());
        assertEquals(Optional.of("https://app.example"), claims.authorizedParty());
        assertEquals(now, claims.issuedAt());
        assertEquals(Optional.of(now), claims.notBefore());
        assertEquals(now.plusSeconds(60), claims.expiresAt());
        Organization org = claims.organization().orElseThrow();
        assertEquals("org_1", org.id());
        assertEquals("acme", org.slug());
        assertEquals("org:admin", org.role());
        assertEquals(Set.of("org:invoices:read", "org:invoices:write"), org.permissions());
        assertEquals(Optional.of(new Actor("admin_1", "sess_01JD3Q8Z6V8W4S0F2K7N5M9P3T")), claims.actor());
    }

    @Test
    void acceptsAHandBuiltTokenWithTheRequiredClaims() {
        Verification result = verifier.verify(Forge.valid(keys, clock));

        SessionClaims claims = assertInstanceOf(Verification.Valid.class, result).claims();
        assertEquals("user_42", claims.userId());
        assertEquals(Optional.empty(), claims.organization());
        assertEquals(Optional.empty(), claims.actor());
    }

    @Test
    void acceptsATokenWithoutTyp() {
        String token = sign(new JWSHeader.Builder(JWSAlgorithm.RS256).keyID(keys.activeKid()).build(),
                validClaims(clock).build(), keys.signer());

        assertInstanceOf(Verification.Valid.class, verifier.verify(token));
    }

    // --- algorithm and header forgeries ---

    @ParameterizedTest(name = "alg \"{0}\"")
    @ValueSource(strings = {"none", "None", "NONE", "nOnE"})
    void rejectsAlgNoneInAnyCase(String alg) {
        // a non-empty third segment, so only the algorithm check can stop it
        String token = Forge.withRawHeader("{\"alg\":\"" + alg + "\",\"typ\":\"JWT\",\"kid\":\"" + keys.activeKid() + "\"}",
                validClaims(clock).build(), keys);

        assertRejected(RejectionReason.ALGORITHM_NOT_ALLOWED, token);
    }

    @Test
    void rejectsHs256SignedWithTheRsaPublicKeyBytes() throws Exception {
        byte[] publicKeyDer = keys.publicJwkSet().getKeys().get(0).toRSAKey().toRSAPublicKey().getEncoded();
        String token = sign(new JWSHeader.Builder(JWSAlgorithm.HS256).type(JOSEObjectType.JWT).keyID(keys.activeKid()).build(),
                validClaims(clock).build(), new MACSigner(publicKeyDer));

        assertRejected(RejectionReason.ALGORITHM_NOT_ALLOWED, token);
    }

    @Test
    void rejectsAnotherAlgorithmOfTheSameKeyFamily() {
        // PS256 signed with the real key: authentic bytes, but not the configured algorithm
        String token = sign(new JWSHeader.Builder(JWSAlgorithm.PS256).type(JOSEObjectType.JWT).keyID(keys.activeKid()).build(),
                validClaims(clock).build(), keys.signer());

        assertRejected(RejectionReason.ALGORITHM_NOT_ALLOWED, token);
    }

    @Test
    void rejectsAJweShapedHeader() {
        String valid = Forge.valid(keys, clock);
        String token = segment("{\"alg\":\"RSA-OAEP-256\",\"enc\":\"A256GCM\"}") + "." + part(valid, 1) + "." + part(valid, 2);

        assertRejected(RejectionReason.ALGORITHM_NOT_ALLOWED, token);
    }

    @Test
    void rejectsAnEmbeddedJwkSelfSignedByAnAttacker() throws Exception {
        JWSHeader header = new JWSHeader.Builder(JWSAlgorithm.RS256).type(JOSEObjectType.JWT)
                .keyID(keys.activeKid()).jwk(attackerKey.toPublicJWK()).build();
        String token = sign(header, validClaims(clock).build(), new RSASSASigner(attackerKey));

        assertRejected(RejectionReason.HEADER_NOT_ALLOWED, token);
    }

    @Test
    void rejectsAJkuHeaderSelfSignedByAnAttacker() throws Exception {
        JWSHeader header = new JWSHeader.Builder(JWSAlgorithm.RS256).type(JOSEObjectType.JWT)
                .keyID(attackerKey.getKeyID()).jwkURL(URI.create("https://attacker.example/jwks.json")).build();
        String token = sign(header, validClaims(clock).build(), new RSASSASigner(attackerKey));

        assertRejected(RejectionReason.HEADER_NOT_ALLOWED, token);
    }

    @Test
    void rejectsAnX5uHeader() throws Exception {
        JWSHeader header = new JWSHeader.Builder(JWSAlgorithm.RS256).type(JOSEObjectType.JWT)
                .keyID(attackerKey.getKeyID()).x509CertURL(URI.create("https://attacker.example/cert.pem")).build();
        String token = sign(header, validClaims(clock).build(), new RSASSASigner(attackerKey));

        assertRejected(RejectionReason.HEADER_NOT_ALLOWED, token);
    }

    @Test
    void rejectsACritHeader() {
        JWSHeader header = header(keys).customParam("urn:example:policy", "strict")
                .criticalParams(Set.of("urn:example:policy")).build();
        String token = sign(header, validClaims(clock).build(), keys.signer());

        assertRejected(RejectionReason.HEADER_NOT_ALLOWED, token);
    }

    @Test
    void rejectsAnEmptyCritList() {
        String token = Forge.withRawHeader("{\"alg\":\"RS256\",\"typ\":\"JWT\",\"kid\":\"" + keys.activeKid()
                + "\",\"crit\":[]}", validClaims(clock).build(), keys);

        assertRejected(RejectionReason.HEADER_NOT_ALLOWED, token);
    }

    @Test
    void rejectsAHeaderOfJsonNullAsMalformedWithoutAnUnexpectedException() {
        // found by TokenPreChecksFuzzTest: Nimbus's Header.parse throws NullPointerException on `null`
        String token = Forge.withRawHeader("null", validClaims(clock).build(), keys);
        try (dev.multisession.core.testing.LogCapture logs = new dev.multisession.core.testing.LogCapture()) {
            assertRejected(RejectionReason.MALFORMED, token);
            assertTrue(logs.messages().stream().noneMatch(m -> m.contains("unexpected")), logs.messages().toString());
        }
    }

    @Test
    void rejectsAWrongTyp() {
        String token = sign(header(keys).type(new JOSEObjectType("at+jwt")).build(), validClaims(clock).build(), keys.signer());

        assertRejected(RejectionReason.WRONG_TYPE, token);
    }

    // --- keys and signatures ---

    @Test
    void rejectsAnUnknownKid() {
        String token = Forge.valid(otherKeys, clock);

        assertRejected(RejectionReason.UNKNOWN_KEY, token);
    }

    @Test
    void rejectsASignatureByAnotherKeyUnderAKnownKid() {
        String token = sign(header(keys).build(), validClaims(clock).build(), otherKeys.signer());

        assertRejected(RejectionReason.BAD_SIGNATURE, token);
    }

    @Test
    void rejectsAPayloadAlteredAfterSigning() {
        String valid = Forge.valid(keys, clock);
        String altered = segment(validClaims(clock).subject("user_mallory").build().toString());
        String token = part(valid, 0) + "." + altered + "." + part(valid, 2);

        assertRejected(RejectionReason.BAD_SIGNATURE, token);
    }

    @Test
    void rejectsAStrippedSignature() {
        String valid = Forge.valid(keys, clock);

        assertRejected(RejectionReason.MALFORMED, part(valid, 0) + "." + part(valid, 1) + ".");
    }

    @Test
    void oneSharedVerifierPerKeyTellsGoodFromForgedTokensUnderConcurrentUse() throws Exception {
        List<String> good = new ArrayList<>();
        List<String> forged = new ArrayList<>();
        for (int i = 0; i < 16; i++) {
            good.add(sign(header(keys).build(), validClaims(clock).jwtID("n" + i).build(), keys.signer()));
            forged.add(sign(header(keys).build(), validClaims(clock).jwtID("n" + i).build(), otherKeys.signer()));
        }
        ExecutorService pool = Executors.newFixedThreadPool(4);
        try {
            List<Future<Integer>> wrong = new ArrayList<>();
            for (int t = 0; t < 4; t++) {
                int offset = t;
                wrong.add(pool.submit(() -> {
                    int mistakes = 0;
                    for (int i = 0; i < 200; i++) {
                        int k = (i + offset) % good.size();
                        mistakes += verifier.verify(good.get(k)) instanceof Verification.Valid ? 0 : 1;
                        mistakes += verifier.verify(forged.get(k)).equals(
                                new Verification.Rejected(RejectionReason.BAD_SIGNATURE)) ? 0 : 1;
                    }
                    return mistakes;
                }));
            }
            for (Future<Integer> w : wrong) {
                assertEquals(0, w.get(60, TimeUnit.SECONDS));
            }
        } finally {
            pool.shutdownNow();
        }
    }

    @Test
    void aKeyReplacedUnderTheSameKidIsVerifiedWithTheNewKeyNeverAVerifierKeptForTheOld() throws Exception {
        RSAKey first = new RSAKeyGenerator(2048).keyID("k1").generate();
        RSAKey second = new RSAKeyGenerator(2048).keyID("k1").generate();
        // like a JWKS cache: the same key objects on every call until a refresh publishes new ones
        JWKSet firstSet = new JWKSet(first.toPublicJWK());
        JWKSet secondSet = new JWKSet(second.toPublicJWK());
        AtomicReference<JWKSet> published =
                new AtomicReference<>(firstSet);
        StrictTokenVerifier rotating = new StrictTokenVerifier(config, (selector, context) -> selector.select(published.get()));
        JWSHeader k1 = new JWSHeader.Builder(JWSAlgorithm.RS256).type(JOSEObjectType.JWT).keyID("k1").build();
        String byFirst = sign(k1, validClaims(clock).build(), new RSASSASigner(first));
        String bySecond = sign(k1, validClaims(clock).build(), new RSASSASigner(second));
        assertInstanceOf(Verification.Valid.class, rotating.verify(byFirst), "precondition: the first key verifies");

        published.set(secondSet);

        assertInstanceOf(Verification.Valid.class, rotating.verify(bySecond));
        assertEquals(new Verification.Rejected(RejectionReason.BAD_SIGNATURE), rotating.verify(byFirst));
    }

    // --- canonical compact form, before any decoding ---

    static Stream<Arguments> nonCanonicalForms() {
        return Stream.of(
                arguments("padding on the signature", (UnaryOperator<String>) t -> t + "=="),
                arguments("padding on the payload", (UnaryOperator<String>) t -> part(t, 0) + "." + part(t, 1) + "=." + part(t, 2)),
                arguments("'+' and '/' instead of '-' and '_'", (UnaryOperator<String>) t ->
                        part(t, 0) + "." + part(t, 1) + "." + part(t, 2).replace('-', '+').replace('_', '/')),
                arguments("a space inside", (UnaryOperator<String>) t -> part(t, 0) + ". " + part(t, 1) + "." + part(t, 2)),
                arguments("a trailing newline", (UnaryOperator<String>) t -> t + "\n"),
                arguments("a leading space", (UnaryOperator<String>) t -> " " + t),
                arguments("a tab in the signature", (UnaryOperator<String>) t -> t.substring(0, t.length() - 4) + "\t" + t.substring(t.length() - 4)),
                arguments("four segments", (UnaryOperator<String>) t -> t + ".c2ln"),
                arguments("two segments", (UnaryOperator<String>) t -> part(t, 0) + "." + part(t, 1)),
                arguments("an empty header segment", (UnaryOperator<String>) t -> "." + part(t, 1) + "." + part(t, 2)));
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("nonCanonicalForms")
    void rejectsNonCanonicalBase64urlAsMalformed(String description, UnaryOperator<String> mutation) {
        String valid = tokenWithUrlSafeCharactersInItsSignature();
        assertInstanceOf(Verification.Valid.class, verifier.verify(valid), "the unmutated token must verify");
        String mutated = mutation.apply(valid);
        assertNotEquals(valid, mutated, "precondition: the mutation changes the token");

        assertRejected(RejectionReason.MALFORMED, mutated);
    }

    /** A valid token whose signature segment holds '-' or '_', so an alphabet swap really changes it. */
    private String tokenWithUrlSafeCharactersInItsSignature() {
        for (int nonce = 0; nonce < 100; nonce++) {
            String token = sign(header(keys).build(), validClaims(clock).jwtID("n" + nonce).build(), keys.signer());
            if (part(token, 2).indexOf('-') >= 0 || part(token, 2).indexOf('_') >= 0) {
                return token;
            }
        }
        throw new IllegalStateException("no signature with '-' or '_' in 100 tries");
    }

    @Test
    void rejectsAnAuthenticTokenLongerThanTheCapAsOversize() {
        String token = sign(header(keys).build(), validClaims(clock).claim("name", "x".repeat(4000)).build(), keys.signer());
        assertTrue(token.length() > config.tokenMaxLength(), "precondition: token over the cap");

        assertRejected(RejectionReason.OVERSIZE, token);
    }

    @Test
    void rejectsOversizeGarbageBeforeDecodingIt() {
        assertRejected(RejectionReason.OVERSIZE, "a".repeat(config.tokenMaxLength() + 1));
    }

    @ParameterizedTest(name = "\"{0}\"")
    @ValueSource(strings = {"", ".", "..", "a.b.c", "e30.e30.e30", "not a token", "eyJhbGciOiJSUzI1NiJ9.e30"})
    void rejectsGarbageWithoutThrowing(String garbage) {
        assertInstanceOf(Verification.Rejected.class, verifier.verify(garbage));
    }

    @Test
    void rejectsNullAsMalformed() {
        assertRejected(RejectionReason.MALFORMED, null);
    }

    // --- claims ---

    @Test
    void rejectsATokenWithoutExp() {
        String token = sign(header(keys).build(), validClaims(clock).expirationTime(null).build(), keys.signer());

        assertRejected(RejectionReason.MISSING_CLAIM, token);
    }

    @Test
    void rejectsIatInTheFutureBeyondTheSkew() {
        Instant iat = clock.instant().plus(config.clockSkew()).plusSeconds(1);
        String token = sign(header(keys).build(), validClaims(clock).issueTime(Date.from(iat)).build(), keys.signer());

        assertRejected(RejectionReason.NOT_YET_VALID, token);
    }

    @Test
    void acceptsIatInTheFutureWithinTheSkew() {
        Instant iat = clock.instant().plus(config.clockSkew());
        String token = sign(header(keys).build(), validClaims(clock).issueTime(Date.from(iat)).build(), keys.signer());

        assertInstanceOf(Verification.Valid.class, verifier.verify(token));
    }

    @Test
    void rejectsNbfInTheFutureBeyondTheSkew() {
        Instant nbf = clock.instant().plus(config.clockSkew()).plusSeconds(1);
        String token = sign(header(keys).build(), validClaims(clock).notBeforeTime(Date.from(nbf)).build(), keys.signer());

        assertRejected(RejectionReason.NOT_YET_VALID, token);
    }

    @Test
    void rejectsAWrongIssuer() {
        String token = sign(header(keys).build(), validClaims(clock).issuer("https://evil.example").build(), keys.signer());

        assertRejected(RejectionReason.WRONG_ISSUER, token);
    }

    @Test
    void rejectsAMissingIssuer() {
        String token = sign(header(keys).build(), validClaims(clock).issuer(null).build(), keys.signer());

        assertRejected(RejectionReason.WRONG_ISSUER, token);
    }

    @Test
    void rejectsAnIssuerThatDiffersOnlyInCase() {
        String token = sign(header(keys).build(), validClaims(clock).issuer("https://APP.example").build(), keys.signer());

        assertRejected(RejectionReason.WRONG_ISSUER, token);
    }

    @Test
    void rejectsAnIssuerWithATrailingSlash() {
        String token = sign(header(keys).build(), validClaims(clock).issuer(ISSUER + "/").build(), keys.signer());

        assertRejected(RejectionReason.WRONG_ISSUER, token);
    }

    @Test
    void rejectsAnAzpOutsideTheAuthorizedParties() {
        StrictTokenVerifier strict = verifierWithAuthorizedParties("https://app.example", "https://admin.example");
        String token = sign(header(keys).build(), validClaims(clock).claim("azp", "https://evil.example").build(), keys.signer());

        assertEquals(new Verification.Rejected(RejectionReason.UNAUTHORIZED_PARTY), strict.verify(token));
    }

    @Test
    void acceptsAnAzpAmongTheAuthorizedParties() {
        StrictTokenVerifier strict = verifierWithAuthorizedParties("https://app.example", "https://admin.example");
        String token = sign(header(keys).build(), validClaims(clock).claim("azp", "https://admin.example").build(), keys.signer());

        SessionClaims claims = assertInstanceOf(Verification.Valid.class, strict.verify(token)).claims();
        assertEquals(Optional.of("https://admin.example"), claims.authorizedParty());
    }

    @Test
    void rejectsAMissingAzpWhenAuthorizedPartiesAreConfigured() {
        StrictTokenVerifier strict = verifierWithAuthorizedParties("https://app.example");

        assertEquals(new Verification.Rejected(RejectionReason.UNAUTHORIZED_PARTY), strict.verify(Forge.valid(keys, clock)));
    }

    @Test
    void ignoresAzpWhenNoAuthorizedPartiesAreConfigured() {
        String token = sign(header(keys).build(), validClaims(clock).claim("azp", "https://elsewhere.example").build(), keys.signer());

        assertInstanceOf(Verification.Valid.class, verifier.verify(token));
    }

    private JWSHeader pendingHeader() {
        return header(keys).type(TokenIssuer.PENDING_TYPE).build();
    }

    @Test
    void readsAPendingTokensStatusAndTask() {
        String token = sign(pendingHeader(), validClaims(clock).claim("sts", "pending").claim("tsk", "setup-mfa").build(),
                keys.signer());

        SessionClaims claims = assertInstanceOf(Verification.Valid.class, verifier.verify(token)).claims();

        assertEquals(Optional.of("setup-mfa"), claims.task());
        assertEquals(dev.multisession.core.model.SessionStatus.PENDING, claims.status());
    }

    @Test
    void rejectsPendingClaimsUnderAHeaderThatDoesNotSayPending() {
        // what a verifier before session tasks would read as active: this library never mints it
        String token = sign(header(keys).build(), validClaims(clock).claim("sts", "pending").claim("tsk", "setup-mfa").build(),
                keys.signer());

        assertRejected(RejectionReason.WRONG_TYPE, token);
    }

    @Test
    void rejectsAPendingHeaderWithoutPendingClaims() {
        assertRejected(RejectionReason.MISSING_CLAIM, sign(pendingHeader(), validClaims(clock).build(), keys.signer()));
    }

    @Test
    void rejectsAStatusThisLibraryDoesNotIssue() {
        assertRejected(RejectionReason.MISSING_CLAIM, sign(pendingHeader(), validClaims(clock).claim("sts", "active")
                .claim("tsk", "setup-mfa").build(), keys.signer()));
        assertRejected(RejectionReason.WRONG_TYPE, sign(header(keys).build(), validClaims(clock).claim("sts", "active").build(),
                keys.signer()));
    }

    @Test
    void rejectsAPendingStatusWithoutItsTask() {
        String token = sign(pendingHeader(), validClaims(clock).claim("sts", "pending").build(), keys.signer());

        assertRejected(RejectionReason.MISSING_CLAIM, token);
    }

    @Test
    void rejectsATaskWithoutThePendingStatus() {
        String token = sign(pendingHeader(), validClaims(clock).claim("tsk", "setup-mfa").build(), keys.signer());

        assertRejected(RejectionReason.MISSING_CLAIM, token);
    }

    @Test
    void rejectsAMalformedTaskKey() {
        String token = sign(pendingHeader(), validClaims(clock).claim("sts", "pending").claim("tsk", "Setup MFA\r\n").build(),
                keys.signer());

        assertRejected(RejectionReason.MISSING_CLAIM, token);
    }

    @Test
    void rejectsAMissingSub() {
        String token = sign(header(keys).build(), validClaims(clock).subject(null).build(), keys.signer());

        assertRejected(RejectionReason.MISSING_CLAIM, token);
    }

    @Test
    void rejectsANumericSub() {
        String token = signJson(header(keys).build(), payloadWith("\"sub\":42"), keys.signer());

        assertRejected(RejectionReason.MISSING_CLAIM, token);
    }

    @Test
    void rejectsAMissingSid() {
        String token = sign(header(keys).build(), validClaims(clock).claim("sid", null).build(), keys.signer());

        assertRejected(RejectionReason.MISSING_CLAIM, token);
    }

    @Test
    void rejectsASidThatIsNotAString() {
        String token = signJson(header(keys).build(), payloadWith("\"sid\":[\"" + Forge.SESSION_ID + "\"]"), keys.signer());

        assertRejected(RejectionReason.MISSING_CLAIM, token);
    }

    @Test
    void rejectsASidThatIsNotASessionId() {
        String token = sign(header(keys).build(), validClaims(clock).claim("sid", "admin").build(), keys.signer());

        assertRejected(RejectionReason.MISSING_CLAIM, token);
    }

    @Test
    void rejectsAnIdxThatIsNotAnInteger() {
        String token = signJson(header(keys).build(), payloadWith("\"idx\":1.5"), keys.signer());

        assertRejected(RejectionReason.MISSING_CLAIM, token);
    }

    @Test
    void rejectsAnExpThatIsNotANumber() {
        String token = signJson(header(keys).build(), payloadWith("\"exp\":\"tomorrow\""), keys.signer());

        assertRejected(RejectionReason.MISSING_CLAIM, token);
    }

    // --- what the verifier reads once: the segments' base64url and the header's and payload's JSON ---

    @Test
    void rejectsASignatureRespelledWithNonZeroUnusedBitsAsMalformed() {
        // a 256-byte RSA signature is 342 characters: the last one carries 4 unused bits, so 15 other
        // spellings decode to the same bytes; only the canonical one (unused bits zero) is the token
        String valid = Forge.valid(keys, clock);
        String respelled = respellLastCharacter(valid);
        assertNotEquals(valid, respelled, "precondition: another spelling");
        assertEquals(part(valid, 2).length() % 4, 2, "precondition: the signature's last character has unused bits");

        assertRejected(RejectionReason.MALFORMED, respelled);
        assertInstanceOf(Verification.Valid.class, verifier.verify(valid));
    }

    @Test
    void rejectsAHeaderSegmentWithNonZeroUnusedBitsAsMalformedEvenWhenSigned() {
        String header = segmentWithUnusedBits("{\"alg\":\"RS256\",\"typ\":\"JWT\",\"kid\":\"" + keys.activeKid() + "\"}");
        String token = signedSegments(header, segment(validClaims(clock).build().toString()));

        assertRejected(RejectionReason.MALFORMED, token);
    }

    @Test
    void rejectsAPayloadSegmentWithNonZeroUnusedBitsAsMalformedEvenWhenSigned() {
        String header = segment("{\"alg\":\"RS256\",\"typ\":\"JWT\",\"kid\":\"" + keys.activeKid() + "\"}");
        String token = signedSegments(header, segmentWithUnusedBits(validClaims(clock).build().toString()));

        assertRejected(RejectionReason.MALFORMED, token);
    }

    @Test
    void rejectsASegmentOfImpossibleLengthAsMalformedEvenWhenSigned() {
        // 4n+1 characters cannot be base64url: one character holds 6 bits, less than a byte
        String header = segment("{\"alg\":\"RS256\",\"typ\":\"JWT\",\"kid\":\"" + keys.activeKid() + "\"}");
        String payload = segment(validClaims(clock).build().toString());
        while (payload.length() % 4 != 0) {
            payload = segment(validClaims(clock).claim("pad", "x".repeat(4 - payload.length() % 4)).build().toString());
        }
        assertInstanceOf(Verification.Valid.class, verifier.verify(signedSegments(header, payload)), "precondition");

        assertRejected(RejectionReason.MALFORMED, signedSegments(header, payload + "A"));
    }

    @Test
    void rejectsADuplicateHeaderParameterAsMalformed() {
        String token = Forge.withRawHeader("{\"alg\":\"RS256\",\"typ\":\"JWT\",\"kid\":\"" + keys.activeKid()
                + "\",\"alg\":\"RS256\"}", validClaims(clock).build(), keys);

        assertRejected(RejectionReason.MALFORMED, token);
    }

    @Test
    void rejectsADuplicateKidWhoseSecondValueIsTheRealKeyAsMalformed() {
        String token = Forge.withRawHeader("{\"alg\":\"RS256\",\"kid\":\"other\",\"kid\":\"" + keys.activeKid() + "\"}",
                validClaims(clock).build(), keys);

        assertRejected(RejectionReason.MALFORMED, token);
    }

    @Test
    void rejectsADuplicateClaimAsMalformed() {
        String token = signJson(header(keys).build(), payloadWith("\"sub\":\"user_42\",\"sub\":\"user_mallory\""), keys.signer());

        assertRejected(RejectionReason.MALFORMED, token);
    }

    @ParameterizedTest(name = "{0}")
    @ValueSource(strings = {"[]", "\"RS256\"", "42", "{\"alg\":\"RS256\"", "{\"alg\":RS256}", "{'alg':'RS256'}"})
    void rejectsAHeaderThatIsNotOneJsonObjectAsMalformed(String headerJson) {
        assertRejected(RejectionReason.MALFORMED, Forge.withRawHeader(headerJson, validClaims(clock).build(), keys));
    }

    @ParameterizedTest(name = "{0}")
    @ValueSource(strings = {"[]", "null", "\"claims\"", "{\"sub\":\"user_42\"", "{\"sub\":user_42}"})
    void rejectsAPayloadThatIsNotOneJsonObjectAsMalformed(String payloadJson) {
        assertRejected(RejectionReason.MALFORMED, signJson(header(keys).build(), payloadJson, keys.signer()));
    }

    @ParameterizedTest(name = "{0}")
    @ValueSource(strings = {"\"exp\":1e400", "\"exp\":123456789012345678901234567890", "\"exp\":-1e400",
            "\"exp\":-5", "\"exp\":253402300800", "\"iat\":9223372036854775807", "\"nbf\":-9223372036854775808",
            "\"iat\":1e400", "\"idx\":123456789012345678901234567890", "\"idx\":4294967296", "\"idx\":-1",
            "\"idx\":1e2", "\"nbf\":\"now\"", "\"iat\":true", "\"aud\":42", "\"jti\":7", "\"iss\":[\"https://app.example\"]",
            "\"org_id\":\"org_1\",\"org_permissions\":\"org:all\"", "\"org_id\":42", "\"act\":\"admin_1\"",
            "\"act\":{\"sub\":7}", "\"name\":[\"Alice\"]"})
    void rejectsAClaimOfAnImpossibleValueOrWrongJsonType(String member) {
        Verification result = verifier.verify(signJson(header(keys).build(), payloadWith(member), keys.signer()));

        assertInstanceOf(Verification.Rejected.class, result, member);
    }

    @Test
    void readsTheHeaderAndPayloadJsonInUtf8() {
        String token = sign(header(keys).build(), validClaims(clock).claim("name", "Zoë Ünal 李 🙂").build(), keys.signer());

        SessionClaims claims = assertInstanceOf(Verification.Valid.class, verifier.verify(token)).claims();
        assertEquals(Optional.of("Zoë Ünal 李 🙂"), claims.user().name());
    }

    // --- expiry ---

    @Test
    void reportsAnExpiredTokenAsExpiredWithItsClaims() {
        String token = Forge.valid(keys, clock);
        clock.advance(Duration.ofMinutes(10));

        SessionClaims claims = assertInstanceOf(Verification.Expired.class, verifier.verify(token)).claims();
        assertEquals(Forge.SESSION_ID, claims.sessionId());
        assertEquals("user_42", claims.userId());
    }

    @Test
    void isStillValidJustBeforeExpPlusSkew() {
        String token = Forge.valid(keys, clock);
        clock.advance(Duration.ofSeconds(60).plus(config.clockSkew()).minusMillis(1));

        assertInstanceOf(Verification.Valid.class, verifier.verify(token));
    }

    @Test
    void isExpiredExactlyAtExpPlusSkew() {
        String token = Forge.valid(keys, clock);
        clock.advance(Duration.ofSeconds(60).plus(config.clockSkew()));

        assertInstanceOf(Verification.Expired.class, verifier.verify(token));
    }

    // --- helpers ---

    private StrictTokenVerifier verifierWithAuthorizedParties(String... parties) {
        MultiSessionConfig withParties = MultiSessionConfig.builder().issuer(ISSUER).clock(clock)
                .authorizedParties(Set.of(parties)).build();
        return new StrictTokenVerifier(withParties, VerificationKeys.own(keys));
    }

    /** The valid claims as JSON with one member replaced (or added) as raw JSON text. */
    private String payloadWith(String member) {
        String name = member.substring(0, member.indexOf(':'));
        JWTClaimsSet claims = validClaims(clock).build();
        StringBuilder json = new StringBuilder("{").append(member);
        claims.toJSONObject().forEach((k, v) -> {
            if (!name.equals("\"" + k + "\"")) {
                json.append(",\"").append(k).append("\":").append(v instanceof String s ? "\"" + s + "\"" : v);
            }
        });
        return json.append('}').toString();
    }

    /** The token with its last character replaced by another one that differs only in the unused low bits. */
    private static String respellLastCharacter(String token) {
        char last = token.charAt(token.length() - 1);
        String alphabet = "ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789-_";
        int value = alphabet.indexOf(last);
        return token.substring(0, token.length() - 1) + alphabet.charAt(value ^ 1);
    }

    /** {@code json} as a base64url segment whose last character has a non-zero unused bit (same bytes, another spelling). */
    private static String segmentWithUnusedBits(String json) {
        String canonical = segment(json);
        for (String padded = json; ; padded = padded + " ") {
            canonical = segment(padded);
            if (canonical.length() % 4 != 0) {
                return respellLastCharacter(canonical);
            }
        }
    }

    /** {@code header.payload} signed as they are written, with the issuer's key. */
    private static String signedSegments(String header, String payload) {
        String signingInput = header + "." + payload;
        try {
            return signingInput + "." + keys.signer().sign(new JWSHeader(JWSAlgorithm.RS256),
                    signingInput.getBytes(StandardCharsets.US_ASCII));
        } catch (JOSEException e) {
            throw new IllegalStateException(e);
        }
    }

    private void assertRejected(RejectionReason expected, String token) {
        assertEquals(new Verification.Rejected(expected), verifier.verify(token));
    }
}
