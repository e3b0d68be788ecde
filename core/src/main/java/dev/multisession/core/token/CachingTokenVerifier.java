package dev.multisession.core.token;

import com.github.benmanes.caffeine.cache.Cache;
import com.github.benmanes.caffeine.cache.Caffeine;
import com.github.benmanes.caffeine.cache.Expiry;
import dev.multisession.core.config.MultiSessionConfig;

import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.concurrent.TimeUnit;

/**
 * Remembers tokens that verified until their {@code exp} (plus clock skew): a token is
 * signature-checked once per process, after that a request costs one hash lookup. Bounded by
 * {@code multisession.cache.verified-tokens}. Only valid tokens are cached; rejected ones go to
 * the delegate every time.
 *
 * <p>A hit needs the <em>exact</em> token string: the entry holds the whole token and a lookup
 * compares it in full ({@code String.equals}, vectorized by the JVM). The hash key is only the
 * token's last {@value #KEY_CHARS} characters (the end of its signature), so a request whose
 * cookies are fresh strings hashes 32 characters per token instead of about a kilobyte. Two
 * tokens sharing that tail cost a second verification, never a wrong answer.
 *
 * <pre>{@code
 * TokenVerifier verifier = new CachingTokenVerifier(strictVerifier, config);
 * }</pre>
 */
public final class CachingTokenVerifier implements TokenVerifier {
    private final TokenVerifier delegate;
    /** Characters of the token's end used as the hash key: 192 bits of signature. */
    static final int KEY_CHARS = 32;

    private final Cache<String, Entry> verified;
    private final Clock clock;
    private final Duration skew;

    public CachingTokenVerifier(TokenVerifier delegate, MultiSessionConfig config) {
        this.delegate = delegate;
        this.clock = config.clock();
        this.skew = config.clockSkew();
        this.verified = Caffeine.newBuilder()
                .maximumSize(config.verifiedTokenCacheSize())
                // housekeeping on the calling thread, amortized: handing it to the common pool
                // cost a thread wake-up (unpark) every few lookups, a quarter of the hot path
                .executor(Runnable::run)
                .ticker(() -> TimeUnit.MILLISECONDS.toNanos(clock.millis()))
                .expireAfter(Expiry.creating((String key, Entry entry) -> remainingLife(entry.claims())))
                .build();
    }

    @Override
    public Verification verify(String token) {
        if (token == null) {
            return new Verification.Rejected(RejectionReason.MALFORMED);
        }
        SessionClaims cached = cachedClaims(token);
        if (cached != null) {
            return clock.instant().isBefore(cached.expiresAt().plus(skew))
                    ? new Verification.Valid(cached) : new Verification.Expired(cached);
        }
        Verification result = delegate.verify(token);
        if (result instanceof Verification.Valid valid) {
            remember(token, valid.claims());
        }
        return result;
    }

    /** True when {@code token} verified before and is still cached: {@link #verify} answers it without a signature check. */
    public boolean isCached(String token) {
        return token != null && cachedClaims(token) != null;
    }

    /** Records a token this process minted itself, so its first use costs no signature check. */
    public void remember(String token, SessionClaims claims) {
        verified.put(keyOf(token), new Entry(token, claims));
    }

    private SessionClaims cachedClaims(String token) {
        Entry entry = verified.getIfPresent(keyOf(token));
        return entry != null && entry.token().equals(token) ? entry.claims() : null;
    }

    private static String keyOf(String token) {
        return token.length() <= KEY_CHARS ? token : token.substring(token.length() - KEY_CHARS);
    }

    /** A verified token and its claims. */
    private record Entry(String token, SessionClaims claims) {
        @Override
        public String toString() {
            return "Entry[" + claims.sessionId() + "]";
        }
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
