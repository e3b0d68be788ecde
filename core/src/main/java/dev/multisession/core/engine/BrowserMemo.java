package dev.multisession.core.engine;

import com.github.benmanes.caffeine.cache.Cache;
import com.github.benmanes.caffeine.cache.Caffeine;
import com.github.benmanes.caffeine.cache.RemovalCause;
import dev.multisession.core.cookie.CookieHeaderScan;

import java.util.ArrayList;
import java.util.List;
import java.util.Set;
import java.util.concurrent.atomic.AtomicLong;

/**
 * Browsers read before, by the exact family cookies they sent: a request whose family cookies
 * (names and values, in order, in raw {@code Cookie} headers) are the same as an earlier
 * request's gets that request's reading again, with no cookie split, no token copy and no
 * verified-token cache lookup. Only a browser whose every family cookie was settled by a valid
 * token is kept (no deletion, nothing unchecked, no expired token, no key trouble).
 *
 * <p>What keeps it as safe as reading the cookies again:
 * <ul>
 *   <li>A hit compares every character of every family cookie with what was read (the hash of
 *       the cookies' ends only picks the candidate).</li>
 *   <li>A kept browser serves only while the soonest-expiring of its tokens is valid
 *       ({@code exp} plus the clock skew, as the verified-token cache counts it), checked on
 *       every hit against the request's own clock reading.</li>
 *   <li>A revocation ({@link #forgetSessions}, {@link #forgetAll}: the verified-token cache's
 *       revocation paths) drops every kept browser holding an ended session, and a reading that
 *       raced with one is not kept ({@link #epoch}).</li>
 * </ul>
 * Bounded by entries (no time-based expiry, so a lookup reads no clock); entries whose tokens
 * expired are dropped when met, or by the bound.
 */
final class BrowserMemo {
    private final Cache<Key, Entry> browsers;
    /** Counts revocations: a reading that started before one and ends after it is not kept. */
    private final AtomicLong epoch = new AtomicLong();

    BrowserMemo(long maximumSize) {
        this.browsers = Caffeine.<Key, Entry>newBuilder()
                .maximumSize(maximumSize)
                .executor(Runnable::run)
                // dropped for room: ended too (in the same atomic step), so an entry is at every
                // moment either here, where a revocation finds it, or ended: a whole-header slot
                // still pointing at it can never outlive a revocation
                .evictionListener((Key key, Entry entry, RemovalCause cause) -> {
                    if (entry != null) {
                        entry.end();
                    }
                })
                .build();
    }

    /** The revocation count now; pass it to {@link #keep} for a reading that starts now. */
    long epoch() {
        return epoch.get();
    }

    /**
     * The entry of the browser read before from exactly these family cookies (which
     * {@link HeaderMemo} may point at), when every token it holds is still valid at
     * {@code nowMillis}; else null.
     */
    Entry find(CookieHeaderScan scan, boolean secure, String namespace, long nowMillis) {
        if (scan.size() == 0) {
            return null;
        }
        Entry e = browsers.getIfPresent(new Key(scan, secure, namespace));
        if (e == null) {
            return null;
        }
        if (!e.servesAt(nowMillis)) {
            browsers.asMap().remove(e.key, e); // a token expired: read again (the refresh path)
            return null;
        }
        return e;
    }

    /**
     * Keeps {@code browser} as the reading of these family cookies, when it is a clean one (every
     * family cookie settled by a valid token) and no revocation happened since {@code epochAtStart};
     * returns the kept entry, or null when it was not kept.
     */
    Entry keep(CookieHeaderScan scan, boolean secure, String namespace, Browser browser, long epochAtStart, int skewMillis) {
        if (scan.size() == 0 || !isClean(browser)) {
            return null;
        }
        List<String> segments = new ArrayList<>(scan.size());
        for (int i = 0; i < scan.size(); i++) {
            segments.add(scan.segment(i));
        }
        long validUntil = Long.MAX_VALUE;
        for (Browser.Candidate c : browser.candidates()) {
            validUntil = Math.min(validUntil, c.claims().expiresAt().toEpochMilli() + skewMillis);
        }
        Key key = new Key(List.copyOf(segments), secure, namespace);
        Entry entry = new Entry(key, browser, validUntil);
        browsers.put(key, entry);
        if (epoch.get() != epochAtStart) {
            // a revocation ran while this browser was read: it may hold a session that just ended
            entry.end();
            browsers.asMap().remove(key, entry);
            return null;
        }
        return entry;
    }

