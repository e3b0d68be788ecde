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
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;

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
}
