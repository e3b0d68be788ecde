package dev.multisession.core.engine;

import java.util.concurrent.atomic.AtomicReferenceArray;

/**
 * The first look of the hot path: browsers by their whole raw {@code Cookie} header. A request
 * whose one {@code Cookie} header is, character for character, the header of an earlier request
 * whose reading {@link BrowserMemo} kept gets that reading without finding its family cookies in
 * the header at all: the cost of a hit is a hash of a few dozen of the header's characters and
 * one {@code String.equals} (the JVM's vectorised comparison; nothing when the container hands
 * over the same string again).
 *
 * <p>It only points at {@link BrowserMemo.Entry entries}, so it is exactly as safe as the memo:
 * a hit compares every character of the header (the header holds the family cookies, so equal
 * headers are equal family cookies: the same reading), and serves the entry only while it serves
 * ({@link BrowserMemo.Entry#servesAt}: no token past its {@code exp} plus the clock skew, no
 * revocation since it was read; a revocation ends the entry, which every slot pointing at it
 * sees at once).
 *
 * <p>A table of slots, one header each, the slot chosen by the header's hash: no chains, so a
 * lookup never compares more than one header, whatever headers others send; a header whose slot
 * is taken replaces the one there (which then falls back to the family scan, the path without
 * this table). Bounded by its slots and by {@link #MAX_HEADER_LENGTH}: what a node holds is at
 * most slots times the headers' length.
 */
final class HeaderMemo {
    /** Longer headers are not kept (they take the family scan): bounds what a slot holds. Containers refuse larger request headers by default. */
    static final int MAX_HEADER_LENGTH = 8 * 1024;
    /** How many characters spread over the header, and at its end, the slot's hash reads. */
    private static final int SPREAD_SAMPLES = 16;
    private static final int TAIL_SAMPLES = 16;

    private final AtomicReferenceArray<Slot> slots;
    private final int mask;

    /** A table of {@code slots} slots, rounded down to a power of two (at least 1). */
    HeaderMemo(int slots) {
        int size = Integer.highestOneBit(Math.max(1, slots));
        this.slots = new AtomicReferenceArray<>(size);
        this.mask = size - 1;
    }

    /** The reading kept for exactly this header, secure flag and namespace, if it still serves at {@code nowMillis}; else null. */
    Browser find(String header, boolean secure, String namespace, long nowMillis) {
        int h = hash(header);
        Slot s = slots.get(h & mask);
        // the whole hash first, as a hash map does: a header is compared only with one whose
        // sampled characters (most of them a token's) hash alike, never with whatever shares a slot
        if (s == null || s.hash != h || s.secure != secure || !s.header.equals(header)
                || !s.namespace.equals(namespace) || !s.entry.servesAt(nowMillis)) {
            return null;
        }
        return s.entry.browser;
    }

    /** Points this header's slot at {@code entry} (the reading of its family cookies). */
    void keep(String header, boolean secure, String namespace, BrowserMemo.Entry entry) {
        if (header.length() <= MAX_HEADER_LENGTH) {
            int h = hash(header);
            slots.set(h & mask, new Slot(h, header, secure, namespace, entry));
        }
    }

    /** How many slots hold a header whose reading still serves at {@code nowMillis} (for tests). */
    int size(long nowMillis) {
        int n = 0;
        for (int i = 0; i < slots.length(); i++) {
            Slot s = slots.get(i);
            n += s != null && s.entry.servesAt(nowMillis) ? 1 : 0;
        }
        return n;
    }

    /**
     * The header's length and {@value #SPREAD_SAMPLES} characters spread over it and its last
     * {@value #TAIL_SAMPLES}: tokens differ throughout, so browsers spread over the slots, while a
     * fresh header string costs a few dozen character reads, not its length. Headers that hash
     * alike only share a slot; equality is the whole header.
     */
    static int hash(String header) {
        int n = header.length();
        int h = n;
        int step = Math.max(1, n / SPREAD_SAMPLES);
        for (int i = step >> 1; i < n; i += step) {
            h = 31 * h + header.charAt(i);
        }
        for (int i = Math.max(0, n - TAIL_SAMPLES); i < n; i++) {
            h = 31 * h + header.charAt(i);
        }
        return h ^ (h >>> 16);
    }

    private record Slot(int hash, String header, boolean secure, String namespace, BrowserMemo.Entry entry) {
        @Override
        public String toString() {
            return "HeaderMemo.Slot[" + header.length() + " chars]"; // never the cookies
        }
    }
}
