package dev.multisession.core.token;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

import java.util.Base64;
import java.util.Random;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * Specifies the decoding of a token's segments: every canonical base64url text (what any encoder
 * writes, without padding) decodes to its bytes, read in place between two positions of the token;
 * every other spelling of the same bytes, every impossible length and every character outside the
 * alphabet is refused.
 */
class CanonicalBase64UrlTest {
    private static final String ALPHABET = "ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789-_";

    @Test
    void decodesWhatTheJdkEncoderWritesForEveryLengthUpTo300Bytes() {
        Random random = new Random(18);
        for (int length = 0; length <= 300; length++) {
            byte[] bytes = new byte[length];
            random.nextBytes(bytes);
            String text = Base64.getUrlEncoder().withoutPadding().encodeToString(bytes);

            assertArrayEquals(bytes, CanonicalBase64Url.decode(text, 0, text.length()), "length " + length);
        }
    }

    @Test
    void acceptsExactlyTheTextsTheJdkEncoderWouldWriteForTheirBytes() {
        // random short texts over the alphabet and a few characters outside it: accepted exactly when
        // the JDK decodes them and re-encodes the bytes to the same text, and then to the JDK's bytes
        String characters = ALPHABET + "=+/. \u00e9";
        Random random = new Random(1818);
        int accepted = 0;
        for (int n = 0; n < 200_000; n++) {
            char[] text = new char[random.nextInt(13)];
            for (int i = 0; i < text.length; i++) {
                text[i] = characters.charAt(random.nextInt(random.nextInt(8) == 0 ? characters.length() : ALPHABET.length()));
            }
            String s = new String(text);
            byte[] expected;
            try {
                expected = Base64.getUrlDecoder().decode(s);
                if (s.indexOf('=') >= 0 || !Base64.getUrlEncoder().withoutPadding().encodeToString(expected).equals(s)) {
                    expected = null;
                }
            } catch (IllegalArgumentException e) {
                expected = null;
            }

            byte[] decoded = CanonicalBase64Url.decode(s, 0, s.length());

            if (expected == null) {
                assertNull(decoded, s);
            } else {
                accepted++;
                assertArrayEquals(expected, decoded, s);
            }
        }
        assertTrue(accepted > 10_000, "precondition: many canonical texts among the random ones, was " + accepted);
    }

    @Test
    void decodesOnlyTheGivenRangeOfTheText() {
        String segment = Base64.getUrlEncoder().withoutPadding().encodeToString("{\"alg\":\"RS256\"}".getBytes());
        String token = "xx." + segment + ".yy";

        assertArrayEquals("{\"alg\":\"RS256\"}".getBytes(), CanonicalBase64Url.decode(token, 3, 3 + segment.length()));
    }

    @Test
    void refusesEverySpellingWithNonZeroUnusedBits() {
        // "QQ" is 'A' (0x41): its second character carries 4 unused bits; "QUI" is "AB" with 2
        for (String canonical : new String[]{"QQ", "QUI"}) {
            int unusedBits = canonical.length() == 2 ? 4 : 2;
            char last = canonical.charAt(canonical.length() - 1);
            for (int bits = 1; bits < 1 << unusedBits; bits++) {
                String respelled = canonical.substring(0, canonical.length() - 1) + ALPHABET.charAt(ALPHABET.indexOf(last) | bits);

                assertNull(CanonicalBase64Url.decode(respelled, 0, respelled.length()), respelled);
            }
        }
    }

    @ParameterizedTest(name = "\"{0}\"")
    @ValueSource(strings = {"Q", "QUJDR", "QUJDRUZHS"})
    void refusesALengthOfFourNPlusOne(String text) {
        assertNull(CanonicalBase64Url.decode(text, 0, text.length()));
    }

    @ParameterizedTest(name = "\"{0}\"")
    @ValueSource(strings = {"QQ==", "QUI=", "QU+D", "QU/D", "QU D", "QU.D", "QUJ\u00e9", "QUJ\u0141", "QU\u0000D", "QUJD\uff21A"})
    void refusesACharacterOutsideTheUrlAlphabet(String text) {
        assertNull(CanonicalBase64Url.decode(text, 0, text.length()));
    }
}