    private static boolean isClean(Browser b) {
        if (b.candidates().isEmpty() || !b.deletions().isEmpty() || b.keysUnavailable() || b.sawEndedSession()
                || b.uncheckedLeft()) {
            return false;
        }
        for (Browser.Candidate c : b.candidates()) {
            if (c.expired()) {
                return false;
            }
        }
        return true;
    }

    /** Drops every kept browser holding one of these sessions (they ended). */
    void forgetSessions(Set<String> sessionIds) {
        epoch.incrementAndGet();
        browsers.asMap().values().removeIf(e -> {
            for (Browser.Candidate c : e.browser.candidates()) {
                if (sessionIds.contains(c.sessionId())) {
                    e.end();
                    return true;
                }
            }
            return false;
        });
    }

    /** Drops every kept browser. */
    void forgetAll() {
        epoch.incrementAndGet();
        // ended before they go: a reading kept meanwhile started after the count moved, so it read the verifier after the revocation
        browsers.asMap().values().forEach(Entry::end);
        browsers.invalidateAll();
    }

    /** How many browsers are kept (for tests). */
    long size() {
        browsers.cleanUp();
        return browsers.estimatedSize();
    }

    /**
     * A kept reading. Ended when a revocation drops it (or when it raced one), and when the bound
     * drops it (a revocation would no longer find it): whatever still points at it
     * ({@link HeaderMemo}) must not serve it from then on. Dropped for expiry it is not ended: it
     * serves no longer anyway.
     */
    static final class Entry {
        private final Key key;
        final Browser browser;
        private final long validUntilMillis;
        private volatile boolean ended;

        private Entry(Key key, Browser browser, long validUntilMillis) {
            this.key = key;
            this.browser = browser;
            this.validUntilMillis = validUntilMillis;
        }

        /** True while no revocation dropped it and every token it holds is valid at {@code nowMillis}. */
        boolean servesAt(long nowMillis) {
            return nowMillis < validUntilMillis && !ended;
        }

        private void end() {
            ended = true;
        }
    }

    /**
     * Family cookies as a key: a kept one holds them as sent ({@code name=value}); a lookup's holds
     * the request's scan and compares it in place. Equal only when every character is equal.
     */
    private static final class Key {
        private final List<String> segments;
        private final CookieHeaderScan scan;
        private final boolean secure;
        private final String namespace;
        private final int hash;

        Key(List<String> segments, boolean secure, String namespace) {
            this.segments = segments;
            this.scan = null;
            this.secure = secure;
            this.namespace = namespace;
            this.hash = CookieHeaderScan.segmentsHash(segments) * 2 + (secure ? 1 : 0);
        }

        Key(CookieHeaderScan scan, boolean secure, String namespace) {
            this.segments = null;
            this.scan = scan;
            this.secure = secure;
            this.namespace = namespace;
            this.hash = scan.segmentsHash() * 2 + (secure ? 1 : 0);
        }

        @Override
        public int hashCode() {
            return hash;
        }

        @Override
        public boolean equals(Object o) {
            if (o == this) {
                return true;
            }
            if (!(o instanceof Key other) || other.hash != hash || other.secure != secure
                    || !other.namespace.equals(namespace)) {
                return false;
            }
            if (scan != null && other.scan != null) {
                return false; // two lookups are never compared with each other
            }
            Key kept = scan == null ? this : other;
            Key lookup = scan == null ? other : this;
            if (lookup.scan == null) {
                return kept.segments.equals(lookup.segments);
            }
            if (lookup.scan.size() != kept.segments.size()) {
                return false;
            }
            for (int i = 0; i < kept.segments.size(); i++) {
                if (!lookup.scan.matches(i, kept.segments.get(i))) {
                    return false;
                }
            }
            return true;
        }

        @Override
        public String toString() {
            return "BrowserMemo.Key[" + Integer.toHexString(hash) + "]"; // never the values
        }
    }
}
