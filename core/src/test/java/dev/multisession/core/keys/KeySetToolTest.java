package dev.multisession.core.keys;

import com.nimbusds.jose.JWSAlgorithm;
import com.nimbusds.jose.JWSHeader;
import com.nimbusds.jose.JWSObject;
import com.nimbusds.jose.Payload;
import com.nimbusds.jose.crypto.RSASSAVerifier;
import com.nimbusds.jose.jwk.JWK;
import com.nimbusds.jose.jwk.JWKSet;
import dev.multisession.core.config.ConfigKeys;
import dev.multisession.core.config.MultiSessionConfig;
import dev.multisession.core.engine.MultiSession;
import dev.multisession.core.model.User;
import dev.multisession.core.testing.CookieJar;
import dev.multisession.core.token.Verification;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.util.Optional;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

class KeySetToolTest {
    @TempDir
    Path dir;
    private final ByteArrayOutputStream out = new ByteArrayOutputStream();
    private final ByteArrayOutputStream err = new ByteArrayOutputStream();

    private int run(String... args) {
        return KeySetTool.run(args, new PrintStream(out, true, StandardCharsets.UTF_8),
                new PrintStream(err, true, StandardCharsets.UTF_8));
    }

    private static SigningKeys load(Path file, String algorithm) throws Exception {
        MultiSessionConfig config = MultiSessionConfig.builder()
                .set(ConfigKeys.TOKEN_ALGORITHM, algorithm).build();
        return SigningKeys.fromJwks(Files.readString(file), ConfigKeys.KEYS_JWKS_FILE, config);
    }

    @Test
    void generateWritesAKeySetTheLibraryLoadsAndSignsWith() throws Exception {
        Path file = dir.resolve("keys.json");
        assertEquals(0, run("generate", file.toString()), err.toString());
        SigningKeys keys = load(file, "RS256");
        assertEquals(JWSAlgorithm.RS256, keys.algorithm());
        assertTrue(out.toString().contains(keys.activeKid()), "the output names the kid: " + out);
    }

    @Test
    void generateMakesAnEs256KeyWhenAsked() throws Exception {
        Path file = dir.resolve("keys.json");
        assertEquals(0, run("generate", file.toString(), "ES256"), err.toString());
        assertEquals(JWSAlgorithm.ES256, load(file, "ES256").algorithm());
        assertTrue(out.toString().contains("multisession.token.algorithm=ES256"), out.toString());
    }

    @Test
    void theKeyFileIsReadableByItsOwnerOnly() throws Exception {
        Path file = dir.resolve("keys.json");
        run("generate", file.toString());
        assertEquals("rw-------", PosixFilePermissions.toString(Files.getPosixFilePermissions(file)));
    }

    @Test
    void nothingPrintedHoldsKeyMaterial() throws Exception {
        Path file = dir.resolve("keys.json");
        run("generate", file.toString());
        run("rotate", file.toString());
        JWK key = JWKSet.parse(Files.readString(file)).getKeys().get(0);
        String printed = out + err.toString();
        assertFalse(printed.contains(key.toRSAKey().getPrivateExponent().toString()), printed);
        assertFalse(printed.contains(key.toRSAKey().getModulus().toString()), printed);
    }

    @Test
    void generateNeverOverwritesAFile() throws Exception {
        Path file = dir.resolve("keys.json");
        Files.writeString(file, "precious");
        assertEquals(1, run("generate", file.toString()));
        assertEquals("precious", Files.readString(file));
        assertTrue(err.toString().contains("rotate"), "the error says what to do instead: " + err);
    }

    @Test
    void rotateAddsANewSigningKeyAndKeepsTheOldOneForVerificationOnly() throws Exception {
        Path file = dir.resolve("keys.json");
        run("generate", file.toString());
        SigningKeys before = load(file, "RS256");
        JWSObject oldToken = new JWSObject(new JWSHeader.Builder(JWSAlgorithm.RS256).keyID(before.activeKid()).build(),
                new Payload("{\"sub\":\"alice\"}"));
        oldToken.sign(before.signer());

        assertEquals(0, run("rotate", file.toString()), err.toString());

        SigningKeys after = load(file, "RS256");               // no active-kid needed: one private key
        assertNotEquals(before.activeKid(), after.activeKid(), "a new key signs");
        JWKSet set = JWKSet.parse(Files.readString(file));
        JWK old = set.getKeyByKeyId(before.activeKid());
        assertFalse(old.isPrivate(), "the old key is kept without its private part");
        assertTrue(oldToken.verify(new RSASSAVerifier(old.toRSAKey())), "tokens the old key signed still verify");
        assertEquals(2, set.getKeys().size());
    }

