package dev.multisession.core.store.testing;

import dev.multisession.core.model.Ids;
import dev.multisession.core.model.Organization;
import dev.multisession.core.model.Session;
import dev.multisession.core.model.SessionStatus;
import dev.multisession.core.model.User;
import dev.multisession.core.store.AtCapPolicy;
import dev.multisession.core.store.Mutation;
import dev.multisession.core.store.NewSession;
import dev.multisession.core.store.RefreshRead;
import dev.multisession.core.store.RevocationListener;
import dev.multisession.core.store.SessionChange;
import dev.multisession.core.store.SessionStore;
import dev.multisession.core.store.SignInOutcome;
import dev.multisession.core.testing.MutableClock;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Collection;
import java.util.HashSet;
import java.util.List;
import java.util.Optional;
import java.util.Set;
import java.util.TreeSet;
import java.util.concurrent.Callable;
import java.util.concurrent.ConcurrentLinkedQueue;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertInstanceOf;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assertions.fail;

/**
 * The {@link SessionStore} contract, as tests every implementation runs: extend this class and
 * make a fresh, empty store in {@link #newStore}.
 *
 * <pre>{@code
 * class RedisSessionStoreContractTest extends SessionStoreContract {
 *     protected SessionStore newStore(MutableClock clock, Duration touchInterval) {
 *         return new RedisSessionStore(redis, MultiSessionConfig.builder().clock(clock).touchInterval(touchInterval).build());
 *     }
 * }
 * }</pre>
 *
 * <p>Time: every store method that takes an {@code Instant now} gets {@code clock.instant()}
 * of the {@link MutableClock} handed to {@link #newStore}; a store may also read that clock
 * itself (for expiry), so both always agree. Tests move the clock by hand, never sleep.
 *
 * <p>Revocation listeners: a store may tell its listeners on the thread that ended the sessions
 * or on a notification thread of its own. The kit waits (bounded) for a "fence" notification it
 * causes last, and assumes a store tells of ended sessions in the order it ended them.
 *
 * <p>Not covered here, because it depends on the backing service: {@code StoreUnavailableException}
 * on failure (see {@link FlakyStore} for the engine's side) and cross-node notification.
 */
@DisplayName("SessionStore contract")
public abstract class SessionStoreContract {

    /** The touch interval the kit's stores are made with. */
    protected static final Duration TOUCH_INTERVAL = Duration.ofSeconds(60);
    /** The absolute lifetime of the kit's sessions. */
    protected static final Duration LIFETIME = Duration.ofDays(7);
    /** The per-browser cap used where a test does not name one. */
    protected static final int CAP = 5;
    /** Bound for anything a test waits for (other threads, asynchronous notifications). */
    protected static final Duration WAIT = Duration.ofSeconds(30);

    private static final Organization ACME = Organization.builder("org_acme", "acme").role("org:admin").build();
    private static final Organization GLOBEX = Organization.builder("org_globex", "globex").build();

    protected MutableClock clock;
    protected SessionStore store;
    protected String clientA;
    protected String clientB;

    /** A fresh, empty store whose expiry uses {@code clock} and that records activity at most once per {@code touchInterval}. */
    protected abstract SessionStore newStore(MutableClock clock, Duration touchInterval);

    /** Releases what {@link #newStore} made (connections, keys); nothing by default. */
    protected void closeStore(SessionStore store) {
    }

    @BeforeEach
    void createStore() {
        clock = MutableClock.atFixedStart();
        store = newStore(clock, TOUCH_INTERVAL);
        clientA = Ids.newClientId(clock);
        clientB = Ids.newClientId(clock);
    }

    @AfterEach
    void releaseStore() {
        if (store != null) {
            closeStore(store);
        }
    }

    // =================================================================== helpers

    /**
     * A session to sign in: now, for 7 days, index 0, version 0, no inactivity timeout. Session
     * ids order sign-ins only to the millisecond, so a test that needs one session to be the
     * older (eviction ties, listing order) advances the clock between them.
     */
    protected Session.Builder draft(String clientId, String userId) {
        Instant now = clock.instant();
        return Session.builder().id(Ids.newSessionId(clock)).index(0).clientId(clientId).user(User.of(userId))
                .createdAt(now).lastActiveAt(now).expiresAt(now.plus(LIFETIME));
    }

    protected SignInOutcome signIn(Session draft, int cap, AtCapPolicy atCap, boolean replaceSameUser) {
        return store.signIn(new NewSession(draft, cap, atCap, replaceSameUser));
    }

    protected static SignInOutcome.Created created(SignInOutcome outcome, String what) {
        return assertInstanceOf(SignInOutcome.Created.class, outcome, what + ": expected the sign-in to be created");
    }

    /** Signs a user in (cap {@link #CAP}, refuse at the cap, replacing the user's session) and returns the stored session. */
    protected Session signIn(String clientId, String userId) {
        return created(signIn(draft(clientId, userId).build(), CAP, AtCapPolicy.REFUSE, true),
                "sign-in of " + userId).session();
    }

    protected Session signInWithTimeout(String clientId, String userId, Duration inactivityTimeout) {
        return created(signIn(draft(clientId, userId).inactivityTimeout(inactivityTimeout).build(), CAP,
                AtCapPolicy.REFUSE, true), "sign-in of " + userId).session();
    }

    protected Instant now() {
        return clock.instant();
    }

    protected Session stored(Session s) {
        return store.find(s.id()).orElseThrow(() -> new AssertionError("the store no longer has session " + s.id()));
    }

    protected SessionStatus statusOf(Session s) {
        return stored(s).status();
    }

    protected static Session active(RefreshRead read, String what) {
        RefreshRead.Active a = assertInstanceOf(RefreshRead.Active.class, read, what + ": expected Active, got " + read);
        return a.session();
    }

    protected static void assertGone(RefreshRead.Why why, RefreshRead read, String what) {
        assertEquals(new RefreshRead.Gone(why), read, what);
    }

    protected static List<String> ids(Collection<Session> sessions) {
        return sessions.stream().map(Session::id).toList();
    }

    protected static Set<String> idSet(Collection<Session> sessions) {
        return new TreeSet<>(ids(sessions));
    }

    protected List<Session> activeOf(String clientId) {
        return store.listByClient(clientId).stream().filter(s -> s.status() == SessionStatus.ACTIVE).toList();
    }

    private static void assertIndexesUnique(List<Session> active, String what) {
        Set<Integer> indexes = new HashSet<>();
        for (Session s : active) {
            assertTrue(indexes.add(s.index()), () -> what + ": index " + s.index() + " is held by two active sessions: "
                    + active.stream().map(x -> x.id() + "@" + x.index()).toList());
        }
    }

    // =================================================================== signIn

    @Test
    void signInStoresTheSessionActiveWithVersionZero() {
        Session draft = draft(clientA, "u1").build();

        SignInOutcome.Created c = created(signIn(draft, CAP, AtCapPolicy.REFUSE, true), "first sign-in");

        assertEquals(draft.id(), c.session().id(), "the created session keeps the requested id");
        assertEquals(SessionStatus.ACTIVE, c.session().status(), "a new session is active");
        assertEquals(0, c.session().version(), "a new session has version 0");
        assertEquals(List.of(), c.ended(), "a first sign-in ends nothing");
        assertEquals(c.session(), stored(draft), "the store holds exactly the session it reported");
    }

    @Test
    void signInChoosesTheIndexAndVersionWhateverTheRequestCarries() {
        Session draft = draft(clientA, "u1").index(3).version(7).build();

        Session s = created(signIn(draft, CAP, AtCapPolicy.REFUSE, true), "sign-in").session();

        assertEquals(0, s.index(), "the store chooses the index, not the request");
        assertEquals(0, s.version(), "the store stores version 0, not the request's");
        assertEquals(0, stored(s).version());
    }

    @Test
    void signInGivesTheLowestFreeIndex() {
        assertEquals(0, signIn(clientA, "u1").index(), "first session");
        assertEquals(1, signIn(clientA, "u2").index(), "second session");
        assertEquals(2, signIn(clientA, "u3").index(), "third session");
    }

    @Test
    void signInAtTheCapWithRefuseIsRefusedAndChangesNothing() {
        Session one = signIn(clientA, "u1");
        Session two = signIn(clientA, "u2");
        List<Session> before = store.listByClient(clientA);
        Session third = draft(clientA, "u3").build();

        SignInOutcome outcome = signIn(third, 2, AtCapPolicy.REFUSE, true);

        assertEquals(new SignInOutcome.Refused(2), outcome, "a third sign-in at cap 2 with REFUSE");
        assertEquals(Optional.empty(), store.find(third.id()), "a refused session is not stored");
        assertEquals(before, store.listByClient(clientA), "a refused sign-in changes nothing of the browser");
        assertEquals(SessionStatus.ACTIVE, statusOf(one));
        assertEquals(SessionStatus.ACTIVE, statusOf(two));
    }

