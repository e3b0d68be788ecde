package dev.multisession.servlet.adversarial;

import com.nimbusds.jose.JOSEException;
import com.nimbusds.jose.JWSAlgorithm;
import com.nimbusds.jose.JWSHeader;
import com.nimbusds.jose.crypto.MACSigner;
import com.nimbusds.jose.jwk.RSAKey;
import com.nimbusds.jose.util.Base64URL;
import com.nimbusds.jwt.JWTClaimsSet;
import com.sun.net.httpserver.HttpServer;
import dev.multisession.servlet.testing.TestApp;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

import java.net.InetSocketAddress;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.util.Base64;
import java.util.concurrent.atomic.AtomicInteger;

import static dev.multisession.servlet.adversarial.Attack.assertAccepted;
import static dev.multisession.servlet.adversarial.Attack.assertRejected;
import static dev.multisession.servlet.adversarial.Attack.attackerSigned;
import static dev.multisession.servlet.adversarial.Attack.claims;
import static dev.multisession.servlet.adversarial.Attack.header;
import static dev.multisession.servlet.adversarial.Attack.issuerSigned;
import static dev.multisession.servlet.adversarial.Attack.record;
import static dev.multisession.servlet.adversarial.Attack.segment;
import static dev.multisession.servlet.adversarial.Attack.withRawHeader;
import static org.junit.jupiter.api.Assertions.assertEquals;

/**
 * Signature and algorithm attacks over HTTP (issue 6): every forged token is presented as a
 * bearer token to embedded Jetty and must come back 401 with its reason code, nothing injected,
 * one log line, never a 500. The verifier's unit tests pin the same reasons without HTTP.
 */
@ExtendWith(SuiteLogCheck.class)
class SignatureAttacksHttpTest {
    /** The app under attack; {@link ClerkSignatureAttacksHttpTest} puts a clerk-profile app here. */
    static TestApp app;
    private static HttpServer attackerServer;
    private static final AtomicInteger ATTACKER_HITS = new AtomicInteger();

    @BeforeAll
    static void start() throws Exception {
        startAttackerServer();
        app = Attack.app();
    }

    /** The attacker's server, which a jku or x5u header would make the verifier fetch from. */
    static void startAttackerServer() throws Exception {
        attackerServer = HttpServer.create(new InetSocketAddress("127.0.0.1", 0), 0);
        attackerServer.createContext("/", exchange -> {
            ATTACKER_HITS.incrementAndGet();
            byte[] body = ("{\"keys\":[" + Attack.ATTACKER.toPublicJWK().toJSONString() + "]}").getBytes(StandardCharsets.UTF_8);
            exchange.sendResponseHeaders(200, body.length);
            exchange.getResponseBody().write(body);
            exchange.close();
        });
        attackerServer.start();
    }

    @AfterAll
    static void stop() throws Exception {
        app.close();
        attackerServer.stop(0);
    }

    private static String attackerUrl(String path) {
        return "http://127.0.0.1:" + attackerServer.getAddress().getPort() + path;
    }

    private static JWTClaimsSet mallory() {
        return claims(app.clock(), "mallory").build();
    }

    @Test
    void controlAnAuthenticTokenFromTheSameHelpersIsAccepted() {
        assertAccepted(app, issuerSigned(header().build(), mallory()), "mallory");
    }

    @ParameterizedTest(name = "alg {0}")
    @ValueSource(strings = {"none", "None", "NONE", "nOnE", "NoNe"})
    void algNoneInAnyCasingIsRefused(String alg) {
        String token = record(segment("{\"alg\":\"" + alg + "\",\"typ\":\"JWT\"}") + "." + segment(mallory().toString()) + ".AA");
        assertRejected(app, token, "token_algorithm_not_allowed");
    }

    @Test
    void algNoneWithAnEmptySignatureIsRefusedAsMalformed() {
        String token = record(segment("{\"alg\":\"none\"}") + "." + segment(mallory().toString()) + ".");
        assertRejected(app, token, "token_malformed");
    }

