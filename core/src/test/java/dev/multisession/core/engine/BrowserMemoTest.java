package dev.multisession.core.engine;

import dev.multisession.core.config.MultiSessionConfig;
import dev.multisession.core.keys.SigningKeys;
import dev.multisession.core.model.User;
import dev.multisession.core.selection.RequestView;
import dev.multisession.core.selection.SelectionSource;
import dev.multisession.core.selection.SessionSelector;
import dev.multisession.core.store.InMemorySessionStore;
import dev.multisession.core.store.RevocationListener;
import dev.multisession.core.store.testing.FlakyStore;
import dev.multisession.core.testing.CookieJar;
import dev.multisession.core.testing.MutableClock;
import dev.multisession.core.token.SessionClaims;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneId;
import java.util.Optional;
import java.util.Set;
import java.util.concurrent.atomic.AtomicInteger;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * The hot path's memo of browsers (docs/PERFORMANCE.md): a request whose raw {@code Cookie}
 * header carries exactly the family cookies of an earlier request gets that request's reading,
 * and nothing else does. Each security rule of a fresh reading holds through the memo: exact
 * values only, never past a token's {@code exp}, never past a revocation (local, broadcast, or
 * "may have been missed"), the refresh window as before.
 */
class BrowserMemoTest {
    private static final SigningKeys KEYS = SigningKeys.generate(com.nimbusds.jose.JWSAlgorithm.RS256);
    private static final User ALICE = User.builder("alice").build();
    private static final User BOB = User.builder("bob").build();

    private MutableClock clock;
    private final AtomicInteger clockReadings = new AtomicInteger();
    private FlakyStore store;
    private MultiSession engine;
    private CookieJar jar;

    @BeforeEach
    void setUp() {
        clock = MutableClock.atFixedStart();
        Clock counting = new Clock() {
            @Override
            public ZoneId getZone() {
                return clock.getZone();
            }

            @Override
            public Clock withZone(ZoneId zone) {
                return this;
            }

            @Override
            public Instant instant() {
                clockReadings.incrementAndGet();
                return clock.instant();
            }

            @Override
            public long millis() {
                clockReadings.incrementAndGet();
                return clock.millis();
            }
        };
        MultiSessionConfig config = MultiSessionConfig.builder().clock(counting).build();
        store = new FlakyStore(new InMemorySessionStore(config));
        engine = MultiSession.builder(config).signingKeys(KEYS).sessionStore(store).build();
        jar = new CookieJar(false);
    }

    private void signIn(User user) {
        SignInResult r = engine.signIn(jar.request("/login").method("POST").build(), user, Optional.empty());
        jar.apply(r.cookieWrites());
        clock.advance(Duration.ofMillis(1));
    }

    private AuthResult get(String sessionHeader) {
        RequestView.Builder b = jar.headerRequest("/");
        if (sessionHeader != null) {
            b.header(SessionSelector.SESSION_HEADER, sessionHeader);
        }
        return engine.authenticate(b.build());
    }

    private static String userOf(AuthResult r) {
        return r.session().map(SessionClaims::userId).orElse(null);
    }

    @Test
    void aRepeatedCookieHeaderIsReadOnceAndAnsweredAlikeWithoutTheStore() {
        signIn(ALICE);
        signIn(BOB);
        AuthResult first = get("1");
        assertEquals(1, engine.memoisedBrowsers());
        store.resetCalls();
        AuthResult again = get("1");
        assertEquals("bob", userOf(again));
        assertEquals(first.signedInSessions(), again.signedInSessions());
        assertEquals(first.clientId(), again.clientId());
        assertEquals(SelectionSource.HEADER, again.source());
        assertTrue(again.cookieWrites().isEmpty());
        assertEquals(0, store.calls());
        assertEquals(1, engine.memoisedBrowsers());
        assertEquals("alice", userOf(get("0")), "the choice is made per request, not memoised");
    }

    @Test
    void aMemoisedRequestReadsTheClockOnce() {
        signIn(ALICE);
        signIn(BOB);
        get("1");
        clockReadings.set(0);
        get("1");
        assertEquals(1, clockReadings.get());
    }

