package dev.multisession.redis;

import dev.multisession.core.config.MultiSessionConfig;
import dev.multisession.core.model.Ids;
import dev.multisession.core.model.Session;
import dev.multisession.core.model.SessionStatus;
import dev.multisession.core.store.AtCapPolicy;
import dev.multisession.core.store.NewSession;
import dev.multisession.core.store.RefreshRead;
import dev.multisession.core.store.SessionChange;
import dev.multisession.core.store.SessionStore;
import dev.multisession.core.store.StoreUnavailableException;
import org.junit.jupiter.api.AutoClose;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.function.Executable;

import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Optional;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertInstanceOf;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assertions.fail;

/** A Redis outage: every operation fails fast with StoreUnavailableException; after a restart everything works again. */
class RedisFailureTest {
    private static final Duration TIMEOUT = Duration.ofMillis(500);
    private static final Duration MARGIN = Duration.ofMillis(500);
    @AutoClose
    private static final RedisServerProcess redis = RedisServerProcess.start();

    @Test
    void anOutageIsStoreUnavailableForEveryOperationAndARestartIsSurvived() throws InterruptedException {
        Clock clock = Clock.systemUTC();
        try (RedisSessionStore store = new RedisSessionStore(redis.settings().timeout(TIMEOUT), MultiSessionConfig.builder().build())) {
            RedisRevocationBroadcastTest.Recorder listener = new RedisRevocationBroadcastTest.Recorder();
            store.addRevocationListener(listener);
            String client = Ids.newClientId(clock);
            Session s = TestSessions.signIn(store, clock, client, "u1");
            store.find(s.id()).orElseThrow();                       // the pool holds live connections now

            redis.kill();

            Instant now = clock.instant();
            NewSession another = NewSession.of(TestSessions.draft(clock, client, "u2"), 5, AtCapPolicy.REFUSE);
            Map<String, Executable> calls = new LinkedHashMap<>();
            calls.put("signIn", () -> store.signIn(another));
            calls.put("readForRefresh", () -> store.readForRefresh(s.id(), client, now));
            calls.put("change", () -> store.change(s.id(), 0, SessionChange.organization(Optional.empty()), now));
            calls.put("revoke", () -> store.revoke(s.id(), client, SessionStatus.ENDED, now));
            calls.put("revokeClient", () -> store.revokeClient(client, SessionStatus.ENDED, now));
            calls.put("find", () -> store.find(s.id()));
            calls.put("listByClient", () -> store.listByClient(client));
            calls.put("listByUser", () -> store.listByUser("u1"));
            for (int round = 0; round < 2; round++) {                 // broken pooled connections, then refused new ones
                for (Map.Entry<String, Executable> call : calls.entrySet()) {
                    long start = System.nanoTime();
                    try {
                        call.getValue().execute();
                        fail(call.getKey() + " succeeded with Redis down");
                    } catch (Throwable t) {
                        Duration took = Duration.ofNanos(System.nanoTime() - start);
                        StoreUnavailableException e = assertInstanceOf(StoreUnavailableException.class, t,
                                call.getKey() + " threw " + t);
                        assertTrue(took.compareTo(TIMEOUT.plus(MARGIN)) < 0, call.getKey() + " took " + took);
                        assertTrue(e.getMessage().contains(call.getKey()), "names the operation: " + e.getMessage());
                        assertTrue(e.getMessage().contains("redis.clients.jedis.exceptions."), "names the exception class: "
                                + e.getMessage());
                        assertFalse(e.getMessage().contains(s.id()) || e.getMessage().contains(client),
                                "no id in the message: " + e.getMessage());
                    }
                }
            }
            RedisServerProcess.await("listeners told the subscription was lost", Duration.ofSeconds(2),
                    () -> listener.missed.get() >= 1);

            redis.restart();                                           // empty, and without the scripts

            Session back = TestSessions.signIn(store, clock, client, "u3");
            assertInstanceOf(RefreshRead.Active.class, store.readForRefresh(back.id(), client, clock.instant()));
            assertEquals(SessionStatus.REVOKED, store.revoke(back.id(), client, SessionStatus.REVOKED, clock.instant())
                    .orElseThrow().status());
            SessionStore plain = store;
            assertEquals(1, plain.listByClient(client).size(), "the old session went with the server's memory");
            RedisServerProcess.await("resubscribed after the restart", Duration.ofSeconds(10), store::isSubscribed);
        }
    }
}