    @Test
    void signInAtTheCapWithRefuseIsRefusedEvenForASignedInUserWhenNotReplacing() {
        signIn(clientA, "u1");
        signIn(clientA, "u2");

        SignInOutcome outcome = signIn(draft(clientA, "u1").build(), 2, AtCapPolicy.REFUSE, false);

        assertEquals(new SignInOutcome.Refused(2), outcome, "without replaceSameUser a second session of u1 needs a free slot");
    }

    @Test
    void signInAtTheCapWithEvictEndsTheLeastRecentlyActiveSessionAsRemoved() {
        Session older = signIn(clientA, "u1");
        clock.advance(Duration.ofSeconds(1));
        Session newer = signIn(clientA, "u2");
        clock.advance(TOUCH_INTERVAL.plusSeconds(1));
        active(store.readForRefresh(older.id(), clientA, now()), "refresh of the older session");
        // now the newer session is the least recently active one

        SignInOutcome.Created c = created(signIn(draft(clientA, "u3").build(), 2,
                AtCapPolicy.EVICT_LEAST_RECENTLY_ACTIVE, true), "sign-in at the cap with EVICT");

        assertEquals(List.of(newer.id()), ids(c.ended()), "the least recently active session is reported ended");
        assertEquals(SessionStatus.REMOVED, c.ended().get(0).status(), "reported with its final status");
        assertEquals(SessionStatus.REMOVED, statusOf(newer), "an evicted session ends as removed");
        assertEquals(SessionStatus.ACTIVE, statusOf(older), "the recently active session stays");
        assertEquals(SessionStatus.ACTIVE, statusOf(c.session()));
    }

    @Test
    void evictionAmongEquallyRecentlyActiveSessionsEndsTheOlder() {
        Session older = signIn(clientA, "u1");
        clock.advance(Duration.ofMillis(1));   // session ids order sign-ins to the millisecond
        Session newer = signIn(clientA, "u2");
        clock.advance(Duration.ofMinutes(1));
        Instant same = now();
        store.change(older.id(), SessionStore.ANY_VERSION, SessionChange.touch(), same);
        store.change(newer.id(), SessionStore.ANY_VERSION, SessionChange.touch(), same);

        SignInOutcome.Created c = created(signIn(draft(clientA, "u3").build(), 2,
                AtCapPolicy.EVICT_LEAST_RECENTLY_ACTIVE, true), "sign-in at the cap with EVICT");

        assertEquals(List.of(older.id()), ids(c.ended()), "on a tie of last activity the older session is evicted");
        assertEquals(SessionStatus.ACTIVE, statusOf(newer));
    }

    @Test
    void signInAtTheCapWithEvictGivesTheNewSessionAnIndexNoActiveSessionHolds() {
        signIn(clientA, "u1");
        signIn(clientA, "u2");

        created(signIn(draft(clientA, "u3").build(), 2, AtCapPolicy.EVICT_LEAST_RECENTLY_ACTIVE, true), "evicting sign-in");

        List<Session> active = activeOf(clientA);
        assertEquals(2, active.size(), "the browser stays at the cap: " + active);
        assertIndexesUnique(active, "after an eviction");
    }

    @Test
    void signInEvictsOnlyWhenAtTheCap() {
        signIn(clientA, "u1");

        SignInOutcome.Created c = created(signIn(draft(clientA, "u2").build(), 2,
                AtCapPolicy.EVICT_LEAST_RECENTLY_ACTIVE, true), "sign-in under the cap");

        assertEquals(List.of(), c.ended(), "nothing is evicted below the cap");
    }

    @Test
    void replaceSameUserEndsThatUsersSessionAndReusesItsIndex() {
        signIn(clientA, "u0");
        Session first = signIn(clientA, "u1");
        signIn(clientA, "u2");
        assertEquals(1, first.index());

        SignInOutcome.Created c = created(signIn(draft(clientA, "u1").build(), CAP, AtCapPolicy.REFUSE, true),
                "second sign-in of u1");

        assertEquals(List.of(first.id()), ids(c.ended()), "the replaced session is reported ended");
        assertEquals(SessionStatus.ENDED, c.ended().get(0).status(), "reported with its final status");
        assertEquals(SessionStatus.ENDED, statusOf(first), "a replaced session ends as ended");
        assertEquals(1, c.session().index(), "the new session takes the replaced session's index");
    }

    @Test
    void replaceSameUserReusesTheReplacedIndexEvenWhenALowerOneIsFree() {
        signIn(clientA, "u0");
        Session moved = signIn(clientA, "u1");
        assertEquals(Mutation.Outcome.APPLIED, store.change(moved.id(), 0, SessionChange.index(4), now()).outcome());

        Session again = created(signIn(draft(clientA, "u1").build(), CAP, AtCapPolicy.REFUSE, true), "u1 again").session();

        assertEquals(4, again.index(), "the replacing session keeps the user's number, although index 1 is free");
    }

    @Test
    void replacingAtTheCapMakesRoomSoTheSignInIsNotRefused() {
        Session first = signIn(clientA, "u1");
        signIn(clientA, "u2");

        SignInOutcome outcome = signIn(draft(clientA, "u1").build(), 2, AtCapPolicy.REFUSE, true);

        SignInOutcome.Created c = created(outcome, "u1 signing in again at cap 2");
        assertEquals(List.of(first.id()), ids(c.ended()), "only the replaced session ends; nothing is evicted");
    }

    @Test
    void replaceSameUserLeavesThatUsersSessionsInOtherBrowsersAlone() {
        Session elsewhere = signIn(clientB, "u1");

        SignInOutcome.Created c = created(signIn(draft(clientA, "u1").build(), CAP, AtCapPolicy.REFUSE, true),
                "u1 signing in in browser A");

        assertEquals(List.of(), c.ended(), "nothing of another browser is replaced");
        assertEquals(SessionStatus.ACTIVE, statusOf(elsewhere));
    }

    @Test
    void withoutReplaceSameUserTheUsersFirstSessionStaysAndTheNewOneTakesAnotherIndex() {
        Session first = signIn(clientA, "u1");

        SignInOutcome.Created c = created(signIn(draft(clientA, "u1").build(), CAP, AtCapPolicy.REFUSE, false),
                "second session of u1");

        assertEquals(List.of(), c.ended());
        assertEquals(SessionStatus.ACTIVE, statusOf(first));
        assertEquals(1, c.session().index());
    }

    @Test
    void sessionsOfAnotherBrowserDoNotCountTowardTheCap() {
        signIn(clientA, "u1");

        SignInOutcome outcome = signIn(draft(clientB, "u2").build(), 1, AtCapPolicy.REFUSE, true);

        assertEquals(0, created(outcome, "first sign-in of browser B at cap 1").session().index());
    }

    @Test
    void aSessionPastItsInactivityTimeoutDoesNotCountTowardTheCap() {
        signInWithTimeout(clientA, "u1", Duration.ofMinutes(30));
        clock.advance(Duration.ofMinutes(31));

        SignInOutcome outcome = signIn(draft(clientA, "u2").build(), 1, AtCapPolicy.REFUSE, true);

        created(outcome, "sign-in at cap 1 next to an expired session");
    }

    @Test
    void anIndexFreedBySignOutIsNotReusedWhileAnIndexUnderTheCapWasNeverUsed() {
        Session first = signIn(clientA, "u1");
        signIn(clientA, "u2");
        store.revoke(first.id(), clientA, SessionStatus.ENDED, now());

        Session third = created(signIn(draft(clientA, "u3").build(), 3, AtCapPolicy.REFUSE, true), "u3").session();

        assertEquals(2, third.index(), "index 0 was just signed out of; unused index 2 comes first");
    }

    @Test
    void anIndexFreedBySignOutIsReusedOnceNoUnusedIndexUnderTheCapIsLeft() {
        Session first = signIn(clientA, "u1");
        signIn(clientA, "u2");
        store.revoke(first.id(), clientA, SessionStatus.ENDED, now());
        created(signIn(draft(clientA, "u3").build(), 3, AtCapPolicy.REFUSE, true), "u3");

        Session fourth = created(signIn(draft(clientA, "u4").build(), 3, AtCapPolicy.REFUSE, true), "u4").session();

        assertEquals(0, fourth.index(), "with indexes 1 and 2 active and 0 signed out of, index 0 is reused");
    }

    // =================================================================== readForRefresh

    @Test
    void readForRefreshReturnsTheActiveSessionOfThatBrowser() {
        Session s = signIn(clientA, "u1");

        Session read = active(store.readForRefresh(s.id(), clientA, now()), "refresh");

        assertEquals(s, read, "the session as stored");
    }

