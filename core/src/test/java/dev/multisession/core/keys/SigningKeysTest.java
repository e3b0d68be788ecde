package dev.multisession.core.keys;

import com.nimbusds.jose.JOSEObjectType;
import com.nimbusds.jose.JWSAlgorithm;
import com.nimbusds.jose.JWSHeader;
import com.nimbusds.jose.crypto.RSASSASigner;
import com.nimbusds.jose.jwk.Curve;
import com.nimbusds.jose.jwk.JWKSet;
import com.nimbusds.jose.jwk.KeyUse;
import com.nimbusds.jose.jwk.OctetSequenceKey;
import com.nimbusds.jose.jwk.RSAKey;
import com.nimbusds.jose.jwk.gen.ECKeyGenerator;
import com.nimbusds.jose.jwk.gen.OctetSequenceKeyGenerator;
import com.nimbusds.jose.jwk.gen.RSAKeyGenerator;
import com.nimbusds.jose.util.Base64URL;
import com.nimbusds.jose.util.JSONObjectUtils;
import com.nimbusds.jwt.JWTClaimsSet;
import com.nimbusds.jwt.SignedJWT;
import dev.multisession.core.config.ConfigKeys;
import dev.multisession.core.config.ConfigSource;
import dev.multisession.core.config.ConfigurationException;
import dev.multisession.core.config.MultiSessionConfig;
import dev.multisession.core.model.Ids;
import dev.multisession.core.model.Session;
import dev.multisession.core.model.User;
import dev.multisession.core.testing.LogCapture;
import dev.multisession.core.testing.MutableClock;
import dev.multisession.core.token.StrictTokenVerifier;
import dev.multisession.core.token.TokenIssuer;
import dev.multisession.core.token.Verification;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.function.Executable;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

import java.io.ByteArrayOutputStream;
import java.math.BigInteger;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.KeyPair;
import java.security.interfaces.ECPrivateKey;
import java.security.interfaces.ECPublicKey;
import java.security.interfaces.RSAPrivateKey;
import java.time.Duration;
import java.time.Instant;
import java.util.Date;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.logging.Handler;
import java.util.logging.Level;
import java.util.logging.LogRecord;
import java.util.logging.Logger;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertInstanceOf;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * Specifies the issuer's signing keys (docs/how-it-works.md: "Issuing, refreshing, revoking"): loaded from a JWK set file, inline JWK set text
 * (e.g. the {@code MULTISESSION_KEYS_JWKS} environment variable) or a PEM file; several keys with an
 * active {@code kid} for rotation; configuration errors that name the key at fault; a generated
 * development key announced by exactly one warning that carries no key material; and a public
 * JWKS document without any private part.
 */
class SigningKeysTest {
    private static final String ISSUER = "https://app.example";
    private static RSAKey oldKey;
    private static RSAKey newKey;

    @TempDir
    Path dir;
    private MutableClock clock;

    @BeforeAll
    static void generateKeys() throws Exception {
        oldKey = new RSAKeyGenerator(2048).keyID("2025-12").keyUse(KeyUse.SIGNATURE).generate();
        newKey = new RSAKeyGenerator(2048).keyID("2026-01").keyUse(KeyUse.SIGNATURE).generate();
    }

    @BeforeEach
    void setUp() {
        clock = MutableClock.atFixedStart();
    }

    // --- where keys come from ---

    @Test
    void loadsTheSigningKeyFromAJwksFile() throws Exception {
        Path file = Files.writeString(dir.resolve("keys.json"), new JWKSet(newKey).toString(false));
        MultiSessionConfig config = base().jwksFile(file).build();

        SigningKeys keys = SigningKeys.load(config);

        assertEquals("2026-01", keys.activeKid());
        assertFalse(keys.isGenerated());
        assertMintsVerifiableTokens(config, keys);
    }

