package dev.multisession.core.token;

import org.junit.jupiter.api.Test;

import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.ThreadLocalRandom;
import java.util.concurrent.TimeUnit;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotSame;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertSame;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * Specifies the canonicalising table behind the verified-token cache's shared claim values:
 * equal values come back as one instance, a different value is never handed back, and no
 * stream of values, however many and however unique, makes it hold more than its slots.
 */
class ClaimInternerTest {

    @Test
    void handsBackTheHeldInstanceForAnEqualValue() {
        ClaimInterner table = new ClaimInterner(64);
        String first = fresh("https://app.example");
        String second = fresh("https://app.example");

        assertSame(first, table.intern(0, first, String::equals));
        assertSame(first, table.intern(0, second, String::equals));
    }

    @Test
    void neverHandsBackADifferentValueThatSharesItsSlot() {
        ClaimInterner table = new ClaimInterner(2);
        // "Aa" and "BB" have the same hash code, so they compete for one slot
        String aa = table.intern(0, fresh("Aa"), String::equals);
        String bb = fresh("BB");

        assertSame(bb, table.intern(0, bb, String::equals));
        String again = fresh("Aa");
        assertSame(again, table.intern(0, again, String::equals), "BB took the slot: Aa is kept anew, never swapped for BB");
        assertNotSame(aa, again);
    }

    @Test
    void sharesOnlyWhatThePredicateCallsTheSame() {
        ClaimInterner table = new ClaimInterner(64);
        List<String> held = table.intern(0, new ArrayList<>(List.of("org:invoices:read")), (a, b) -> false);
        List<String> equal = new ArrayList<>(List.of("org:invoices:read"));

        assertSame(equal, table.intern(0, equal, (a, b) -> false));
        assertNotSame(held, equal);
    }

    @Test
    void sharesNothingAcrossClassesEvenWhenEqualsWouldSayYes() {
        ClaimInterner table = new ClaimInterner(64);
        List<String> arrayList = new ArrayList<>(List.of("a"));
        List<String> immutable = List.of("a");
        table.intern(0, arrayList, Object::equals);

        assertSame(immutable, table.intern(0, immutable, Object::equals));
    }

    @Test
    void holdsNoMoreValuesThanItsSlotsUnderAFloodOfUniqueValues() {
        ClaimInterner table = new ClaimInterner(64);
        for (int i = 0; i < 200_000; i++) {
            String unique = "org_hostile_" + i;
            assertSame(unique, table.intern(0, unique, String::equals));
        }

        assertEquals(64, table.capacity());
        assertTrue(table.held() <= 64, "held " + table.held());
    }

    @Test
    void roundsItsSlotsUpToAPowerOfTwo() {
        assertEquals(2, new ClaimInterner(1).capacity());
        assertEquals(1024, new ClaimInterner(1000).capacity());
        assertEquals(1024, new ClaimInterner(1024).capacity());
        assertThrows(IllegalArgumentException.class, () -> new ClaimInterner(0));
    }

    @Test
    void leavesNullAsNull() {
        assertNull(new ClaimInterner(8).intern(0, null, String::equals));
    }

    /**
     * Four threads intern equal-but-distinct copies of 16 values into 2 slots, so every call
     * races with others on the same slot: each answer must still equal what was asked for
     * (an implementation that read the slot once to compare and again to answer would hand
     * back another thread's value here).
     */
    @Test
    void answersAnEqualValueWhileThreadsRaceOnTheSameSlots() throws Exception {
        ClaimInterner table = new ClaimInterner(2);
        String[] values = new String[16];
        for (int i = 0; i < values.length; i++) {
            values[i] = "org:permission:" + i;
        }
        int threads = 4;
        ExecutorService pool = Executors.newFixedThreadPool(threads);
        CountDownLatch start = new CountDownLatch(1);
        List<Future<Integer>> results = new ArrayList<>();
        for (int t = 0; t < threads; t++) {
            results.add(pool.submit(() -> {
                start.await();
                int wrong = 0;
                ThreadLocalRandom random = ThreadLocalRandom.current();
                for (int n = 0; n < 100_000; n++) {
                    String asked = fresh(values[random.nextInt(values.length)]);
                    // a predicate that yields widens the window between comparing and answering
                    if (!asked.equals(table.intern(0, asked, ClaimInternerTest::equalAfterYield))) {
                        wrong++;
                    }
                }
                return wrong;
            }));
        }
        start.countDown();
        int wrong = 0;
        for (Future<Integer> r : results) {
            wrong += r.get(60, TimeUnit.SECONDS);
        }
        pool.shutdown();

        assertEquals(0, wrong);
        assertTrue(table.held() <= 2);
    }

    private static boolean equalAfterYield(String a, String b) {
        Thread.yield();
        return a.equals(b);
    }

    private static String fresh(String s) {
        return new String(s.toCharArray());
    }
}
