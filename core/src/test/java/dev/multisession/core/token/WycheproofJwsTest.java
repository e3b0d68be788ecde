package dev.multisession.core.token;

import com.nimbusds.jose.JWSAlgorithm;
import com.nimbusds.jose.jwk.JWK;
import com.nimbusds.jose.jwk.JWKSet;
import com.nimbusds.jose.jwk.source.ImmutableJWKSet;
import com.nimbusds.jose.util.Base64URL;
import com.nimbusds.jose.util.JSONObjectUtils;
import dev.multisession.core.config.MultiSessionConfig;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;

import java.io.IOException;
import java.io.InputStream;
import java.math.BigInteger;
import java.nio.charset.StandardCharsets;
import java.security.interfaces.RSAPublicKey;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.stream.Stream;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertInstanceOf;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * Wycheproof's JSON Web Signature vectors (C2SP/wycheproof, {@code testvectors_v1/json_web_signature_test.json},
 * Apache-2.0; the subset and its commit are named in {@code wycheproof/jws-es256-rs256.json}) run against the
 * strict verifier holding exactly the group's public key. Invalid vectors must be rejected. The valid ones sign
 * the payload {@code foo}, not a claims set, so they are rejected too, but only after their signature verified:
 * as malformed payloads, while the same token with one signature character changed is a bad signature.
 */
class WycheproofJwsTest {
    private static final String RESOURCE = "/wycheproof/jws-es256-rs256.json";

    record Vector(String group, int tcId, String comment, String jws, boolean valid, List<String> flags, JWK publicKey) {
        @Override
        public String toString() {
            return "tcId " + tcId + " " + group + " " + comment;
        }
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("invalidVectors")
    void invalidVectorsAreRejected(Vector v) {
        assertInstanceOf(Verification.Rejected.class, verifierFor(v).verify(v.jws()));
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("validVectors")
    void validVectorsPassTheSignatureCheckAndFailOnlyOnTheirNonClaimsPayload(Vector v) {
        StrictTokenVerifier verifier = verifierFor(v);
        String jws = v.jws();
        int last = jws.length() - 2; // not the final character, whose low bits may be unused
        String tampered = jws.substring(0, last) + (jws.charAt(last) == 'A' ? 'B' : 'A') + jws.substring(last + 1);

        assertEquals(new Verification.Rejected(RejectionReason.MALFORMED), verifier.verify(jws));
        assertEquals(new Verification.Rejected(RejectionReason.BAD_SIGNATURE), verifier.verify(tampered));
    }

    @Test
    void theImportedSubsetIsComplete() throws Exception {
        List<Vector> all = vectors();
        assertEquals(83, all.size());
        assertEquals(2, all.stream().filter(Vector::valid).count());
        assertEquals(55, modifiedPaddingVectors().count());
        assertTrue(all.stream().anyMatch(v -> v.tcId() == 32), "the embedded-jwk vector is present");
    }

    /**
     * The copied ModifiedPadding vectors are the source's: each signature, raised to the public
     * exponent, is a PKCS#1 v1.5 signature block ({@code 00 01 FF FF ...}) whose digest part
     * Wycheproof altered. A character lost or changed in copying would decode to random bytes,
     * and the vector would test nothing while its rejection still passed.
     */
    @ParameterizedTest(name = "{0}")
    @MethodSource("modifiedPaddingVectors")
    void modifiedPaddingVectorsAreGenuineSignaturesOverAlteredBlocks(Vector v) throws Exception {
        RSAPublicKey key = v.publicKey().toRSAKey().toRSAPublicKey();
        BigInteger signature = new BigInteger(1, new Base64URL(v.jws().split("\\.")[2]).decode());
        byte[] block = signature.modPow(key.getPublicExponent(), key.getModulus()).toByteArray();

        // toByteArray drops the leading 00 byte: the block starts 01 FF FF ... of a 256-byte modulus
        assertEquals(255, block.length);
        assertEquals(1, block[0]);
        for (int i = 1; i < 8; i++) {
            assertEquals((byte) 0xFF, block[i], "padding byte " + i);
        }
    }

    static Stream<Arguments> invalidVectors() throws Exception {
        return vectors().stream().filter(v -> !v.valid()).map(Arguments::of);
    }

    static Stream<Arguments> modifiedPaddingVectors() throws Exception {
        return vectors().stream().filter(v -> v.flags().contains("ModifiedPadding")).map(Arguments::of);
    }

    static Stream<Arguments> validVectors() throws Exception {
        return vectors().stream().filter(Vector::valid).map(Arguments::of);
    }

    private static StrictTokenVerifier verifierFor(Vector v) {
        MultiSessionConfig config = MultiSessionConfig.builder().issuer(Forge.ISSUER)
                .algorithm(JWSAlgorithm.parse(v.publicKey().getAlgorithm().getName())).build();
        return new StrictTokenVerifier(config, new ImmutableJWKSet<>(new JWKSet(v.publicKey())));
    }

    @SuppressWarnings("unchecked")
    private static List<Vector> vectors() throws Exception {
        Map<String, Object> doc;
        try (InputStream in = WycheproofJwsTest.class.getResourceAsStream(RESOURCE)) {
            if (in == null) {
                throw new IOException(RESOURCE + " is missing from the test resources");
            }
            doc = JSONObjectUtils.parse(new String(in.readAllBytes(), StandardCharsets.UTF_8));
        }
        List<Vector> out = new ArrayList<>();
        for (Object g : (List<Object>) doc.get("testGroups")) {
            Map<String, Object> group = (Map<String, Object>) g;
            JWK key = JWK.parse((Map<String, Object>) group.get("public"));
            for (Object t : (List<Object>) group.get("tests")) {
                Map<String, Object> test = (Map<String, Object>) t;
                out.add(new Vector((String) group.get("comment"), ((Number) test.get("tcId")).intValue(),
                        (String) test.get("comment"), (String) test.get("jws"), "valid".equals(test.get("result")),
                        List.copyOf((List<String>) test.get("flags")), key));
            }
        }
        return out;
    }
}
