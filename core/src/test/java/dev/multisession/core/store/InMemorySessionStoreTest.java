package dev.multisession.core.store;

import dev.multisession.core.config.MultiSessionConfig;
import dev.multisession.core.model.Ids;
import dev.multisession.core.model.Session;
import dev.multisession.core.model.SessionStatus;
import dev.multisession.core.model.User;
import dev.multisession.core.testing.MutableClock;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

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
import static org.junit.jupiter.api.Assertions.assertInstanceOf;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * What only the in-memory store does; the {@link SessionStore} contract itself is
 * {@link InMemorySessionStoreContractTest}. Caffeine forgets a session at its absolute expiry
 * and the secondary indexes (by browser, by user) lose it too; null ids read as unknown; a
 * failing revocation listener does not fail the operation; concurrent sign-ins lose no index entry.
 */
class InMemorySessionStoreTest {
    private static final Duration LIFETIME = Duration.ofDays(7);

    private MutableClock clock;
    private InMemorySessionStore store;
    private String clientA;

    @BeforeEach
    void setUp() {
        clock = MutableClock.atFixedStart();
        store = new InMemorySessionStore(MultiSessionConfig.builder().clock(clock).build());
        clientA = Ids.newClientId(clock);
    }

    private Session.Builder draft(String clientId, String userId) {
        Instant now = clock.instant();
        return Session.builder().id(Ids.newSessionId(clock)).clientId(clientId).user(User.of(userId))
                .createdAt(now).lastActiveAt(now).expiresAt(now.plus(LIFETIME));
    }

    private Session signIn(Session draft, int cap) {
        return assertInstanceOf(SignInOutcome.Created.class, store.signIn(NewSession.of(draft, cap, AtCapPolicy.REFUSE)),
                "sign-in of " + draft.userId()).session();
    }

    private Session signIn(String clientId, String userId) {
        return signIn(draft(clientId, userId).build(), 5);
    }

    private static List<String> ids(List<Session> sessions) {
        return sessions.stream().map(Session::id).toList();
    }

    // ------------------------------------------------------------------ Caffeine expiry

    @Test
    void anExpiredSessionIsEvictedAndLeavesBothIndexes() {
        Session s = signIn(clientA, "u1");
        assertTrue(store.isIndexed(s.id()));
        clock.advance(LIFETIME.plusSeconds(1));

        store.cleanUp();

        assertFalse(store.isIndexed(s.id()), "no index entry is left behind for an evicted session");
        assertEquals(Optional.empty(), store.find(s.id()));
        assertEquals(List.of(), store.listByClient(clientA));
        assertEquals(List.of(), store.listByUser("u1"));
    }

    @Test
    void evictionOfOneSessionKeepsTheBrowsersOtherSessionsIndexed() {
        Session shortLived = signIn(draft(clientA, "u1").expiresAt(clock.instant().plus(Duration.ofHours(1))).build(), 5);
        Session longLived = signIn(clientA, "u2");
        clock.advance(Duration.ofHours(2));

        store.cleanUp();

        assertFalse(store.isIndexed(shortLived.id()));
        assertTrue(store.isIndexed(longLived.id()));
        assertEquals(List.of(longLived.id()), ids(store.listByClient(clientA)));
    }

    @Test
    void anEndedSessionIsEvictedAtItsAbsoluteExpiryToo() {
        Session s = signIn(clientA, "u1");
        store.revoke(s.id(), clientA, SessionStatus.ENDED, clock.instant());
        clock.advance(LIFETIME);

        store.cleanUp();

        assertFalse(store.isIndexed(s.id()));
        assertEquals(Optional.empty(), store.find(s.id()));
    }

    @Test
    void aSessionIsForgottenAtItsAbsoluteExpirySoARefreshSeesItUnknown() {
        Session s = signIn(clientA, "u1");
        clock.set(s.expiresAt());

        assertEquals(new RefreshRead.Gone(RefreshRead.Why.UNKNOWN), store.readForRefresh(s.id(), clientA, clock.instant()));
    }

