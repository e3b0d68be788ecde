package dev.multisession.core.engine;

import dev.multisession.core.config.MultiSessionConfig;
import dev.multisession.core.keys.SigningKeys;
import dev.multisession.core.keys.VerificationKeys;
import dev.multisession.core.model.User;
import dev.multisession.core.selection.RequestView;
import dev.multisession.core.testing.CookieJar;
import dev.multisession.core.testing.MutableClock;
import dev.multisession.core.token.CachingTokenVerifier;
import dev.multisession.core.token.StrictTokenVerifier;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

import java.time.Duration;
import java.util.Optional;
import java.util.Set;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertNotSame;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertSame;

/**
 * The hot path's first look, by whole Cookie header: it serves a kept reading only for the very
 * same header (every character), secure flag and namespace, and only while that reading serves
 * (no expired token, no revocation since).
 */
class HeaderMemoTest {
    private static final SigningKeys KEYS = SigningKeys.generate(com.nimbusds.jose.JWSAlgorithm.RS256);

    private MutableClock clock;
    private MultiSessionConfig config;
    private MultiSession engine;
    private CookieJar jar;
    private BrowserMemo memo;
    private long now;

    @BeforeEach
    void setUp() {
        clock = MutableClock.atFixedStart();
        config = MultiSessionConfig.builder().clock(clock).build();
        engine = MultiSession.builder(config).signingKeys(KEYS).build();
        jar = new CookieJar(false);
        jar.apply(engine.signIn(jar.request("/login").method("POST").build(), User.builder("alice").build(),
                Optional.empty()).cookieWrites());
        jar.put("theme", "dark");
        memo = new BrowserMemo(10);
        now = clock.millis();
    }

    /** The reading of the jar's cookies, kept in {@link #memo}. */
    private BrowserMemo.Entry kept(RequestView view) {
        Browser read = new BrowserReader(config, new CachingTokenVerifier(new StrictTokenVerifier(config,
                VerificationKeys.forConfig(config, KEYS)), config), false).read(view);
        return memo.keep(view.cookieScan(), false, "", read, memo.epoch(), 5_000);
    }

    private String header() {
        return jar.headerRequest("/").build().soleCookieHeader();
    }

    /** The jar's Cookie header kept in a 16-slot table, pointing at the jar's reading. */
    private HeaderMemo keptHeader(String header) {
        HeaderMemo headers = new HeaderMemo(16);
        headers.keep(header, false, "", kept(jar.headerRequest("/").build()));
        return headers;
    }

    @Test
    void servesTheReadingForAnEqualHeaderInAnotherString() {
        HeaderMemo headers = new HeaderMemo(16);
        BrowserMemo.Entry entry = kept(jar.headerRequest("/").build());
        String header = header();
        headers.keep(header, false, "", entry);
        String again = new String(header.toCharArray());
        assertNotSame(header, again);
        assertSame(entry.browser, headers.find(again, false, "", now));
    }

    @Test
    void aHeaderDifferingInOneCharacterTheHashDoesNotReadIsNotServed() {
        String header = header();
        HeaderMemo headers = keptHeader(header);
        // one character of a token that the hash does not read: same length, same hash
        String other = null;
        for (int i = header.indexOf("eyJ") + 10; i < header.length() && other == null; i++) {
            char[] chars = header.toCharArray();
            chars[i] = chars[i] == 'A' ? 'B' : 'A';
            String candidate = new String(chars);
            if (HeaderMemo.hash(candidate) == HeaderMemo.hash(header)) {
                other = candidate;
            }
        }
        assertNotEquals(null, other, "the test needs a character the hash does not read");
        assertNull(headers.find(other, false, "", now));
    }

    @Test
    void anotherSecureFlagOrNamespaceIsNotServed() {
        String header = header();
        HeaderMemo headers = keptHeader(header);
        assertNull(headers.find(header, true, "", now));
        assertNull(headers.find(header, false, "shop", now));
    }

    @Test
    void aReadingWhoseTokenExpiredIsNotServed() {
        String header = header();
        HeaderMemo headers = keptHeader(header);
        long expiry = now + Duration.ofSeconds(60 + 5).toMillis(); // exp plus the clock skew
        assertNotEquals(null, headers.find(header, false, "", expiry - 1));
        assertNull(headers.find(header, false, "", expiry));
    }

    @Test
    void aReadingARevocationDroppedIsNotServed() {
        HeaderMemo headers = new HeaderMemo(16);
        String header = header();
        BrowserMemo.Entry entry = kept(jar.headerRequest("/").build());
        headers.keep(header, false, "", entry);
        memo.forgetSessions(Set.of(entry.browser.candidates().get(0).sessionId()));
        assertNull(headers.find(header, false, "", now));
    }

    @Test
    void forgettingEverythingEndsEveryReading() {
        String header = header();
        HeaderMemo headers = keptHeader(header);
        memo.forgetAll();
        assertNull(headers.find(header, false, "", now));
    }

    @Test
    void aHeaderTakingATakenSlotReplacesTheOneThere() {
        HeaderMemo headers = new HeaderMemo(1);
        String first = header();
        BrowserMemo.Entry entry = kept(jar.headerRequest("/").build());
        headers.keep(first, false, "", entry);
        jar.put("theme", "light");
        String second = header();
        headers.keep(second, false, "", entry);
        assertNull(headers.find(first, false, "", now));
        assertSame(entry.browser, headers.find(second, false, "", now));
        assertEquals(1, headers.size(now));
    }

    @Test
    void aHeaderLongerThanTheBoundIsNotKept() {
        HeaderMemo headers = new HeaderMemo(16);
        BrowserMemo.Entry entry = kept(jar.headerRequest("/").build());
        jar.put("big", "x".repeat(HeaderMemo.MAX_HEADER_LENGTH));
        String header = header();
        headers.keep(header, false, "", entry);
        assertNull(headers.find(header, false, "", now));
        assertEquals(0, headers.size(now));
    }

    @Test
    void aReadingTheMemoDroppedForRoomIsNotServed() {
        memo = new BrowserMemo(1);
        HeaderMemo headers = new HeaderMemo(16);
        String first = header();
        headers.keep(first, false, "", kept(jar.headerRequest("/").build()));
        jar.apply(engine.signIn(jar.request("/login").method("POST").build(), User.builder("bob").build(),
                Optional.empty()).cookieWrites());
        String second = header();
        headers.keep(second, false, "", kept(jar.headerRequest("/").build()));
        assertEquals(1, memo.size()); // the bound is enforced: one of the two readings was dropped for room
        // a revocation would no longer find the dropped one, so no slot may serve it
        assertEquals(1, (headers.find(first, false, "", now) == null ? 0 : 1) + (headers.find(second, false, "", now) == null ? 0 : 1));
    }
}
