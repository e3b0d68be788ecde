package dev.multisession.core.store;

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
 */
public class StoreUnavailableException extends RuntimeException {
    public StoreUnavailableException(String message) {
        super(message);
    }

    public StoreUnavailableException(String message, Throwable cause) {
        super(message, cause);
    }
}
