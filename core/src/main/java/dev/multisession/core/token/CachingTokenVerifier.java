package dev.multisession.core.token;

import com.github.benmanes.caffeine.cache.Cache;
import com.github.benmanes.caffeine.cache.Caffeine;
import com.github.benmanes.caffeine.cache.Expiry;
import dev.multisession.core.config.MultiSessionConfig;

import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.Set;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.TimeUnit;

/**
 * Remembers tokens that verified until their {@code exp} (plus clock skew): a token is
 * signature-checked once per process, after that a request costs one hash lookup. Bounded by
 * {@code multisession.cache.verified-tokens}. Only valid tokens are cached; rejected ones go to
 * the delegate every time.
 *
 * <p>A hit needs the <em>exact</em> token string: the cache key holds the whole token and
 * compares it in full ({@code String.equals}, vectorized by the JVM), but hashes only the
 * token's last {@value #HASHED_CHARS} characters (the end of its signature), so a request whose
 * cookies are fresh strings hashes 32 characters per token instead of about a kilobyte, and
 * allocates no substring. Two tokens sharing that tail only share a hash bucket.
 *
 * <p>The claims it keeps share the values many tokens repeat (issuer, organization membership,
 * the user of several tokens...) through bounded tables, once a token has verified: see
 * {@code SharedClaims}. They read exactly as the token says.
 *
 * <pre>{@code
 * TokenVerifier verifier = new CachingTokenVerifier(strictVerifier, config);
 * }</pre>
 */
public final class CachingTokenVerifier implements TokenVerifier {
    private final TokenVerifier delegate;
    /** Characters of the token's end that its key hashes: 192 bits of signature. */
    static final int HASHED_CHARS = 32;

    private final Cache<TokenKey, SessionClaims> verified;
    /** What the cached claims of many tokens repeat, kept once (bounded, whatever the tokens hold). */
    private final SharedClaims shared;
    /** Sessions reported ended, kept while one of their tokens could still be unexpired. */
    private final Cache<String, Boolean> ended;
    private final Clock clock;
    private final Duration skew;
    private final long skewMillis;
    /** Told after every forgetting, so what was derived from forgotten tokens goes too. */
    private final CopyOnWriteArrayList<ForgetListener> forgetListeners = new CopyOnWriteArrayList<>();

    /**
     * Told when the verifier stops honouring tokens: of some sessions ({@link #forgetSessions})
     * or all ({@link #forgetAll}), after the cache dropped them. Whatever holds results derived
     * from verified tokens (the engine's memo of browsers) drops them here.
     */
    public interface ForgetListener {
        void sessionsForgotten(Set<String> sessionIds);

        void allForgotten();
    }

    public CachingTokenVerifier(TokenVerifier delegate, MultiSessionConfig config) {
        this.delegate = delegate;
        this.clock = config.clock();
        this.skew = config.clockSkew();
        this.skewMillis = skew.toMillis();
        this.shared = new SharedClaims(config.verifiedTokenCacheSize());
        this.verified = Caffeine.newBuilder()
                .maximumSize(config.verifiedTokenCacheSize())
                // housekeeping on the calling thread, amortized: handing it to the common pool
                // cost a thread wake-up (unpark) every few lookups, a quarter of the hot path
                .executor(Runnable::run)
                .ticker(() -> TimeUnit.MILLISECONDS.toNanos(clock.millis()))
                .expireAfter(Expiry.creating((TokenKey key, SessionClaims claims) -> remainingLife(claims)))
                .build();
        this.ended = Caffeine.newBuilder()
                .maximumSize(config.verifiedTokenCacheSize())
                .executor(Runnable::run)
                .ticker(() -> TimeUnit.MILLISECONDS.toNanos(clock.millis()))
                .expireAfterWrite(config.tokenLifetime().plus(skew).plus(skew))
                .build();
    }

    @Override
    public Verification verify(String token) {
        if (token == null) {
            return new Verification.Rejected(RejectionReason.MALFORMED);
        }
        Verification cached = verifyIfCached(token);
        if (cached != null) {
            return cached;
        }
        Verification result = delegate.verify(token);
        SessionClaims claims = result instanceof Verification.Valid valid ? valid.claims()
                : result instanceof Verification.Expired expired ? expired.claims() : null;
        if (claims != null && ended.getIfPresent(claims.sessionId()) != null) {
            return new Verification.Rejected(RejectionReason.SESSION_ENDED);
        }
        if (result instanceof Verification.Valid) {
            // verified: only now may its values join (and be shared with) what the cache holds
            SessionClaims kept = keep(token, claims);
            return kept == null ? result : new Verification.Valid(kept);
        }
        return result;
    }

