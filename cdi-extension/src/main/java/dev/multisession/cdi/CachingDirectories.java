package dev.multisession.cdi;

import com.github.benmanes.caffeine.cache.Cache;
import com.github.benmanes.caffeine.cache.Caffeine;
import dev.multisession.core.model.Organization;
import dev.multisession.core.model.User;
import dev.multisession.core.organization.OrganizationDirectory;

import java.util.List;
import java.util.Optional;

/**
 * Caffeine-cached views of the app's directory beans: each answer (found or not) is reused for
 * {@link CdiSettings#directoryCacheTtl()}. A directory that throws is asked again next time:
 * failures are never cached.
 */
final class CachingDirectories {
    private CachingDirectories() {
    }

    private static <K, V> Cache<K, V> cache(CdiSettings settings) {
        return Caffeine.newBuilder()
                .expireAfterWrite(settings.directoryCacheTtl())
                .maximumSize(settings.directoryCacheSize())
                .build();
    }

    /** The app's {@link UserDirectory}, cached by user id. */
    static final class Users implements UserDirectory {
        private final UserDirectory delegate;
        private final Cache<String, Optional<User>> cache;

        Users(UserDirectory delegate, CdiSettings settings) {
            this.delegate = delegate;
            this.cache = cache(settings);
        }

        @Override
        public Optional<User> find(String userId) {
            return cache.get(userId, id -> Optional.ofNullable(delegate.find(id)).flatMap(u -> u));
        }
    }

    /**
     * The app's {@link OrganizationDirectory}, cached by user id ({@link #memberships}) and by
     * user id and organization ({@link #membership}, so an app's own efficient lookup is kept).
     */
    static final class Organizations implements OrganizationDirectory {
        private final OrganizationDirectory delegate;
        private final Cache<String, List<Organization>> memberships;
        private final Cache<Membership, Optional<Organization>> membership;

        private record Membership(String userId, String organization) {
        }

        Organizations(OrganizationDirectory delegate, CdiSettings settings) {
            this.delegate = delegate;
            this.memberships = cache(settings);
            this.membership = cache(settings);
        }

        @Override
        public List<Organization> memberships(String userId) {
            return memberships.get(userId, id -> {
                List<Organization> found = delegate.memberships(id);
                return found == null ? List.of() : List.copyOf(found);
            });
        }

        @Override
        public Optional<Organization> membership(String userId, String organizationIdOrSlug) {
            if (userId == null || organizationIdOrSlug == null) {
                return Optional.empty();
            }
            return membership.get(new Membership(userId, organizationIdOrSlug),
                    k -> Optional.ofNullable(delegate.membership(k.userId(), k.organization())).flatMap(o -> o));
        }
    }
}