    @Test
    void loadsInlineJwksFromTheEnvironmentVariable() {
        ConfigSource environment = ConfigSource.environment(Map.of("MULTISESSION_KEYS_JWKS", new JWKSet(newKey).toString(false)));
        MultiSessionConfig config = base().from(environment).build();

        SigningKeys keys = SigningKeys.load(config);

        assertEquals("2026-01", keys.activeKid());
        assertMintsVerifiableTokens(config, keys);
    }

    @Test
    void loadsAnRsaPkcs8PemFileAndDerivesItsPublicKey() throws Exception {
        Path file = Files.writeString(dir.resolve("key.pem"), PemText.privatePkcs8(PemText.rsa()));
        MultiSessionConfig config = base().pemFile(file).build();

        SigningKeys keys = SigningKeys.load(config);

        assertFalse(keys.isGenerated());
        assertMintsVerifiableTokens(config, keys);
    }

    @Test
    void loadsAnEcPkcs8PemFileWithItsPublicKeyBlock() throws Exception {
        KeyPair pair = PemText.ecP256();
        Path file = Files.writeString(dir.resolve("key.pem"), PemText.privatePkcs8(pair) + PemText.publicSpki(pair));
        MultiSessionConfig config = base().algorithm(JWSAlgorithm.ES256).pemFile(file).build();

        SigningKeys keys = SigningKeys.load(config);

        assertEquals(JWSAlgorithm.ES256, keys.algorithm());
        assertMintsVerifiableTokens(config, keys);
    }

    @Test
    void loadsAPkcs1RsaPrivateKey() throws Exception {
        byte[] pkcs1 = PemText.innerOfPkcs8(PemText.rsa().getPrivate().getEncoded());
        MultiSessionConfig config = base().build();

        SigningKeys keys = SigningKeys.fromPem(PemText.block("RSA PRIVATE KEY", pkcs1), config);

        assertMintsVerifiableTokens(config, keys);
    }

    @Test
    void loadsASec1EcPrivateKeyThatCarriesItsPublicPoint() throws Exception {
        KeyPair pair = PemText.ecP256();
        MultiSessionConfig config = base().algorithm(JWSAlgorithm.ES256).build();

        SigningKeys keys = SigningKeys.fromPem(PemText.block("EC PRIVATE KEY", sec1WithPublicPoint(pair)), config);

        assertMintsVerifiableTokens(config, keys);
    }

    @Test
    void namesAPemKeyByTheConfiguredActiveKid() throws Exception {
        MultiSessionConfig config = base().activeKid("prod-2026").build();

        SigningKeys keys = SigningKeys.fromPem(PemText.privatePkcs8(PemText.rsa()), config);

        assertEquals("prod-2026", keys.activeKid());
    }

    @Test
    void refusesAnEcPemPrivateKeyWithoutItsPublicHalf() throws Exception {
        MultiSessionConfig config = base().algorithm(JWSAlgorithm.ES256).build();
        String pem = PemText.privatePkcs8(PemText.ecP256());

        assertConfigurationError(ConfigKeys.KEYS_PEM_FILE, () -> SigningKeys.fromPem(pem, config));
    }

    @Test
    void refusesAPemPrivateKeyWithAnotherKeysPublicHalf() throws Exception {
        MultiSessionConfig config = base().algorithm(JWSAlgorithm.ES256).build();
        String pem = PemText.privatePkcs8(PemText.ecP256()) + PemText.publicSpki(PemText.ecP256());

        assertConfigurationError(ConfigKeys.KEYS_PEM_FILE, () -> SigningKeys.fromPem(pem, config));
    }

    @Test
    void refusesAPemFileThatHoldsOnlyAPublicKey() throws Exception {
        String pem = PemText.publicSpki(PemText.rsa());

        assertConfigurationError(ConfigKeys.KEYS_PEM_FILE, () -> SigningKeys.fromPem(pem, base().build()));
    }

    @Test
    void refusesPemTextThatIsNotAKey() {
        assertConfigurationError(ConfigKeys.KEYS_PEM_FILE,
                () -> SigningKeys.fromPem("-----BEGIN PRIVATE KEY-----\nbm90IGEga2V5\n-----END PRIVATE KEY-----\n", base().build()));
    }

