package dev.multisession.core.model;

import java.security.SecureRandom;
import java.time.Clock;

/**
 * Identifiers: {@code sess_…} and {@code client_…} followed by 26 Crockford base32
 * characters. A session id is 48 bits of milliseconds then 80 fresh random bits (ULID layout),
 * so session ids sort by sign-in time to the millisecond; a client id is 130 random bits. Each
 * id draws its own random bits: no id follows from another (session ids are public, client ids
 * must not be derivable from them).
 *
 * <pre>{@code
 * String sid = Ids.newSessionId(clock);   // sess_01JD3Q...
 * boolean ok = Ids.isSessionId(sid);      // true
 * }</pre>
 */
public final class Ids {

    /** Prefix of session ids. */
    public static final String SESSION_PREFIX = "sess_";
    /** Prefix of client (browser) ids. */
    public static final String CLIENT_PREFIX = "client_";

    private static final char[] ALPHABET = "0123456789ABCDEFGHJKMNPQRSTVWXYZ".toCharArray();
    private static final SecureRandom RANDOM = new SecureRandom();

    private Ids() {
    }

    public static String newSessionId(Clock clock) {
        return SESSION_PREFIX + next(clock);
    }

    /** A new client id; {@code clock} is unused (client ids carry no time) and kept for symmetry. */
    public static String newClientId(Clock clock) {
        byte[] random = new byte[17];
        RANDOM.nextBytes(random);
        char[] out = new char[26];
        // 26 characters of 5 bits = 130 bits, read from 136 random ones
        long bits = 0;
        int have = 0;
        int next = 0;
        for (int i = 0; i < 26; i++) {
            if (have < 5) {
                bits = (bits << 8) | (random[next++] & 0xFF);
                have += 8;
            }
            out[i] = ALPHABET[(int) ((bits >>> (have - 5)) & 31)];
            have -= 5;
        }
        return CLIENT_PREFIX + new String(out);
    }

    /** True for a well-formed session id; false for null or anything else. */
    public static boolean isSessionId(String value) {
        return hasForm(value, SESSION_PREFIX);
    }

    /** True for a well-formed client id; false for null or anything else. */
    public static boolean isClientId(String value) {
        return hasForm(value, CLIENT_PREFIX);
    }

    private static boolean hasForm(String value, String prefix) {
        if (value == null || value.length() != prefix.length() + 26 || !value.startsWith(prefix)) {
            return false;
        }
        for (int i = prefix.length(); i < value.length(); i++) {
            if (!isCrockford(value.charAt(i))) {
                return false;
            }
        }
        return true;
    }

    /** Crockford base32 upper case: digits and letters without I, L, O and U (checked per request, so no regex). */
    private static boolean isCrockford(char c) {
        return (c >= '0' && c <= '9') || (c >= 'A' && c <= 'Z' && c != 'I' && c != 'L' && c != 'O' && c != 'U');
    }

    /**
     * A short, non-reversible tag for an id, for log lines: the first 8 hex digits of its SHA-256.
     * Logs name sessions only this way.
     */
    public static String shortHash(String id) {
        if (id == null) {
            return "none";
        }
        try {
            byte[] digest = java.security.MessageDigest.getInstance("SHA-256")
                    .digest(id.getBytes(java.nio.charset.StandardCharsets.UTF_8));
            return java.util.HexFormat.of().formatHex(digest, 0, 4);
        } catch (java.security.NoSuchAlgorithmException e) {
            throw new IllegalStateException("SHA-256 is missing from this JVM", e);
        }
    }

    /**
     * The millisecond a well-formed session id was minted at (its first 10 characters), as the
     * minting node's clock read it.
     *
     * @throws IllegalArgumentException for anything but a well-formed session id
     */
    public static long sessionIdMillis(String sessionId) {
        if (!isSessionId(sessionId)) {
            throw new IllegalArgumentException("not a session id");
        }
        long millis = 0;
        for (int i = 0; i < 10; i++) {
            char c = sessionId.charAt(SESSION_PREFIX.length() + i);
            int v = c <= '9' ? c - '0' : indexOfLetter(c);
            millis = (millis << 5) | v;
        }
        return millis;
    }

    private static int indexOfLetter(char c) {
        for (int i = 10; i < ALPHABET.length; i++) {
            if (ALPHABET[i] == c) {
                return i;
            }
        }
        throw new IllegalArgumentException("not a Crockford character");
    }

    /** 48 bits of milliseconds, then 80 random bits drawn for this id alone. */
    private static String next(Clock clock) {
        byte[] random = new byte[10];
        RANDOM.nextBytes(random);
        return encode(clock.millis(), random);
    }

    private static String encode(long millis, byte[] random) {
        char[] out = new char[26];
        for (int i = 9; i >= 0; i--) {
            out[i] = ALPHABET[(int) (millis & 31)];
            millis >>>= 5;
        }
        // 80 random bits -> 16 chars
        long hi = ((random[0] & 0xFFL) << 32) | ((random[1] & 0xFFL) << 24) | ((random[2] & 0xFFL) << 16)
                | ((random[3] & 0xFFL) << 8) | (random[4] & 0xFFL);
        long lo = ((random[5] & 0xFFL) << 32) | ((random[6] & 0xFFL) << 24) | ((random[7] & 0xFFL) << 16)
                | ((random[8] & 0xFFL) << 8) | (random[9] & 0xFFL);
        for (int i = 17; i >= 10; i--) {
            out[i] = ALPHABET[(int) (hi & 31)];
            hi >>>= 5;
        }
        for (int i = 25; i >= 18; i--) {
            out[i] = ALPHABET[(int) (lo & 31)];
            lo >>>= 5;
        }
        return new String(out);
    }
}
