package dev.multisession.servlet;

import dev.multisession.core.config.ConfigKeys;
import dev.multisession.core.engine.AuthResult;
import dev.multisession.core.engine.MembershipRefusedException;
import dev.multisession.core.engine.OrganizationChange;
import dev.multisession.core.engine.SignOutResult;
import dev.multisession.core.engine.SwitchResult;
import dev.multisession.core.engine.UnknownSessionException;
import dev.multisession.core.selection.RequestView;
import dev.multisession.core.selection.SelectionSource;
import dev.multisession.core.selection.SessionSelector;
import dev.multisession.core.store.StoreUnavailableException;
import dev.multisession.core.token.SessionClaims;
import dev.multisession.servlet.safety.CsrfTokens;
import jakarta.servlet.http.HttpServletRequest;
import jakarta.servlet.http.HttpServletResponse;

import java.io.IOException;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * The helper endpoints of docs/how-it-works.md: "Endpoints", one implementation served two ways:
 * by the public servlets ({@link SwitchServlet}, {@link SignOutServlet}, {@link SessionsServlet},
 * {@link RefreshServlet}) that the initializer and the web fragment register under the base path
 * and that {@code web.xml} may map anywhere, and by the filter itself for an endpoint path no
 * helper servlet is mapped at (an app that declared only the filter in {@code web.xml}, as
 * earlier versions told it to), for the JWKS and for unknown names under the base path (404):
 *
 * <pre>
 * POST {base}/switch     session_id | index, organization (id or slug; empty = personal)
 * POST {base}/sign-out   session_id | index | all=true  (none: the request's session)
 * GET  {base}/sessions   JSON for an account switcher
 * GET  {base}/refresh    refresh the chosen session, then redirect_url
 * GET  /.well-known/jwks.json
 * </pre>
 *
 * <p>State changes are POST only, same-origin ({@code Origin} / {@code Sec-Fetch-Site}) or
 * carrying the CSRF token; answers are {@code no-store}; JSON for {@code Accept:
 * application/json}, else 303 to a validated {@code redirect_url}.
 */
final class Endpoints {
    static final String JWKS_PATH = "/.well-known/jwks.json";
    private static final String REDIRECT_PARAMETER = "redirect_url";

    private final MultiSessionRuntime runtime;
    private final String base;
    /** {@code base + "/"}, made once: every request is tested against it. */
    private final String basePrefix;

    Endpoints(MultiSessionRuntime runtime) {
        this.runtime = runtime;
        this.base = runtime.settings().basePath();
        this.basePrefix = base + "/";
    }

    /** True for the paths the library answers: the JWKS and everything under the base path (route rules never apply). */
    boolean handles(String path) {
        return path.equals(JWKS_PATH) || path.startsWith(basePrefix);
    }

    /** The helper endpoint at {@code path} (within the app), if it names one. */
    Optional<Endpoint> endpointAt(String path) {
        return path.startsWith(basePrefix) ? Endpoint.at(path.substring(base.length())) : Optional.empty();
    }

    /** Answers a path {@link #handles} accepts, from the filter. */
    void handle(HttpServletRequest request, AuthResult auth, HttpServletResponse response, String path) throws IOException {
        if (path.equals(JWKS_PATH)) {
            jwks(request, response);
            return;
        }
        Optional<Endpoint> endpoint = endpointAt(path);
        if (endpoint.isEmpty()) {
            HttpAnswers.noStore(response);
            HttpAnswers.error(response, HttpServletResponse.SC_NOT_FOUND, "not_found", null);
            return;
        }
        serve(endpoint.get(), request, auth, response);
    }

    /** Answers one endpoint for a request the filter decided {@code auth} for. */
    void serve(Endpoint endpoint, HttpServletRequest request, AuthResult auth, HttpServletResponse response) throws IOException {
        HttpAnswers.noStore(response);
        // read a posted form first, whatever the answer: a request refused with its body unread can
        // have its connection closed under the client while it still sends (seen as "no bytes" there)
        request.getParameterMap();
        if (runtime.engine().config().clerk().isPresent()) {
            // Clerk's frontend owns sign-in, switching and sign-out: never do something else in their place
            HttpAnswers.error(response, HttpServletResponse.SC_NOT_FOUND, "not_available_in_clerk_profile",
                    "the " + runtime.settings().basePath() + endpoint.path() + " endpoint is not "
                            + "available in the clerk profile (" + ConfigKeys.TOKEN_PROFILE + "=clerk): Clerk's frontend "
                            + "(its components or clerk-js) signs in, switches accounts and signs out");
            return;
        }
        switch (endpoint) {
            case SWITCH -> stateChange(request, auth, response, this::switchSession);
            case SIGN_OUT -> stateChange(request, auth, response, this::signOut);
            case SESSIONS -> readOnly(request, auth, response, this::sessions);
            case REFRESH -> readOnly(request, auth, response, this::refresh);
        }
    }

    /**
     * What a helper servlet does: serves its endpoint when the filter saw the request; answers
     * 404 when the app turned multisession off; otherwise throws
     * {@link UnfilteredRequestException} (the container answers 500 and logs the fix): without
     * the filter's decision an endpoint could only act on a browser it knows nothing about.
     */
    static void serveFromServlet(Endpoint endpoint, HttpServletRequest request, HttpServletResponse response) throws IOException {
        if (!FilterPresence.require(request, endpoint.servletClass().getSimpleName() + " needs the account the filter chose")) {
            HttpAnswers.noStore(response);
            HttpAnswers.error(response, HttpServletResponse.SC_NOT_FOUND, "not_found",
                    "multisession is turned off (" + ServletSettings.ENABLED + "=false)");
            return;
        }
        AuthResult auth = (AuthResult) request.getAttribute(Accounts.AUTH_ATTRIBUTE);
        MultiSessionRuntime.of(request.getServletContext()).endpoints().serve(endpoint, request, auth, response);
    }

    @FunctionalInterface
    private interface Handler {
        void handle(HttpServletRequest request, AuthResult auth, HttpServletResponse response) throws IOException;
    }

    private void stateChange(HttpServletRequest request, AuthResult auth, HttpServletResponse response, Handler handler)
            throws IOException {
        if (!"POST".equals(request.getMethod())) {
            response.setHeader("Allow", "POST");
            HttpAnswers.error(response, HttpServletResponse.SC_METHOD_NOT_ALLOWED, "method_not_allowed", "use POST");
            return;
        }
        if (!sameOriginOrToken(request, auth)) {
            HttpAnswers.error(response, HttpServletResponse.SC_FORBIDDEN, "csrf", "cross-site request without a valid CSRF token");
            return;
        }
        try {
            handler.handle(request, auth, response);
        } catch (UnknownSessionException e) {
            HttpAnswers.error(response, HttpServletResponse.SC_BAD_REQUEST, "unknown_session",
                    "session_id / index names no signed-in session of this browser");
        } catch (MembershipRefusedException e) {
            HttpAnswers.error(response, MembershipRefusedException.NO_DIRECTORY.equals(e.reason())
                    ? HttpServletResponse.SC_BAD_REQUEST : HttpServletResponse.SC_FORBIDDEN, e.reason(), e.getMessage());
        } catch (StoreUnavailableException e) {
            Challenges.storeUnavailable(request, response, e);
        }
    }

    private void readOnly(HttpServletRequest request, AuthResult auth, HttpServletResponse response, Handler handler)
            throws IOException {
        String method = request.getMethod();
        if (!"GET".equals(method) && !"HEAD".equals(method)) {
            response.setHeader("Allow", "GET, HEAD");
            HttpAnswers.error(response, HttpServletResponse.SC_METHOD_NOT_ALLOWED, "method_not_allowed", "use GET");
            return;
        }
        handler.handle(request, auth, response);
    }

    /** Same origin by Fetch metadata or Origin, or else the library's CSRF token. */
    private boolean sameOriginOrToken(HttpServletRequest request, AuthResult auth) {
        Optional<String> clientId = auth.clientId();
        String token = Optional.ofNullable(request.getHeader(CsrfTokens.HEADER)).orElseGet(() -> request.getParameter(CsrfTokens.FIELD));
        if (token != null && runtime.csrf().matches(clientId, token)) {
            return true;
        }
        return RequestViews.sameOrigin(request);
    }

    private void switchSession(HttpServletRequest request, AuthResult auth, HttpServletResponse response) throws IOException {
        String organization = request.getParameter("organization");
        OrganizationChange change = organization == null ? OrganizationChange.keep()
                : organization.isBlank() ? OrganizationChange.personal() : OrganizationChange.named(organization);
        SwitchResult switched = runtime.engine().switchTo(view(request), sessionRef(request), change);
        AuthResult result = switched.after();
        HttpAnswers.writeCookies(request, response, result.cookieWrites());
        SessionClaims now = result.chosenSession().orElseThrow(); // signed in, or still pending on another task
        Optional<SessionClaims> previous = auth.chosenSession();
        if (previous.isEmpty() || !previous.get().sessionId().equals(now.sessionId())) {
            runtime.notifyListeners(l -> l.switchedSession(previous.orElse(null), now));
        }
        if (!(change instanceof OrganizationChange.Keep)) {
            runtime.notifyListeners(l -> l.switchedOrganization(now, switched.before().organization(), now.organization()));
        }
        switched.completedTask().ifPresent(task -> runtime.notifyListeners(l -> l.taskCompleted(now, task)));
        if (HttpAnswers.wantsJson(request)) {
            Map<String, Object> body = new LinkedHashMap<>();
            body.put("active", HttpAnswers.sessionJson(now, runtime.engine().organizationOf(now), true));
            HttpAnswers.json(response, HttpServletResponse.SC_OK, body);
            return;
        }
        HttpAnswers.seeOther(request, response, keepingTabChoice(request, auth, Optional.of(now), redirectTarget(request, "/")));
    }

    private void signOut(HttpServletRequest request, AuthResult auth, HttpServletResponse response) throws IOException {
        boolean all = "true".equalsIgnoreCase(request.getParameter("all"));
        SignOutResult signedOut = all ? runtime.engine().signOutAll(view(request))
                : runtime.engine().signOut(view(request), sessionRef(request));
        AuthResult result = signedOut.after();
        signedOut.ended().forEach(s -> runtime.notifyListeners(l -> l.signedOut(s)));
        boolean activeLeft = all || signedOut.activeEnded() || auth.chosenSession()
                .map(s -> signedOut.ended().stream().anyMatch(e -> e.sessionId().equals(s.sessionId()))).orElse(false);
        HttpAnswers.writeCookies(request, response, result.cookieWrites());
        if (HttpAnswers.wantsJson(request)) {
            Map<String, Object> body = new LinkedHashMap<>();
            body.put("active", result.chosenSession().map(s -> (Object) HttpAnswers.sessionJson(s, runtime.engine().organizationOf(s), true)).orElse(null));
            body.put("remaining", result.signedInSessions().size());
            HttpAnswers.json(response, HttpServletResponse.SC_OK, body);
            return;
        }
        String fallback = result.chosenSession().isPresent() && activeLeft ? runtime.settings().accountChooserUrl()
                : runtime.settings().afterSignOutUrl();
        Optional<SessionClaims> tabStillOn = auth.chosenSession().filter(s -> signedOut.ended().stream()
                .noneMatch(e -> e.sessionId().equals(s.sessionId())));
        HttpAnswers.seeOther(request, response, keepingTabChoice(request, auth, all ? Optional.empty() : tabStillOn,
                redirectTarget(request, fallback)));
    }

    private void sessions(HttpServletRequest request, AuthResult auth, HttpServletResponse response) throws IOException {
        String activeId = auth.chosenSession().map(SessionClaims::sessionId).orElse(null);
        List<Map<String, Object>> list = Accounts.signedInSessions(request).stream()
                .map(s -> HttpAnswers.sessionJson(s, runtime.engine().organizationOf(s), s.sessionId().equals(activeId))).toList();
        Map<String, Object> body = new LinkedHashMap<>();
        body.put("sessions", list);
        body.put("activeSessionId", activeId);
        body.put("csrfToken", runtime.csrf().tokenFor(auth.clientId()));
        HttpAnswers.json(response, HttpServletResponse.SC_OK, body);
    }

    private void refresh(HttpServletRequest request, AuthResult auth, HttpServletResponse response) {
        HttpAnswers.seeOther(request, response, keepingTabChoice(request, auth, auth.chosenSession(), redirectTarget(request, "/")));
    }

    /**
     * A tab that chose its account explicitly ({@code ?authuser=}, {@code session_id=},
     * {@code X-Session-Id} or {@code /u/N/} on the request that posted the action) stays on the
     * account the action left it on: {@code tabOn}'s index is added to a target within the app
     * ({@code ?authuser=N}, or {@code /u/N/} when the tab used the path prefix), unless the target
     * names an account itself. A tab that did not choose follows the last-active account, as
     * before; a tab whose account was signed out goes where the sign-out sends it, unpinned.
     */
    static String keepingTabChoice(HttpServletRequest request, AuthResult before, Optional<SessionClaims> tabOn,
                                   String target) {
        SelectionSource source = before.source();
        if (!source.isExplicit() || source == SelectionSource.BEARER || tabOn.isEmpty() || !target.startsWith("/")
                || Accounts.namesAccount(request, target)) {
            return target;
        }
        int index = tabOn.get().index();
        if (source == SelectionSource.PATH_PREFIX) {
            return "/u/" + index + target;
        }
        int hash = target.indexOf('#');
        String path = hash < 0 ? target : target.substring(0, hash);
        String fragment = hash < 0 ? "" : target.substring(hash);
        return path + (path.contains("?") ? "&" : "?") + SessionSelector.INDEX_PARAMETER + "=" + index + fragment;
    }

    /**
     * The public keys, cacheable by anyone for five minutes; but never a response that also
     * carries this browser's cookie writes (the filter may have refreshed a token on the way):
     * a shared cache must not keep and replay a {@code Set-Cookie}.
     */
    private void jwks(HttpServletRequest request, HttpServletResponse response) throws IOException {
        if (!"GET".equals(request.getMethod()) && !"HEAD".equals(request.getMethod())) {
            request.getParameterMap(); // the body read before the refusal, as for the endpoints
            HttpAnswers.noStore(response);
            response.setHeader("Allow", "GET, HEAD");
            HttpAnswers.error(response, HttpServletResponse.SC_METHOD_NOT_ALLOWED, "method_not_allowed", "use GET");
            return;
        }
        Optional<String> jwks = runtime.engine().publicJwksJson();
        if (jwks.isEmpty()) {
            HttpAnswers.noStore(response);
            HttpAnswers.error(response, HttpServletResponse.SC_NOT_FOUND, "not_found", "this node is a verifier and publishes no keys");
            return;
        }
        response.setHeader("X-Content-Type-Options", "nosniff");
        if (!CookieLedger.hasWrites(request) && response.getHeaders("Set-Cookie").isEmpty()) {
            response.setHeader("Cache-Control", "public, max-age=300");
        } else {
            response.setHeader("Cache-Control", "no-store");
        }
        response.setContentType("application/jwk-set+json");
        response.setCharacterEncoding("UTF-8");
        response.getWriter().write(jwks.get());
    }

    /** The session named by {@code session_id} or {@code index} (form or query), if any was named. */
    private static Optional<String> sessionRef(HttpServletRequest request) {
        String id = request.getParameter(SessionSelector.SESSION_ID_PARAMETER);
        if (id != null) {
            return Optional.of(id);
        }
        return Optional.ofNullable(request.getParameter("index"));
    }

    /**
     * Where to send the browser after an action: {@code redirect_url} when it may be followed,
     * else {@code fallback} (a path within the app); as a path within the app, to which the
     * answer adds the context path, or an allow-listed absolute URL.
     */
    private String redirectTarget(HttpServletRequest request, String fallback) {
        return runtime.redirects().validate(request.getParameter(REDIRECT_PARAMETER))
                .map(target -> withinApplication(request.getContextPath(), target)).orElse(fallback);
    }

    /**
     * A validated {@code redirect_url} as a path within the app. The library writes
     * {@code redirect_url} as the browser sees the path, context path included
     * ({@code /shop/inbox} for an app at {@code /shop}): the filter's sign-in and account-chooser
     * redirects and {@link Accounts#link} do, so a sign-in page can send the browser back with
     * it as it is. Such a target loses its context path here (the answer adds it once); a local
     * path without it ({@code /inbox}) is taken within the app, as the endpoints always did; a
     * path that merely starts with the same characters ({@code /shopping}) is not the app's
     * and is taken within the app too. Absolute (allow-listed) URLs are left as they are.
     */
    static String withinApplication(String contextPath, String target) {
        if (contextPath == null || contextPath.isEmpty() || !target.startsWith(contextPath)) {
            return target;
        }
        String rest = target.substring(contextPath.length());
        if (rest.isEmpty()) {
            return "/";
        }
        return switch (rest.charAt(0)) {
            case '/' -> rest;
            case '?', '#' -> "/" + rest;
            default -> target;
        };
    }

    private RequestView view(HttpServletRequest request) {
        return RequestViews.of(request, runtime.settings().cookieNamespace());
    }
}