    @Test
    void readForRefreshWithinTheTouchIntervalRecordsNoActivity() {
        Session s = signIn(clientA, "u1");
        clock.advance(TOUCH_INTERVAL.minusSeconds(1));

        Session read = active(store.readForRefresh(s.id(), clientA, now()), "refresh");

        assertEquals(s.lastActiveAt(), read.lastActiveAt(), "returned last-active");
        assertEquals(s.lastActiveAt(), stored(s).lastActiveAt(), "stored last-active");
    }

    @Test
    void readForRefreshAfterTheTouchIntervalRecordsActivityAtNow() {
        Session s = signIn(clientA, "u1");
        clock.advance(TOUCH_INTERVAL.plusSeconds(1));
        Instant now = now();

        Session read = active(store.readForRefresh(s.id(), clientA, now), "refresh");

        assertEquals(now, read.lastActiveAt(), "returned last-active");
        assertEquals(now, stored(s).lastActiveAt(), "stored last-active");
    }

    @Test
    void theTouchIntervalCountsFromTheLastRecordedActivity() {
        Session s = signIn(clientA, "u1");
        clock.advance(TOUCH_INTERVAL.plusSeconds(1));
        Instant recorded = now();
        active(store.readForRefresh(s.id(), clientA, recorded), "first refresh");
        clock.advance(TOUCH_INTERVAL.minusSeconds(1));

        active(store.readForRefresh(s.id(), clientA, now()), "second refresh");

        assertEquals(recorded, stored(s).lastActiveAt(), "a second refresh within the interval writes nothing");
    }

    @Test
    void readForRefreshDoesNotChangeTheVersion() {
        Session s = signIn(clientA, "u1");
        clock.advance(TOUCH_INTERVAL.plusSeconds(1));

        Session read = active(store.readForRefresh(s.id(), clientA, now()), "refresh");

        assertEquals(0, read.version(), "returned version");
        assertEquals(0, stored(s).version(), "recording activity is not a version change");
    }

    @Test
    void readForRefreshAfterSignOutIsGoneEnded() {
        Session s = signIn(clientA, "u1");
        store.revoke(s.id(), clientA, SessionStatus.ENDED, now());

        assertGone(RefreshRead.Why.ENDED, store.readForRefresh(s.id(), clientA, now()), "refresh after sign-out");
    }

    @Test
    void readForRefreshAfterEvictionAtTheCapIsGoneEnded() {
        Session evicted = signIn(clientA, "u1");
        created(signIn(draft(clientA, "u2").build(), 1, AtCapPolicy.EVICT_LEAST_RECENTLY_ACTIVE, true), "evicting sign-in");
        assertEquals(SessionStatus.REMOVED, statusOf(evicted));

        assertGone(RefreshRead.Why.ENDED, store.readForRefresh(evicted.id(), clientA, now()),
                "refresh of a session removed at the cap");
    }

    @Test
    void readForRefreshAfterReplacementIsGoneEnded() {
        Session replaced = signIn(clientA, "u1");
        signIn(clientA, "u1");

        assertGone(RefreshRead.Why.ENDED, store.readForRefresh(replaced.id(), clientA, now()),
                "refresh of a replaced session");
    }

    @Test
    void readForRefreshAfterRevokeIsGoneRevoked() {
        Session s = signIn(clientA, "u1");
        store.revoke(s.id(), clientA, SessionStatus.REVOKED, now());

        assertGone(RefreshRead.Why.REVOKED, store.readForRefresh(s.id(), clientA, now()), "refresh after revoke");
    }

    @Test
    void aSessionIsRefreshableUntilJustBeforeItsAbsoluteExpiry() {
        Session s = signIn(clientA, "u1");
        clock.set(s.expiresAt().minusMillis(1));

        active(store.readForRefresh(s.id(), clientA, now()), "refresh 1 ms before the absolute expiry");
    }

    @Test
    void readForRefreshAtTheAbsoluteExpiryIsGoneExpiredOrUnknownOnceForgotten() {
        Session s = signIn(clientA, "u1");
        clock.set(s.expiresAt());

        RefreshRead read = store.readForRefresh(s.id(), clientA, now());

        assertTrue(read.equals(new RefreshRead.Gone(RefreshRead.Why.EXPIRED))
                        || read.equals(new RefreshRead.Gone(RefreshRead.Why.UNKNOWN)),
                () -> "at its absolute expiry a session is expired (or forgotten), got " + read);
    }

    @Test
    void readForRefreshAtTheInactivityTimeoutIsGoneExpired() {
        Session s = signInWithTimeout(clientA, "u1", Duration.ofMinutes(30));
        clock.advance(Duration.ofMinutes(30).minusMillis(1));
        assertEquals(SessionStatus.ACTIVE, statusOf(s), "1 ms before the inactivity timeout (find records no activity)");
        clock.advance(Duration.ofMillis(1));

        assertGone(RefreshRead.Why.EXPIRED, store.readForRefresh(s.id(), clientA, now()),
                "refresh 30 minutes after the last recorded activity");
    }

    @Test
    void aSessionIsRefreshableUntilJustBeforeItsInactivityTimeout() {
        Session s = signInWithTimeout(clientA, "u1", Duration.ofMinutes(30));
        clock.advance(Duration.ofMinutes(30).minusMillis(1));

        active(store.readForRefresh(s.id(), clientA, now()), "refresh 1 ms before the inactivity timeout");
    }

    @Test
    void refreshingInTimeKeepsAnInactivitySessionAlive() {
        Session s = signInWithTimeout(clientA, "u1", Duration.ofMinutes(30));
        clock.advance(Duration.ofMinutes(20));
        active(store.readForRefresh(s.id(), clientA, now()), "refresh after 20 minutes");
        clock.advance(Duration.ofMinutes(20));

        active(store.readForRefresh(s.id(), clientA, now()), "refresh 40 minutes after sign-in, 20 after the last");
    }

    @Test
    void readForRefreshPastTheInactivityTimeoutRecordsNoActivity() {
        Session s = signInWithTimeout(clientA, "u1", Duration.ofMinutes(30));
        clock.advance(Duration.ofMinutes(31));
        store.readForRefresh(s.id(), clientA, now());

        assertEquals(s.lastActiveAt(), stored(s).lastActiveAt(), "an expired session's activity is not recorded");
        assertGone(RefreshRead.Why.EXPIRED, store.readForRefresh(s.id(), clientA, now()), "a second refresh");
    }

    @Test
    void readForRefreshOfAnUnknownSessionIsGoneUnknown() {
        signIn(clientA, "u1");

        assertGone(RefreshRead.Why.UNKNOWN, store.readForRefresh(Ids.newSessionId(clock), clientA, now()),
                "refresh of an id the store never had");
    }

    @Test
    void readForRefreshByAnotherBrowserIsGoneUnknown() {
        Session s = signIn(clientA, "u1");

        assertGone(RefreshRead.Why.UNKNOWN, store.readForRefresh(s.id(), clientB, now()),
                "refresh of browser A's session by browser B");
    }

    @Test
    void readForRefreshByAnotherBrowserRecordsNoActivity() {
        Session s = signIn(clientA, "u1");
        clock.advance(TOUCH_INTERVAL.plusSeconds(1));

        store.readForRefresh(s.id(), clientB, now());

        assertEquals(s.lastActiveAt(), stored(s).lastActiveAt());
    }

    // =================================================================== change

    @Test
    void changingTheOrganizationAppliesAndBumpsTheVersion() {
        Session s = signIn(clientA, "u1");

        Mutation m = store.change(s.id(), 0, SessionChange.organization(Optional.of(ACME)), now());

        assertEquals(Mutation.Outcome.APPLIED, m.outcome());
        Session after = m.session().orElseThrow(() -> new AssertionError("APPLIED carries the session afterwards"));
        assertEquals(Optional.of(ACME), after.activeOrganization(), "returned organization");
        assertEquals(1, after.version(), "returned version");
        assertEquals(Optional.of(ACME), stored(s).activeOrganization(), "stored organization");
        assertEquals(1, stored(s).version(), "stored version");
    }

    @Test
    void switchingToThePersonalAccountAppliesAndBumpsTheVersion() {
        Session s = signIn(clientA, "u1");
        store.change(s.id(), 0, SessionChange.organization(Optional.of(ACME)), now());

        Mutation m = store.change(s.id(), 1, SessionChange.organization(Optional.empty()), now());

        assertEquals(Mutation.Outcome.APPLIED, m.outcome());
        assertEquals(Optional.empty(), stored(s).activeOrganization(), "empty organization is the personal account");
        assertEquals(2, stored(s).version());
    }

    @Test
    void movingToAFreeIndexAppliesAndBumpsTheVersion() {
        Session s = signIn(clientA, "u1");

        Mutation m = store.change(s.id(), 0, SessionChange.index(3), now());

        assertEquals(Mutation.Outcome.APPLIED, m.outcome());
        assertEquals(3, stored(s).index());
        assertEquals(1, stored(s).version());
    }

