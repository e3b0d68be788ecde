package dev.multisession.servlet;

import dev.multisession.core.engine.AuthResult;
import dev.multisession.core.engine.AuthState;
import dev.multisession.core.selection.SelectionSource;
import dev.multisession.core.token.SessionClaims;
import dev.multisession.servlet.rules.Requirement;
import jakarta.servlet.Filter;
import jakarta.servlet.FilterChain;
import jakarta.servlet.FilterConfig;
import jakarta.servlet.ServletException;
import jakarta.servlet.ServletRequest;
import jakarta.servlet.ServletResponse;
import jakarta.servlet.http.HttpServletRequest;
import jakarta.servlet.http.HttpServletResponse;

import java.io.IOException;
import java.util.List;
import java.util.Optional;

/**
 * The drop-in filter. For every request it asks the engine which session applies (DESIGN §5),
 * writes the engine's cookie changes before anything is committed, wraps the request so the
 * servlet security API answers for that session, serves the helper endpoints, and enforces the
 * route rules of {@code multisession.routes}.
 *
 * <pre>{@code
 * <!-- only needed when the jar's auto-registration is off (multisession.enabled=false disables both) -->
 * <filter>
 *   <filter-name>multisession</filter-name>
 *   <filter-class>dev.multisession.servlet.MultiSessionFilter</filter-class>
 * </filter>
 * <filter-mapping><filter-name>multisession</filter-name><url-pattern>/*</url-pattern></filter-mapping>
 * }</pre>
 *
 * <p>Signed out on a protected route: page loads (GET/HEAD with {@code Accept: text/html}) get a
 * 302 to the sign-in URL with a {@code redirect_url}; everything else gets 401 with
 * {@code WWW-Authenticate: Bearer}. Signed in but not allowed: 403. Keys unreachable and no
 * cached key: 503. Bad input never yields 500.
 */
public class MultiSessionFilter implements Filter {
    private static final System.Logger LOG = System.getLogger(MultiSessionFilter.class.getName());

    private MultiSessionRuntime runtime;
    private Endpoints endpoints;

    @Override
    public void init(FilterConfig filterConfig) {
        runtime = MultiSessionRuntime.of(filterConfig.getServletContext(), filterConfig);
        endpoints = new Endpoints(runtime);
    }

    @Override
    public void doFilter(ServletRequest req, ServletResponse resp, FilterChain chain) throws IOException, ServletException {
        if (!(req instanceof HttpServletRequest request) || !(resp instanceof HttpServletResponse response)
                || !runtime.settings().enabled()) {
            chain.doFilter(req, resp);
            return;
        }
        AuthResult auth = authenticate(request);
        HttpAnswers.writeCookies(response, auth.cookieWrites());
        if (!auth.cookieWrites().isEmpty()) {
            response.setHeader("Cache-Control", "no-store");
        }
        MultiSessionRequest wrapped = new MultiSessionRequest(request, auth);
        wrapped.setAttribute(Accounts.AUTH_ATTRIBUTE, auth);
        auth.session().ifPresent(s -> {
            wrapped.setAttribute(Accounts.SESSION_ATTRIBUTE, s);
            wrapped.setAttribute(Accounts.USER_ATTRIBUTE, s.user());
        });
        String path = auth.strippedPath().orElseGet(() -> RequestViews.pathWithinApplication(request));
        if (endpoints.handles(path)) {
            endpoints.handle(wrapped, response, path);
            return;
        }
        List<Requirement> requirements = runtime.rules().requirementsFor(path);
        SessionClaims session = auth.session().orElse(null);
        boolean needsSession = requirements.stream().anyMatch(Requirement::needsSession);
        if (session == null && needsSession) {
            unauthenticated(wrapped, response, auth);
            return;
        }
        if (!requirements.stream().allMatch(r -> r.isMetBy(session))) {
            forbidden(response, "the active session lacks the role, permission or organization this route needs");
            return;
        }
        try {
            if (auth.strippedPath().isPresent()) {
                String query = request.getQueryString();
                wrapped.getRequestDispatcher(path + (query == null ? "" : "?" + query)).forward(wrapped, response);
            } else {
                chain.doFilter(wrapped, response);
            }
        } catch (ServletException | RuntimeException e) {
            if (!answerTypedFailure(wrapped, response, auth, e)) {
                throw e;
            }
        }
    }

    private AuthResult authenticate(HttpServletRequest request) {
        try {
            return runtime.engine().authenticate(RequestViews.of(request));
        } catch (RuntimeException e) {
            // Fail closed: an engine failure never lets a request through as anyone.
            LOG.log(System.Logger.Level.WARNING, "multisession: authentication failed with " + e.getClass().getName()
                    + "; treating the request as signed out");
            return new AuthResult(AuthState.SIGNED_OUT, Optional.empty(), SelectionSource.NONE, Optional.of("internal_error"),
                    List.of(), List.of(), Optional.empty(), false);
        }
    }

    /** Maps the typed exceptions app code (or the CDI layer) throws to 401/403, when the response is still ours. */
    private boolean answerTypedFailure(MultiSessionRequest request, HttpServletResponse response, AuthResult auth,
                                       Throwable failure) throws IOException {
        for (Throwable t = failure; t != null; t = t.getCause()) {
            if (t instanceof NotSignedInException || t instanceof NoActiveOrganizationException
                    || t instanceof AccessDeniedException) {
                if (response.isCommitted()) {
                    return false;
                }
                response.reset();
                HttpAnswers.writeCookies(response, auth.cookieWrites());
                if (t instanceof NotSignedInException) {
                    unauthenticated(request, response, auth);
                } else {
                    forbidden(response, t instanceof NoActiveOrganizationException ? "no active organization"
                            : "the active session lacks the role or permission needed");
                }
                return true;
            }
        }
        return false;
    }

    private void unauthenticated(MultiSessionRequest request, HttpServletResponse response, AuthResult auth) throws IOException {
        HttpAnswers.noStore(response);
        String reason = auth.reason().orElse("no_session");
        if (auth.keysUnavailable()) {
            response.setHeader("Retry-After", "5");
            HttpAnswers.error(response, HttpServletResponse.SC_SERVICE_UNAVAILABLE, "keys_unavailable",
                    "the keys that verify session tokens cannot be fetched right now");
            return;
        }
        if (HttpAnswers.isPageLoad(request)) {
            String here = RequestViews.pathWithinApplication(request)
                    + (request.getQueryString() == null ? "" : "?" + request.getQueryString());
            String back = runtime.redirects().validate(here).orElse("/");
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
        response.setHeader("WWW-Authenticate", "Bearer realm=\"multisession\", error=\"invalid_token\", error_description=\""
                + reason + "\"");
        HttpAnswers.error(response, HttpServletResponse.SC_UNAUTHORIZED, "unauthorized", reason);
    }

    private static void forbidden(HttpServletResponse response, String why) throws IOException {
        HttpAnswers.noStore(response);
        HttpAnswers.error(response, HttpServletResponse.SC_FORBIDDEN, "forbidden", why);
    }
}
