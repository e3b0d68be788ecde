package dev.multisession.redis;

import dev.multisession.core.config.MultiSessionConfig;
import dev.multisession.core.model.Ids;
import dev.multisession.core.model.Session;
import dev.multisession.core.model.SessionStatus;
import dev.multisession.core.store.RefreshRead;
import dev.multisession.core.store.RevocationListener;
import dev.multisession.core.store.SessionChange;
import dev.multisession.core.store.StoreUnavailableException;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import redis.clients.jedis.Jedis;

import java.time.Clock;
import java.time.Duration;
import java.util.List;
import java.util.Optional;
import java.util.Set;
import java.util.concurrent.CopyOnWriteArrayList;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertInstanceOf;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * The least a Redis ACL user needs, as the production guide gives it: the store's commands only,
 * its key prefix only, its revocation channel only. Every operation works with exactly that; a
 * user without {@code publish} (say) is refused, so the list is not wider than it looks.
 */
class RedisAclTest {
    /** The ACL rules the guide documents for the default prefix {@code ms:}. */
    static final String RULES = "~ms:* &ms:revoked -@all +evalsha +eval +get +smembers +srem +ping +subscribe"
            + " +set +sadd +pexpire +pttl +publish +time +client|setname +hello";

    private static RedisServerProcess redis;
    private final Clock clock = Clock.systemUTC();

    @BeforeAll
    static void startRedis() {
        redis = RedisServerProcess.start();
        try (Jedis j = redis.client()) {
            j.aclSetUser("sessions", ("on >s3cret-pass " + RULES).split(" "));
            j.aclSetUser("nopublish", ("on >s3cret-pass " + RULES.replace(" +publish", "")).split(" "));
            j.aclSetUser("nosrem", ("on >s3cret-pass " + RULES.replace(" +srem", "")).split(" "));
        }
    }

    @AfterAll
    static void stopRedis() {
        redis.close();
    }

    private static RedisSessionStore storeAs(String user) {
        return new RedisSessionStore(RedisSettings.fromUrl("redis://" + user + ":s3cret-pass@127.0.0.1:" + redis.port()),
                MultiSessionConfig.builder().build());
    }

    @Test
    void everyOperationWorksWithTheDocumentedAclRules() {
        try (RedisSessionStore store = storeAs("sessions"); RedisSessionStore other = storeAs("sessions")) {
            List<Set<String>> heard = new CopyOnWriteArrayList<>();
            other.addRevocationListener(new RevocationListener() {
                @Override
                public void sessionsEnded(Set<String> ids) {
                    heard.add(ids);
                }
            });
            assertTrue(other.isSubscribed(), "SUBSCRIBE to the revocation channel is allowed");
            String client = Ids.newClientId(clock);
            String alice = "alice-" + client;                  // users of this test only
            Session s = TestSessions.signIn(store, clock, client, alice);
            TestSessions.signIn(store, clock, client, "bob-" + client);

            assertInstanceOf(RefreshRead.Active.class, store.readForRefresh(s.id(), client, clock.instant()));
            assertTrue(store.change(s.id(), s.version(), SessionChange.organization(Optional.empty()), clock.instant())
                    .isApplied());
            assertEquals(s.id(), store.find(s.id()).orElseThrow().id());
            // pointers to nothing, which the listings clean up (SREM) as they read
            String gone = Ids.newSessionId(Clock.offset(clock, Duration.ofMinutes(-5)));
            try (Jedis j = redis.client()) {
                j.sadd("ms:{c:" + client + "}:idx", gone);
                j.sadd("ms:u:" + alice, gone + " " + client);
            }
            assertEquals(2, store.listByClient(client).size());
            assertEquals(1, store.listByUser(alice).size());
            try (Jedis j = redis.client()) {
                assertTrue(!j.sismember("ms:{c:" + client + "}:idx", gone) && !j.sismember("ms:u:" + alice, gone + " " + client),
                        "the clean-up ran as the ACL user");
            }
            assertTrue(store.revoke(s.id(), client, SessionStatus.REVOKED, clock.instant()).isPresent());
            assertEquals(1, store.revokeClient(client, SessionStatus.ENDED, clock.instant()).size());

            RedisServerProcess.await("the other node heard both revocations", Duration.ofSeconds(5), () -> heard.size() == 2);
        }
    }

    @Test
    void aUserMissingOneOfTheCommandsIsRefusedAsStoreUnavailable() {
        try (RedisSessionStore store = storeAs("nopublish")) {
            String client = Ids.newClientId(clock);
            Session s = TestSessions.signIn(store, clock, client, "alice");
            StoreUnavailableException e = assertThrows(StoreUnavailableException.class,
                    () -> store.revoke(s.id(), client, SessionStatus.REVOKED, clock.instant()));
            assertTrue(e.getMessage().contains("revoke"), e.getMessage());
        }
    }

    @Test
    void keysOutsideThePrefixAreOutOfReach() {
        try (RedisSessionStore store = new RedisSessionStore(RedisSettings.fromUrl(
                "redis://sessions:s3cret-pass@127.0.0.1:" + redis.port()).keyPrefix("other:"), MultiSessionConfig.builder().build())) {
            assertThrows(StoreUnavailableException.class, () -> TestSessions.signIn(store, clock, Ids.newClientId(clock), "alice"),
                    "control: the rules confine the user to ms:*");
        }
    }

    @Test
    void aUserWithoutSremFailsOnceAListingMeetsAPointerToNothing() {
        try (RedisSessionStore store = storeAs("nosrem")) {
            String client = Ids.newClientId(clock);
            TestSessions.signIn(store, clock, client, "carol-" + client);
            try (Jedis j = redis.client()) {
                j.sadd("ms:{c:" + client + "}:idx", Ids.newSessionId(clock));       // an expired session's id
            }
            assertThrows(StoreUnavailableException.class, () -> store.listByClient(client),
                    "so +srem in the documented rules is needed, not decoration");
        }
    }
}
