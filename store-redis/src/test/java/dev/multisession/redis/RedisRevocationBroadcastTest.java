package dev.multisession.redis;

import dev.multisession.core.config.MultiSessionConfig;
import dev.multisession.core.model.Ids;
import dev.multisession.core.model.Session;
import dev.multisession.core.model.SessionStatus;
import dev.multisession.core.store.RevocationListener;
import org.junit.jupiter.api.AutoClose;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import redis.clients.jedis.Jedis;
import redis.clients.jedis.args.ClientPauseMode;
import redis.clients.jedis.args.ClientType;
import redis.clients.jedis.params.ClientKillParams;

import java.time.Clock;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Set;
import java.util.concurrent.atomic.AtomicInteger;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** Two nodes' stores on one Redis: a revocation on one reaches the other's listeners, also after the subscription was lost. */
class RedisRevocationBroadcastTest {
    private static final Duration DELIVERY = Duration.ofSeconds(2);
    @AutoClose
    private static final RedisServerProcess redis = RedisServerProcess.start();

    private final Clock clock = Clock.systemUTC();
    private RedisSessionStore nodeA;
    private RedisSessionStore nodeB;

    @BeforeEach
    void stores() {
        MultiSessionConfig config = MultiSessionConfig.builder().build();
        nodeA = new RedisSessionStore(redis.settings(), config);
        nodeB = new RedisSessionStore(redis.settings(), config);
    }

    @AfterEach
    void close() {
        nodeA.close();
        nodeB.close();
    }

    /** Records what it is told. */
    static final class Recorder implements RevocationListener {
        final List<String> ended = new ArrayList<>();
        final AtomicInteger missed = new AtomicInteger();

        @Override
        public synchronized void sessionsEnded(Set<String> sessionIds) {
            ended.addAll(sessionIds);
        }

        @Override
        public void endedSessionsMayHaveBeenMissed() {
            missed.incrementAndGet();
        }

        synchronized List<String> ended() {
            return List.copyOf(ended);
        }
    }

    @Test
    void aRevokeOnOneNodeReachesTheOtherNodesListener() throws InterruptedException {
        Recorder onB = new Recorder();
        nodeB.addRevocationListener(onB);
        assertTrue(nodeB.isSubscribed(), "addRevocationListener waits for the subscription");
        String client = Ids.newClientId(clock);
        Session s = TestSessions.signIn(nodeA, clock, client, "u1");

        nodeA.revoke(s.id(), client, SessionStatus.REVOKED, clock.instant());

        RedisServerProcess.await("B told of the revocation", DELIVERY, () -> onB.ended().contains(s.id()));
        assertEquals(List.of(s.id()), onB.ended());
        assertEquals(0, onB.missed.get(), "nothing was missed");
    }

    @Test
    void revokeClientAndEvictionsOnOneNodeReachTheOther() throws InterruptedException {
        Recorder onB = new Recorder();
        nodeB.addRevocationListener(onB);
        String client = Ids.newClientId(clock);
        Session one = TestSessions.signIn(nodeA, clock, client, "u1");
        Session two = TestSessions.signIn(nodeA, clock, client, "u2");
        Session again = TestSessions.signIn(nodeA, clock, client, "u1");   // replaces one

        nodeA.revokeClient(client, SessionStatus.ENDED, clock.instant());

        RedisServerProcess.await("B told of all three", DELIVERY, () -> onB.ended().size() == 3);
        assertEquals(Set.of(one.id(), two.id(), again.id()), Set.copyOf(onB.ended()));
    }