    @Test
    void movingToAnIndexHeldByAnotherActiveSessionOfTheBrowserIsIndexTaken() {
        signIn(clientA, "u1");
        Session second = signIn(clientA, "u2");

        Mutation m = store.change(second.id(), 0, SessionChange.index(0), now());

        assertEquals(Mutation.Outcome.INDEX_TAKEN, m.outcome());
        assertEquals(second, stored(second), "nothing changed");
    }

    @Test
    void anIndexHeldOnlyByAnEndedSessionIsFree() {
        Session first = signIn(clientA, "u1");
        Session second = signIn(clientA, "u2");
        store.revoke(first.id(), clientA, SessionStatus.ENDED, now());

        Mutation m = store.change(second.id(), 0, SessionChange.index(0), now());

        assertEquals(Mutation.Outcome.APPLIED, m.outcome(), "an ended session holds no index");
        assertEquals(0, stored(second).index());
    }

    @Test
    void anIndexHeldInAnotherBrowserIsFree() {
        Session s = signIn(clientA, "u1");
        signIn(clientB, "u2");
        assertEquals(1, signIn(clientB, "u3").index());

        Mutation m = store.change(s.id(), 0, SessionChange.index(1), now());

        assertEquals(Mutation.Outcome.APPLIED, m.outcome(), "browser B's session at index 1 holds no index of browser A");
        assertEquals(1, stored(s).index());
    }

    @Test
    void touchRecordsActivityAtNowEvenWithinTheTouchIntervalWithoutAVersionChange() {
        Session s = signIn(clientA, "u1");
        clock.advance(Duration.ofSeconds(1));
        Instant now = now();

        Mutation m = store.change(s.id(), SessionStore.ANY_VERSION, SessionChange.touch(), now);

        assertEquals(Mutation.Outcome.APPLIED, m.outcome());
        assertEquals(now, stored(s).lastActiveAt(), "a touch change is written unconditionally");
        assertEquals(0, stored(s).version(), "recording activity is not a version change");
    }

    @Test
    void touchNeverMovesLastActiveBack() {
        Session s = signIn(clientA, "u1");
        clock.advance(Duration.ofMinutes(10));
        Instant latest = now();
        store.change(s.id(), SessionStore.ANY_VERSION, SessionChange.touch(), latest);

        store.change(s.id(), SessionStore.ANY_VERSION, SessionChange.touch(), latest.minus(Duration.ofMinutes(5)));

        assertEquals(latest, stored(s).lastActiveAt(), "a late touch with an earlier time keeps the later activity");
    }

    @Test
    void aChangeNamingAnOldVersionIsStaleAndChangesNothing() {
        Session s = signIn(clientA, "u1");
        store.change(s.id(), 0, SessionChange.organization(Optional.of(ACME)), now());
        Session current = stored(s);

        Mutation m = store.change(s.id(), 0, SessionChange.organization(Optional.of(GLOBEX)), now());

        assertEquals(Mutation.Outcome.STALE, m.outcome());
        assertEquals(Optional.of(current), m.session(), "STALE carries the current session");
        assertEquals(current, stored(s), "nothing changed");
    }

    @Test
    void aChangeNamingAVersionTheSessionNeverHadIsStale() {
        Session s = signIn(clientA, "u1");

        Mutation m = store.change(s.id(), 5, SessionChange.organization(Optional.of(ACME)), now());

        assertEquals(Mutation.Outcome.STALE, m.outcome());
        assertEquals(s, stored(s), "nothing changed");
    }

    @Test
    void anyVersionAppliesWhateverTheVersion() {
        Session s = signIn(clientA, "u1");
        store.change(s.id(), 0, SessionChange.organization(Optional.of(ACME)), now());

        Mutation m = store.change(s.id(), SessionStore.ANY_VERSION, SessionChange.organization(Optional.of(GLOBEX)), now());

        assertEquals(Mutation.Outcome.APPLIED, m.outcome());
        assertEquals(Optional.of(GLOBEX), stored(s).activeOrganization());
        assertEquals(2, stored(s).version());
    }

    @Test
    void endingASessionIsAVersionChange() {
        Session s = signIn(clientA, "u1");

        store.revoke(s.id(), clientA, SessionStatus.ENDED, now());

        assertEquals(1, stored(s).version(), "a status change is one version more (Session#version)");
    }

    @Test
    void aChangeToAnEndedSessionIsNotActiveAndNeverResurrectsIt() {
        Session s = signIn(clientA, "u1");
        store.revoke(s.id(), clientA, SessionStatus.ENDED, now());
        Session ended = stored(s);

        Mutation m = store.change(s.id(), ended.version(), SessionChange.organization(Optional.of(ACME)), now());

        assertEquals(Mutation.Outcome.NOT_ACTIVE, m.outcome());
        assertEquals(ended, stored(s), "the ended session is unchanged and stays ended");
    }

    @Test
    void aChangeWithAnyVersionToAnEndedSessionIsNotActive() {
        Session s = signIn(clientA, "u1");
        store.revoke(s.id(), clientA, SessionStatus.REVOKED, now());
        Session ended = stored(s);

        Mutation m = store.change(s.id(), SessionStore.ANY_VERSION, SessionChange.index(2), now());

        assertEquals(Mutation.Outcome.NOT_ACTIVE, m.outcome());
        assertEquals(ended, stored(s));
    }

    @Test
    void aTouchOfAnEndedSessionIsNotActiveAndRecordsNothing() {
        Session s = signIn(clientA, "u1");
        store.revoke(s.id(), clientA, SessionStatus.ENDED, now());
        Session ended = stored(s);
        clock.advance(TOUCH_INTERVAL.multipliedBy(2));

        Mutation m = store.change(s.id(), SessionStore.ANY_VERSION, SessionChange.touch(), now());

        assertEquals(Mutation.Outcome.NOT_ACTIVE, m.outcome());
        assertEquals(ended, stored(s), "status and last-active unchanged");
    }

    @Test
    void aChangeToASessionPastItsInactivityTimeoutIsNotActive() {
        Session s = signInWithTimeout(clientA, "u1", Duration.ofMinutes(30));
        clock.advance(Duration.ofMinutes(31));

        Mutation m = store.change(s.id(), SessionStore.ANY_VERSION, SessionChange.touch(), now());

        assertEquals(Mutation.Outcome.NOT_ACTIVE, m.outcome(), "a touch must not revive an expired session");
        assertEquals(SessionStatus.EXPIRED, statusOf(s));
    }

    @Test
    void aChangeToAnUnknownSessionIsUnknown() {
        Mutation m = store.change(Ids.newSessionId(clock), SessionStore.ANY_VERSION,
                SessionChange.organization(Optional.of(ACME)), now());

        assertEquals(Mutation.Outcome.UNKNOWN, m.outcome());
        assertEquals(Optional.empty(), m.session());
    }

    // =================================================================== tasks

    /** Signs a user in with tasks (cap {@link #CAP}) and returns the stored session. */
    protected Session signInWithTasks(String clientId, String userId, String... tasks) {
        return created(signIn(draft(clientId, userId).tasks(List.of(tasks)).build(), CAP, AtCapPolicy.REFUSE, true),
                "sign-in of " + userId + " with tasks").session();
    }

    @Test
    void aSignInWithTasksIsStoredPendingWithItsTasksInOrder() {
        Session s = signInWithTasks(clientA, "u1", "choose-organization", "setup-mfa");

        assertEquals(SessionStatus.PENDING, s.status(), "returned pending");
        assertEquals(SessionStatus.PENDING, statusOf(s), "stored pending");
        assertEquals(List.of("choose-organization", "setup-mfa"), stored(s).tasks());
        assertEquals(0, s.version());
    }

    @Test
    void aPendingSessionIsLiveForTheCapTheIndexAndRefresh() {
        Session pending = signInWithTasks(clientA, "u1", "reset-password");
        Session other = signIn(clientA, "u2");

        assertNotEquals(pending.index(), other.index(), "a pending session holds its index");
        Session read = active(store.readForRefresh(pending.id(), clientA, now()), "refresh of a pending session");
        assertEquals(List.of("reset-password"), read.tasks(), "the refresh read carries the tasks");
        assertInstanceOf(SignInOutcome.Refused.class, signIn(draft(clientA, "u3").build(), 2, AtCapPolicy.REFUSE, true),
                "a pending session counts toward the cap");
    }

