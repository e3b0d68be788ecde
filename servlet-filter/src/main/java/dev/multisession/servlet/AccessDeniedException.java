package dev.multisession.servlet;

/**
 * Thrown by code that checks a role or permission the request's session lacks. The filter
 * answers it with 403.
 */
public class AccessDeniedException extends RuntimeException {
    private static final long serialVersionUID = 1L;

    public AccessDeniedException(String message) {
        super(message);
    }
}
