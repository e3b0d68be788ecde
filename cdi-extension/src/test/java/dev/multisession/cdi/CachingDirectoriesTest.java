package dev.multisession.cdi;

import dev.multisession.core.model.Organization;
import dev.multisession.core.model.User;
import dev.multisession.core.organization.OrganizationDirectory;
import org.junit.jupiter.api.Test;

import java.time.Duration;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicInteger;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

class CachingDirectoriesTest {
    private static final CdiSettings MINUTE = new CdiSettings(Duration.ofMinutes(1), 100);
    private static final Organization ACME = Organization.builder("org_1", "acme").build();

    @Test
    void userAnswersAreReusedFoundOrNot() {
        AtomicInteger calls = new AtomicInteger();
        UserDirectory cached = new CachingDirectories.Users(id -> {
            calls.incrementAndGet();
            return id.equals("alice") ? Optional.of(User.of("alice")) : Optional.empty();
        }, MINUTE);
        cached.find("alice");
        cached.find("alice");
        cached.find("nobody");
        cached.find("nobody");
        assertEquals(2, calls.get());
    }

    @Test
    void aFailingUserDirectoryIsAskedAgain() {
        AtomicInteger calls = new AtomicInteger();
        AtomicBoolean failing = new AtomicBoolean(true);
        UserDirectory cached = new CachingDirectories.Users(id -> {
            calls.incrementAndGet();
            if (failing.get()) {
                throw new IllegalStateException("down");
            }
            return Optional.of(User.of(id));
        }, MINUTE);
        assertThrows(IllegalStateException.class, () -> cached.find("alice"));
        failing.set(false);
        assertEquals(Optional.of(User.of("alice")), cached.find("alice"));
        assertEquals(2, calls.get());
    }

    @Test
    void zeroTtlAsksEveryTime() {
        AtomicInteger calls = new AtomicInteger();
        UserDirectory cached = new CachingDirectories.Users(id -> {
            calls.incrementAndGet();
            return Optional.empty();
        }, new CdiSettings(Duration.ZERO, 100));
        cached.find("alice");
        cached.find("alice");
        assertEquals(2, calls.get());
    }

    @Test
    void nullUserAnswerIsNoAnswer() {
        UserDirectory cached = new CachingDirectories.Users(id -> null, MINUTE);
        assertEquals(Optional.empty(), cached.find("alice"));
    }

    @Test
    void membershipsAndSingleMembershipsAreCachedSeparatelyAndTheAppsOwnLookupIsKept() {
        AtomicInteger lists = new AtomicInteger();
        AtomicInteger singles = new AtomicInteger();
        OrganizationDirectory app = new OrganizationDirectory() {
            @Override
            public List<Organization> memberships(String userId) {
                lists.incrementAndGet();
                return List.of(ACME);
            }

            @Override
            public Optional<Organization> membership(String userId, String organizationIdOrSlug) {
                singles.incrementAndGet();
                return organizationIdOrSlug.equals("acme") ? Optional.of(ACME) : Optional.empty();
            }
        };
        OrganizationDirectory cached = new CachingDirectories.Organizations(app, MINUTE);
        assertEquals(List.of(ACME), cached.memberships("alice"));
        assertEquals(List.of(ACME), cached.memberships("alice"));
        assertEquals(Optional.of(ACME), cached.membership("alice", "acme"));
        assertEquals(Optional.of(ACME), cached.membership("alice", "acme"));
        assertEquals(Optional.empty(), cached.membership("alice", "globex"));
        assertEquals(1, lists.get());
        assertEquals(2, singles.get());
        assertEquals(Optional.empty(), cached.membership("alice", null));
    }

    @Test
    void nullMembershipsAreNone() {
        OrganizationDirectory cached = new CachingDirectories.Organizations(userId -> null, MINUTE);
        assertEquals(List.of(), cached.memberships("alice"));
    }
}
