package dev.multisession.redis;

import dev.multisession.core.config.MultiSessionConfig;
import dev.multisession.core.model.Ids;
import dev.multisession.core.testing.MutableClock;
import org.junit.jupiter.api.AutoClose;
import org.junit.jupiter.api.Test;
import redis.clients.jedis.Jedis;

import java.time.Duration;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * The by-user index is cleaned lazily, and never of a sign-in in flight: its lookup keys are
 * written before its sign-in script runs, so a member that points to no session yet is kept
 * while it is young, and dropped once it is old.
 */
class RedisUserIndexTest {
    @AutoClose
    private static final RedisServerProcess redis = RedisServerProcess.start();

    private final MutableClock clock = MutableClock.atFixedStart();

    private RedisSessionStore store() {
        return new RedisSessionStore(redis.settings().timeSource(RedisSessionStore.TimeSource.CALLER),
                MultiSessionConfig.builder().clock(clock).build());
    }

    /** What a sign-in's lookup write leaves before its sign-in script runs: the user's member, no session. */
    private String linkedOnly(String userId) {
        String member = Ids.newSessionId(clock) + " " + Ids.newClientId(clock);
        try (Jedis j = redis.client()) {
            j.sadd("ms:u:" + userId, member);
        }
        return member;
    }

    private boolean indexHolds(String userId, String member) {
        try (Jedis j = redis.client()) {
            return j.sismember("ms:u:" + userId, member);
        }
    }

    @Test
    void aYoungMemberWithoutItsSessionIsKeptForTheSignInInFlight() {
        try (RedisSessionStore store = store()) {
            String member = linkedOnly("in-flight");
            clock.advance(Duration.ofSeconds(5));

            assertEquals(0, store.listByUser("in-flight").size());

            assertTrue(indexHolds("in-flight", member), "the sign-in that is about to create it keeps its index entry");
        }
    }

    @Test
    void anOldMemberWithoutItsSessionIsDropped() {
        try (RedisSessionStore store = store()) {
            String member = linkedOnly("long-gone");
            clock.advance(Duration.ofMillis(RedisSessionStore.SIGN_IN_GRACE_MILLIS + 1));

            assertEquals(0, store.listByUser("long-gone").size());

            assertTrue(!indexHolds("long-gone", member), "a pointer to nothing is forgotten");
        }
    }
}