    /**
     * Stops honouring every token of these sessions at once: drops them from the cache and
     * refuses them when presented again, for as long as one could still be unexpired. Called
     * when the store reports sessions ended (on this node, or broadcast from another).
     * Costs one pass over the cache; the hot path pays nothing.
     */
    public void forgetSessions(Set<String> sessionIds) {
        if (sessionIds.isEmpty()) {
            return;
        }
        sessionIds.forEach(id -> ended.put(id, Boolean.TRUE));
        verified.asMap().values().removeIf(claims -> sessionIds.contains(claims.sessionId()));
        forgetListeners.forEach(l -> l.sessionsForgotten(sessionIds));
    }

    /** Adds a listener told of every {@link #forgetSessions} and {@link #forgetAll}, after the cache dropped the tokens. */
    public void addForgetListener(ForgetListener listener) {
        forgetListeners.add(listener);
    }

    /**
     * The verification of a token verified before, from the cache (one counted lookup, no
     * signature check); {@code null} when it is not cached.
     */
    public Verification verifyIfCached(String token) {
        return verifyIfCached(token, clock.millis());
    }

    /** {@link #verifyIfCached(String)} at {@code nowMillis} (the request's one clock reading). */
    public Verification verifyIfCached(String token, long nowMillis) {
        SessionClaims cached = token == null ? null : cachedClaims(token);
        if (cached == null) {
            return null;
        }
        return nowMillis < cached.expiresAt().toEpochMilli() + skewMillis
                ? new Verification.Valid(cached) : new Verification.Expired(cached);
    }

    /**
     * True when {@code token} verified before and is still cached: {@link #verify} answers it
     * without a signature check. A quiet look: it does not count as a use of the entry for the
     * eviction policy ({@link #verify} does), so asking first costs no cache housekeeping.
     */
    public boolean isCached(String token) {
        return token != null && verified.policy().getIfPresentQuietly(new TokenKey(token)) != null;
    }

    /** Forgets every verified token (they are verified again on their next use). */
    public void forgetAll() {
        verified.invalidateAll();
        forgetListeners.forEach(ForgetListener::allForgotten);
    }

    /** Records a token this process minted itself, so its first use costs no signature check. */
    public void remember(String token, SessionClaims claims) {
        keep(token, claims);
    }

    /**
     * Caches {@code claims} for {@code token}, built from instances already held for the values
     * other cached tokens share; answers the claims kept, or null when the session has ended.
     */
    private SessionClaims keep(String token, SessionClaims claims) {
        TokenKey key = new TokenKey(token);
        SessionClaims kept = shared.share(claims);
        verified.put(key, kept);
        if (ended.getIfPresent(claims.sessionId()) != null) {
            // the session ended while this token was being verified or minted: never keep it
            verified.invalidate(key);
            return null;
        }
        return kept;
    }

    private SessionClaims cachedClaims(String token) {
        return verified.getIfPresent(new TokenKey(token));
    }

    /** A whole token as a cache key: equal only to the same token, hashed on its last {@value #HASHED_CHARS} characters. */
    private static final class TokenKey {
        private final String token;
        private final int hash;

        TokenKey(String token) {
            this.token = token;
            int h = 0;
            for (int i = Math.max(0, token.length() - HASHED_CHARS); i < token.length(); i++) {
                h = 31 * h + token.charAt(i);
            }
            this.hash = h;
        }

        @Override
        public boolean equals(Object other) {
            return other instanceof TokenKey key && key.hash == hash && key.token.equals(token);
        }

        @Override
        public int hashCode() {
            return hash;
        }

        @Override
        public String toString() {
            return "TokenKey[" + Integer.toHexString(hash) + "]";
        }
    }

    /** How many shared claim values are held now (for tests). */
    int sharedValuesHeld() {
        return shared.held();
    }

    /** The most shared claim values ever held, whatever the tokens carry (for tests). */
    int sharedValuesCapacity() {
        return shared.capacity();
    }

    /** How many tokens are cached now (for metrics and tests). */
    public long size() {
        verified.cleanUp();
        return verified.estimatedSize();
    }

    private Duration remainingLife(SessionClaims claims) {
        Duration left = Duration.between(Instant.ofEpochMilli(clock.millis()), claims.expiresAt().plus(skew));
        return left.isNegative() ? Duration.ZERO : left;
    }
}
