package dev.multisession.core.keys;

import com.nimbusds.jose.JOSEObjectType;
import com.nimbusds.jose.JWSAlgorithm;
import com.nimbusds.jose.JWSHeader;
import com.nimbusds.jose.JWSSigner;
import com.nimbusds.jose.crypto.ECDSASigner;
import com.nimbusds.jose.crypto.RSASSASigner;
import com.nimbusds.jwt.JWTClaimsSet;
import com.nimbusds.jwt.SignedJWT;
import dev.multisession.core.config.ConfigKeys;
import dev.multisession.core.config.ConfigurationException;
import dev.multisession.core.config.Mode;
import dev.multisession.core.config.MultiSessionConfig;
import dev.multisession.core.model.Ids;
import dev.multisession.core.model.Session;
import dev.multisession.core.model.User;
import dev.multisession.core.testing.MutableClock;
import dev.multisession.core.token.RejectionReason;
import dev.multisession.core.token.StrictTokenVerifier;
import dev.multisession.core.token.TokenIssuer;
import dev.multisession.core.token.Verification;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.function.Executable;

import java.security.KeyPair;
import java.security.interfaces.ECPrivateKey;
import java.time.Duration;
import java.time.Instant;
import java.util.Date;
import java.util.Optional;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertInstanceOf;
import static org.junit.jupiter.api.Assertions.assertThrows;

/**
 * Specifies where the keys that verify tokens come from (docs/how-it-works.md: "Session token"): the issuer's own public keys
 * by default; a PEM public key (tried for every token whatever its {@code kid}) that verifies the
 * tokens of the matching private key and no others; and configuration errors, naming the key, for
 * PEM text that is not a usable public key for the configured algorithm.
 */
class VerificationKeysTest {
    private static final String ISSUER = "https://issuer.example";
    private static KeyPair rsa;
    private static KeyPair otherRsa;
    private static KeyPair ec;

    private MutableClock clock;

    @BeforeAll
    static void generateKeys() throws Exception {
        rsa = PemText.rsa();
        otherRsa = PemText.rsa();
        ec = PemText.ecP256();
    }

    @BeforeEach
    void setUp() {
        clock = MutableClock.atFixedStart();
    }

    @Test
    void usesTheIssuersOwnKeysWhenNothingElseIsConfigured() {
        MultiSessionConfig config = MultiSessionConfig.builder().issuer(ISSUER).clock(clock).build();
        SigningKeys keys = SigningKeys.generate(JWSAlgorithm.RS256);
        StrictTokenVerifier verifier = new StrictTokenVerifier(config, VerificationKeys.forConfig(config, keys));

        assertInstanceOf(Verification.Valid.class, verifier.verify(mint(config, keys)));
    }

    @Test
    void refusesToVerifyWithNoKeysAtAll() {
        MultiSessionConfig config = MultiSessionConfig.builder().issuer(ISSUER).clock(clock).build();

        assertConfigurationError(ConfigKeys.VERIFY_JWKS_URL, () -> VerificationKeys.forConfig(config, null));
    }

    @Test
    void verifiesTokensSignedByThePrivateHalfOfAnRsaPemPublicKey() throws Exception {
        StrictTokenVerifier verifier = pemVerifier(PemText.publicSpki(rsa), JWSAlgorithm.RS256);

        String token = sign(JWSAlgorithm.RS256, "any-kid", new RSASSASigner(rsa.getPrivate()));

        assertInstanceOf(Verification.Valid.class, verifier.verify(token));
    }

    @Test
    void verifiesTokensSignedByThePrivateHalfOfAnEcPemPublicKey() throws Exception {
        StrictTokenVerifier verifier = pemVerifier(PemText.publicSpki(ec), JWSAlgorithm.ES256);

        String token = sign(JWSAlgorithm.ES256, "any-kid", new ECDSASigner((ECPrivateKey) ec.getPrivate()));

        assertInstanceOf(Verification.Valid.class, verifier.verify(token));
    }

    @Test
    void verifiesTokensMintedFromTheMatchingPemPrivateKey() throws Exception {
        MultiSessionConfig issuerConfig = MultiSessionConfig.builder().issuer(ISSUER).clock(clock).build();
        SigningKeys issuerKeys = SigningKeys.fromPem(PemText.privatePkcs8(rsa), issuerConfig);
        StrictTokenVerifier verifier = pemVerifier(PemText.publicSpki(rsa), JWSAlgorithm.RS256);

        assertInstanceOf(Verification.Valid.class, verifier.verify(mint(issuerConfig, issuerKeys)));
    }

