package dev.multisession.servlet;

import dev.multisession.core.engine.AuthResult;
import dev.multisession.core.engine.UnknownSessionException;
import dev.multisession.core.store.StoreUnavailableException;
import dev.multisession.core.token.SessionClaims;
import dev.multisession.servlet.rules.Requirement;
import jakarta.servlet.Filter;
import jakarta.servlet.FilterChain;
import jakarta.servlet.FilterConfig;
import jakarta.servlet.ServletContext;
import jakarta.servlet.ServletException;
import jakarta.servlet.ServletRequest;
import jakarta.servlet.ServletResponse;
import jakarta.servlet.http.HttpServletRequest;
import jakarta.servlet.http.HttpServletResponse;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.Set;

/**
 * The drop-in filter. For every request it asks the engine which session applies (docs/how-it-works.md: "Which session a request gets"),
 * collects the cookie changes of the engine, the endpoints and {@code Accounts.signIn} and sends
 * them once, just before the response commits ({@link CookieWritingResponse}), wraps the request so the
 * servlet security API answers for that session, enforces the route rules of
 * {@code multisession.routes}, and lets the helper servlets answer the endpoints (serving an
 * endpoint itself where no helper servlet is mapped, and the JWKS).
 *
 * <p>The jar registers it by itself (its initializer, or its web fragment: see
 * {@link MultiSessionInitializer}). Where neither runs, declare it in {@code web.xml}, its
 * mapping first among the app's filter mappings (README, "Without annotation scanning: web.xml"):
 *
 * <pre>{@code
 * <filter>
 *   <filter-name>multisession</filter-name>
 *   <filter-class>dev.multisession.servlet.MultiSessionFilter</filter-class>
 *   <async-supported>true</async-supported>
 * </filter>
 * <filter-mapping>
 *   <filter-name>multisession</filter-name>
 *   <url-pattern>/*</url-pattern>
 *   <dispatcher>REQUEST</dispatcher>
 * </filter-mapping>
 * }</pre>
 *
 * <p>It fails closed: at start, a route rule outside every URL pattern it is mapped for fails
 * the deployment (those requests would never reach it); app code asking {@link Accounts} (or
 * the CDI module) about a request it never saw gets {@link UnfilteredRequestException}.
 *
 * <p>Signed out on a protected route: page loads (GET/HEAD with {@code Accept: text/html}) get a
 * 302 to the sign-in URL with a {@code redirect_url}; everything else gets 401 with
 * {@code WWW-Authenticate: Bearer}. A pending session (a task to finish) counts as signed out
 * everywhere but its task's page and the helper endpoints; its page loads go to the task's page. Signed in but not allowed: 403. Keys unreachable and no
 * cached key: 503. Bad input never yields 500.
 *
 * <p>It decides once per request: when it is also mapped for {@code FORWARD}, {@code INCLUDE},
 * {@code ERROR} or {@code ASYNC} dispatches, those internal dispatches only see the request
 * wrapped with the same decision (no second {@code /u/N/} strip, endpoint or rule check).
 */
public class MultiSessionFilter implements Filter {
    /**
     * Request attribute marking a request this filter already handled (set on its first pass);
     * its dispatches (forward, include, error page, async) share it. How the library knows the
     * filter saw a request ({@link FilterPresence}). Its value is the filter's
     * {@link CookieWritingResponse} (and so the request's cookie ledger), for code that writes
     * cookies with no response at hand; {@code Boolean.TRUE} while the library is switched off.
     * One attribute for both: each costs the container a map write per request.
     */
    static final String FILTERED_ATTRIBUTE = MultiSessionFilter.class.getName() + ".filtered";

    /** The response this filter handed down the chain for {@code request}, or null (not filtered, or switched off). */
    static CookieWritingResponse responseOf(ServletRequest request) {
        return request.getAttribute(FILTERED_ATTRIBUTE) instanceof CookieWritingResponse response ? response : null;
    }