    @Test
    void aTokenDifferingInOneCharacterIsNeverServedFromTheMemo() {
        signIn(ALICE);
        get(null);
        String name = jar.all().keySet().stream().filter(n -> n.startsWith("ms_sess_")).findFirst().orElseThrow();
        String token = jar.get(name);
        int middle = token.length() / 2;
        char other = token.charAt(middle) == 'A' ? 'B' : 'A';
        jar.put(name, token.substring(0, middle) + other + token.substring(middle + 1));
        AuthResult r = get(null);
        assertFalse(r.isSignedIn(), "a forged token must be verified in full and refused");
        assertTrue(r.cookieWrites().stream().anyMatch(w -> w.isDeletion() && w.name().equals(name)));
    }

    @Test
    void aMemoisedBrowserNeverOutlivesATokensExpiry() {
        signIn(ALICE);
        assertEquals("alice", userOf(get(null)));
        store.resetCalls();
        clock.advance(Duration.ofSeconds(60 + 5)); // exp plus the clock skew
        AuthResult r = get(null);
        assertEquals("alice", userOf(r), "the expired token was refreshed from the store");
        assertTrue(store.calls() > 0, "an expired token must go back to the store");
        assertTrue(r.cookieWrites().stream().anyMatch(w -> !w.isDeletion() && w.name().startsWith("ms_sess_")));
    }

    @Test
    void theRefreshWindowStillRefreshesAMemoisedBrowser() {
        signIn(ALICE);
        get(null);
        store.resetCalls();
        clock.advance(Duration.ofSeconds(46)); // the last 15 s of a 60 s token
        AuthResult r = get(null);
        assertTrue(r.cookieWrites().stream().anyMatch(w -> !w.isDeletion() && w.name().startsWith("ms_sess_")));
        assertTrue(store.calls() > 0);
    }

    @Test
    void aSessionSignedOutOnThisNodeIsRefusedAtOnceThroughAMemoisedHeader() {
        signIn(ALICE);
        signIn(BOB);
        RequestView onBob = jar.headerRequest("/").header(SessionSelector.SESSION_HEADER, "1").build();
        RequestView onAlice = jar.headerRequest("/").header(SessionSelector.SESSION_HEADER, "0").build();
        assertEquals("bob", userOf(engine.authenticate(onBob)));
        assertEquals(1, engine.memoisedBrowsers());
        engine.signOut(jar.request("/sign-out").method("POST").build(), Optional.of("1"));
        assertFalse(engine.authenticate(onBob).isSignedIn(), "the old Cookie header must not bring the ended session back");
        assertEquals("alice", userOf(engine.authenticate(onAlice)));
    }

    @Test
    void aMemoisedBrowserWhoseTokenExpiredIsSignedOutWhileTheStoreIsDown() {
        signIn(ALICE);
        assertEquals("alice", userOf(get(null)));
        store.setAvailable(false);
        clock.advance(Duration.ofSeconds(40));
        assertEquals("alice", userOf(get(null)), "a valid token keeps working while the store is down");
        clock.advance(Duration.ofSeconds(25)); // past exp plus the clock skew
        AuthResult r = get(null);
        assertFalse(r.isSignedIn(), "an expired token must never be served as valid from the memo");
        assertEquals(Optional.of(Reasons.STORE_UNAVAILABLE), r.reason());
    }

    @Test
    void aRevocationBroadcastFromAnotherNodeDropsTheMemoisedBrowser() {
        signIn(ALICE);
        AuthResult r = get(null);
        assertEquals(1, engine.memoisedBrowsers());
        for (RevocationListener l : store.revocationListeners()) {
            l.sessionsEnded(Set.of(r.session().orElseThrow().sessionId()));
        }
        assertEquals(0, engine.memoisedBrowsers());
        assertFalse(get(null).isSignedIn());
    }

    @Test
    void missedRevocationsDropEveryMemoisedBrowserAndSendTheSessionBackToTheStore() {
        signIn(ALICE);
        get(null);
        store.resetCalls();
        clock.advance(Duration.ofSeconds(1));
        for (RevocationListener l : store.revocationListeners()) {
            l.endedSessionsMayHaveBeenMissed();
        }
        assertEquals(0, engine.memoisedBrowsers());
        assertEquals("alice", userOf(get(null)));
        assertTrue(store.calls() > 0, "a token issued before the missed revocations is checked with the store");
    }

