package dev.multisession.redis;

import dev.multisession.core.model.Ids;
import dev.multisession.core.model.Session;
import dev.multisession.core.model.User;
import dev.multisession.core.store.AtCapPolicy;
import dev.multisession.core.store.NewSession;
import dev.multisession.core.store.SessionStore;
import dev.multisession.core.store.SignInOutcome;

import java.time.Clock;
import java.time.Duration;
import java.time.Instant;

import static org.junit.jupiter.api.Assertions.assertInstanceOf;

/** Sessions for this module's own tests. */
final class TestSessions {
    private TestSessions() {
    }

    static Session draft(Clock clock, String clientId, String userId) {
        Instant now = clock.instant();
        return Session.builder().id(Ids.newSessionId(clock)).clientId(clientId).user(User.of(userId))
                .createdAt(now).lastActiveAt(now).expiresAt(now.plus(Duration.ofDays(1))).build();
    }

    static Session signIn(SessionStore store, Clock clock, String clientId, String userId) {
        SignInOutcome out = store.signIn(NewSession.of(draft(clock, clientId, userId), 5, AtCapPolicy.REFUSE));
        return assertInstanceOf(SignInOutcome.Created.class, out, "sign-in of " + userId).session();
    }
}
