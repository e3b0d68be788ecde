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
 * Remembers tokens that verified, keyed by the exact token string, until their {@code exp}
 * (plus clock skew): a token is signature-checked once per process, after that a request costs
 * one hash lookup. Bounded by {@code multisession.cache.verified-tokens}. Only valid tokens are
 * cached; rejected ones go to the delegate every time.
 *
 * <pre>{@code
 * TokenVerifier verifier = new CachingTokenVerifier(strictVerifier, config);
 * }</pre>
 */
public final class CachingTokenVerifier implements TokenVerifier {
    private final TokenVerifier delegate;
    private final Cache<String, SessionClaims> verified;
    private final Clock clock;
    private final Duration skew;

    public CachingTokenVerifier(TokenVerifier delegate, MultiSessionConfig config) {
        this.delegate = delegate;
        this.clock = config.clock();
        this.skew = config.clockSkew();
        this.verified = Caffeine.newBuilder()
                .maximumSize(config.verifiedTokenCacheSize())
                .ticker(() -> TimeUnit.MILLISECONDS.toNanos(clock.millis()))
                .expireAfter(Expiry.creating((String token, SessionClaims claims) -> remainingLife(claims)))
                .build();
    }

    @Override
    public Verification verify(String token) {
        if (token == null) {
            return new Verification.Rejected(RejectionReason.MALFORMED);
        }
        SessionClaims cached = verified.getIfPresent(token);
        if (cached != null) {
            return clock.instant().isBefore(cached.expiresAt().plus(skew))
                    ? new Verification.Valid(cached) : new Verification.Expired(cached);
        }
        Verification result = delegate.verify(token);
        if (result instanceof Verification.Valid valid) {
            verified.put(token, valid.claims());
        }
        return result;
    }

    /** Records a token this process minted itself, so its first use costs no signature check. */
    public void remember(String token, SessionClaims claims) {
        verified.put(token, claims);
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