    @Test
    void verifiesWithAPkcs1RsaPublicKey() throws Exception {
        byte[] pkcs1 = PemText.innerOfSpki(rsa.getPublic().getEncoded());
        StrictTokenVerifier verifier = pemVerifier(PemText.block("RSA PUBLIC KEY", pkcs1), JWSAlgorithm.RS256);

        String token = sign(JWSAlgorithm.RS256, "any-kid", new RSASSASigner(rsa.getPrivate()));

        assertInstanceOf(Verification.Valid.class, verifier.verify(token));
    }

    @Test
    void rejectsTokensSignedByAnotherKey() throws Exception {
        StrictTokenVerifier verifier = pemVerifier(PemText.publicSpki(rsa), JWSAlgorithm.RS256);

        String token = sign(JWSAlgorithm.RS256, "any-kid", new RSASSASigner(otherRsa.getPrivate()));

        assertEquals(new Verification.Rejected(RejectionReason.BAD_SIGNATURE), verifier.verify(token));
    }

    @Test
    void refusesAPemKeyThatDoesNotFitTheAlgorithm() {
        MultiSessionConfig config = verifierConfig(PemText.publicSpki(rsa), JWSAlgorithm.ES256);

        assertConfigurationError(ConfigKeys.VERIFY_PUBLIC_KEY_PEM, () -> VerificationKeys.forConfig(config, null));
    }

    @Test
    void refusesAPrivateKeyWhereThePublicKeyBelongs() {
        MultiSessionConfig config = verifierConfig(PemText.privatePkcs8(rsa), JWSAlgorithm.RS256);

        assertConfigurationError(ConfigKeys.VERIFY_PUBLIC_KEY_PEM, () -> VerificationKeys.forConfig(config, null));
    }

    @Test
    void refusesPemTextThatIsNotAKey() {
        MultiSessionConfig config = verifierConfig("-----BEGIN PUBLIC KEY-----\nbm90IGEga2V5\n-----END PUBLIC KEY-----\n",
                JWSAlgorithm.RS256);

        assertConfigurationError(ConfigKeys.VERIFY_PUBLIC_KEY_PEM, () -> VerificationKeys.forConfig(config, null));
    }

    @Test
    void refusesTextWithoutAnyPemBlock() {
        assertConfigurationError(ConfigKeys.VERIFY_PUBLIC_KEY_PEM, () -> VerificationKeys.pem("MIIBIjANBgkqhkiG9w0BAQEFAAOCAQ8A"));
    }

    // --- helpers ---

    private MultiSessionConfig verifierConfig(String pem, JWSAlgorithm algorithm) {
        return MultiSessionConfig.builder().mode(Mode.VERIFIER).issuer(ISSUER).algorithm(algorithm)
                .publicKeyPem(pem).clock(clock).build();
    }

    private StrictTokenVerifier pemVerifier(String pem, JWSAlgorithm algorithm) {
        MultiSessionConfig config = verifierConfig(pem, algorithm);
        return new StrictTokenVerifier(config, VerificationKeys.forConfig(config, null));
    }

    private String sign(JWSAlgorithm algorithm, String kid, JWSSigner signer) throws Exception {
        Instant now = clock.instant();
        JWTClaimsSet claims = new JWTClaimsSet.Builder().issuer(ISSUER).subject("user_42")
                .claim("sid", Ids.newSessionId(clock)).claim("cid", Ids.newClientId(clock)).claim("idx", 0)
                .issueTime(Date.from(now)).notBeforeTime(Date.from(now)).expirationTime(Date.from(now.plusSeconds(60))).build();
        SignedJWT jwt = new SignedJWT(new JWSHeader.Builder(algorithm).type(JOSEObjectType.JWT).keyID(kid).build(), claims);
        jwt.sign(signer);
        return jwt.serialize();
    }

    private String mint(MultiSessionConfig config, SigningKeys keys) {
        Instant now = clock.instant();
        Session session = Session.builder().id(Ids.newSessionId(clock)).clientId(Ids.newClientId(clock))
                .user(User.of("user_42")).createdAt(now).expiresAt(now.plus(Duration.ofDays(1))).build();
        return new TokenIssuer(config, keys).mint(session, Optional.empty()).value();
    }

    private static void assertConfigurationError(String key, Executable action) {
        ConfigurationException e = assertThrows(ConfigurationException.class, action);
        assertEquals(key, e.key(), e.getMessage());
    }
}