    @Test
    void refusesAnUnreadableJwksFile() {
        MultiSessionConfig config = base().jwksFile(dir.resolve("missing.json")).build();

        assertConfigurationError(ConfigKeys.KEYS_JWKS_FILE, () -> SigningKeys.load(config));
    }

    // --- rotation ---

    @Test
    void signsWithTheActiveKidAndStillVerifiesTokensOfTheOlderKey() throws Exception {
        MultiSessionConfig config = base().jwks(new JWKSet(List.of(oldKey, newKey)).toString(false)).activeKid("2026-01").build();
        SigningKeys keys = SigningKeys.load(config);
        StrictTokenVerifier verifier = new StrictTokenVerifier(config, VerificationKeys.own(keys));

        String minted = mint(config, keys);
        String signedByOldKey = signWith(oldKey);

        assertEquals("2026-01", SignedJWT.parse(minted).getHeader().getKeyID());
        assertInstanceOf(Verification.Valid.class, verifier.verify(minted));
        assertInstanceOf(Verification.Valid.class, verifier.verify(signedByOldKey));
    }

    @Test
    void requiresAnActiveKidWhenTheSetHoldsSeveralPrivateKeys() {
        MultiSessionConfig config = base().jwks(new JWKSet(List.of(oldKey, newKey)).toString(false)).build();

        ConfigurationException e = assertConfigurationError(ConfigKeys.KEYS_ACTIVE_KID, () -> SigningKeys.load(config));
        assertTrue(e.getMessage().contains("multisession.keys.active-kid"), e.getMessage());
    }

    @Test
    void refusesAnActiveKidThatNamesNoPrivateKey() {
        String set = new JWKSet(List.of(oldKey, newKey.toPublicJWK())).toString(false);
        MultiSessionConfig config = base().jwks(set).activeKid("2026-01").build();

        assertConfigurationError(ConfigKeys.KEYS_ACTIVE_KID, () -> SigningKeys.load(config));
    }

    // --- keys that do not fit ---

    @Test
    void refusesAnEcKeyForRs256() throws Exception {
        String set = new JWKSet(new ECKeyGenerator(Curve.P_256).keyID("ec-1").generate()).toString(false);
        MultiSessionConfig config = base().jwks(set).build();

        assertConfigurationError(ConfigKeys.KEYS_JWKS, () -> SigningKeys.load(config));
    }

    @Test
    void refusesAKeyMarkedForAnotherAlgorithm() throws Exception {
        String set = new JWKSet(new RSAKeyGenerator(2048).keyID("ps-1").algorithm(JWSAlgorithm.PS256).generate()).toString(false);
        MultiSessionConfig config = base().jwks(set).build();

        assertConfigurationError(ConfigKeys.KEYS_JWKS, () -> SigningKeys.load(config));
    }

    @Test
    void refusesAKeyMarkedForEncryption() throws Exception {
        String set = new JWKSet(new RSAKeyGenerator(2048).keyID("enc-1").keyUse(KeyUse.ENCRYPTION).generate()).toString(false);
        MultiSessionConfig config = base().jwks(set).build();

        assertConfigurationError(ConfigKeys.KEYS_JWKS, () -> SigningKeys.load(config));
    }

    @Test
    void refusesAnRsaKeyShorterThan2048Bits() throws Exception {
        String set = new JWKSet(new RSAKeyGenerator(1024, true).keyID("weak").generate()).toString(false);
        MultiSessionConfig config = base().jwks(set).build();

        assertConfigurationError(ConfigKeys.KEYS_JWKS, () -> SigningKeys.load(config));
    }

    @Test
    void refusesAPemKeyThatDoesNotFitTheAlgorithm() throws Exception {
        KeyPair ec = PemText.ecP256();
        String pem = PemText.privatePkcs8(ec) + PemText.publicSpki(ec);

        assertConfigurationError(ConfigKeys.KEYS_PEM_FILE, () -> SigningKeys.fromPem(pem, base().build()));
    }

