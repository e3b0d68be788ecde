package dev.multisession.core.store;

import java.time.Duration;
import java.util.Objects;
import java.util.Optional;

/**
 * The session store could not be reached or did not answer in time. The engine's answer is
 * defined per operation: the hot path never touches the store; a refresh keeps serving the
 * still-valid token and then signs the request out with reason {@code store_unavailable};
 * sign-in, switch and sign-out fail with this exception (the servlet layer answers 503 with
 * {@code Retry-After}); no cookie is deleted because the store failed.
 *
 * <pre>{@code
 * try { engine.signIn(request, user, Optional.empty()); }
 * catch (StoreUnavailableException e) { // answer 503, keep the browser's cookies }
 * }</pre>
 *
 * <p>When the thrower knows how long the store will stay out of reach (the engine's circuit
 * breaker, while it is open, does), {@link #retryAfter()} says so; the servlet layer's
 * {@code Retry-After} follows it.
 */
public class StoreUnavailableException extends RuntimeException {
    /** Null: unknown. */
    private final Duration retryAfter;

    public StoreUnavailableException(String message) {
        super(message);
        this.retryAfter = null;
    }

    public StoreUnavailableException(String message, Throwable cause) {
        super(message, cause);
        this.retryAfter = null;
    }

    /**
     * @param retryAfter how long callers should wait before asking again; zero or more
     */
    public StoreUnavailableException(String message, Duration retryAfter) {
        super(message);
        Objects.requireNonNull(retryAfter, "retryAfter");
        if (retryAfter.isNegative()) {
            throw new IllegalArgumentException("retryAfter must be zero or more: " + retryAfter);
        }
        this.retryAfter = retryAfter;
    }

    /** How long to wait before asking again, when the thrower knows; empty when it does not. */
    public Optional<Duration> retryAfter() {
        return Optional.ofNullable(retryAfter);
    }
}
