package dev.multisession.servlet;

/**
 * Thrown by code that needs an active organization when the request's session has none
 * (personal account). The filter answers it with 403.
 */
public class NoActiveOrganizationException extends RuntimeException {
    private static final long serialVersionUID = 1L;

    public NoActiveOrganizationException(String message) {
        super(message);
    }
}
