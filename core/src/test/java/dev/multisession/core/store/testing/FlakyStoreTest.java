package dev.multisession.core.store.testing;

import dev.multisession.core.config.MultiSessionConfig;
import dev.multisession.core.model.Ids;
import dev.multisession.core.model.Session;
import dev.multisession.core.model.SessionStatus;
import dev.multisession.core.model.User;
import dev.multisession.core.store.AtCapPolicy;
import dev.multisession.core.store.InMemorySessionStore;
import dev.multisession.core.store.NewSession;
import dev.multisession.core.store.SessionChange;
import dev.multisession.core.store.SessionStore;
import dev.multisession.core.store.SignInOutcome;
import dev.multisession.core.store.StoreUnavailableException;
import dev.multisession.core.testing.MutableClock;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.function.Executable;

import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Optional;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertInstanceOf;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** The test double other modules rely on: it counts every call and, switched off, fails every one before the delegate. */
class FlakyStoreTest {
    private MutableClock clock;
    private SessionStore delegate;
    private FlakyStore store;
    private String client;

    @BeforeEach
    void setUp() {
        clock = MutableClock.atFixedStart();
        delegate = new InMemorySessionStore(MultiSessionConfig.builder().clock(clock).build());
        store = new FlakyStore(delegate);
        client = Ids.newClientId(clock);
    }

    private NewSession request(String userId) {
        Instant now = clock.instant();
        Session s = Session.builder().id(Ids.newSessionId(clock)).clientId(client).user(User.of(userId))
                .createdAt(now).expiresAt(now.plus(Duration.ofDays(1))).build();
        return NewSession.of(s, 5, AtCapPolicy.REFUSE);
    }

    @Test
    void countsEveryOperationSeparately() {
        Session s = ((SignInOutcome.Created) store.signIn(request("u1"))).session();
        store.readForRefresh(s.id(), client, clock.instant());
        store.readForRefresh(s.id(), client, clock.instant());
        store.find(s.id());

        assertEquals(4, store.calls());
        assertEquals(1, store.calls(FlakyStore.Op.SIGN_IN));
        assertEquals(2, store.calls(FlakyStore.Op.READ_FOR_REFRESH));
        assertEquals(2, store.calls(FlakyStore.Op.READ_FOR_REFRESH, s.id()));
        assertEquals(0, store.calls(FlakyStore.Op.READ_FOR_REFRESH, Ids.newSessionId(clock)));
        assertEquals(1, store.calls(FlakyStore.Op.FIND));
        assertEquals(0, store.callsByOperation().get(FlakyStore.Op.CHANGE));
    }

    @Test
    void resetCallsStartsCountingAgain() {
        store.find(Ids.newSessionId(clock));
        store.resetCalls();

        assertEquals(0, store.calls());
        store.callsByOperation().forEach((op, n) -> assertEquals(0, n, op.name()));
        assertEquals(0, store.calls(FlakyStore.Op.FIND));
    }

    @Test
    void registeringAListenerIsNotAStoreCall() {
        store.setAvailable(false);

        store.addRevocationListener(ids -> { });

        assertEquals(0, store.calls());
    }

    @Test
    void unavailableEveryOperationThrowsAndTheDelegateIsUntouched() {
        Session s = ((SignInOutcome.Created) store.signIn(request("u1"))).session();
        store.setAvailable(false);
        NewSession another = request("u2");
        Instant now = clock.instant().plus(Duration.ofMinutes(5));

        List<Executable> calls = List.of(
                () -> store.signIn(another),
                () -> store.readForRefresh(s.id(), client, now),
                () -> store.change(s.id(), 0, SessionChange.organization(Optional.empty()), now),
                () -> store.change(s.id(), SessionStore.ANY_VERSION, SessionChange.touch(), now),
                () -> store.revoke(s.id(), client, SessionStatus.ENDED, now),
                () -> store.revokeClient(client, SessionStatus.ENDED, now),
                () -> store.find(s.id()),
                () -> store.listByClient(client),
                () -> store.listByUser("u1"));
        for (Executable call : calls) {
            assertThrows(StoreUnavailableException.class, call);
        }

        assertEquals(calls.size(), store.calls() - 1, "failed calls are counted too");
        assertEquals(Optional.of(s), delegate.find(s.id()), "the delegate's session is unchanged");
        assertEquals(Optional.empty(), delegate.find(another.session().id()), "the refused-by-outage sign-in stored nothing");
    }

    @Test
    void availableAgainEveryOperationReachesTheDelegate() {
        store.setAvailable(false);
        store.setAvailable(true);

        SignInOutcome outcome = store.signIn(request("u1"));

        Session s = assertInstanceOf(SignInOutcome.Created.class, outcome).session();
        assertTrue(delegate.find(s.id()).isPresent());
    }
}