    @Test
    void rotateRefusesASetWithSeveralPrivateKeysAndChangesNothing() throws Exception {
        Path file = dir.resolve("keys.json");
        JWK a = SigningKeys.generate(JWSAlgorithm.RS256).privateActiveKey();
        JWK b = SigningKeys.generate(JWSAlgorithm.RS256).privateActiveKey();
        String content = new JWKSet(java.util.List.of(a, b)).toString(false);
        Files.writeString(file, content);
        assertEquals(1, run("rotate", file.toString()));
        assertEquals(content, Files.readString(file));
        assertTrue(err.toString().contains("2 private keys"), err.toString());
    }

    @Test
    void rotateOfAMissingOrMalformedFileSaysWhatIsWrong() throws Exception {
        assertEquals(1, run("rotate", dir.resolve("none.json").toString()));
        assertTrue(err.toString().contains("generate"), err.toString());
        Path junk = dir.resolve("junk.json");
        Files.writeString(junk, "{not json");
        assertEquals(1, run("rotate", junk.toString()));
        assertTrue(err.toString().contains("not a JWK set"), err.toString());
    }

    @Test
    void aWrongCommandOrAlgorithmIsAUsageError() {
        assertEquals(2, run());
        assertEquals(2, run("delete", "x"));
        assertEquals(2, run("generate", dir.resolve("k.json").toString(), "HS256"));
        assertTrue(err.toString().contains("RS256, PS256, ES256"), err.toString());
        assertFalse(Files.exists(dir.resolve("k.json")));
    }

    // ------------------------------------------------------------------ two-step rotation (several nodes)

    /** A node started with the key set as {@code file} holds it now. */
    private static MultiSession node(Path file) throws Exception {
        MultiSessionConfig config = MultiSessionConfig.builder().set(ConfigKeys.ISSUER, "https://app.example")
                .set(ConfigKeys.KEYS_JWKS, Files.readString(file)).build();
        return MultiSession.create(config);
    }

    private static String tokenFrom(MultiSession node) {
        return node.signIn(new CookieJar(true).request("/login").method("POST").build(), User.of("alice"), Optional.empty())
                .token();
    }

    private static boolean accepts(MultiSession node, String token) {
        return node.verify(token) instanceof Verification.Valid;
    }

    private Path copyOf(Path file, String name) throws Exception {
        return Files.copy(file, dir.resolve(name));
    }

    @Test
    void prepareKeepsTheSigningKeyAndPublishesTheNextOneForVerification() throws Exception {
        Path file = dir.resolve("keys.json");
        run("generate", file.toString());
        String signing = load(file, "RS256").activeKid();

        assertEquals(0, run("prepare", file.toString()), err.toString());

        assertEquals(signing, load(file, "RS256").activeKid(), "the current key still signs");
        JWKSet set = JWKSet.parse(Files.readString(file));
        assertEquals(2, set.getKeys().size());
        Path next = dir.resolve("keys.json.next");
        JWK prepared = JWKSet.parse(Files.readString(next)).getKeys().get(0);
        assertTrue(prepared.isPrivate());
        assertFalse(set.getKeyByKeyId(prepared.getKeyID()).isPrivate(), "the set publishes only its public part");
        assertEquals("rw-------", PosixFilePermissions.toString(Files.getPosixFilePermissions(next)));
    }