    @Test
    void refusesAJwksWithoutAPrivateKey() {
        MultiSessionConfig config = base().jwks(new JWKSet(newKey.toPublicJWK()).toString(false)).build();

        assertConfigurationError(ConfigKeys.KEYS_JWKS, () -> SigningKeys.load(config));
    }

    @Test
    void refusesAKeyWithoutKid() throws Exception {
        MultiSessionConfig config = base().jwks(new JWKSet(new RSAKeyGenerator(2048).generate()).toString(false)).build();

        assertConfigurationError(ConfigKeys.KEYS_JWKS, () -> SigningKeys.load(config));
    }

    @Test
    void refusesTextThatIsNotAJwks() {
        MultiSessionConfig config = base().jwks("{\"keys\": \"nope\"").build();

        assertConfigurationError(ConfigKeys.KEYS_JWKS, () -> SigningKeys.load(config));
    }

    // --- the development key ---

    @Test
    void generatesADevelopmentKeyWithExactlyOneWarningThatCarriesNoKeyMaterial() throws Exception {
        MultiSessionConfig config = base().build();
        AtomicInteger warnings = new AtomicInteger();
        Handler warningCounter = new Handler() {
            @Override
            public void publish(LogRecord record) {
                if (record.getLevel() == Level.WARNING) {
                    warnings.incrementAndGet();
                }
            }

            @Override
            public void flush() {
            }

            @Override
            public void close() {
            }
        };
        SigningKeys keys;
        List<String> messages;
        Logger logger = Logger.getLogger("dev.multisession");
        try (LogCapture log = new LogCapture()) {
            logger.addHandler(warningCounter);
            keys = SigningKeys.load(config);
            messages = log.messages();
        } finally {
            logger.removeHandler(warningCounter);
        }

        assertTrue(keys.isGenerated());
        assertEquals(1, warnings.get());
        assertEquals(1, messages.size(), messages.toString());
        String warning = messages.get(0);
        assertTrue(warning.contains(ConfigKeys.KEYS_JWKS_FILE), warning);
        RSAPrivateKey privateKey = (RSAPrivateKey) ((RSASSASigner) keys.signer()).getPrivateKey();
        RSAKey publicKey = keys.publicJwkSet().getKeys().get(0).toRSAKey();
        assertFalse(warning.contains(Base64URL.encode(privateKey.getPrivateExponent()).toString().substring(0, 16)), "private exponent logged");
        assertFalse(warning.contains(publicKey.getModulus().toString().substring(0, 16)), "modulus logged");
        assertFalse(warning.contains("{"), "a JWK logged");
    }

    // --- the published key set ---

    @ParameterizedTest(name = "{0}")
    @ValueSource(strings = {"RS256", "PS256", "ES256", "EdDSA"})
    void publishesNoPrivatePartInTheJwks(String algorithm) throws Exception {
        SigningKeys keys = SigningKeys.generate(JWSAlgorithm.parse(algorithm));

        List<Object> published = JSONObjectUtils.parse(keys.publicJwksJson()).get("keys") instanceof List<?> l
                ? List.copyOf(l) : List.of();

        assertEquals(1, published.size());
        @SuppressWarnings("unchecked")
        Map<String, Object> key = (Map<String, Object>) published.get(0);
        for (String privateMember : List.of("d", "p", "q", "dp", "dq", "qi", "oth", "k")) {
            assertFalse(key.containsKey(privateMember), "\"" + privateMember + "\" published");
        }
        assertEquals(keys.activeKid(), key.get("kid"));
    }

    @Test
    void publishesEveryAsymmetricKeyOfTheSetAndNoSymmetricOne() throws Exception {
        OctetSequenceKey secret = new OctetSequenceKeyGenerator(256).keyID("hmac-1").generate();
        MultiSessionConfig config = base().jwks(new JWKSet(List.of(oldKey, newKey, secret)).toString(false))
                .activeKid("2026-01").build();

        String published = SigningKeys.load(config).publicJwksJson();
        JWKSet parsed = JWKSet.parse(published);

        assertEquals(Set.of("2025-12", "2026-01"), Set.copyOf(parsed.getKeys().stream().map(k -> k.getKeyID()).toList()));
        assertFalse(published.contains(secret.getKeyValue().toString()), "symmetric key published");
        assertFalse(published.contains("\"d\""), "private exponent published");
    }

