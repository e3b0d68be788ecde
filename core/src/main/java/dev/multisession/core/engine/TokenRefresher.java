package dev.multisession.core.engine;

import com.github.benmanes.caffeine.cache.Cache;
import com.github.benmanes.caffeine.cache.Caffeine;
import dev.multisession.core.config.MultiSessionConfig;
import dev.multisession.core.model.Ids;
import dev.multisession.core.model.Organization;
import dev.multisession.core.model.Session;
import dev.multisession.core.store.Mutation;
import dev.multisession.core.store.RefreshRead;
import dev.multisession.core.store.SessionChange;
import dev.multisession.core.store.SessionStore;
import dev.multisession.core.store.StoreUnavailableException;
import dev.multisession.core.token.CachingTokenVerifier;
import dev.multisession.core.token.SessionClaims;
import dev.multisession.core.token.TokenIssuer;
import dev.multisession.core.token.TokenIssuer.MintedToken;

import java.time.Clock;
import java.time.Instant;
import java.util.Optional;
import java.util.Set;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionException;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.TimeUnit;

/**
 * Gives the chosen session a usable token: the one it has, or a fresh one when it expired or is
 * in its last part of life. One refresh per session however many requests ask at once
 * (single-flight: the first caller reads the store, re-checks the membership and mints; the
 * others wait for its future). No store call and no signing happens inside any cache's lock.
 */
final class TokenRefresher {
    private static final System.Logger LOG = System.getLogger(MultiSession.class.getName());
    /** How often a refresh re-decides after the store reported the version it decided on stale. */
    private static final int MAX_DECISIONS = 3;

    private final MultiSessionConfig config;
    private final Clock clock;
    private final SessionStore store;
    private final TokenIssuer issuer;
    private final CachingTokenVerifier verifier;
    private final Memberships memberships;
    private final long refreshWindowMillis;
    private final Cache<String, Fresh> recentlyMinted;
    private final ConcurrentHashMap<String, CompletableFuture<Optional<Fresh>>> inFlight = new ConcurrentHashMap<>();
    /**
     * Tokens issued before this second (epoch seconds, as {@code iat} counts) are not vouched for
     * by every revocation: the store said some may have been missed. Their session is read from
     * the store once more, as at a refresh, before the token is used again.
     */
    private volatile long recheckIssuedBefore = Long.MIN_VALUE;
    /** During an outage every refresh fails (at once, with the circuit open): one warning per interval. */
    private final OutageLog outageLog = new OutageLog();

    /** At most one line every {@value #EVERY_MILLIS} ms; counts the lines it held back. */
    static final class OutageLog {
        static final long EVERY_MILLIS = 10_000;
        private final java.util.concurrent.atomic.AtomicLong lastLogged = new java.util.concurrent.atomic.AtomicLong(Long.MIN_VALUE);
        private final java.util.concurrent.atomic.AtomicLong held = new java.util.concurrent.atomic.AtomicLong();

        /** -1: hold this line back; otherwise log it, with the number of lines held back since the last one. */
        long suppressedOrZeroIfDue(long nowMillis) {
            long last = lastLogged.get();
            if ((last == Long.MIN_VALUE || nowMillis - last >= EVERY_MILLIS || nowMillis < last)
                    && lastLogged.compareAndSet(last, nowMillis)) {
                return held.getAndSet(0);
            }
            held.incrementAndGet();
            return -1;
        }
    }

    TokenRefresher(MultiSessionConfig config, SessionStore store, TokenIssuer issuer, CachingTokenVerifier verifier,
                   Memberships memberships) {
        this.config = config;
        this.clock = config.clock();
        this.store = store;
        this.issuer = issuer;
        this.verifier = verifier;
        this.memberships = memberships;
        this.refreshWindowMillis = config.refreshWindow().toMillis();
        this.recentlyMinted = Caffeine.newBuilder()
                .ticker(() -> TimeUnit.MILLISECONDS.toNanos(clock.millis()))
                .expireAfterWrite(config.tokenLifetime())
                .maximumSize(Math.max(1_000, config.verifiedTokenCacheSize() / 10))
                .executor(Runnable::run)
                .build();
    }

    /** A freshly minted token and the absolute end of its session. */
    record Fresh(MintedToken token, Instant sessionExpiresAt) {
    }

    /** What became of the chosen session's token. */
    record Refreshed(SessionClaims claims, Fresh fresh, boolean ended, String reason) {
        static Refreshed unchanged(SessionClaims claims) {
            return new Refreshed(claims, null, false, null);
        }

        static Refreshed minted(Fresh fresh) {
            return new Refreshed(fresh.token().claims(), fresh, false, null);
        }

        static Refreshed endedInStore() {
            return new Refreshed(null, null, true, Reasons.SESSION_ENDED);
        }

        static Refreshed failed(String reason) {
            return new Refreshed(null, null, false, reason);
        }

        boolean usable() {
            return claims != null;
        }
    }

