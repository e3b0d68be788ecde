package dev.multisession.core.token;

/**
 * Decodes one segment of a compact JWS, in place in the token, and only in its canonical
 * spelling: the base64url alphabet without padding, a length that is not {@code 4n+1}, and the
 * unused low bits of the last character zero. Any other spelling of the same bytes is refused,
 * so one byte string has exactly one accepted text (a signature cannot be re-spelled into a second
 * token string that verifies).
 *
 * <pre>{@code
 * byte[] header = CanonicalBase64Url.decode(token, 0, token.indexOf('.'));   // null: not canonical
 * }</pre>
 */
final class CanonicalBase64Url {
    private static final byte[] VALUES = new byte[128];

    static {
        java.util.Arrays.fill(VALUES, (byte) -1);
        String alphabet = "ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789-_";
        for (int i = 0; i < alphabet.length(); i++) {
            VALUES[alphabet.charAt(i)] = (byte) i;
        }
    }

    private CanonicalBase64Url() {
    }

    /**
     * The bytes spelled by {@code text} from {@code from} (inclusive) to {@code to} (exclusive), or
     * null when that range is not canonical base64url. Never throws for any text and valid range.
     */
    static byte[] decode(String text, int from, int to) {
        int length = to - from;
        int tail = length & 3;
        if (tail == 1) {
            return null; // one character is 6 bits: less than a byte
        }
        byte[] out = new byte[length / 4 * 3 + (tail == 0 ? 0 : tail - 1)];
        int o = 0;
        int i = from;
        for (int end = to - tail; i < end; i += 4) {
            // a character outside the alphabet is -1, which sets the sign bit of the whole group
            int bits = value(text.charAt(i)) << 18 | value(text.charAt(i + 1)) << 12
                    | value(text.charAt(i + 2)) << 6 | value(text.charAt(i + 3));
            if (bits < 0) {
                return null;
            }
            out[o++] = (byte) (bits >> 16);
            out[o++] = (byte) (bits >> 8);
            out[o++] = (byte) bits;
        }
        if (tail == 2) {
            int bits = value(text.charAt(i)) << 6 | value(text.charAt(i + 1));
            if (bits < 0 || (bits & 0xF) != 0) {
                return null;
            }
            out[o] = (byte) (bits >> 4);
        } else if (tail == 3) {
            int bits = value(text.charAt(i)) << 12 | value(text.charAt(i + 1)) << 6 | value(text.charAt(i + 2));
            if (bits < 0 || (bits & 0x3) != 0) {
                return null;
            }
            out[o++] = (byte) (bits >> 10);
            out[o] = (byte) (bits >> 2);
        }
        return out;
    }

    /** True when {@code c} is a character of the base64url alphabet. */
    static boolean inAlphabet(char c) {
        return value(c) >= 0;
    }

    private static int value(char c) {
        return c < 128 ? VALUES[c] : -1;
    }
}
