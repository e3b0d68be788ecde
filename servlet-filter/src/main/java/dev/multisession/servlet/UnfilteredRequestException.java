package dev.multisession.servlet;

/**
 * Thrown when app code asks multisession about a request that {@link MultiSessionFilter} never
 * saw: the filter is not registered (the jar's initializer and web fragment did not run: no
 * annotation scanning, {@code metadata-complete}, an {@code <absolute-ordering>} without
 * {@code multisession}) or it is mapped so that this request does not pass it. Nothing was
 * done: no cookie was written and no account was read, because whatever the app did next
 * would not be protected or would never be read back. The message names the request and the
 * fix.
 *
 * <p>A request counts as seen when the filter handled it, or the request it was forwarded,
 * included or dispatched (async, error page) from, on its first pass. An app that turned
 * multisession off on purpose ({@code multisession.enabled=false}) never gets this exception.
 */
public class UnfilteredRequestException extends IllegalStateException {
    private static final long serialVersionUID = 1L;

    UnfilteredRequestException(String message) {
        super(message);
    }
}
