package dev.multisession.core.model;

import dev.multisession.core.testing.MutableClock;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * Specifies session and client ids (docs/how-it-works.md: "Model"): {@code sess_} or {@code client_} followed by 26
 * Crockford base32 characters; session ids are time-ordered to the millisecond, and every id
 * draws its own random bits, so none is derivable from another (client ids carry no time at
 * all); the validators accept exactly that form; and
 * {@link Ids#shortHash} gives the 8-hex-digit tag logs use instead of the id.
 */
class IdsTest {
    private static final String CROCKFORD = "[0-9A-HJKMNP-TV-Z]";

    @Test
    void aSessionIdIsSessPrefixAnd26CrockfordCharacters() {
        String id = Ids.newSessionId(MutableClock.atFixedStart());
        assertTrue(id.matches("sess_" + CROCKFORD + "{26}"), id);
        assertTrue(Ids.isSessionId(id));
        assertFalse(Ids.isClientId(id));
    }

    @Test
    void aClientIdIsClientPrefixAnd26CrockfordCharacters() {
        String id = Ids.newClientId(MutableClock.atFixedStart());
        assertTrue(id.matches("client_" + CROCKFORD + "{26}"), id);
        assertTrue(Ids.isClientId(id));
        assertFalse(Ids.isSessionId(id));
    }

    @Test
    void idsMadeInOneMillisecondShareTheTimeButNotTheRandomPart() {
        Clock fixed = Clock.fixed(Instant.parse("2030-06-01T12:00:00.123Z"), ZoneOffset.UTC);
        List<String> created = new ArrayList<>();
        for (int i = 0; i < 10_000; i++) {
            created.add(Ids.newSessionId(fixed));
        }
        assertEquals(created.size(), new HashSet<>(created).size(), "no two ids are equal");
        String time = created.get(0).substring(0, Ids.SESSION_PREFIX.length() + 10);
        assertTrue(created.stream().allMatch(id -> id.startsWith(time)), "all carry the same millisecond");
        // none follows from its predecessor: the random parts are drawn independently, not incremented
        long consecutive = 0;
        for (int i = 1; i < created.size(); i++) {
            if (randomPart(created.get(i)).subtract(randomPart(created.get(i - 1))).abs().compareTo(java.math.BigInteger.valueOf(1_000_000)) < 0) {
                consecutive++;
            }
        }
        assertEquals(0, consecutive, "ids made one after another must not be derivable from each other");
    }

    @Test
    void aClientIdIsNotDerivableFromASessionIdMadeInTheSameMillisecond() {
        Clock fixed = Clock.fixed(Instant.parse("2030-06-01T12:00:00.123Z"), ZoneOffset.UTC);
        for (int i = 0; i < 1_000; i++) {
            String sid = Ids.newSessionId(fixed);
            String cid = Ids.newClientId(fixed);
            String sidBody = sid.substring(Ids.SESSION_PREFIX.length());
            String cidBody = cid.substring(Ids.CLIENT_PREFIX.length());
            assertFalse(cidBody.startsWith(sidBody.substring(0, 10)), "a client id carries no timestamp shared with sessions");
            assertTrue(Ids.isClientId(cid));
        }
    }

    @Test
    void clientIdsAreUniformlyRandomInEveryPosition() {
        java.util.Map<Integer, java.util.Set<Character>> seen = new java.util.HashMap<>();
        for (int i = 0; i < 2_000; i++) {
            String body = Ids.newClientId(Clock.systemUTC()).substring(Ids.CLIENT_PREFIX.length());
            for (int p = 0; p < body.length(); p++) {
                seen.computeIfAbsent(p, k -> new HashSet<>()).add(body.charAt(p));
            }
        }
        // 130 random bits over 26 characters: every position takes many values (the first takes 32 too)
        seen.forEach((p, chars) -> assertTrue(chars.size() >= 30, "position " + p + " varies: " + chars.size()));
    }

    private static java.math.BigInteger randomPart(String sessionId) {
        String random = sessionId.substring(Ids.SESSION_PREFIX.length() + 10);
        java.math.BigInteger v = java.math.BigInteger.ZERO;
        for (char c : random.toCharArray()) {
            v = v.shiftLeft(5).add(java.math.BigInteger.valueOf("0123456789ABCDEFGHJKMNPQRSTVWXYZ".indexOf(c)));
        }
        return v;
    }

    @Test
    void anIdMadeLaterSortsAfter() {
        MutableClock clock = new MutableClock(Instant.parse("2031-01-01T00:00:00Z"));
        String earlier = Ids.newSessionId(clock);
        clock.advance(Duration.ofMillis(1));
        String later = Ids.newSessionId(clock);
        clock.advance(Duration.ofDays(1));
        String muchLater = Ids.newSessionId(clock);
        assertTrue(earlier.compareTo(later) < 0, earlier + " < " + later);
        assertTrue(later.compareTo(muchLater) < 0, later + " < " + muchLater);
    }

    @Test
    void theFirstTenCharactersEncodeTheMillisecond() {
        MutableClock clock = new MutableClock(Instant.parse("2100-01-01T00:00:00Z"));
        String a = Ids.newSessionId(clock);
        clock.advance(Duration.ofMillis(1));
        String b = Ids.newSessionId(clock);
        String timeA = a.substring(5, 15);
        String timeB = b.substring(5, 15);
        assertNotEquals(timeA, timeB);
        assertEquals(decode(timeA) + 1, decode(timeB));
        assertEquals(clock.millis(), decode(timeB));
    }

    private static long decode(String crockford) {
        String alphabet = "0123456789ABCDEFGHJKMNPQRSTVWXYZ";
        long v = 0;
        for (char c : crockford.toCharArray()) {
            v = v * 32 + alphabet.indexOf(c);
        }
        return v;
    }

    @Test
    void isSessionIdAcceptsAWellFormedId() {
        assertTrue(Ids.isSessionId("sess_01JD3Q0000ABCDEFGHJKMNPQRS"));
    }

    @ParameterizedTest(name = "''{0}''")
    @ValueSource(strings = {
            "",
            "sess_",
            "sess_01JD3Q0000ABCDEFGHJKMNPQR",     // 25 characters
            "sess_01JD3Q0000ABCDEFGHJKMNPQRST",   // 27 characters
            "client_01JD3Q0000ABCDEFGHJKMNPQRS",  // client prefix
            "Sess_01JD3Q0000ABCDEFGHJKMNPQRS",    // prefix case
            "ses_01JD3Q0000ABCDEFGHJKMNPQRSX",    // wrong prefix, right length
            "sess-01JD3Q0000ABCDEFGHJKMNPQRS",
            "sess_01jd3q0000abcdefghjkmnpqrs",    // lower case
            "sess_01JD3Q0000ABCDEFGHJKMNPQRs",    // one lower-case letter
            "sess_01JD3Q0000ABCDEFGHIKMNPQRS",    // I
            "sess_01JD3Q0000ABCDEFGHJLMNPQRS",    // L
            "sess_01JD3Q0000ABCDEFGHJKMNOQRS",    // O
            "sess_01JD3Q0000ABCDEFGHJKMNPQRU",    // U
            "sess_01JD3Q0000ABCDEFGHJKMNPQR-",
            "sess_01JD3Q0000ABCDEFGHJKMNPQR ",
            " sess_01JD3Q0000ABCDEFGHJKMNPQR",
            "sess_01JD3Q0000ABCDEFGHJKMNPQR\n",
            "sess_01JD3Q0000ABCDEFGHJKMNPQ\u0661\u0662"})  // Arabic-Indic digits
    void isSessionIdRejectsAnythingElse(String value) {
        assertFalse(Ids.isSessionId(value));
    }

    @Test
    void isSessionIdAndIsClientIdRejectNull() {
        assertFalse(Ids.isSessionId(null));
        assertFalse(Ids.isClientId(null));
    }

    @Test
    void isClientIdRejectsASessionIdBodyWithTheWrongPrefix() {
        assertFalse(Ids.isClientId("clien_01JD3Q0000ABCDEFGHJKMNPQRSX"));
        assertFalse(Ids.isClientId("client_01JD3Q0000ABCDEFGHJKMNPQRO"));
    }

    @Test
    void shortHashIsEightLowerCaseHexDigits() {
        String id = Ids.newSessionId(MutableClock.atFixedStart());
        assertTrue(Ids.shortHash(id).matches("[0-9a-f]{8}"), Ids.shortHash(id));
    }

    @Test
    void shortHashIsStableForOneId() {
        assertEquals(Ids.shortHash("sess_01JD3Q0000ABCDEFGHJKMNPQRS"), Ids.shortHash("sess_01JD3Q0000ABCDEFGHJKMNPQRS"));
        assertEquals("9f86d081", Ids.shortHash("test"), "the first 4 bytes of SHA-256(\"test\")");
    }

    @Test
    void shortHashDiffersBetweenIds() {
        MutableClock clock = MutableClock.atFixedStart();
        assertNotEquals(Ids.shortHash(Ids.newSessionId(clock)), Ids.shortHash(Ids.newSessionId(clock)));
    }

    @Test
    void shortHashDoesNotContainTheIdOrItsRandomPart() {
        String id = Ids.newSessionId(MutableClock.atFixedStart());
        String hash = Ids.shortHash(id);
        assertFalse(hash.contains(id));
        assertFalse(id.toLowerCase().contains(hash), "the tag is not a slice of the id");
    }

    @Test
    void shortHashOfNullIsNone() {
        assertEquals("none", Ids.shortHash(null));
    }

    @Test
    void aSessionIdTellsTheMillisecondItWasMintedAt() {
        java.time.Clock at = java.time.Clock.fixed(java.time.Instant.ofEpochMilli(1_796_529_861_123L), java.time.ZoneOffset.UTC);
        org.junit.jupiter.api.Assertions.assertEquals(1_796_529_861_123L, Ids.sessionIdMillis(Ids.newSessionId(at)));
    }

    @Test
    void onlyASessionIdHasAMintingTime() {
        org.junit.jupiter.api.Assertions.assertThrows(IllegalArgumentException.class,
                () -> Ids.sessionIdMillis("client_01ARZ3NDEKTSV4RRFFQ69G5FAV"));
    }
}