    @ParameterizedTest(name = "HS256 keyed with the RSA public key as {0}")
    @ValueSource(strings = {"DER", "PEM", "JWK JSON", "modulus"})
    void hs256KeyedWithTheIssuersPublicKeyIsRefused(String form) throws Exception {
        RSAKey pub = (RSAKey) TestApp.KEYS.publicJwkSet().getKeys().get(0);
        byte[] der = pub.toRSAPublicKey().getEncoded();
        byte[] secret = switch (form) {
            case "DER" -> der;
            case "PEM" -> ("-----BEGIN PUBLIC KEY-----\n" + Base64.getMimeEncoder(64, "\n".getBytes(StandardCharsets.US_ASCII))
                    .encodeToString(der) + "\n-----END PUBLIC KEY-----\n").getBytes(StandardCharsets.US_ASCII);
            case "JWK JSON" -> pub.toJSONString().getBytes(StandardCharsets.UTF_8);
            default -> pub.getModulus().decode();
        };
        String token = Attack.sign(new JWSHeader.Builder(JWSAlgorithm.HS256).keyID(TestApp.KEYS.activeKid()).build(),
                mallory().toString(), new MACSigner(secret));
        assertRejected(app, token, "token_algorithm_not_allowed");
    }

    @Test
    void embeddedJwkOfTheAttackerIsRefused() {
        String token = attackerSigned(header().jwk(Attack.ATTACKER.toPublicJWK()).build(), mallory());
        assertRejected(app, token, "token_header_not_allowed");
    }

    @Test
    void jkuHeaderIsRefusedWithoutAnyRequestToTheUrl() {
        int before = ATTACKER_HITS.get();
        String token = attackerSigned(header().jwkURL(URI.create(attackerUrl("/jwks.json"))).build(), mallory());
        assertRejected(app, token, "token_header_not_allowed");
        assertEquals(before, ATTACKER_HITS.get(), "the verifier fetched the attacker's jku");
    }

    @Test
    void x5uHeaderIsRefusedWithoutAnyRequestToTheUrl() {
        int before = ATTACKER_HITS.get();
        String token = attackerSigned(header().x509CertURL(URI.create(attackerUrl("/cert.pem"))).build(), mallory());
        assertRejected(app, token, "token_header_not_allowed");
        assertEquals(before, ATTACKER_HITS.get(), "the verifier fetched the attacker's x5u");
    }

    @Test
    void x5cHeaderIsRefused() {
        String token = attackerSigned(header().x509CertChain(java.util.List.of(com.nimbusds.jose.util.Base64.encode(new byte[] {1, 2, 3})))
                .build(), mallory());
        assertRejected(app, token, "token_header_not_allowed");
    }

    @ParameterizedTest(name = "kid {0}")
    @ValueSource(strings = {"../../../../../../etc/passwd", "..\\..\\windows\\win.ini", "/dev/zero", "file:///etc/passwd",
            "' OR '1'='1", "1; DROP TABLE keys; --", "kid\r\nX-Injected: 1", "kid\u0000null", "${jndi:ldap://127.0.0.1/a}", ""})
    void hostileKidSignedByTheAttackerIsAnUnknownKey(String kid) {
        String token = attackerSigned(header().keyID(kid).build(), mallory());
        assertRejected(app, token, "token_unknown_key");
    }

    @Test
    void tenKilobyteKidIsRefusedBeforeDecoding() throws Exception {
        try (TestApp big = TestApp.builder().requestHeaderSize(64 * 1024)
                .param(dev.multisession.servlet.ServletSettings.ROUTES, "/api/* => signed-in").start()) {
            String token = attackerSigned(header().keyID("k".repeat(10 * 1024)).build(), claims(big.clock(), "mallory").build());
            assertRejected(big, token, "token_oversize");
        }
    }

    @Test
    void issuersKidSignedByTheAttackersKeyIsABadSignature() {
        assertRejected(app, attackerSigned(header().build(), mallory()), "token_bad_signature");
    }

