package dev.multisession.core.token;

import dev.multisession.core.model.Organization;
import dev.multisession.core.model.User;

import java.time.Instant;
import java.util.Iterator;
import java.util.Objects;
import java.util.Optional;

/**
 * Makes the verified-token cache keep the values many tokens repeat only once: the claims of a
 * token that verified, rebuilt from instances already held for equal values (issuer, authorized
 * party, the instants of tokens minted in the same second, the whole organization membership:
 * id, slug, name, role and the permissions in their order; the user and the client id, which
 * the tokens of one person and one browser repeat across sessions and refreshes).
 *
 * <p>Only ever given claims of tokens whose signature and claims verified (or that this node
 * minted), and bounded whatever they hold: two fixed-size {@link ClaimInterner} tables, one for
 * values shared across people and one for per-person values, so a flood of unique users does
 * not push the shared organizations out. Only this library's own user and organization
 * implementations are shared, so no other implementation's extra state is ever mixed up.
 *
 * <pre>{@code
 * SharedClaims shared = new SharedClaims(config.verifiedTokenCacheSize());
 * cache.put(key, shared.share(claims));
 * }</pre>
 */
final class SharedClaims {
    private static final Class<?> USER_CLASS = User.of("u").getClass();
    private static final Class<?> ORGANIZATION_CLASS = Organization.builder("o", "o").build().getClass();

    /** Values many people's tokens carry: issuer, azp, instants, organization memberships, tasks. */
    private final ClaimInterner acrossPeople;
    /** Values of one person or browser: users, client ids. */
    private final ClaimInterner perPerson;

    /** Tables sized for a cache of {@code cacheSize} entries: about 1/16 and 1/4 of it in slots, at least 256 each. */
    SharedClaims(int cacheSize) {
        this.acrossPeople = new ClaimInterner(Math.max(256, Math.min(1 << 16, cacheSize / 16)));
        this.perPerson = new ClaimInterner(Math.max(256, Math.min(1 << 20, cacheSize / 4)));
    }

    private static final int ISSUER = 1;
    private static final int AUTHORIZED_PARTY = 2;
    private static final int INSTANT = 3;
    private static final int NOT_BEFORE = 4;
    private static final int ORGANIZATION = 5;
    private static final int TASK = 6;
    private static final int USER = 7;
    private static final int CLIENT = 8;

    /** Claims that read exactly like {@code claims}, built from already-held instances wherever one is the same. */
    SessionClaims share(SessionClaims claims) {
        String issuer = acrossPeople.intern(ISSUER, claims.issuer(), String::equals);
        User user = sameClass(claims.user(), USER_CLASS)
                ? perPerson.intern(USER, claims.user(), SharedClaims::sameUser) : claims.user();
        String clientId = perPerson.intern(CLIENT, claims.clientId(), String::equals);
        Optional<String> authorizedParty = present(AUTHORIZED_PARTY, claims.authorizedParty());
        Instant issuedAt = acrossPeople.intern(INSTANT, claims.issuedAt(), Instant::equals);
        Instant expiresAt = acrossPeople.intern(INSTANT, claims.expiresAt(), Instant::equals);
        // this library's tokens are valid from their issue: nbf is iat, one Instant for both
        Optional<Instant> notBefore = present(NOT_BEFORE, claims.notBefore().isPresent()
                && claims.notBefore().get().equals(issuedAt) ? Optional.of(issuedAt) : claims.notBefore());
        Optional<Organization> organization = claims.organization().isPresent()
                && sameClass(claims.organization().get(), ORGANIZATION_CLASS)
                ? acrossPeople.intern(ORGANIZATION, claims.organization(), SharedClaims::sameMembership) : claims.organization();
        Optional<String> task = present(TASK, claims.task());
        return new SessionClaims(issuer, user, claims.sessionId(), clientId, claims.index(), authorizedParty,
                issuedAt, notBefore, expiresAt, organization, claims.actor(), task, claims.clerk());
    }

    /** A present optional from the shared table (an empty one is already one instance). */
    private <T> Optional<T> present(int kind, Optional<T> value) {
        return value.isEmpty() ? value : acrossPeople.intern(kind, value, Optional::equals);
    }

    /** How many values the tables hold now (for tests). */
    int held() {
        return acrossPeople.held() + perPerson.held();
    }

    /** The most values the tables ever hold. */
    int capacity() {
        return acrossPeople.capacity() + perPerson.capacity();
    }

    private static boolean sameClass(Object value, Class<?> type) {
        return value != null && value.getClass() == type;
    }

    /** Same id and profile, and no attributes (tokens carry none; a map's order is not part of equals). */
    static boolean sameUser(User a, User b) {
        return a.attributes().isEmpty() && a.equals(b);
    }

    /**
     * Same membership, with the permissions in the same order (a set's equals ignores order; the
     * token's list does not). False for anything but two present organizations of this library's own kind.
     */
    static boolean sameMembership(Optional<?> a, Optional<?> b) {
        if (!(a.orElse(null) instanceof Organization x) || !(b.orElse(null) instanceof Organization y)
                || x.getClass() != ORGANIZATION_CLASS || y.getClass() != ORGANIZATION_CLASS) {
            return false;
        }
        if (!x.id().equals(y.id()) || !x.slug().equals(y.slug()) || !Objects.equals(x.name(), y.name())
                || !Objects.equals(x.role(), y.role()) || x.permissions().size() != y.permissions().size()) {
            return false;
        }
        Iterator<String> i = x.permissions().iterator();
        Iterator<String> j = y.permissions().iterator();
        while (i.hasNext()) {
            if (!i.next().equals(j.next())) {
                return false;
            }
        }
        return true;
    }
}
