package dev.multisession.core.fuzz;

import com.code_intelligence.jazzer.api.FuzzedDataProvider;
import com.code_intelligence.jazzer.junit.FuzzTest;
import com.nimbusds.jose.JOSEException;
import com.nimbusds.jose.JWSAlgorithm;
import com.nimbusds.jose.JWSHeader;
import com.nimbusds.jose.util.Base64URL;
import dev.multisession.core.config.MultiSessionConfig;
import dev.multisession.core.keys.SigningKeys;
import dev.multisession.core.keys.VerificationKeys;
import dev.multisession.core.model.Ids;
import dev.multisession.core.testing.MutableClock;
import dev.multisession.core.token.StrictTokenVerifier;
import dev.multisession.core.token.TokenForm;
import dev.multisession.core.token.Verification;

import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.logging.Handler;
import java.util.logging.Level;
import java.util.logging.LogRecord;
import java.util.logging.Logger;
import java.util.regex.Pattern;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assertions.fail;

/**
 * Coverage-guided fuzzing of the token pre-checks and of {@link StrictTokenVerifier#verify}:
 * {@link TokenForm#isCompactJws} agrees with the regular expression of docs/how-it-works.md: "Session token" and the length
 * cap on every input; {@code verify} never throws — and never even reaches its defensive catch of
 * an unexpected {@link RuntimeException}, which it logs, so a parser bug shows up here instead of
 * hiding behind a {@code token_malformed}; and it never accepts a token that was not signed by the
 * issuer's key. Inputs are raw strings, fuzzed header and payload JSON under a random signature, and
 * fuzzed header and payload JSON signed for real with the issuer's key (so the claim checks are
 * reached); a token accepted from the last kind must carry sound claims.
 */
class TokenPreChecksFuzzTest {
    private static final int MAX = 4096;
    private static final Pattern COMPACT = Pattern.compile("^[A-Za-z0-9_-]+\\.[A-Za-z0-9_-]+\\.[A-Za-z0-9_-]+$");
    private static final String ISSUER = "https://app.example";
    private static final SigningKeys KEYS = SigningKeys.generate(JWSAlgorithm.ES256);
    private static final MutableClock CLOCK = MutableClock.atFixedStart();
    private static final StrictTokenVerifier VERIFIER = new StrictTokenVerifier(
            MultiSessionConfig.builder().issuer(ISSUER).algorithm(JWSAlgorithm.ES256).clock(CLOCK).build(),
            VerificationKeys.own(KEYS));
    private static final List<String> UNEXPECTED = new CopyOnWriteArrayList<>();

    static {
        Logger logger = Logger.getLogger(StrictTokenVerifier.class.getName());
        logger.setLevel(Level.ALL);
        logger.addHandler(new Handler() {
            @Override
            public void publish(LogRecord r) {
                if (r.getMessage() != null && r.getMessage().contains("unexpected")) {
                    UNEXPECTED.add(r.getMessage());
                }
            }

            @Override
            public void flush() {
            }

            @Override
            public void close() {
            }
        });
    }

    @FuzzTest
    void preChecksAgreeWithTheGrammarAndVerifyNeverThrowsNorAcceptsAForgery(FuzzedDataProvider data) {
        int mode = data.consumeInt(0, 2);
        String token;
        if (mode == 0) {
            token = data.consumeRemainingAsString();
        } else {
            String header = data.consumeBoolean() ? "{\"alg\":\"ES256\",\"kid\":\"" + KEYS.activeKid() + "\"" + data.consumeString(200)
                    : data.consumeString(300);
            String payload = data.consumeRemainingAsString();
            String input = b64(header) + "." + b64(payload);
            token = input + "." + (mode == 1 ? b64(payload) : sign(input));
        }
        boolean compact = TokenForm.isCompactJws(token, MAX);
        assertEquals(token.length() <= MAX && COMPACT.matcher(token).matches(), compact, "isCompactJws disagrees with the compact form of docs/how-it-works.md, Session token");

        UNEXPECTED.clear();
        Verification v = VERIFIER.verify(token);
        assertNotNull(v);
        if (!UNEXPECTED.isEmpty()) {
            fail("verify swallowed an unexpected exception: " + UNEXPECTED.get(0));
        }
        if (!compact) {
            assertTrue(v instanceof Verification.Rejected, "a token failing the pre-checks got past them");
        }
        if (v instanceof Verification.Valid valid) {
            assertEquals(2, mode, "accepted a token the issuer never signed");
            assertEquals(ISSUER, valid.claims().issuer());
            assertFalse(valid.claims().userId().isBlank());
            assertTrue(Ids.isSessionId(valid.claims().sessionId()));
            assertTrue(valid.claims().expiresAt().isAfter(CLOCK.instant().minusSeconds(6)));
        }
    }

    private static String b64(String s) {
        return Base64URL.encode(s.getBytes(StandardCharsets.UTF_8)).toString();
    }

    private static String sign(String signingInput) {
        try {
            return KEYS.signer().sign(new JWSHeader(JWSAlgorithm.ES256), signingInput.getBytes(StandardCharsets.US_ASCII)).toString();
        } catch (JOSEException e) {
            throw new IllegalStateException(e);
        }
    }
}