    @ParameterizedTest(name = "ES256 {0}")
    @ValueSource(strings = {"zero", "r=s=n", "all-ones"})
    void es256PsychicSignaturesAreRefusedByTheRs256App(String which) {
        byte[] sig = new byte[64];
        if (which.equals("r=s=n")) {
            byte[] n = java.util.HexFormat.of().parseHex("FFFFFFFF00000000FFFFFFFFFFFFFFFFBCE6FAADA7179E84F3B9CAC2FC632551");
            System.arraycopy(n, 0, sig, 0, 32);
            System.arraycopy(n, 0, sig, 32, 32);
        } else if (which.equals("all-ones")) {
            java.util.Arrays.fill(sig, (byte) 0xFF);
        }
        String token = record(segment("{\"alg\":\"ES256\",\"kid\":\"" + TestApp.KEYS.activeKid() + "\"}") + "."
                + segment(mallory().toString()) + "." + Base64URL.encode(sig));
        assertRejected(app, token, "token_algorithm_not_allowed");
    }

    @ParameterizedTest(name = "crit {0}")
    @ValueSource(strings = {"[\"exp\"]", "[\"b64\"]", "[\"x-unknown\"]", "[]"})
    void critHeaderIsRefusedEvenWhenIssuerSigned(String crit) {
        String token = withRawHeader("{\"alg\":\"RS256\",\"kid\":\"" + TestApp.KEYS.activeKid() + "\",\"crit\":" + crit
                + ",\"b64\":true,\"x-unknown\":1,\"exp\":1}", mallory().toString());
        assertRejected(app, token, "token_header_not_allowed");
    }

    @ParameterizedTest(name = "JWE header {0}")
    @ValueSource(strings = {"{\"alg\":\"RSA-OAEP-256\",\"enc\":\"A256GCM\"}", "{\"alg\":\"dir\",\"enc\":\"A128CBC-HS256\"}",
            "{\"alg\":\"ECDH-ES\",\"enc\":\"A256GCM\",\"cty\":\"JWT\"}"})
    void jweHeaderInThreeSegmentsIsRefused(String jweHeader) {
        assertRejected(app, withRawHeader(jweHeader, mallory().toString()), "token_algorithm_not_allowed");
    }

    @Test
    void fiveSegmentJweIsRefusedAsMalformed() {
        String token = record(segment("{\"alg\":\"RSA-OAEP-256\",\"enc\":\"A256GCM\"}") + ".AAAAAAAAAAAA.AAAAAAAAAAAAAAAA."
                + segment(mallory().toString()) + ".AAAAAAAAAAAAAAAAAAAAAA");
        assertRejected(app, token, "token_malformed");
    }

    @ParameterizedTest(name = "{0}")
    @ValueSource(strings = {"general", "flattened"})
    void jsonSerializationIsRefusedAsMalformed(String kind) {
        String[] p = issuerSigned(header().build(), mallory()).split("\\.");
        String json = kind.equals("general")
                ? "{\"payload\":\"" + p[1] + "\",\"signatures\":[{\"protected\":\"" + p[0] + "\",\"signature\":\"" + p[2] + "\"}]}"
                : "{\"payload\":\"" + p[1] + "\",\"protected\":\"" + p[0] + "\",\"signature\":\"" + p[2] + "\"}";
        assertRejected(app, record(json), "token_malformed");
    }

    @ParameterizedTest(name = "{0}")
    @ValueSource(strings = {"extra segment", "empty extra segment", "two extra segments", "detached payload", "padded"})
    void authenticTokenWithAlteredSegmentsIsRefusedAsMalformed(String how) {
        String t = issuerSigned(header().build(), mallory());
        String[] p = t.split("\\.");
        String token = switch (how) {
            case "extra segment" -> t + ".AAAA";
            case "empty extra segment" -> t + ".";
            case "two extra segments" -> t + ".AAAA.BBBB";
            case "detached payload" -> p[0] + ".." + p[2];
            default -> p[0] + "." + p[1] + "==." + p[2];
        };
        assertRejected(app, record(token), "token_malformed");
    }

    @Test
    void rs256TokenUnderAnotherAlgorithmOfTheSameFamilyIsRefused() throws JOSEException {
        String token = Attack.sign(new JWSHeader.Builder(JWSAlgorithm.PS256).keyID(TestApp.KEYS.activeKid()).build(),
                mallory().toString(), new com.nimbusds.jose.crypto.RSASSASigner(Attack.ATTACKER));
        assertRejected(app, token, "token_algorithm_not_allowed");
    }
}
