package dev.multisession.servlet;

/**
 * Thrown by code that needs a signed-in session when the request has none (e.g. using an
 * injected {@code User}). The filter answers it with 401, or a redirect to sign in for page loads.
 */
public class NotSignedInException extends RuntimeException {
    private static final long serialVersionUID = 1L;

    public NotSignedInException(String message) {
        super(message);
    }
}