    @Test
    void aForgottenEndedSessionNoLongerHoldsBackItsIndex() {
        Session shortLived = signIn(draft(clientA, "u1").expiresAt(clock.instant().plus(Duration.ofHours(1))).build(), 3);
        signIn(draft(clientA, "u2").build(), 3);
        store.revoke(shortLived.id(), clientA, SessionStatus.ENDED, clock.instant());
        clock.advance(Duration.ofHours(2));
        store.cleanUp();

        Session third = signIn(draft(clientA, "u3").build(), 3);

        assertEquals(0, third.index(), "index 0's ended session is gone, so 0 is the lowest free index again");
    }

    // ------------------------------------------------------------------ null ids

    @Test
    void nullIdsReadAsUnknown() {
        signIn(clientA, "u1");

        assertEquals(Optional.empty(), store.find(null));
        assertEquals(new RefreshRead.Gone(RefreshRead.Why.UNKNOWN), store.readForRefresh(null, clientA, clock.instant()));
        assertEquals(Mutation.Outcome.UNKNOWN,
                store.change(null, SessionStore.ANY_VERSION, SessionChange.touch(), clock.instant()).outcome());
        assertEquals(Optional.empty(), store.revoke(null, clientA, SessionStatus.ENDED, clock.instant()));
        assertEquals(List.of(), store.revokeClient(null, SessionStatus.ENDED, clock.instant()));
        assertEquals(List.of(), store.listByClient(null));
        assertEquals(List.of(), store.listByUser(null));
    }

    // ------------------------------------------------------------------ listeners

    @Test
    void aFailingListenerDoesNotFailTheRevokeNorSilenceTheOthers() {
        Session s = signIn(clientA, "u1");
        List<Set<String>> told = new ArrayList<>();
        store.addRevocationListener(ids -> {
            throw new IllegalStateException("listener bug");
        });
        store.addRevocationListener(told::add);

        Optional<Session> revoked = store.revoke(s.id(), clientA, SessionStatus.REVOKED, clock.instant());

        assertTrue(revoked.isPresent(), "the revoke itself succeeded");
        assertEquals(List.of(Set.of(s.id())), told, "the listener after the failing one was still told");
    }

    // ------------------------------------------------------------------ concurrency

    @Test
    @Timeout(value = 2, unit = TimeUnit.MINUTES)
    void concurrentSignInsOfOneBrowserAreAllIndexedByBrowserAndByUser() throws Exception {
        int threads = 8;
        int perThread = 250;
        int cap = threads * perThread;
        ExecutorService pool = Executors.newFixedThreadPool(threads);
        CountDownLatch start = new CountDownLatch(1);
        List<Future<List<String>>> results = new ArrayList<>();
        try {
            for (int t = 0; t < threads; t++) {
                List<Session> drafts = new ArrayList<>();
                for (int i = 0; i < perThread; i++) {
                    // replaceSameUser would end the thread's previous session: one user per sign-in, one user per thread for listByUser
                    drafts.add(draft(clientA, "user_" + t).build());
                }
                Callable<List<String>> task = () -> {
                    start.await();
                    List<String> made = new ArrayList<>();
                    for (Session d : drafts) {
                        SignInOutcome out = store.signIn(new NewSession(d, cap, AtCapPolicy.REFUSE, false));
                        made.add(assertInstanceOf(SignInOutcome.Created.class, out).session().id());
                    }
                    return made;
                };
                results.add(pool.submit(task));
            }
            start.countDown();
            Set<String> created = new HashSet<>();
            for (Future<List<String>> f : results) {
                created.addAll(f.get(60, TimeUnit.SECONDS));
            }

            assertEquals(cap, created.size());
            assertEquals(created, new HashSet<>(ids(store.listByClient(clientA))), "the browser index lists every session");
            for (int t = 0; t < threads; t++) {
                assertEquals(perThread, store.listByUser("user_" + t).size(), "the user index of user_" + t);
            }
            Set<Integer> indexes = new HashSet<>();
            store.listByClient(clientA).forEach(s -> indexes.add(s.index()));
            assertEquals(cap, indexes.size(), "every active session has its own index");
        } finally {
            pool.shutdownNow();
        }
    }
}
