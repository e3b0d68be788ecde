package dev.multisession.servlet;

import dev.multisession.core.engine.AuthResult;
import dev.multisession.core.engine.Reasons;
import dev.multisession.core.token.SessionClaims;
import dev.multisession.core.store.StoreUnavailableException;
import jakarta.servlet.http.HttpServletRequest;
import jakarta.servlet.http.HttpServletResponse;

import java.io.IOException;
import java.time.Duration;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Optional;

/**
 * How a request that may not pass is answered, the same from the filter and from the Jakarta
 * Authentication module: page loads go to sign in (or to the issuer's refresh endpoint in
 * verifier mode), other requests get 401 with {@code WWW-Authenticate: Bearer}; unreachable keys
 * give 503; signed in but not allowed gives 403. A pending session's page loads go to its task's
 * page instead, its other requests get 401 {@code session_pending} with the task.
 */
final class Challenges {
    private Challenges() {
    }

    static void unauthenticated(MultiSessionRuntime runtime, HttpServletRequest request, HttpServletResponse response, AuthResult auth) throws IOException {
        HttpAnswers.noStore(response);
        String reason = auth.reason().orElse("no_session");
        if (auth.keysUnavailable()) {
            response.setHeader("Retry-After", "5");
            HttpAnswers.error(response, HttpServletResponse.SC_SERVICE_UNAVAILABLE, "keys_unavailable",
                    "the keys that verify session tokens cannot be fetched right now");
            return;
        }
        if (auth.isPending()) {
            pending(runtime, request, response, auth);
            return;
        }
        if (HttpAnswers.isPageLoad(request)) {
            String back = back(runtime, request);
            if (auth.refreshRequired() && runtime.settings().refreshUrl().isPresent()) {
                String absoluteBack = RequestViews.originOf(request) + request.getContextPath() + back;
                HttpAnswers.found(request, response, runtime.settings().refreshUrl().get() + "?redirect_url="
                        + HttpAnswers.encode(absoluteBack));
                return;
            }
            String target = auth.explicitMiss() || !auth.signedInSessions().isEmpty()
                    ? runtime.settings().accountChooserUrl() : runtime.settings().signInUrl();
            HttpAnswers.found(request, response, target + (target.contains("?") ? "&" : "?") + "redirect_url="
                    + HttpAnswers.encode(request.getContextPath() + back));
            return;
        }
        // RFC 6750 3.1: a request that sent no credentials at all gets the challenge without an error code
        response.setHeader("WWW-Authenticate", sentNoCredentials(auth) ? "Bearer realm=\"multisession\""
                : "Bearer realm=\"multisession\", error=\"invalid_token\", error_description=\"" + reason + "\"");
        HttpAnswers.error(response, HttpServletResponse.SC_UNAUTHORIZED, "unauthorized", reason);
    }

    /** This request's path and query, as a {@code redirect_url} may name it ({@code /} when it may not). */
    private static String back(MultiSessionRuntime runtime, HttpServletRequest request) {
        String here = RequestViews.rawPathWithinApplication(request)
                + (request.getQueryString() == null ? "" : "?" + request.getQueryString());
        return runtime.redirects().validate(here).orElse("/");
    }

    /**
     * A pending session where it is not let in: page loads go to its current task's page, with
     * {@code redirect_url} back here and the tab's explicit account choice kept (so the task page
     * gets this tab's session); other requests get 401 with the reason {@code session_pending}
     * and the task.
     */
    private static void pending(MultiSessionRuntime runtime, HttpServletRequest request, HttpServletResponse response,
                                AuthResult auth) throws IOException {
        SessionClaims session = auth.pendingSession().orElseThrow();
        String task = session.task().orElseThrow();
        if (HttpAnswers.isPageLoad(request)) {
            String page = runtime.settings().taskUrl(task) + "?redirect_url="
                    + HttpAnswers.encode(request.getContextPath() + back(runtime, request));
            HttpAnswers.found(request, response, Endpoints.keepingTabChoice(request, auth, Optional.of(session), page));
            return;
        }
        response.setHeader("WWW-Authenticate", "Bearer realm=\"multisession\", error=\"invalid_token\", error_description=\""
                + Reasons.SESSION_PENDING + "\"");
        Map<String, Object> body = new LinkedHashMap<>();
        body.put("error", "unauthorized");
        body.put("reason", Reasons.SESSION_PENDING);
        body.put("task", task);
        HttpAnswers.json(response, HttpServletResponse.SC_UNAUTHORIZED, body);
    }