    @Test
    void aRollingTwoStepRotationNeverRefusesATokenOfAnotherNode() throws Exception {
        Path file = dir.resolve("keys.json");
        run("generate", file.toString());
        MultiSession notYetRestarted = node(copyOf(file, "original.json"));
        run("prepare", file.toString());
        MultiSession prepared = node(copyOf(file, "prepared.json"));
        // step 1, rolling: nodes on the original set and on the prepared one accept each other's tokens
        assertTrue(accepts(prepared, tokenFrom(notYetRestarted)));
        assertTrue(accepts(notYetRestarted, tokenFrom(prepared)));

        assertEquals(0, run("activate", file.toString()), err.toString());
        MultiSession activated = node(file);
        // step 2, rolling: a node restarted with the activated set signs with the new key, which the others know
        assertNotEquals(load(dir.resolve("prepared.json"), "RS256").activeKid(), load(file, "RS256").activeKid());
        assertTrue(accepts(prepared, tokenFrom(activated)));
        assertTrue(accepts(activated, tokenFrom(prepared)));
        assertFalse(Files.exists(dir.resolve("keys.json.next")), "the prepared private key leaves its own file");
    }

    @Test
    void aOneStepRotationOnSeveralNodesWouldRefuseTheRestartedNodesTokens() throws Exception {
        Path file = dir.resolve("keys.json");
        run("generate", file.toString());
        MultiSession notYetRestarted = node(copyOf(file, "original.json"));
        run("rotate", file.toString());
        MultiSession restarted = node(file);

        assertFalse(accepts(notYetRestarted, tokenFrom(restarted)), "why several nodes need prepare and activate");
        assertTrue(accepts(restarted, tokenFrom(notYetRestarted)));
    }

    @Test
    void retireDropsTheKeysThatOnlyVerify() throws Exception {
        Path file = dir.resolve("keys.json");
        run("generate", file.toString());
        String first = load(file, "RS256").activeKid();
        run("prepare", file.toString());
        run("activate", file.toString());
        String second = load(file, "RS256").activeKid();

        assertEquals(0, run("retire", file.toString()), err.toString());

        JWKSet set = JWKSet.parse(Files.readString(file));
        assertEquals(1, set.getKeys().size());
        assertEquals(second, set.getKeys().get(0).getKeyID());
        assertTrue(set.getKeyByKeyId(first) == null);
    }

    @Test
    void prepareTwiceRefusesAndChangesNothing() throws Exception {
        Path file = dir.resolve("keys.json");
        run("generate", file.toString());
        run("prepare", file.toString());
        String before = Files.readString(file);
        String next = Files.readString(dir.resolve("keys.json.next"));

        assertEquals(1, run("prepare", file.toString()));

        assertEquals(before, Files.readString(file));
        assertEquals(next, Files.readString(dir.resolve("keys.json.next")));
        assertTrue(err.toString().contains("activate"), err.toString());
    }

    @Test
    void activateWithNothingPreparedSaysToPrepare() throws Exception {
        Path file = dir.resolve("keys.json");
        run("generate", file.toString());
        String before = Files.readString(file);

        assertEquals(1, run("activate", file.toString()));

        assertEquals(before, Files.readString(file));
        assertTrue(err.toString().contains("prepare"), err.toString());
    }

    @Test
    void activateRefusesAPreparedKeyTheSetDoesNotPublish() throws Exception {
        Path file = dir.resolve("keys.json");
        run("generate", file.toString());
        Path original = copyOf(file, "original.json");
        run("prepare", file.toString());
        Files.copy(original, file, java.nio.file.StandardCopyOption.REPLACE_EXISTING); // the published part lost

        assertEquals(1, run("activate", file.toString()));

        assertEquals(Files.readString(original), Files.readString(file));
        assertTrue(err.toString().contains("does not publish"), err.toString());
    }

    @Test
    void retireWhileAKeyIsPreparedRefuses() throws Exception {
        Path file = dir.resolve("keys.json");
        run("generate", file.toString());
        run("prepare", file.toString());
        String before = Files.readString(file);

        assertEquals(1, run("retire", file.toString()));

        assertEquals(before, Files.readString(file));
    }

    @Test
    void theTwoStepsPrintNoKeyMaterial() throws Exception {
        Path file = dir.resolve("keys.json");
        run("generate", file.toString());
        run("prepare", file.toString());
        JWK prepared = JWKSet.parse(Files.readString(dir.resolve("keys.json.next"))).getKeys().get(0);
        run("activate", file.toString());
        run("retire", file.toString());
        String printed = out + err.toString();
        assertFalse(printed.contains(prepared.toRSAKey().getPrivateExponent().toString()), printed);
        assertFalse(printed.contains(prepared.toRSAKey().getModulus().toString()), printed);
    }
}