    @Test
    void addTaskMakesALiveSessionPendingAsOneVersionChange() {
        Session s = signIn(clientA, "u1");

        Mutation m = store.change(s.id(), SessionStore.ANY_VERSION, SessionChange.addTask("reset-password"), now());

        assertEquals(Mutation.Outcome.APPLIED, m.outcome());
        assertEquals(SessionStatus.PENDING, statusOf(s));
        assertEquals(List.of("reset-password"), stored(s).tasks());
        assertEquals(1, stored(s).version());
        assertEquals(stored(s), m.session().orElseThrow(), "the mutation reports the stored session");
    }

    @Test
    void addTaskAppendsAfterTheTasksAlreadyPending() {
        Session s = signInWithTasks(clientA, "u1", "choose-organization");

        store.change(s.id(), SessionStore.ANY_VERSION, SessionChange.addTask("reset-password"), now());

        assertEquals(List.of("choose-organization", "reset-password"), stored(s).tasks());
    }

    @Test
    void addingATaskTheSessionHoldsChangesNothing() {
        Session s = signInWithTasks(clientA, "u1", "reset-password", "setup-mfa");

        Mutation m = store.change(s.id(), SessionStore.ANY_VERSION, SessionChange.addTask("setup-mfa"), now());

        assertEquals(Mutation.Outcome.APPLIED, m.outcome());
        assertEquals(List.of("reset-password", "setup-mfa"), stored(s).tasks());
        assertEquals(0, stored(s).version(), "no version change");
    }

    @Test
    void aTaskBeyondTheMostASessionHoldsIsRefusedAndChangesNothing() {
        Session s = signIn(clientA, "u1");
        for (int i = 0; i < dev.multisession.core.model.Tasks.MAX_TASKS; i++) {
            assertEquals(Mutation.Outcome.APPLIED,
                    store.change(s.id(), SessionStore.ANY_VERSION, SessionChange.addTask("task-" + i), now()).outcome());
        }
        Session full = stored(s);

        Mutation m = store.change(s.id(), SessionStore.ANY_VERSION, SessionChange.addTask("one-more"), now());

        assertEquals(Mutation.Outcome.TOO_MANY_TASKS, m.outcome());
        assertEquals(full, stored(s), "nothing changed, no version either");
        assertEquals(dev.multisession.core.model.Tasks.MAX_TASKS, stored(s).tasks().size());
    }

    @Test
    void addTaskToAnEndedSessionIsNotActiveAndNeverRevivesIt() {
        Session s = signIn(clientA, "u1");
        store.revoke(s.id(), clientA, SessionStatus.ENDED, now());
        Session ended = stored(s);

        Mutation m = store.change(s.id(), SessionStore.ANY_VERSION, SessionChange.addTask("reset-password"), now());

        assertEquals(Mutation.Outcome.NOT_ACTIVE, m.outcome());
        assertEquals(ended, stored(s));
    }

    @Test
    void completingTheCurrentTaskMovesToTheNextAndTheLastMakesTheSessionActive() {
        Session s = signInWithTasks(clientA, "u1", "reset-password", "setup-mfa");

        Mutation first = store.change(s.id(), SessionStore.ANY_VERSION, SessionChange.completeTask("reset-password"), now());
        assertEquals(Mutation.Outcome.APPLIED, first.outcome());
        assertEquals(List.of("setup-mfa"), stored(s).tasks());
        assertEquals(SessionStatus.PENDING, statusOf(s));

        Mutation last = store.change(s.id(), SessionStore.ANY_VERSION, SessionChange.completeTask("setup-mfa"), now());
        assertEquals(Mutation.Outcome.APPLIED, last.outcome());
        assertEquals(List.of(), stored(s).tasks());
        assertEquals(SessionStatus.ACTIVE, statusOf(s));
        assertEquals(2, stored(s).version());
    }

    @Test
    void completingATaskThatIsNotTheCurrentOneChangesNothing() {
        Session s = signInWithTasks(clientA, "u1", "reset-password", "setup-mfa");

        Mutation m = store.change(s.id(), SessionStore.ANY_VERSION, SessionChange.completeTask("setup-mfa"), now());

        assertEquals(Mutation.Outcome.TASK_NOT_CURRENT, m.outcome(), "a later task is never completed before the current one");
        assertEquals(List.of("reset-password", "setup-mfa"), stored(s).tasks());
        assertEquals(stored(s), m.session().orElseThrow(), "the mutation reports the current session");
    }

    @Test
    void completingATaskOfAnActiveSessionChangesNothing() {
        Session s = signIn(clientA, "u1");

        Mutation m = store.change(s.id(), SessionStore.ANY_VERSION, SessionChange.completeTask("reset-password"), now());

        assertEquals(Mutation.Outcome.TASK_NOT_CURRENT, m.outcome());
        assertEquals(s, stored(s));
    }

    @Test
    @Timeout(60)
    void twoCompletionsOfOneTaskAtOnceCompleteItOnceAndNeverSkipTheNext() throws Exception {
        for (int round = 0; round < 20; round++) {
            Session s = signInWithTasks(clientA, "u" + round, "reset-password", "setup-mfa");
            Callable<Mutation.Outcome> complete = () -> store.change(s.id(), SessionStore.ANY_VERSION,
                    SessionChange.completeTask("reset-password"), now()).outcome();
            List<Mutation.Outcome> outcomes = race(List.of(complete, complete));

            assertEquals(1, outcomes.stream().filter(o -> o == Mutation.Outcome.APPLIED).count(), "round " + round + ": " + outcomes);
            assertEquals(1, outcomes.stream().filter(o -> o == Mutation.Outcome.TASK_NOT_CURRENT).count(), "round " + round);
            assertEquals(List.of("setup-mfa"), stored(s).tasks(), "round " + round + ": the next task is still pending");
            store.revokeClient(clientA, SessionStatus.ENDED, now());
        }
    }

    @Test
    void chooseOrganizationCompletesACurrentChooseOrganizationTaskInTheSameChange() {
        Session s = signInWithTasks(clientA, "u1", "choose-organization", "setup-mfa");

        Mutation m = store.change(s.id(), SessionStore.ANY_VERSION, SessionChange.chooseOrganization(ACME), now());

        assertEquals(Mutation.Outcome.APPLIED, m.outcome());
        assertEquals(Optional.of(ACME), stored(s).activeOrganization());
        assertEquals(List.of("setup-mfa"), stored(s).tasks());
        assertEquals(1, stored(s).version(), "one change");
    }

    @Test
    void chooseOrganizationLeavesOtherCurrentTasksAlone() {
        Session s = signInWithTasks(clientA, "u1", "reset-password", "choose-organization");

        store.change(s.id(), SessionStore.ANY_VERSION, SessionChange.chooseOrganization(ACME), now());

        assertEquals(Optional.of(ACME), stored(s).activeOrganization());
        assertEquals(List.of("reset-password", "choose-organization"), stored(s).tasks(), "only the current task completes");
    }

    @Test
    void aRefreshsOrganizationChangeNeverCompletesChooseOrganization() {
        Session s = signInWithTasks(clientA, "u1", "choose-organization");

        store.change(s.id(), SessionStore.ANY_VERSION, SessionChange.organization(Optional.of(ACME)), now());

        assertEquals(List.of("choose-organization"), stored(s).tasks());
    }

    @Test
    void endingAPendingSessionGivesItItsFinalStatus() {
        Session s = signInWithTasks(clientA, "u1", "reset-password");

        Optional<Session> ended = store.revoke(s.id(), clientA, SessionStatus.REVOKED, now());

        assertEquals(SessionStatus.REVOKED, ended.orElseThrow().status());
        assertEquals(SessionStatus.REVOKED, statusOf(s));
        assertGone(RefreshRead.Why.REVOKED, store.readForRefresh(s.id(), clientA, now()), "refresh after revoke");
    }

    @Test
    void aPendingSessionPastItsInactivityTimeoutReadsAsExpired() {
        Session s = created(signIn(draft(clientA, "u1").tasks(List.of("reset-password"))
                .inactivityTimeout(Duration.ofMinutes(30)).build(), CAP, AtCapPolicy.REFUSE, true), "sign-in").session();
        clock.advance(Duration.ofMinutes(31));

        assertGone(RefreshRead.Why.EXPIRED, store.readForRefresh(s.id(), clientA, now()), "refresh past the timeout");
        assertEquals(SessionStatus.EXPIRED, statusOf(s), "found as expired");
    }

    // =================================================================== revoke

    @Test
    void revokeEndsTheSessionWithTheGivenStatusAndReturnsIt() {
        Session s = signIn(clientA, "u1");

        Optional<Session> revoked = store.revoke(s.id(), clientA, SessionStatus.REVOKED, now());

        assertEquals(Optional.of(s.id()), revoked.map(Session::id), "revoke returns the session it ended");
        assertEquals(SessionStatus.REVOKED, revoked.orElseThrow().status(), "returned with its final status");
        assertEquals(SessionStatus.REVOKED, statusOf(s), "stored with its final status");
    }