    /**
     * True when the request carried nothing to authenticate with: no bearer token, no account
     * choice, no session cookie (a bad one would be deleted, so a request without cookie writes
     * sent none that failed).
     */
    private static boolean sentNoCredentials(AuthResult auth) {
        return !auth.source().isExplicit() && auth.reason().filter(Reasons.NO_SESSION::equals).isPresent()
                && auth.signedInSessions().isEmpty() && auth.cookieWrites().isEmpty();
    }

    /**
     * 503 with {@code Retry-After} when the session store (or the organization directory) cannot
     * be reached: JSON for API calls; for page loads and form posts the container's error page
     * ({@code sendError}, so the app's {@code <error-page>} for 503 applies). Nothing was changed
     * and no cookie is deleted.
     */
    static void storeUnavailable(HttpServletRequest request, HttpServletResponse response,
                                 StoreUnavailableException failure) throws IOException {
        HttpAnswers.noStore(response);
        response.setHeader("Retry-After", retryAfterSeconds(failure));
        if (HttpAnswers.isPageLoad(request) || (!HttpAnswers.wantsJson(request) && "POST".equals(request.getMethod())
                && request.getHeader("Accept") != null && request.getHeader("Accept").contains("text/html"))) {
            response.sendError(HttpServletResponse.SC_SERVICE_UNAVAILABLE);
            return;
        }
        HttpAnswers.error(response, HttpServletResponse.SC_SERVICE_UNAVAILABLE, "store_unavailable",
                "the session store cannot be reached right now; nothing was changed, try again");
    }

    /**
     * The failure's own {@link StoreUnavailableException#retryAfter() estimate} in whole seconds,
     * rounded up and at least 1; 5 when it has none.
     */
    static String retryAfterSeconds(StoreUnavailableException failure) {
        return failure.retryAfter().map(Challenges::wholeSecondsUp).map(String::valueOf).orElse("5");
    }

    private static long wholeSecondsUp(Duration d) {
        long seconds = Math.max(0, d.getSeconds());
        if (d.getNano() > 0 && seconds < Long.MAX_VALUE) {
            seconds++;
        }
        return Math.max(1, seconds);
    }

    /**
     * 503 for a route a rule protects while the library is off ({@code multisession.enabled=false}):
     * nobody can be signed in, and the route must not open. Page loads get the container's error
     * page ({@code sendError}), other requests the JSON error naming the setting.
     */
    static void disabled(HttpServletRequest request, HttpServletResponse response) throws IOException {
        HttpAnswers.noStore(response);
        if (HttpAnswers.isPageLoad(request)) {
            response.sendError(HttpServletResponse.SC_SERVICE_UNAVAILABLE);
            return;
        }
        HttpAnswers.error(response, HttpServletResponse.SC_SERVICE_UNAVAILABLE, "multisession_disabled",
                ServletSettings.ENABLED + "=false: routes that " + ServletSettings.ROUTES + " protects are closed while sign-in is off");
    }

    /**
     * 403 for a signed-in request the route or guard refuses: page loads get the container's
     * error page ({@code sendError}, so the app's {@code <error-page>} for 403 applies, with its
     * navigation), other requests the JSON error.
     */
    static void forbidden(HttpServletRequest request, HttpServletResponse response, String why) throws IOException {
        HttpAnswers.noStore(response);
        if (HttpAnswers.isPageLoad(request)) {
            response.sendError(HttpServletResponse.SC_FORBIDDEN);
            return;
        }
        HttpAnswers.error(response, HttpServletResponse.SC_FORBIDDEN, "forbidden", why);
    }
}
