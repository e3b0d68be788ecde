package dev.multisession.core.token;

import java.util.concurrent.atomic.AtomicReferenceArray;
import java.util.function.BiPredicate;

/**
 * A bounded, lossy, thread-safe canonicalising table: hands back an instance it already holds
 * that is the same as the one offered, so equal values from many tokens are kept once.
 *
 * <p>Direct-mapped: a value goes in the one slot its hash picks, replacing whatever was there.
 * So the table never holds more than its fixed number of slots, whatever the values offered
 * (unique values from a flood of tokens only overwrite each other), costs no node per value
 * and no lock; a collision only means a value is kept twice, never that a different value is
 * handed back. Slots are read and written with volatile semantics, so a value handed to
 * another thread is seen fully built.
 *
 * <pre>{@code
 * ClaimInterner shared = new ClaimInterner(1024);
 * String issuer = shared.intern(ISSUER, parsedIssuer, String::equals);
 * }</pre>
 */
final class ClaimInterner {
    private final AtomicReferenceArray<Object> slots;
    private final int mask;

    /** A table of at least {@code capacity} slots (rounded up to a power of two, at least 2). */
    ClaimInterner(int capacity) {
        if (capacity < 1 || capacity > 1 << 24) {
            throw new IllegalArgumentException("capacity must be between 1 and 2^24, got " + capacity);
        }
        int size = Math.max(2, Integer.highestOneBit(capacity - 1) << 1);
        this.slots = new AtomicReferenceArray<>(size);
        this.mask = size - 1;
    }

    /**
     * The held instance of {@code value}'s class for which {@code same} says it is the same as
     * {@code value}, or else {@code value} itself (which then takes the slot). Null stays null.
     * {@code same} must be at least as strict as {@code equals} (it decides what may be shared),
     * and must answer false, not fail, for a held value of the same class holding other types
     * (an {@code Optional} of another content). {@code kind} spreads values of different kinds
     * whose hashes are equal (a string and an {@code Optional} of it) over different slots.
     */
    @SuppressWarnings("unchecked")
    <T> T intern(int kind, T value, BiPredicate<? super T, ? super T> same) {
        if (value == null) {
            return null;
        }
        int h = (value.hashCode() + kind * 0x61C88647) * 0x9E3779B9;
        int i = (h ^ (h >>> 16)) & mask;
        Object held = slots.get(i);
        if (held == value) {
            return value;
        }
        if (held != null && held.getClass() == value.getClass() && same.test((T) held, value)) {
            return (T) held;
        }
        slots.set(i, value);
        return value;
    }

    /** The number of slots: the most values this table ever holds. */
    int capacity() {
        return slots.length();
    }

    /** How many slots hold a value now (for tests). */
    int held() {
        int n = 0;
        for (int i = 0; i < slots.length(); i++) {
            if (slots.get(i) != null) {
                n++;
            }
        }
        return n;
    }
}
