package dev.multisession.servlet;

import dev.multisession.core.config.ConfigSource;
import jakarta.servlet.ServletContext;
import jakarta.servlet.ServletRequest;
import jakarta.servlet.http.HttpServletRequest;

/**
 * Whether {@link MultiSessionFilter} saw a request, so that nothing the library offers acts on a
 * request without the filter's decision (fail closed, never open).
 *
 * <p>"Saw" means the filter's first pass set {@link MultiSessionFilter#FILTERED_ATTRIBUTE} on the
 * request. Request attributes live as long as the request and are shared by its dispatches, so
 * a request the filter saw still counts as seen in a servlet it was forwarded or included to,
 * on its error page and in an async dispatch, even when the filter is mapped for
 * {@code REQUEST} only; a request that never passed the filter (not mapped, or no filter) does
 * not, whatever dispatch brings it to the app.
 */
final class FilterPresence {
    /** The fix, as every message about a missing filter names it. */
    static final String FIX = "declare dev.multisession.servlet.MultiSessionFilter for /* in web.xml (see README, "
            + "\"Without annotation scanning: web.xml\") or enable the web fragment \"multisession\" (web.xml not "
            + "metadata-complete, the fragment not left out of <absolute-ordering>)";

    private static final int MAX_PATH_SHOWN = 200;

    private FilterPresence() {
    }

    static boolean saw(ServletRequest request) {
        return request.getAttribute(MultiSessionFilter.FILTERED_ATTRIBUTE) != null;
    }

    /**
     * True when the filter saw the request; false when the app turned multisession off on
     * purpose ({@code multisession.enabled=false}: callers keep the pass-through behaviour of a
     * disabled library); otherwise throws {@link UnfilteredRequestException} saying what
     * {@code needs} the filter and how to fix the deployment.
     */
    static boolean require(ServletRequest request, String needs) {
        if (saw(request)) {
            return true;
        }
        if (!enabled(request.getServletContext())) {
            return false;
        }
        throw new UnfilteredRequestException("multisession: " + needs + ", but MultiSessionFilter never saw this request ("
                + describe(request) + "), so nothing was done. Fix: " + FIX);
    }

    /** {@code multisession.enabled} as the filter (if it started) or the context's configuration says. */
    static boolean enabled(ServletContext context) {
        if (context.getAttribute(MultiSessionRuntime.ATTRIBUTE) instanceof MultiSessionRuntime runtime) {
            return runtime.settings().enabled();
        }
        return ServletSettings.enabledIn(ServletConfigSource.context(context), ConfigSource.systemProperties(),
                ConfigSource.environment());
    }

    /** Method and path within the app, printable and bounded (never the query: it may carry values). */
    private static String describe(ServletRequest request) {
        if (!(request instanceof HttpServletRequest http)) {
            return "not an HTTP request";
        }
        String path = RequestViews.pathWithinApplication(http);
        if (path.length() > MAX_PATH_SHOWN) {
            path = path.substring(0, MAX_PATH_SHOWN) + "…";
        }
        return String.valueOf(http.getMethod()).replaceAll("\\P{Graph}", "?") + " "
                + path.replaceAll("[\\p{Cntrl}\\u2028\\u2029]", "?");
    }
}