    @Test
    void revokeLeavesTheBrowsersOtherSessionsActive() {
        Session one = signIn(clientA, "u1");
        Session two = signIn(clientA, "u2");

        store.revoke(one.id(), clientA, SessionStatus.ENDED, now());

        assertEquals(SessionStatus.ACTIVE, statusOf(two));
    }

    @Test
    void aSecondRevokeReturnsEmptyAndKeepsTheFirstFinalStatus() {
        Session s = signIn(clientA, "u1");
        store.revoke(s.id(), clientA, SessionStatus.ENDED, now());

        Optional<Session> again = store.revoke(s.id(), clientA, SessionStatus.REVOKED, now());

        assertEquals(Optional.empty(), again, "an ended session cannot be ended again");
        assertEquals(SessionStatus.ENDED, statusOf(s));
    }

    @Test
    void revokeNamingAnotherBrowserDoesNothing() {
        Session s = signIn(clientA, "u1");

        Optional<Session> revoked = store.revoke(s.id(), clientB, SessionStatus.ENDED, now());

        assertEquals(Optional.empty(), revoked, "browser B cannot sign out browser A's session");
        assertEquals(s, stored(s), "nothing changed");
    }

    @Test
    void revokeOfAnUnknownSessionReturnsEmpty() {
        assertEquals(Optional.empty(), store.revoke(Ids.newSessionId(clock), clientA, SessionStatus.ENDED, now()));
    }

    @Test
    void revokeOfASessionPastItsInactivityTimeoutReturnsEmpty() {
        Session s = signInWithTimeout(clientA, "u1", Duration.ofMinutes(30));
        clock.advance(Duration.ofMinutes(31));

        Optional<Session> revoked = store.revoke(s.id(), clientA, SessionStatus.ENDED, now());

        assertEquals(Optional.empty(), revoked, "an expired session is not active, so revoke ends nothing");
        assertEquals(SessionStatus.EXPIRED, statusOf(s), "it keeps reading as expired");
    }

    // =================================================================== revokeClient

    @Test
    void revokeClientEndsEveryActiveSessionOfThatBrowser() {
        Session one = signIn(clientA, "u1");
        Session two = signIn(clientA, "u2");

        store.revokeClient(clientA, SessionStatus.REVOKED, now());

        assertEquals(SessionStatus.REVOKED, statusOf(one));
        assertEquals(SessionStatus.REVOKED, statusOf(two));
    }

    @Test
    void revokeClientReturnsExactlyTheSessionsThisCallEnded() {
        Session one = signIn(clientA, "u1");
        Session two = signIn(clientA, "u2");
        Session signedOut = signIn(clientA, "u3");
        store.revoke(signedOut.id(), clientA, SessionStatus.ENDED, now());

        List<Session> ended = store.revokeClient(clientA, SessionStatus.REVOKED, now());

        assertEquals(Set.of(one.id(), two.id()), idSet(ended), "the already signed-out session is not reported again");
        assertEquals(2, ended.size(), "each ended session reported once: " + ids(ended));
        ended.forEach(s -> assertEquals(SessionStatus.REVOKED, s.status(), "returned with its final status"));
        assertEquals(SessionStatus.ENDED, statusOf(signedOut), "an already-ended session keeps its status");
    }

    @Test
    void revokeClientLeavesOtherBrowsersAlone() {
        signIn(clientA, "u1");
        Session sameUserElsewhere = signIn(clientB, "u1");
        Session otherUserElsewhere = signIn(clientB, "u2");

        store.revokeClient(clientA, SessionStatus.REVOKED, now());

        assertEquals(SessionStatus.ACTIVE, statusOf(sameUserElsewhere));
        assertEquals(SessionStatus.ACTIVE, statusOf(otherUserElsewhere));
    }

    @Test
    void aSecondRevokeClientEndsNothing() {
        signIn(clientA, "u1");
        store.revokeClient(clientA, SessionStatus.ENDED, now());

        assertEquals(List.of(), store.revokeClient(clientA, SessionStatus.ENDED, now()));
    }

    @Test
    void revokeClientOfAnUnknownBrowserEndsNothing() {
        signIn(clientA, "u1");

        assertEquals(List.of(), store.revokeClient(clientB, SessionStatus.ENDED, now()));
    }

    @Test
    void revokeClientDoesNotReportASessionPastItsInactivityTimeout() {
        Session idle = signInWithTimeout(clientA, "u1", Duration.ofMinutes(30));
        clock.advance(Duration.ofMinutes(31));
        Session fresh = signIn(clientA, "u2");

        List<Session> ended = store.revokeClient(clientA, SessionStatus.ENDED, now());

        assertEquals(List.of(fresh.id()), ids(ended), "an expired session is not active, so it is not ended again");
        assertEquals(SessionStatus.EXPIRED, statusOf(idle));
    }

    // =================================================================== find, retention

    @Test
    void findOfAnUnknownIdIsEmpty() {
        signIn(clientA, "u1");

        assertEquals(Optional.empty(), store.find(Ids.newSessionId(clock)));
    }

    @Test
    void anEndedSessionIsFoundWithItsFinalStatusUntilItsAbsoluteExpiry() {
        Session s = signIn(clientA, "u1");
        store.revoke(s.id(), clientA, SessionStatus.REVOKED, now());
        clock.set(s.expiresAt().minusMillis(1));

        assertEquals(SessionStatus.REVOKED, statusOf(s), "still findable 1 ms before its absolute expiry");
        assertGone(RefreshRead.Why.REVOKED, store.readForRefresh(s.id(), clientA, now()),
                "a refresh still sees why it ended");
    }

    @Test
    void findReportsASessionPastItsInactivityTimeoutAsExpired() {
        Session s = signInWithTimeout(clientA, "u1", Duration.ofMinutes(30));
        clock.advance(Duration.ofMinutes(30));

        assertEquals(SessionStatus.EXPIRED, statusOf(s));
    }

    @Test
    void findAtTheAbsoluteExpiryReportsExpiredOrNothing() {
        Session s = signIn(clientA, "u1");
        clock.set(s.expiresAt());

        Optional<Session> found = store.find(s.id());

        assertTrue(found.isEmpty() || found.get().status() == SessionStatus.EXPIRED, () -> "found " + found);
    }

    // =================================================================== listing

    @Test
    void listByClientListsThatBrowsersSessionsOldestFirst() {
        Session first = draft(clientA, "u1").build();
        clock.advance(Duration.ofSeconds(1));
        Session second = draft(clientA, "u2").build();
        clock.advance(Duration.ofSeconds(1));
        Session third = draft(clientA, "u3").build();
        for (Session s : List.of(third, first, second)) {   // signed in out of age order
            created(signIn(s, CAP, AtCapPolicy.REFUSE, true), s.userId());
        }
        signIn(clientB, "u4");

        assertEquals(List.of(first.id(), second.id(), third.id()), ids(store.listByClient(clientA)));
    }

    @Test
    void listByUserListsThatUsersSessionsAcrossBrowsersOldestFirst() {
        Session inA = draft(clientA, "u1").build();
        clock.advance(Duration.ofSeconds(1));
        Session inB = draft(clientB, "u1").build();
        created(signIn(inB, CAP, AtCapPolicy.REFUSE, true), "u1 in B");
        created(signIn(inA, CAP, AtCapPolicy.REFUSE, true), "u1 in A");
        signIn(clientB, "u2");

        assertEquals(List.of(inA.id(), inB.id()), ids(store.listByUser("u1")));
    }

    @Test
    void listingsIncludeEndedSessionsWithTheirFinalStatus() {
        Session s = signIn(clientA, "u1");
        store.revoke(s.id(), clientA, SessionStatus.ENDED, now());

        assertEquals(List.of(SessionStatus.ENDED), store.listByClient(clientA).stream().map(Session::status).toList());
        assertEquals(List.of(SessionStatus.ENDED), store.listByUser("u1").stream().map(Session::status).toList());
    }

    @Test
    void listingAnUnknownBrowserOrUserIsEmpty() {
        signIn(clientA, "u1");

        assertEquals(List.of(), store.listByClient(clientB));
        assertEquals(List.of(), store.listByUser("nobody"));
    }

    // =================================================================== revocation listener

    /** Records every notification; {@link #callsBefore} waits for a fence notification the test causes last. */
    private static final class Recorder implements RevocationListener {
        private final List<Set<String>> calls = new ArrayList<>();

        @Override
        public synchronized void sessionsEnded(Set<String> sessionIds) {
            calls.add(Set.copyOf(sessionIds));
            notifyAll();
        }