    @Test
    void aBrowserWithACookieToDeleteIsNotMemoised() {
        signIn(ALICE);
        jar.put("ms_sess_01JD3Q8Z6V8W4S0F2K7N5M9P3R", "not-a-token");
        AuthResult r = get(null);
        assertEquals("alice", userOf(r));
        assertEquals(0, engine.memoisedBrowsers());
        assertTrue(r.cookieWrites().stream().anyMatch(w -> w.isDeletion()));
        assertTrue(get(null).cookieWrites().stream().anyMatch(w -> w.isDeletion()), "every request asks for the deletion again");
    }

    @Test
    void cookiesGivenOneByOneAreReadAsBefore() {
        signIn(ALICE);
        engine.authenticate(jar.request("/").build());
        assertEquals(0, engine.memoisedBrowsers());
    }

    @Test
    void aReadingRacingARevocationIsNotKept() {
        BrowserMemo memo = new BrowserMemo(10);
        signIn(ALICE);
        RequestView view = jar.headerRequest("/").build();
        Browser read = new BrowserReader(engine.config(), new dev.multisession.core.token.CachingTokenVerifier(
                new dev.multisession.core.token.StrictTokenVerifier(engine.config(),
                        dev.multisession.core.keys.VerificationKeys.forConfig(engine.config(), KEYS)), engine.config()),
                false).read(view);
        assertFalse(read.candidates().isEmpty());
        long epoch = memo.epoch();
        memo.forgetSessions(Set.of("sess_someone_else"));
        memo.keep(view.cookieScan(), false, "", read, epoch, 5_000);
        assertEquals(0, memo.size());
        memo.keep(view.cookieScan(), false, "", read, memo.epoch(), 5_000);
        assertEquals(1, memo.size());
    }

    @Test
    void aRepeatedCookieHeaderIsAnsweredByItsWholeHeader() {
        signIn(ALICE);
        get(null);
        assertEquals(1, engine.memoisedHeaders());
        store.resetCalls();
        assertEquals("alice", userOf(get(null)));
        assertEquals(0, store.calls());
    }

    @Test
    void aHeaderWithAnotherOfTheAppsCookiesIsReadByItsFamilyCookiesAlone() {
        signIn(ALICE);
        get(null);
        jar.put("theme", "dark");
        store.resetCalls();
        AuthResult r = get(null);
        assertEquals("alice", userOf(r));
        assertTrue(r.cookieWrites().isEmpty());
        assertEquals(0, store.calls());
        assertEquals(1, engine.memoisedBrowsers(), "the same family cookies: the same reading");
        assertEquals(2, engine.memoisedHeaders());
    }

    @Test
    void cookiesInTwoHeaderFieldsAreReadByTheirFamilyCookies() {
        signIn(ALICE);
        String header = jar.headerRequest("/").build().soleCookieHeader();
        RequestView twoFields = RequestView.builder().path("/").origin("http://localhost:8080")
                .cookieHeader("theme=dark").cookieHeader(header).build();
        assertEquals("alice", userOf(engine.authenticate(twoFields)));
        assertEquals("alice", userOf(engine.authenticate(twoFields)));
        assertEquals(1, engine.memoisedBrowsers());
        assertEquals(0, engine.memoisedHeaders());
    }

    @Test
    void aSessionSignedOutOnThisNodeIsRefusedAtOnceThroughAHeaderSeenBefore() {
        signIn(ALICE);
        RequestView same = jar.headerRequest("/").build();
        assertEquals("alice", userOf(engine.authenticate(same)));
        assertEquals("alice", userOf(engine.authenticate(same)));
        assertEquals(1, engine.memoisedHeaders());
        engine.signOut(jar.request("/sign-out").method("POST").build(), Optional.empty());
        assertFalse(engine.authenticate(same).isSignedIn(), "the header seen before must not bring the ended session back");
        assertEquals(0, engine.memoisedHeaders());
    }
}