    // --- helpers ---

    private MultiSessionConfig.Builder base() {
        return MultiSessionConfig.builder().issuer(ISSUER).clock(clock);
    }

    private String mint(MultiSessionConfig config, SigningKeys keys) {
        Instant now = clock.instant();
        Session session = Session.builder().id(Ids.newSessionId(clock)).clientId(Ids.newClientId(clock))
                .user(User.of("user_42")).createdAt(now).expiresAt(now.plus(Duration.ofDays(1))).build();
        return new TokenIssuer(config, keys).mint(session, Optional.empty()).value();
    }

    private void assertMintsVerifiableTokens(MultiSessionConfig config, SigningKeys keys) {
        Verification result = new StrictTokenVerifier(config, VerificationKeys.own(keys)).verify(mint(config, keys));

        assertInstanceOf(Verification.Valid.class, result);
    }

    /** A session token signed by {@code key} directly, as an issuer that still used it would have. */
    private String signWith(RSAKey key) throws Exception {
        Instant now = clock.instant();
        JWTClaimsSet claims = new JWTClaimsSet.Builder().issuer(ISSUER).subject("user_7")
                .claim("sid", Ids.newSessionId(clock)).claim("cid", Ids.newClientId(clock)).claim("idx", 0)
                .issueTime(Date.from(now)).notBeforeTime(Date.from(now)).expirationTime(Date.from(now.plusSeconds(60))).build();
        SignedJWT jwt = new SignedJWT(new JWSHeader.Builder(JWSAlgorithm.RS256).type(JOSEObjectType.JWT).keyID(key.getKeyID()).build(),
                claims);
        jwt.sign(new RSASSASigner(key));
        return jwt.serialize();
    }

    /** SEC1 ECPrivateKey {1, d, [0] prime256v1, [1] public point}, as 'openssl ecparam -genkey' writes it. */
    private static byte[] sec1WithPublicPoint(KeyPair pair) {
        byte[] d = unsigned32(((ECPrivateKey) pair.getPrivate()).getS());
        ECPublicKey pub = (ECPublicKey) pair.getPublic();
        ByteArrayOutputStream point = new ByteArrayOutputStream();
        point.write(0x04);
        point.writeBytes(unsigned32(pub.getW().getAffineX()));
        point.writeBytes(unsigned32(pub.getW().getAffineY()));
        ByteArrayOutputStream body = new ByteArrayOutputStream();
        body.writeBytes(new byte[] {0x02, 0x01, 0x01});
        body.writeBytes(new byte[] {0x04, 0x20});
        body.writeBytes(d);
        body.writeBytes(new byte[] {(byte) 0xA0, 0x0A, 0x06, 0x08, 0x2A, (byte) 0x86, 0x48, (byte) 0xCE, 0x3D, 0x03, 0x01, 0x07});
        body.writeBytes(new byte[] {(byte) 0xA1, 0x44, 0x03, 0x42, 0x00});
        body.writeBytes(point.toByteArray());
        ByteArrayOutputStream sec1 = new ByteArrayOutputStream();
        sec1.write(0x30);
        sec1.write(body.size());
        sec1.writeBytes(body.toByteArray());
        return sec1.toByteArray();
    }

    private static byte[] unsigned32(BigInteger value) {
        byte[] raw = value.toByteArray();
        byte[] out = new byte[32];
        int copy = Math.min(raw.length, 32);
        System.arraycopy(raw, raw.length - copy, out, 32 - copy, copy);
        return out;
    }

    private static ConfigurationException assertConfigurationError(String key, Executable action) {
        ConfigurationException e = assertThrows(ConfigurationException.class, action);
        assertEquals(key, e.key(), e.getMessage());
        return e;
    }
}
