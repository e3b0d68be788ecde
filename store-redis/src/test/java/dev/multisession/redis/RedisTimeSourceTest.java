package dev.multisession.redis;

import dev.multisession.core.config.MultiSessionConfig;
import dev.multisession.core.model.Ids;
import dev.multisession.core.model.Organization;
import dev.multisession.core.model.Session;
import dev.multisession.core.model.SessionStatus;
import dev.multisession.core.model.User;
import dev.multisession.core.store.Mutation;
import dev.multisession.core.store.RefreshRead;
import dev.multisession.core.store.SessionChange;
import dev.multisession.core.store.SessionStore;
import org.junit.jupiter.api.AutoClose;
import org.junit.jupiter.api.Test;

import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.Map;
import java.util.Optional;
import java.util.Set;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertInstanceOf;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** {@link RedisSessionStore.TimeSource#REDIS} (the production default), and a full session record's round trip. */
class RedisTimeSourceTest {
    @AutoClose
    private static final RedisServerProcess redis = RedisServerProcess.start();

    @Test
    void withRedisTimeSignInRefreshAndRevokeWorkWhateverTheCallersClock() {
        Clock real = Clock.systemUTC();
        MultiSessionConfig config = MultiSessionConfig.builder().build();
        try (RedisSessionStore store = new RedisSessionStore(redis.settings(), config)) {
            assertEquals(RedisSessionStore.TimeSource.REDIS, store.settings().timeSource(), "the default");
            String client = Ids.newClientId(real);
            Session s = TestSessions.signIn(store, real, client, "u1");
            Instant wrongClock = Instant.parse("2001-01-01T00:00:00Z");   // ignored: Redis's TIME judges

            RefreshRead read = store.readForRefresh(s.id(), client, wrongClock);
            assertInstanceOf(RefreshRead.Active.class, read, "active on Redis's clock");
            Optional<Session> revoked = store.revoke(s.id(), client, SessionStatus.REVOKED, wrongClock);

            assertEquals(SessionStatus.REVOKED, revoked.orElseThrow().status());
            assertEquals(new RefreshRead.Gone(RefreshRead.Why.REVOKED), store.readForRefresh(s.id(), client, wrongClock));
            assertEquals(SessionStatus.REVOKED, store.find(s.id()).orElseThrow().status());
        }
    }

    @Test
    void withRedisTimeASessionPastItsLifetimeOnRedisClockIsExpired() {
        Clock real = Clock.systemUTC();
        try (RedisSessionStore store = new RedisSessionStore(redis.settings(), MultiSessionConfig.builder().build())) {
            String client = Ids.newClientId(real);
            Instant now = real.instant();
            Session draft = Session.builder().id(Ids.newSessionId(real)).clientId(client).user(User.of("u1"))
                    .createdAt(now.minus(Duration.ofHours(2))).lastActiveAt(now.minus(Duration.ofHours(2)))
                    .expiresAt(now.plus(Duration.ofDays(1))).inactivityTimeout(Duration.ofHours(1)).build();
            Session s = ((dev.multisession.core.store.SignInOutcome.Created) store.signIn(
                    dev.multisession.core.store.NewSession.of(draft, 5, dev.multisession.core.store.AtCapPolicy.REFUSE)))
                    .session();

            // the caller claims it is still within the hour; Redis's clock says two hours passed
            assertEquals(new RefreshRead.Gone(RefreshRead.Why.EXPIRED),
                    store.readForRefresh(s.id(), client, now.minus(Duration.ofHours(2))));
            assertEquals(SessionStatus.EXPIRED, store.find(s.id()).orElseThrow().status());
        }
    }

    @Test
    void everyFieldOfASessionSurvivesTheStore() {
        Clock real = Clock.systemUTC();
        try (RedisSessionStore store = new RedisSessionStore(redis.settings().keyPrefix("fields:"),
                MultiSessionConfig.builder().build())) {
            String client = Ids.newClientId(real);
            Instant now = Instant.ofEpochMilli(real.millis());
            User user = User.builder("user_42").username("alice").email("alice@example.com").name("Alice \"A\" Doe/é")
                    .imageUrl("https://img.example/a.png").attributes(Map.of("plan", "pro", "tz", "Europe/Berlin")).build();
            Session draft = Session.builder().id(Ids.newSessionId(real)).clientId(client).user(user)
                    .createdAt(now).lastActiveAt(now).expiresAt(now.plus(Duration.ofDays(1)))
                    .inactivityTimeout(Duration.ofMinutes(30))
                    .actor(new dev.multisession.core.model.Actor("user_admin", "sess_01JD3QZZZZZZZZZZZZZZZZZZZZ"))
                    .build();
            Session s = ((dev.multisession.core.store.SignInOutcome.Created) store.signIn(
                    dev.multisession.core.store.NewSession.of(draft, 5, dev.multisession.core.store.AtCapPolicy.REFUSE)))
                    .session();
            assertEquals(draft, s, "the stored session is the draft (index 0, version 0)");

            Organization acme = Organization.builder("org_1", "acme").name("Acme Inc.").role("org:admin")
                    .permissions(Set.of("org:invoices:read", "org:invoices:write")).build();
            Mutation m = store.change(s.id(), 0, SessionChange.organization(Optional.of(acme)), now);
            assertEquals(Mutation.Outcome.APPLIED, m.outcome());
            Session after = store.find(s.id()).orElseThrow();
            assertTrue(Organization.sameMembership(acme, after.activeOrganization().orElseThrow()));
            assertEquals(user, after.user());
            assertEquals(draft.actor(), after.actor());
            assertEquals(draft.inactivityTimeout(), after.inactivityTimeout());

            Organization empty = Organization.builder("org_2", "globex").build();   // no permissions: cjson writes {}
            store.change(s.id(), 1, SessionChange.organization(Optional.of(empty)), now);
            assertTrue(Organization.sameMembership(empty, store.find(s.id()).orElseThrow().activeOrganization().orElseThrow()));
            store.change(s.id(), 2, SessionChange.organization(Optional.empty()), now);
            assertEquals(Optional.empty(), store.find(s.id()).orElseThrow().activeOrganization());
            assertEquals(3, store.find(s.id()).orElseThrow().version());
            SessionStore asStore = store;
            assertEquals(1, asStore.listByUser("user_42").size());
        }
    }
}
