package dev.multisession.core.store;

import dev.multisession.core.config.MultiSessionConfig;
import dev.multisession.core.model.Ids;
import dev.multisession.core.model.Organization;
import dev.multisession.core.model.Session;
import dev.multisession.core.model.SessionStatus;
import dev.multisession.core.model.User;
import dev.multisession.core.testing.MutableClock;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Optional;
import java.util.Set;
import java.util.concurrent.Callable;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * Specifies the default {@link SessionStore} (DESIGN §6): sessions are found by id and listed by
 * browser and by user oldest first; revoking ends exactly the sessions named; a session past its
 * absolute lifetime or its inactivity timeout is reported as expired (or gone) and, once Caffeine
 * evicts it, leaves no trace in the secondary indexes; last-active is written at most once per
 * touch interval and never revives an ended session; concurrent writers lose no index entries.
 */
class InMemorySessionStoreTest {
    private static final Duration TOUCH_INTERVAL = Duration.ofSeconds(60);
    private static final Duration LIFETIME = Duration.ofDays(7);

    private MutableClock clock;
    private InMemorySessionStore store;
    private String clientA;
    private String clientB;

    @BeforeEach
    void setUp() {
        clock = MutableClock.atFixedStart();
        store = new InMemorySessionStore(MultiSessionConfig.builder().clock(clock).touchInterval(TOUCH_INTERVAL).build());
        clientA = Ids.newClientId(clock);
        clientB = Ids.newClientId(clock);
    }

    private Session.Builder session(String clientId, String userId) {
        Instant now = clock.instant();
        return Session.builder().id(Ids.newSessionId(clock)).index(0).clientId(clientId).user(User.of(userId))
                .createdAt(now).lastActiveAt(now).expiresAt(now.plus(LIFETIME));
    }

    private Session create(String clientId, String userId) {
        Session s = session(clientId, userId).build();
        store.create(s);
        return s;
    }

    private static List<String> ids(List<Session> sessions) {
        return sessions.stream().map(Session::id).toList();
    }

    private SessionStatus statusOf(Session s) {
        return store.find(s.id()).orElseThrow().status();
    }

    // ------------------------------------------------------------------ create / find

    @Test
    void aCreatedSessionIsFoundByItsId() {
        Session s = create(clientA, "user_1");
        assertEquals(Optional.of(s), store.find(s.id()));
    }

    @Test
    void anUnknownOrNullIdFindsNothing() {
        create(clientA, "user_1");
        assertEquals(Optional.empty(), store.find(Ids.newSessionId(clock)));
        assertEquals(Optional.empty(), store.find(null));
    }

    // ------------------------------------------------------------------ revoke

    @Test
    void revokeGivesTheSessionTheGivenStatusAndLeavesOthersUntouched() {
        Session one = create(clientA, "user_1");
        Session two = create(clientA, "user_2");
        store.revoke(one.id(), SessionStatus.REVOKED);
        assertEquals(SessionStatus.REVOKED, statusOf(one));
        assertEquals(SessionStatus.ACTIVE, statusOf(two));
    }

    @Test
    void revokeReturnsTheSessionAsItWasBefore() {
        Session s = create(clientA, "user_1");
        Optional<Session> before = store.revoke(s.id(), SessionStatus.ENDED);
        assertEquals(SessionStatus.ACTIVE, before.orElseThrow().status());
        assertEquals(SessionStatus.ENDED, statusOf(s));
    }

    @Test
    void revokingAnEndedSessionKeepsItsFirstFinalStatus() {
        Session s = create(clientA, "user_1");
        store.revoke(s.id(), SessionStatus.ENDED);
        store.revoke(s.id(), SessionStatus.REVOKED);
        assertEquals(SessionStatus.ENDED, statusOf(s));
    }

    @Test
    void revokingAnUnknownSessionReturnsNothing() {
        assertEquals(Optional.empty(), store.revoke(Ids.newSessionId(clock), SessionStatus.REVOKED));
        assertEquals(Optional.empty(), store.revoke(null, SessionStatus.REVOKED));
    }

    @Test
    void aRevokedSessionIsStillFoundSoARefreshSeesWhyItEnded() {
        Session s = create(clientA, "user_1");
        store.revoke(s.id(), SessionStatus.REVOKED);
        clock.advance(LIFETIME.minusSeconds(1));
        assertEquals(SessionStatus.REVOKED, statusOf(s));
    }

    @Test
    void revokeByClientEndsOnlyThatBrowsersActiveSessionsAndCountsThem() {
        Session a1 = create(clientA, "user_1");
        Session a2 = create(clientA, "user_2");
        Session a3 = create(clientA, "user_3");
        Session b1 = create(clientB, "user_1");
        store.revoke(a3.id(), SessionStatus.ENDED);

        int ended = store.revokeByClient(clientA, SessionStatus.REVOKED);

        assertEquals(2, ended);
        assertEquals(SessionStatus.REVOKED, statusOf(a1));
        assertEquals(SessionStatus.REVOKED, statusOf(a2));
        assertEquals(SessionStatus.ENDED, statusOf(a3), "an already-ended session keeps its status");
        assertEquals(SessionStatus.ACTIVE, statusOf(b1), "the same user in another browser stays signed in");
    }