        /** The notifications before the one naming {@code fenceId}, waiting for that one at most {@link #WAIT}. */
        synchronized List<Set<String>> callsBefore(String fenceId) throws InterruptedException {
            long deadline = System.nanoTime() + WAIT.toNanos();
            while (true) {
                for (int i = 0; i < calls.size(); i++) {
                    if (calls.get(i).contains(fenceId)) {
                        assertEquals(Set.of(fenceId), calls.get(i), "the fence's own notification names only it");
                        return List.copyOf(calls.subList(0, i));
                    }
                }
                long left = deadline - System.nanoTime();
                if (left <= 0) {
                    fail("the listener was not told of the fence session within " + WAIT + "; calls so far: " + calls);
                }
                TimeUnit.NANOSECONDS.timedWait(this, left);
            }
        }
    }

    /** A listener plus a session of its own browser whose revocation marks "everything before was told". */
    private final class Listening {
        final Recorder recorder = new Recorder();
        final Session fence = signIn(Ids.newClientId(clock), "fence");

        Listening() {
            store.addRevocationListener(recorder);
        }

        /** Every session id the listener was told of before the fence, in order, duplicates kept. */
        List<String> toldIds() throws InterruptedException {
            assertTrue(store.revoke(fence.id(), fence.clientId(), SessionStatus.REVOKED, now()).isPresent(), "fence revoked");
            List<String> told = new ArrayList<>();
            recorder.callsBefore(fence.id()).forEach(told::addAll);
            return told;
        }

        List<Set<String>> calls() throws InterruptedException {
            assertTrue(store.revoke(fence.id(), fence.clientId(), SessionStatus.REVOKED, now()).isPresent(), "fence revoked");
            return recorder.callsBefore(fence.id());
        }
    }

    private static List<String> sorted(Collection<String> ids) {
        return ids.stream().sorted().toList();
    }

    @Test
    void theListenerIsToldOfARevokedSession() throws InterruptedException {
        Session s = signIn(clientA, "u1");
        Listening listening = new Listening();

        store.revoke(s.id(), clientA, SessionStatus.REVOKED, now());

        assertEquals(List.of(s.id()), listening.toldIds());
    }

    @Test
    void theListenerIsToldOfExactlyTheSessionsRevokeClientEnded() throws InterruptedException {
        Session one = signIn(clientA, "u1");
        Session two = signIn(clientA, "u2");
        Session signedOut = signIn(clientA, "u3");
        signIn(clientB, "u1");
        store.revoke(signedOut.id(), clientA, SessionStatus.ENDED, now());
        Listening listening = new Listening();

        store.revokeClient(clientA, SessionStatus.REVOKED, now());

        assertEquals(sorted(List.of(one.id(), two.id())), sorted(listening.toldIds()),
                "each session revokeClient ended, once; not the already signed-out one, not browser B's");
    }

    @Test
    void theListenerIsToldOfASessionEvictedAtTheCap() throws InterruptedException {
        Session evicted = signIn(clientA, "u1");
        clock.advance(Duration.ofSeconds(1));
        signIn(clientA, "u2");
        Listening listening = new Listening();

        created(signIn(draft(clientA, "u3").build(), 2, AtCapPolicy.EVICT_LEAST_RECENTLY_ACTIVE, true), "evicting sign-in");

        assertEquals(List.of(evicted.id()), listening.toldIds());
    }

    @Test
    void theListenerIsToldOfASessionReplacedAtSignIn() throws InterruptedException {
        Session replaced = signIn(clientA, "u1");
        Listening listening = new Listening();

        signIn(clientA, "u1");

        assertEquals(List.of(replaced.id()), listening.toldIds());
    }

    @Test
    void theListenerIsNotToldWhenNothingEnds() throws InterruptedException {
        Session s = signIn(clientA, "u1");
        Session signedOut = signIn(clientA, "u2");
        store.revoke(signedOut.id(), clientA, SessionStatus.ENDED, now());
        Listening listening = new Listening();

        signIn(clientA, "u3");                                                           // ends nothing
        assertEquals(new SignInOutcome.Refused(2),
                signIn(draft(clientA, "u4").build(), 2, AtCapPolicy.REFUSE, true));      // refused
        clock.advance(TOUCH_INTERVAL.plusSeconds(1));
        store.readForRefresh(s.id(), clientA, now());
        store.change(s.id(), 0, SessionChange.organization(Optional.of(ACME)), now());
        store.change(s.id(), SessionStore.ANY_VERSION, SessionChange.touch(), now());
        store.revoke(signedOut.id(), clientA, SessionStatus.REVOKED, now());             // already ended
        store.revoke(s.id(), clientB, SessionStatus.REVOKED, now());                     // wrong browser
        store.revoke(Ids.newSessionId(clock), clientA, SessionStatus.REVOKED, now());    // unknown
        store.revokeClient(clientB, SessionStatus.REVOKED, now());                       // no sessions

        assertEquals(List.of(), listening.calls(), "no notification, not even an empty one");
    }

    @Test
    void everyListenerIsTold() throws InterruptedException {
        Session s = signIn(clientA, "u1");
        Listening first = new Listening();
        Listening second = new Listening();

        store.revoke(s.id(), clientA, SessionStatus.REVOKED, now());

        assertEquals(List.of(s.id()), first.toldIds(), "first listener");
        // the first fence's revocation reached the second listener too, before its own fence
        assertEquals(List.of(s.id(), first.fence.id()), second.toldIds(), "second listener");
    }

    // =================================================================== concurrency

    /** Runs the tasks on their own threads, released together by one start gate; their results in task order. */
    protected static <T> List<T> race(List<Callable<T>> tasks) throws InterruptedException {
        ExecutorService pool = Executors.newFixedThreadPool(tasks.size());
        CountDownLatch ready = new CountDownLatch(tasks.size());
        CountDownLatch start = new CountDownLatch(1);
        try {
            List<Future<T>> futures = new ArrayList<>();
            for (Callable<T> task : tasks) {
                futures.add(pool.submit(() -> {
                    ready.countDown();
                    if (!start.await(WAIT.toMillis(), TimeUnit.MILLISECONDS)) {
                        throw new TimeoutException("start gate not opened");
                    }
                    return task.call();
                }));
            }
            assertTrue(ready.await(WAIT.toMillis(), TimeUnit.MILLISECONDS), "all racing threads started");
            start.countDown();
            List<T> results = new ArrayList<>();
            for (Future<T> f : futures) {
                try {
                    results.add(f.get(WAIT.toMillis(), TimeUnit.MILLISECONDS));
                } catch (ExecutionException e) {
                    throw new AssertionError("a racing call failed: " + e.getCause(), e.getCause());
                } catch (TimeoutException e) {
                    throw new AssertionError("a racing call did not finish within " + WAIT, e);
                }
            }
            return results;
        } finally {
            pool.shutdownNow();
            assertTrue(pool.awaitTermination(WAIT.toMillis(), TimeUnit.MILLISECONDS), "racing threads ended");
        }
    }

    private static final int RACERS = 32;
    private static final int ROUNDS = 200;

    private List<SignInOutcome> raceSignIns(String clientId, int cap, AtCapPolicy atCap) throws InterruptedException {
        List<Callable<SignInOutcome>> tasks = new ArrayList<>();
        for (int i = 0; i < RACERS; i++) {
            Session draft = draft(clientId, "racer" + i).build();
            tasks.add(() -> signIn(draft, cap, atCap, true));
        }
        return race(tasks);
    }

    @Test
    @Timeout(value = 5, unit = TimeUnit.MINUTES)
    void racingSignInsWithRefuseFillTheCapExactly() throws InterruptedException {
        for (int round = 0; round < 20; round++) {
            String client = Ids.newClientId(clock);

            List<SignInOutcome> outcomes = raceSignIns(client, CAP, AtCapPolicy.REFUSE);

            long createdCount = outcomes.stream().filter(o -> o instanceof SignInOutcome.Created).count();
            long refused = outcomes.stream().filter(o -> o.equals(new SignInOutcome.Refused(CAP))).count();
            String where = "round " + round + " of " + RACERS + " racing sign-ins at cap " + CAP;
            assertEquals(CAP, createdCount, where + ": sign-ins created");
            assertEquals(RACERS - CAP, refused, where + ": sign-ins refused");
            List<Session> active = activeOf(client);
            assertEquals(CAP, active.size(), where + ": active sessions stored");
            assertEquals(Set.of(0, 1, 2, 3, 4), new HashSet<>(active.stream().map(Session::index).toList()),
                    where + ": indexes");
            outcomes.stream().filter(o -> o instanceof SignInOutcome.Created)
                    .forEach(o -> assertEquals(List.of(), ((SignInOutcome.Created) o).ended(), where + ": REFUSE ends nothing"));
        }
    }