    /** The chosen session's usable token, deciding at {@code nowMillis} (the request's one clock reading). */
    Refreshed refreshIfNeeded(Browser.Candidate chosen, Optional<String> origin, long nowMillis) {
        SessionClaims claims = chosen.claims();
        boolean expiring = nowMillis >= claims.expiresAt().toEpochMilli() - refreshWindowMillis;
        boolean unvouched = claims.issuedAt().getEpochSecond() < recheckIssuedBefore;
        if (!chosen.expired() && !expiring && !unvouched) {
            return Refreshed.unchanged(claims);
        }
        if (issuer == null) {
            return chosen.expired() ? Refreshed.failed(Reasons.REFRESH_REQUIRED) : Refreshed.unchanged(claims);
        }
        try {
            Optional<Fresh> fresh = freshToken(claims, origin);
            return fresh.map(Refreshed::minted).orElseGet(Refreshed::endedInStore);
        } catch (StoreUnavailableException e) {
            String what = e instanceof Memberships.DirectoryUnavailableException ? "the organization directory"
                    : "the session store";
            long suppressed = outageLog.suppressedOrZeroIfDue(clock.millis());
            if (suppressed >= 0) {
                LOG.log(System.Logger.Level.WARNING, "multisession: refresh could not reach " + what
                        + ", session " + Ids.shortHash(claims.sessionId())
                        + (chosen.expired() ? "; signed out until it answers" : "; the still-valid token is kept")
                        + (suppressed > 0 ? " (" + suppressed + " more such refreshes in the last "
                                + OutageLog.EVERY_MILLIS / 1000 + " s not logged)" : ""));
            }
            return chosen.expired() ? Refreshed.failed(Reasons.STORE_UNAVAILABLE) : Refreshed.unchanged(claims);
        }
    }

    /** Single-flight: one caller per session does the work, the others share its result. */
    private Optional<Fresh> freshToken(SessionClaims old, Optional<String> origin) {
        Instant now = clock.instant();
        Fresh recent = recentlyMinted.getIfPresent(old.sessionId());
        if (recent != null && belongsTo(recent, old) && now.isBefore(recent.token().expiresAt().minus(config.refreshWindow()))) {
            return Optional.of(recent);
        }
        CompletableFuture<Optional<Fresh>> mine = new CompletableFuture<>();
        CompletableFuture<Optional<Fresh>> running = inFlight.putIfAbsent(old.sessionId(), mine);
        if (running != null) {
            try {
                return running.join().filter(f -> belongsTo(f, old));
            } catch (CompletionException e) {
                throw e.getCause() instanceof StoreUnavailableException s ? s
                        : new StoreUnavailableException("refresh failed", e.getCause());
            }
        }
        try {
            // a refresh that finished between the look above and this claim has left its token:
            // reuse it rather than mint a second one (it was recorded before its claim was released)
            Fresh finished = recentlyMinted.getIfPresent(old.sessionId());
            if (finished != null && belongsTo(finished, old)
                    && now.isBefore(finished.token().expiresAt().minus(config.refreshWindow()))) {
                mine.complete(Optional.of(finished));
                return Optional.of(finished);
            }
            Optional<Fresh> result = refreshFromStore(old, origin, now);
            result.ifPresentOrElse(f -> recentlyMinted.put(old.sessionId(), f),
                    () -> recentlyMinted.invalidate(old.sessionId()));
            mine.complete(result);
            return result;
        } catch (RuntimeException e) {
            mine.completeExceptionally(e);
            throw e;
        } finally {
            inFlight.remove(old.sessionId(), mine);
        }
    }

    private static boolean belongsTo(Fresh fresh, SessionClaims old) {
        SessionClaims c = fresh.token().claims();
        return c.clientId().equals(old.clientId()) && c.userId().equals(old.userId());
    }

    /** One store read, a membership re-check (cached), a conditional write when it changed, then the mint. */
    private Optional<Fresh> refreshFromStore(SessionClaims old, Optional<String> origin, Instant now) {
        RefreshRead read = store.readForRefresh(old.sessionId(), old.clientId(), now);
        if (!(read instanceof RefreshRead.Active active) || !active.session().userId().equals(old.userId())) {
            return Optional.empty();
        }
        Session session = active.session();
        int decisions = 0;
        while (session.activeOrganization().isPresent() && memberships.enabled()) {
            Organization held = session.activeOrganization().get();
            Optional<Organization> current = memberships.current(session.userId(), held.id());
            if (current.isPresent() && Organization.sameMembership(current.get(), held)) {
                break;
            }
            if (++decisions > MAX_DECISIONS) {
                throw new StoreUnavailableException("the session kept changing while its membership was re-checked");
            }
            Mutation m = store.change(session.id(), session.version(), SessionChange.organization(current), now);
            if (m.isApplied()) {
                LOG.log(System.Logger.Level.INFO, "multisession: membership changed at refresh ("
                        + (current.isEmpty() ? "removed, back to the personal account" : "role or permissions updated")
                        + "), session " + Ids.shortHash(session.id()));
                session = m.session().orElseThrow();
                break;
            }
            if (m.outcome() != Mutation.Outcome.STALE || m.session().isEmpty()) {
                return Optional.empty(); // ended meanwhile
            }
            session = m.session().get(); // changed by someone else first: decide again on what is stored now
        }
        MintedToken token = issuer.mint(session, origin);
        verifier.remember(token.value(), token.claims());
        return Optional.of(new Fresh(token, session.expiresAt()));
    }

    /** Records a token minted by an account command as the session's freshest. */
    Fresh minted(Session session, Optional<String> origin) {
        MintedToken token = issuer.mint(session, origin);
        verifier.remember(token.value(), token.claims());
        Fresh fresh = new Fresh(token, session.expiresAt());
        recentlyMinted.put(session.id(), fresh);
        return fresh;
    }

    /** Forgets the freshest tokens of sessions that ended. */
    void forget(Set<String> sessionIds) {
        recentlyMinted.invalidateAll(sessionIds);
    }

    /**
     * Forgets every recently minted token, and has every token issued up to now (to the second,
     * as {@code iat} counts) re-read from the store before its next use: revocations may have
     * been missed, and a token's signature says nothing about them. A store that is down then
     * keeps a still-valid token, as for any refresh.
     */
    void forgetAll() {
        recheckIssuedBefore = clock.instant().getEpochSecond() + 1;
        recentlyMinted.invalidateAll();
    }
}