    private static final AuthResult DISABLED = AuthResult.signedOut("disabled");

    private MultiSessionRuntime runtime;
    private Endpoints endpoints;
    private Set<Endpoint> servedByServlets = Set.of();

    /**
     * Makes (or finds) the app's runtime; when enabled, fails the deployment if a route rule
     * lies outside the filter's mappings, and notes which endpoints a helper servlet answers.
     */
    @Override
    public void init(FilterConfig filterConfig) {
        ServletContext context = filterConfig.getServletContext();
        runtime = MultiSessionRuntime.of(context, filterConfig);
        endpoints = runtime.endpoints();
        if (runtime.settings().enabled()) {
            if (runtime.engine().config().pathPrefixSelection()) {
                // also checked by the initializer; here for a filter declared by hand
                ContainerConstraints.pathPrefixConflict(context).ifPresent(conflict -> {
                    runtime.close();
                    throw conflict;
                });
            }
            Registrations.checkRoutesCovered(context, runtime.rules());
            servedByServlets = Registrations.servedByServlets(context, runtime.settings().basePath());
        } else {
            Registrations.checkRoutesCovered(context, runtime.rules()); // off, it still closes their routes
        }
    }

    /** At undeploy: closes what the library made for this app (the session store's connections and threads). */
    @Override
    public void destroy() {
        if (runtime != null) {
            runtime.close();
        }
    }

    @Override
    public void doFilter(ServletRequest req, ServletResponse resp, FilterChain chain) throws IOException, ServletException {
        if (!(req instanceof HttpServletRequest request) || !(resp instanceof HttpServletResponse containerResponse)) {
            chain.doFilter(req, resp);
            return;
        }
        if (!runtime.settings().enabled()) {
            // off on purpose: no cookie read or written, no endpoint, nobody signed in; a route a rule protects stays closed
            if (request.getAttribute(FILTERED_ATTRIBUTE) == null && runtime.rules().requirementsFor(
                    RequestViews.pathWithinApplication(request)).stream().anyMatch(r -> !r.isMetBy(null))) {
                Challenges.disabled(request, containerResponse);
                return;
            }
            request.setAttribute(FILTERED_ATTRIBUTE, Boolean.TRUE);
            // the app sees the request signed out (principal, remote user, roles), not the container's answers
            chain.doFilter(request instanceof MultiSessionRequest ? request : new MultiSessionRequest(request, DISABLED), resp);
            return;
        }
        if (request.getAttribute(FILTERED_ATTRIBUTE) != null) {
            // an internal dispatch (forward, include, error page, async) of a request already
            // handled: same decision, no second path-prefix forward, endpoint or rule check
            AuthResult auth = RequestAuthentication.of(runtime, request, containerResponse);
            chain.doFilter(request instanceof MultiSessionRequest ? request : new MultiSessionRequest(request, auth),
                    containerResponse);
            return;
        }
        // every cookie write of this request is collected and sent once, when the response commits
        CookieWritingResponse response = new CookieWritingResponse(containerResponse, CookieLedger.forFilter(request));
        request.setAttribute(FILTERED_ATTRIBUTE, response);
        try {
            filter(request, response, chain);
        } finally {
            response.sendCookies();
        }
    }