    @Test
    @Timeout(value = 5, unit = TimeUnit.MINUTES)
    void racingSignInsWithEvictNeverExceedTheCap() throws InterruptedException {
        for (int round = 0; round < 20; round++) {
            String client = Ids.newClientId(clock);

            List<SignInOutcome> outcomes = raceSignIns(client, CAP, AtCapPolicy.EVICT_LEAST_RECENTLY_ACTIVE);

            String where = "round " + round + " of " + RACERS + " racing sign-ins at cap " + CAP + " with EVICT";
            List<String> evicted = new ArrayList<>();
            for (SignInOutcome o : outcomes) {
                evicted.addAll(ids(created(o, where).ended()));
            }
            List<Session> active = activeOf(client);
            assertEquals(CAP, active.size(), where + ": active sessions at the end");
            assertIndexesUnique(active, where);
            assertEquals(RACERS - CAP, evicted.size(), where + ": evictions reported");
            assertEquals(RACERS - CAP, new HashSet<>(evicted).size(), where + ": no session evicted twice");
            for (String id : evicted) {
                assertEquals(SessionStatus.REMOVED, store.find(id).orElseThrow().status(), where + ": evicted " + id);
            }
        }
    }

    @Test
    @Timeout(value = 5, unit = TimeUnit.MINUTES)
    void racingSignInsOfOneUserWithReplaceLeaveThatUserOneActiveSession() throws InterruptedException {
        for (int round = 0; round < 20; round++) {
            String client = Ids.newClientId(clock);
            List<Callable<SignInOutcome>> tasks = new ArrayList<>();
            for (int i = 0; i < RACERS; i++) {
                Session draft = draft(client, "same").build();
                tasks.add(() -> signIn(draft, CAP, AtCapPolicy.REFUSE, true));
            }

            List<SignInOutcome> outcomes = race(tasks);

            String where = "round " + round + " of " + RACERS + " racing sign-ins of one user";
            outcomes.forEach(o -> created(o, where));
            assertEquals(1, activeOf(client).size(), where + ": active sessions of the user");
        }
    }

    @Test
    @Timeout(value = 5, unit = TimeUnit.MINUTES)
    void anOrganizationSwitchRacingARevokeNeverLeavesTheSessionActive() throws InterruptedException {
        for (int round = 0; round < ROUNDS; round++) {
            Session s = signIn(Ids.newClientId(clock), "u1");

            List<Object> results = race(List.of(
                    () -> store.change(s.id(), 0, SessionChange.organization(Optional.of(ACME)), now()),
                    () -> store.revoke(s.id(), s.clientId(), SessionStatus.ENDED, now())));

            assertTrue(((Optional<?>) results.get(1)).isPresent(), "round " + round + ": revoke of an active session ends it");
            assertEquals(SessionStatus.ENDED, statusOf(s), "round " + round + ": the switch did not resurrect the session");
        }
    }

    @Test
    @Timeout(value = 5, unit = TimeUnit.MINUTES)
    void aTouchRacingARevokeNeverLeavesTheSessionActive() throws InterruptedException {
        for (int round = 0; round < ROUNDS; round++) {
            Session s = signIn(Ids.newClientId(clock), "u1");

            List<Object> results = race(List.of(
                    () -> store.change(s.id(), SessionStore.ANY_VERSION, SessionChange.touch(), now()),
                    () -> store.revoke(s.id(), s.clientId(), SessionStatus.ENDED, now())));

            assertTrue(((Optional<?>) results.get(1)).isPresent(), "round " + round + ": revoke of an active session ends it");
            assertEquals(SessionStatus.ENDED, statusOf(s), "round " + round + ": the touch did not resurrect the session");
        }
    }

    @Test
    @Timeout(value = 5, unit = TimeUnit.MINUTES)
    void aRefreshRacingARevokeNeverLeavesTheSessionActive() throws InterruptedException {
        for (int round = 0; round < ROUNDS; round++) {
            Session s = signIn(Ids.newClientId(clock), "u1");
            clock.advance(TOUCH_INTERVAL.plusSeconds(1));   // so the refresh writes

            race(List.of(
                    () -> store.readForRefresh(s.id(), s.clientId(), now()),
                    () -> store.revoke(s.id(), s.clientId(), SessionStatus.ENDED, now())));

            assertEquals(SessionStatus.ENDED, statusOf(s), "round " + round + ": the refresh did not resurrect the session");
        }
    }

    @Test
    @Timeout(value = 5, unit = TimeUnit.MINUTES)
    void twoChangesNamingTheSameVersionApplyExactlyOnce() throws InterruptedException {
        for (int round = 0; round < ROUNDS; round++) {
            Session s = signIn(Ids.newClientId(clock), "u1");

            List<Mutation> results = race(List.of(
                    () -> store.change(s.id(), 0, SessionChange.organization(Optional.of(ACME)), now()),
                    () -> store.change(s.id(), 0, SessionChange.organization(Optional.of(GLOBEX)), now())));

            String where = "round " + round;
            Set<Mutation.Outcome> outcomes = Set.of(results.get(0).outcome(), results.get(1).outcome());
            assertEquals(Set.of(Mutation.Outcome.APPLIED, Mutation.Outcome.STALE), outcomes, where + ": outcomes");
            Mutation applied = results.get(0).isApplied() ? results.get(0) : results.get(1);
            assertEquals(applied.session(), Optional.of(stored(s)), where + ": the store holds the applied change");
            assertEquals(1, stored(s).version(), where + ": one version change");
        }
    }

    @Test
    @Timeout(value = 5, unit = TimeUnit.MINUTES)
    void twoSessionsRacingForOneFreeIndexGetItExactlyOnce() throws InterruptedException {
        for (int round = 0; round < ROUNDS; round++) {
            String client = Ids.newClientId(clock);
            Session one = signIn(client, "u1");
            Session two = signIn(client, "u2");

            List<Mutation> results = race(List.of(
                    () -> store.change(one.id(), SessionStore.ANY_VERSION, SessionChange.index(3), now()),
                    () -> store.change(two.id(), SessionStore.ANY_VERSION, SessionChange.index(3), now())));

            String where = "round " + round;
            Set<Mutation.Outcome> outcomes = Set.of(results.get(0).outcome(), results.get(1).outcome());
            assertEquals(Set.of(Mutation.Outcome.APPLIED, Mutation.Outcome.INDEX_TAKEN), outcomes, where + ": outcomes");
            assertIndexesUnique(activeOf(client), where);
        }
    }

    @Test
    @Timeout(value = 5, unit = TimeUnit.MINUTES)
    void revokeClientRacingSignInsEndsEverySessionCreatedBeforeItAndKeepsTheCap() throws InterruptedException {
        int signers = 8;
        int perSigner = 4;
        for (int round = 0; round < 50; round++) {
            String client = Ids.newClientId(clock);
            List<String> before = List.of(signIn(client, "early1").id(), signIn(client, "early2").id());
            ConcurrentLinkedQueue<String> createdSoFar = new ConcurrentLinkedQueue<>(before);
            CountDownLatch someSignedIn = new CountDownLatch(signers);
            List<String> endedBySignIn = new ArrayList<>();
            String where = "round " + round;

            List<Callable<List<String>>> tasks = new ArrayList<>();
            for (int t = 0; t < signers; t++) {
                List<Session> drafts = new ArrayList<>();
                for (int i = 0; i < perSigner; i++) {
                    drafts.add(draft(client, "racer" + t + "_" + i).build());
                }
                tasks.add(() -> {
                    List<String> evicted = new ArrayList<>();
                    for (Session d : drafts) {
                        SignInOutcome.Created c = created(signIn(d, CAP, AtCapPolicy.EVICT_LEAST_RECENTLY_ACTIVE, true), where);
                        createdSoFar.add(c.session().id());
                        evicted.addAll(ids(c.ended()));
                        someSignedIn.countDown();
                    }
                    return evicted;
                });
            }
            List<String> createdBeforeRevoke = new ArrayList<>();
            tasks.add(() -> {
                assertTrue(someSignedIn.await(WAIT.toMillis(), TimeUnit.MILLISECONDS), "sign-ins under way");
                createdBeforeRevoke.addAll(createdSoFar);
                return ids(store.revokeClient(client, SessionStatus.REVOKED, now()));
            });

            List<List<String>> results = race(tasks);

            results.subList(0, signers).forEach(endedBySignIn::addAll);
            List<String> revoked = results.get(signers);
            for (String id : createdBeforeRevoke) {
                assertNotEquals(SessionStatus.ACTIVE, store.find(id).orElseThrow().status(),
                        where + ": session " + id + " was created before revokeClient was called and must be ended");
            }
            for (String id : revoked) {
                assertEquals(SessionStatus.REVOKED, store.find(id).orElseThrow().status(), where + ": revoked " + id);
                assertFalse(endedBySignIn.contains(id), where + ": " + id + " reported ended by both an eviction and revokeClient");
            }
            List<Session> active = activeOf(client);
            assertTrue(active.size() <= CAP, where + ": " + active.size() + " active sessions exceed the cap");
            assertIndexesUnique(active, where);
        }
    }
}