    @Test
    void revokeByClientDoesNotCountExpiredSessions() {
        Session idle = create(clientA, "user_1").toBuilder().inactivityTimeout(Duration.ofMinutes(5)).build();
        store.update(idle);
        clock.advance(Duration.ofMinutes(10));
        create(clientA, "user_2");
        assertEquals(1, store.revokeByClient(clientA, SessionStatus.REVOKED));
    }

    @Test
    void revokeByClientOfAnUnknownBrowserEndsNothing() {
        create(clientA, "user_1");
        assertEquals(0, store.revokeByClient(clientB, SessionStatus.REVOKED));
    }

    // ------------------------------------------------------------------ listing

    @Test
    void listByClientListsOnlyThatBrowserOldestFirst() {
        Session first = session(clientA, "user_1").build();
        Session second = session(clientA, "user_2").build();
        Session third = session(clientA, "user_3").build();
        Session other = session(clientB, "user_4").build();
        store.create(third);
        store.create(other);
        store.create(first);
        store.create(second);
        assertEquals(List.of(first.id(), second.id(), third.id()), ids(store.listByClient(clientA)));
    }

    @Test
    void listByUserListsThatUserAcrossBrowsersOldestFirst() {
        Session inA = session(clientA, "user_1").build();
        clock.advance(Duration.ofSeconds(1));
        Session inB = session(clientB, "user_1").build();
        Session someoneElse = session(clientB, "user_2").build();
        store.create(someoneElse);
        store.create(inB);
        store.create(inA);
        assertEquals(List.of(inA.id(), inB.id()), ids(store.listByUser("user_1")));
    }

    @Test
    void listingsIncludeEndedSessionsWithTheirStatus() {
        Session s = create(clientA, "user_1");
        store.revoke(s.id(), SessionStatus.ENDED);
        assertEquals(List.of(SessionStatus.ENDED), store.listByClient(clientA).stream().map(Session::status).toList());
    }

    @Test
    void listingAnUnknownBrowserOrUserGivesAnEmptyList() {
        assertEquals(List.of(), store.listByClient(clientB));
        assertEquals(List.of(), store.listByUser("user_nobody"));
    }

    // ------------------------------------------------------------------ absolute expiry

    @Test
    void aSessionIsActiveUntilJustBeforeItsAbsoluteExpiry() {
        Session s = create(clientA, "user_1");
        clock.set(s.expiresAt().minusMillis(1));
        assertEquals(SessionStatus.ACTIVE, statusOf(s));
    }

    @Test
    void aSessionPastItsAbsoluteExpiryIsReportedExpiredOrGone() {
        Session s = create(clientA, "user_1");
        clock.set(s.expiresAt());
        Optional<Session> found = store.find(s.id());
        assertTrue(found.isEmpty() || found.get().status() == SessionStatus.EXPIRED, () -> "found " + found);
    }

    @Test
    void anExpiredSessionIsEvictedAndLeavesBothIndexes() {
        Session s = create(clientA, "user_1");
        assertTrue(store.isIndexed(s.id()));
        clock.advance(LIFETIME.plusSeconds(1));

        store.cleanUp();

        assertFalse(store.isIndexed(s.id()), "no index entry is left behind for an evicted session");
        assertEquals(Optional.empty(), store.find(s.id()));
        assertEquals(List.of(), store.listByClient(clientA));
        assertEquals(List.of(), store.listByUser("user_1"));
    }

    @Test
    void evictionOfOneSessionKeepsTheBrowsersOtherSessionsIndexed() {
        Session shortLived = session(clientA, "user_1").expiresAt(clock.instant().plus(Duration.ofHours(1))).build();
        store.create(shortLived);
        Session longLived = create(clientA, "user_2");
        clock.advance(Duration.ofHours(2));

        store.cleanUp();

        assertFalse(store.isIndexed(shortLived.id()));
        assertTrue(store.isIndexed(longLived.id()));
        assertEquals(List.of(longLived.id()), ids(store.listByClient(clientA)));
    }

    @Test
    void anEndedSessionIsEvictedAtItsAbsoluteExpiryToo() {
        Session s = create(clientA, "user_1");
        store.revoke(s.id(), SessionStatus.ENDED);
        clock.advance(LIFETIME);

        store.cleanUp();

        assertFalse(store.isIndexed(s.id()));
        assertEquals(Optional.empty(), store.find(s.id()));
    }

    // ------------------------------------------------------------------ inactivity

    @Test
    void aSessionIdleForItsInactivityTimeoutIsReportedExpired() {
        Session s = session(clientA, "user_1").inactivityTimeout(Duration.ofMinutes(30)).build();
        store.create(s);
        clock.advance(Duration.ofMinutes(30).minusMillis(1));
        assertEquals(SessionStatus.ACTIVE, statusOf(s));
        clock.advance(Duration.ofMillis(1));
        assertEquals(SessionStatus.EXPIRED, statusOf(s));
    }