    private void filter(HttpServletRequest request, CookieWritingResponse response, FilterChain chain)
            throws IOException, ServletException {
        ClerkHandshake handshake = runtime.clerkHandshake().orElse(null);
        if (handshake != null && handshake.resolve(request, response)) {
            return; // Clerk's handshake came back: its cookies are set, the browser asks again without the nonce
        }
        AuthResult auth = RequestAuthentication.of(runtime, request, response);
        MultiSessionRequest wrapped = new MultiSessionRequest(request, auth);
        String path = auth.strippedPath().isPresent() ? auth.strippedPath().get() : RequestViews.pathWithinApplication(request);
        if (endpoints.handles(path)) {
            // never subject to the route rules; a helper servlet mapped at the path answers it
            // (after a /u/N/ prefix, the filter answers: the engine reads the prefix from the path)
            if (auth.strippedPath().isEmpty() && endpoints.endpointAt(path).filter(servedByServlets::contains).isPresent()) {
                chain.doFilter(wrapped, response);
            } else {
                endpoints.handle(wrapped, auth, response, path);
            }
            return;
        }
        if (handshake != null && handshake.start(request, response, auth)) {
            return; // a page load with a missing, expired or stale Clerk session cookie: Clerk's handshake settles it
        }
        List<Requirement> requirements = runtime.rules().requirementsFor(path);
        SessionClaims session = auth.session().orElse(null);
        // plain loops: this runs on every request
        boolean needsSession = false;
        boolean met = true;
        for (int i = 0; i < requirements.size(); i++) {
            Requirement r = requirements.get(i);
            needsSession |= r.needsSession();
            met &= r.isMetBy(session);
        }
        if (session == null && needsSession) {
            Challenges.unauthenticated(runtime, wrapped, response, auth);
            return;
        }
        if (!met) {
            Challenges.forbidden(wrapped, response, "the active session lacks the role, permission or organization this route needs");
            return;
        }
        try {
            if (auth.strippedPath().isPresent()) {
                String query = request.getQueryString();
                wrapped.getRequestDispatcher(encodePath(path) + (query == null ? "" : "?" + query)).forward(wrapped, response);
            } else {
                chain.doFilter(wrapped, response);
            }
        } catch (ServletException | RuntimeException e) {
            if (!answerTypedFailure(wrapped, response, auth, e)) {
                throw e;
            }
        }
    }

    /**
     * The decoded path without its {@code /u/N} prefix, encoded again for the dispatcher, so a
     * segment holding an encoded {@code ?}, {@code #} or {@code ;} reaches the app as it would
     * without the prefix instead of being cut there.
     */
    static String encodePath(String decoded) {
        StringBuilder sb = new StringBuilder(decoded.length() + 16);
        for (byte b : decoded.getBytes(StandardCharsets.UTF_8)) {
            int c = b & 0xff;
            if ((c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z') || (c >= '0' && c <= '9') || "/-._~!$&'()*+,=:@".indexOf(c) >= 0) {
                sb.append((char) c);
            } else {
                sb.append('%').append(Character.toUpperCase(Character.forDigit(c >> 4, 16)))
                        .append(Character.toUpperCase(Character.forDigit(c & 0xf, 16)));
            }
        }
        return sb.toString();
    }

    /**
     * Maps the typed exceptions app code (or the CDI layer) throws to 401/403 (an
     * {@code UnknownSessionException} from {@code Accounts.completeTask} on a signed-out request: 401), and a session store
     * that cannot be reached (e.g. during {@code Accounts.signIn}) to 503, when the response is still ours.
     */
    private boolean answerTypedFailure(MultiSessionRequest request, HttpServletResponse response, AuthResult auth,
                                       Throwable failure) throws IOException {
        for (Throwable t = failure; t != null; t = t.getCause()) {
            if (t instanceof StoreUnavailableException storeFailure) {
                if (response.isCommitted()) {
                    return false;
                }
                response.reset(); // the cookie writes stay collected and are sent with this answer
                Challenges.storeUnavailable(request, response, storeFailure);
                return true;
            }
            if (t instanceof NotSignedInException || t instanceof NoActiveOrganizationException
                    || t instanceof AccessDeniedException || t instanceof UnknownSessionException) {
                if (response.isCommitted()) {
                    return false;
                }
                response.reset(); // the cookie writes stay collected and are sent with this answer
                if (t instanceof NotSignedInException || t instanceof UnknownSessionException) {
                    Challenges.unauthenticated(runtime, request, response, auth);
                } else {
                    Challenges.forbidden(request, response, t instanceof NoActiveOrganizationException ? "no active organization"
                            : "the active session lacks the role or permission needed");
                }
                return true;
            }
        }
        return false;
    }
}
