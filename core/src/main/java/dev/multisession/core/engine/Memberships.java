package dev.multisession.core.engine;

import com.github.benmanes.caffeine.cache.Cache;
import com.github.benmanes.caffeine.cache.Caffeine;
import dev.multisession.core.config.MultiSessionConfig;
import dev.multisession.core.model.Organization;
import dev.multisession.core.organization.OrganizationDirectory;
import dev.multisession.core.store.StoreUnavailableException;

import java.util.Optional;
import java.util.function.Supplier;
import java.util.concurrent.TimeUnit;

/**
 * The organization directory as a refresh asks it: one user's membership in one organization,
 * cached for {@code multisession.organizations.membership-cache-ttl}, so a demotion or removal
 * reaches tokens within one token lifetime plus that TTL. Without a directory, the membership
 * the session holds is kept as it is.
 */
final class Memberships {
    private final Supplier<Optional<OrganizationDirectory>> lookup;
    private final Cache<Key, Optional<Organization>> cache;

    /** {@code lookup} is asked at each use: a DI container may provide the directory after startup. */
    Memberships(MultiSessionConfig config, Supplier<Optional<OrganizationDirectory>> lookup) {
        this.lookup = lookup;
        this.cache = Caffeine.newBuilder()
                .ticker(() -> TimeUnit.MILLISECONDS.toNanos(config.clock().millis()))
                .expireAfterWrite(config.organizationMembershipCacheTtl())
                .maximumSize(Math.max(1_000, config.verifiedTokenCacheSize() / 10))
                .executor(Runnable::run)
                .build();
    }

    private record Key(String userId, String organizationId) {
    }

    boolean enabled() {
        return lookup.get().isPresent();
    }

    /**
     * The user's current membership in that organization (empty: no longer a member). A failing
     * directory throws {@link DirectoryUnavailableException}: nothing is decided on a guess.
     */
    Optional<Organization> current(String userId, String organizationId) {
        OrganizationDirectory directory = lookup.get().orElse(null);
        if (directory == null) {
            return Optional.empty();
        }
        return cache.get(new Key(userId, organizationId), k -> {
            try {
                Optional<Organization> m = directory.membership(k.userId(), k.organizationId());
                return m == null ? Optional.empty() : m.filter(o -> o.id().equals(k.organizationId()));
            } catch (RuntimeException e) {
                throw new DirectoryUnavailableException(e);
            }
        });
    }

    /** Membership asked at a switch: straight from the directory, then cached for refreshes. */
    Optional<Organization> forSwitch(String userId, String organizationIdOrSlug) {
        OrganizationDirectory directory = lookup.get().orElse(null);
        if (directory == null) {
            return Optional.empty();
        }
        Optional<Organization> m;
        try {
            m = directory.membership(userId, organizationIdOrSlug);
        } catch (RuntimeException e) {
            throw new DirectoryUnavailableException(e);
        }
        m = m == null ? Optional.empty() : m;
        m.ifPresent(o -> cache.put(new Key(userId, o.id()), Optional.of(o)));
        return m;
    }

    /**
     * The user's organization when the directory lists exactly one membership, for a sign-in
     * that names none; empty otherwise, without a directory, or when the directory fails (the
     * sign-in then starts on the personal account: a convenience never fails a sign-in).
     */
    Optional<Organization> onlyMembership(String userId) {
        OrganizationDirectory directory = lookup.get().orElse(null);
        if (directory == null) {
            return Optional.empty();
        }
        java.util.List<Organization> all;
        try {
            all = directory.memberships(userId);
        } catch (RuntimeException e) {
            System.getLogger(Memberships.class.getName()).log(System.Logger.Level.WARNING, "multisession: organization "
                    + "directory failed with " + e.getClass().getName() + " at sign-in; the session starts on the personal account");
            return Optional.empty();
        }
        if (all == null || all.size() != 1) {
            return Optional.empty();
        }
        Organization only = all.get(0);
        cache.put(new Key(userId, only.id()), Optional.of(only));
        return Optional.of(only);
    }

    /** The organization directory threw; treated like an unreachable store. */
    static final class DirectoryUnavailableException extends StoreUnavailableException {
        DirectoryUnavailableException(RuntimeException cause) {
            super("organization directory failed: " + cause.getClass().getName());
        }
    }
}