    @Test
    void touchingInTimeKeepsAnInactivitySessionAlive() {
        Session s = session(clientA, "user_1").inactivityTimeout(Duration.ofMinutes(30)).build();
        store.create(s);
        clock.advance(Duration.ofMinutes(20));
        store.touch(s.id(), clock.instant());
        clock.advance(Duration.ofMinutes(20));
        assertEquals(SessionStatus.ACTIVE, statusOf(s));
    }

    @Test
    void touchingAfterTheInactivityTimeoutDoesNotReviveTheSession() {
        Session s = session(clientA, "user_1").inactivityTimeout(Duration.ofMinutes(30)).build();
        store.create(s);
        clock.advance(Duration.ofMinutes(31));
        Session touched = store.touch(s.id(), clock.instant()).orElseThrow();
        assertEquals(SessionStatus.EXPIRED, touched.status());
        assertEquals(s.lastActiveAt(), touched.lastActiveAt());
        assertEquals(SessionStatus.EXPIRED, statusOf(s));
    }

    // ------------------------------------------------------------------ touch

    @Test
    void touchWithinTheTouchIntervalDoesNotWriteLastActive() {
        Session s = create(clientA, "user_1");
        clock.advance(TOUCH_INTERVAL.minusMillis(1));
        Session touched = store.touch(s.id(), clock.instant()).orElseThrow();
        assertEquals(s.lastActiveAt(), touched.lastActiveAt());
        assertEquals(s.lastActiveAt(), store.find(s.id()).orElseThrow().lastActiveAt());
    }

    @Test
    void touchAfterTheTouchIntervalWritesLastActive() {
        Session s = create(clientA, "user_1");
        clock.advance(TOUCH_INTERVAL);
        Instant now = clock.instant();
        Session touched = store.touch(s.id(), now).orElseThrow();
        assertEquals(now, touched.lastActiveAt());
        assertEquals(now, store.find(s.id()).orElseThrow().lastActiveAt());
    }

    @Test
    void theTouchIntervalCountsFromTheLastWrittenTouch() {
        Session s = create(clientA, "user_1");
        clock.advance(TOUCH_INTERVAL);
        Instant written = clock.instant();
        store.touch(s.id(), written);
        clock.advance(TOUCH_INTERVAL.minusSeconds(1));
        store.touch(s.id(), clock.instant());
        assertEquals(written, store.find(s.id()).orElseThrow().lastActiveAt());
    }

    @Test
    void touchOnAnEndedSessionDoesNotReviveIt() {
        Session s = create(clientA, "user_1");
        store.revoke(s.id(), SessionStatus.ENDED);
        clock.advance(TOUCH_INTERVAL.multipliedBy(2));
        Session touched = store.touch(s.id(), clock.instant()).orElseThrow();
        assertEquals(SessionStatus.ENDED, touched.status());
        assertEquals(s.lastActiveAt(), touched.lastActiveAt());
    }

    @Test
    void touchOnAnUnknownSessionReturnsNothingAndCreatesNothing() {
        String id = Ids.newSessionId(clock);
        assertEquals(Optional.empty(), store.touch(id, clock.instant()));
        assertEquals(Optional.empty(), store.find(id));
    }

    // ------------------------------------------------------------------ update

    @Test
    void updateReplacesTheStoredSession() {
        Session s = create(clientA, "user_1");
        Organization acme = Organization.builder("org_1", "acme").name("Acme").role("org:admin").build();
        Session changed = s.toBuilder().index(3).activeOrganization(acme).build();
        store.update(changed);
        assertEquals(Optional.of(changed), store.find(s.id()));
    }

    @Test
    void updateOfAnUnknownSessionStoresNothing() {
        Session never = session(clientA, "user_1").build();
        store.update(never);
        assertEquals(Optional.empty(), store.find(never.id()));
        assertEquals(List.of(), store.listByClient(clientA));
    }

    // ------------------------------------------------------------------ concurrency

    @Test
    void concurrentCreatesForOneBrowserAreAllIndexed() throws Exception {
        int threads = 8;
        int perThread = 250;
        ExecutorService pool = Executors.newFixedThreadPool(threads);
        CountDownLatch start = new CountDownLatch(1);
        List<Future<List<String>>> results = new ArrayList<>();
        try {
            for (int t = 0; t < threads; t++) {
                String user = "user_" + t;
                Callable<List<String>> task = () -> {
                    start.await();
                    List<String> made = new ArrayList<>();
                    for (int i = 0; i < perThread; i++) {
                        made.add(create(clientA, user).id());
                    }
                    return made;
                };
                results.add(pool.submit(task));
            }
            start.countDown();
            Set<String> created = new HashSet<>();
            for (Future<List<String>> f : results) {
                created.addAll(f.get(30, TimeUnit.SECONDS));
            }

            assertEquals(threads * perThread, created.size());
            assertEquals(created, new HashSet<>(ids(store.listByClient(clientA))));
            for (int t = 0; t < threads; t++) {
                assertEquals(perThread, store.listByUser("user_" + t).size());
            }
        } finally {
            pool.shutdownNow();
        }
    }
}