    @Test
    void aNodeTellsItsOwnListenersOnceNotAgainThroughTheBroadcast() throws InterruptedException {
        Recorder onA = new Recorder();
        Recorder onB = new Recorder();
        nodeA.addRevocationListener(onA);
        nodeB.addRevocationListener(onB);
        String client = Ids.newClientId(clock);
        Session s = TestSessions.signIn(nodeA, clock, client, "u1");

        nodeA.revoke(s.id(), client, SessionStatus.ENDED, clock.instant());

        assertEquals(List.of(s.id()), onA.ended(), "told at once, on the revoking thread");
        RedisServerProcess.await("B told", DELIVERY, () -> onB.ended().contains(s.id()));
        Thread.sleep(200);
        assertEquals(List.of(s.id()), onA.ended(), "A's own broadcast does not tell A a second time");
    }

    @Test
    void aLostSubscriptionIsReportedAndRestored() throws InterruptedException {
        Recorder onB = new Recorder();
        nodeB.addRevocationListener(onB);
        assertTrue(nodeB.isSubscribed());

        try (Jedis admin = redis.client()) {
            admin.clientKill(new ClientKillParams().type(ClientType.PUBSUB));
        }

        RedisServerProcess.await("B told it may have missed revocations", DELIVERY, () -> onB.missed.get() >= 1);
        RedisServerProcess.await("B subscribed again", Duration.ofSeconds(5), nodeB::isSubscribed);
        RedisServerProcess.await("B told again once resubscribed", DELIVERY, () -> onB.missed.get() >= 2);
        String client = Ids.newClientId(clock);
        Session s = TestSessions.signIn(nodeA, clock, client, "u1");
        nodeA.revoke(s.id(), client, SessionStatus.REVOKED, clock.instant());
        RedisServerProcess.await("B told of a revocation after resubscribing", DELIVERY, () -> onB.ended().contains(s.id()));
    }

    @Test
    void anIdleSubscriptionIsKeptAliveByItsKeepAlive() throws InterruptedException {
        // silence limit of the subscriber = timeout + 2 keep-alive periods = 2.2 s: without PONGs it would be dropped
        try (RedisSessionStore idle = new RedisSessionStore(redis.settings().timeout(Duration.ofMillis(200)),
                MultiSessionConfig.builder().build())) {
            Recorder listener = new Recorder();
            idle.addRevocationListener(listener);
            assertTrue(idle.isSubscribed());

            Thread.sleep(3000);

            assertTrue(idle.isSubscribed(), "still subscribed after 3 idle seconds");
            assertEquals(0, listener.missed.get(), "the subscription was never lost");
        }
    }

    @Test
    void aSubscriptionThatGoesSilentIsDroppedReportedAndRestored() throws InterruptedException {
        try (RedisSessionStore paused = new RedisSessionStore(redis.settings().timeout(Duration.ofMillis(200)),
                MultiSessionConfig.builder().build())) {
            Recorder listener = new Recorder();
            paused.addRevocationListener(listener);
            assertTrue(paused.isSubscribed());

            try (Jedis admin = redis.client()) {
                admin.clientPause(3500, ClientPauseMode.ALL);   // PINGs go unanswered
            }

            RedisServerProcess.await("the silent subscription is reported", Duration.ofSeconds(3500 / 1000 + 1), () -> listener.missed.get() >= 1);
            RedisServerProcess.await("subscribed again once Redis answers", Duration.ofSeconds(8),
                    () -> paused.isSubscribed() && listener.missed.get() >= 2);
        }
    }

    @Test
    void closeStopsTheSubscriber() throws InterruptedException {
        nodeB.addRevocationListener(new Recorder());
        assertTrue(nodeB.isSubscribed());

        nodeB.close();

        RedisServerProcess.await("subscription ended", DELIVERY, () -> !nodeB.isSubscribed());
        RedisServerProcess.await("no subscriber thread left", DELIVERY, () -> Thread.getAllStackTraces().keySet().stream()
                .noneMatch(t -> t.getName().equals("multisession-redis-revocations") && t.isAlive()));
        try (Jedis admin = redis.client()) {
            RedisServerProcess.await("no pubsub client left on the server", DELIVERY,
                    () -> !admin.clientList().contains("multisession-revocations"));
        }
    }
}
