package dev.multisession.servlet;

import dev.multisession.core.engine.AuthResult;
import dev.multisession.core.engine.SignInResult;
import dev.multisession.core.engine.TaskResult;
import dev.multisession.core.engine.UnknownSessionException;
import dev.multisession.core.engine.TooManySessionsException;
import dev.multisession.core.model.Organization;
import dev.multisession.core.model.Tasks;
import dev.multisession.core.model.User;
import dev.multisession.core.selection.RequestView;
import dev.multisession.core.selection.SelectionSource;
import dev.multisession.core.selection.SessionChoice;
import dev.multisession.core.selection.SessionSelector;
import dev.multisession.core.token.SessionClaims;
import dev.multisession.servlet.safety.CsrfTokens;
import jakarta.servlet.ServletRequest;
import jakarta.servlet.http.HttpServletRequest;
import jakarta.servlet.http.HttpServletResponse;

import java.util.List;
import java.util.Optional;
import java.util.regex.Pattern;

/**
 * The servlet API of multisession for the app's own code, without CDI.
 *
 * <pre>{@code
 * // in the app's login servlet, after it checked the password:
 * Accounts.signIn(request, response, User.builder("user_42").name("Alice").build(), Optional.empty());
 *
 * // anywhere behind the filter:
 * Optional<SessionClaims> session = Accounts.session(request);     // empty for a pending session, but on its task's page
 * Optional<String> task = Accounts.currentTask(request);          // "choose-organization" while pending on it
 * String link = Accounts.link(request, "/inbox");          // keeps ?authuser=1 if this tab chose it
 * String field = Accounts.csrfField(request);              // hidden input for forms posting to the endpoints
 * }</pre>
 *
 * <p>Request attributes, for JSPs and templates: {@value #AUTH_ATTRIBUTE} ({@link AuthResult}),
 * {@value #SESSION_ATTRIBUTE} ({@link SessionClaims}), {@value #USER_ATTRIBUTE} ({@link User}).
 *
 * <p><b>Only behind the filter.</b> Every method needs the decision {@link MultiSessionFilter}
 * makes for the request, and throws {@link UnfilteredRequestException} (naming the request and
 * the fix) for a request the filter never saw (the filter is not registered, or not mapped for
 * that path), instead of acting on nothing: a sign-in there would write cookies no filter
 * reads, a signed-out answer would hide a broken deployment. A request forwarded, included or
 * dispatched from one the filter saw counts as seen. With {@code multisession.enabled=false}
 * (turned off on purpose) they do not throw: requests read as signed out, and {@link #signIn}
 * still records the sign-in.
 */
public final class Accounts {
    public static final String AUTH_ATTRIBUTE = "dev.multisession.auth";
    public static final String SESSION_ATTRIBUTE = "dev.multisession.session";
    public static final String USER_ATTRIBUTE = "dev.multisession.user";
    private static final Pattern LEADING_SLASHES = Pattern.compile("^[/\\\\]+");

    private Accounts() {
    }

    /**
     * The filter's decision for this request; empty only when multisession is turned off.
     *
     * @throws UnfilteredRequestException when the filter never saw the request
     */
    public static Optional<AuthResult> auth(ServletRequest request) {
        return auth(request, READS_ACCOUNT);
    }

    /**
     * The request's chosen session, when signed in.
     *
     * @throws UnfilteredRequestException when the filter never saw the request
     */
    public static Optional<SessionClaims> session(ServletRequest request) {
        return auth(request).flatMap(AuthResult::session);
    }

    /**
     * The request's user, when signed in.
     *
     * @throws UnfilteredRequestException when the filter never saw the request
     */
    public static Optional<User> user(ServletRequest request) {
        return session(request).map(SessionClaims::user);
    }

    /**
     * The browser's signed-in accounts, for an account switcher: ordered by index, without the
     * sessions the store says have ended. Asks the store (once per request, one call) only when
     * some listed token has expired; see {@link dev.multisession.core.engine.MultiSession#signedInSessions}.
     *
     * @throws UnfilteredRequestException when the filter never saw the request
     */
    public static List<SessionClaims> signedInSessions(ServletRequest request) {
        Optional<AuthResult> auth = auth(request);
        if (auth.isEmpty()) {
            return List.of();
        }
        if (request.getAttribute(SIGNED_IN_ATTRIBUTE) instanceof Listed listed && listed.auth() == auth.get()) {
            return listed.sessions();
        }
        List<SessionClaims> sessions = MultiSessionRuntime.of(request.getServletContext()).engine()
                .signedInSessions(auth.get());
        request.setAttribute(SIGNED_IN_ATTRIBUTE, new Listed(auth.get(), sessions));
        return sessions;
    }

    private static final String SIGNED_IN_ATTRIBUTE = "dev.multisession.signedIn";

    /** The list made for one decision (a forwarded request decided again gets its own). */
    private record Listed(AuthResult auth, List<SessionClaims> sessions) {
    }

    /**
     * The request's chosen session when it is pending (a task to finish first), whether or not
     * this request is its task's page (where {@link #session} holds it too). Elsewhere
     * {@link #session} is empty for it: a pending session counts as signed out.
     *
     * @throws UnfilteredRequestException when the filter never saw the request
     */
    public static Optional<SessionClaims> pendingSession(ServletRequest request) {
        return auth(request).flatMap(AuthResult::chosenSession).filter(SessionClaims::isPending);
    }

    /**
     * The task the request's chosen session must finish now; empty when it is not pending.
     *
     * @throws UnfilteredRequestException when the filter never saw the request
     */
    public static Optional<String> currentTask(ServletRequest request) {
        return pendingSession(request).flatMap(SessionClaims::task);
    }

    private static final String READS_ACCOUNT = "reading the request's account (Accounts.auth/session/user, "
            + "@Inject Session/User/Organization/Auth) needs the account the filter chose";

    private static Optional<AuthResult> auth(ServletRequest request, String needs) {
        if (!FilterPresence.require(request, needs)) {
            return Optional.empty();
        }
        return request.getAttribute(AUTH_ATTRIBUTE) instanceof AuthResult a ? Optional.of(a) : Optional.empty();
    }

    /**
     * Adds a signed-in session for {@code user} to this browser (a browser already signed in
     * gains an account) and makes it last-active. Call it after the app authenticated the user.
     * {@code organization} is the one the session starts on; empty: the user's only organization
     * when the organization directory lists exactly one, else the personal account
     * ({@code multisession.organizations.start-on-only-membership}).
     *
     * @throws TooManySessionsException at the per-browser cap (unless eviction is configured)
     * @throws dev.multisession.core.store.StoreUnavailableException when the session store cannot be
     *         reached; nothing changed (let it propagate: the filter answers 503 with Retry-After)
     * @throws UnfilteredRequestException when the filter never saw the request: nothing changed
     *         (its cookies would never be read, and no route rule is enforced)
     */
    public static SignInResult signIn(HttpServletRequest request, HttpServletResponse response, User user,
                                      Optional<Organization> organization) {
        return signIn(request, response, user, organization, List.of());
    }

    /**
     * {@link #signIn(HttpServletRequest, HttpServletResponse, User, Optional)} of a session that
     * must finish {@code tasks} first, in this order ({@link Tasks}: {@code choose-organization},
     * {@code reset-password}, {@code setup-mfa}, or the app's own keys). The session is pending:
     * signed out everywhere but its current task's page ({@code multisession.tasks.<task>-url})
     * and the helper endpoints, until {@link #completeTask} completes its last task.
     *
     * <pre>{@code
     * Accounts.signIn(request, response, user, Optional.empty(), List.of(Tasks.CHOOSE_ORGANIZATION));
     * response.sendRedirect(Accounts.link(request, "/"));   // the filter sends it on to the task's page
     * }</pre>
     *
     * @throws IllegalArgumentException when a task key is malformed or listed twice
     */
    public static SignInResult signIn(HttpServletRequest request, HttpServletResponse response, User user,
                                      Optional<Organization> organization, List<String> tasks) {
        FilterPresence.require(request, "Accounts.signIn would write session cookies that only the filter reads");
        MultiSessionRuntime runtime = MultiSessionRuntime.of(request.getServletContext());
        SignInResult result = runtime.engine().signIn(RequestViews.of(request, runtime.settings().cookieNamespace()),
                user, organization, tasks);
        HttpAnswers.writeCookies(request, response, result.cookieWrites());
        response.setHeader("Cache-Control", "no-store");
        runtime.notifyListeners(l -> l.signedIn(result.claims()));
        return result;
    }

    /**
     * Completes {@code task} for the request's chosen session (this tab's account) when it is that
     * session's current task, and writes its new token in this response: the next request is
     * signed in, or pending on the next task ({@link TaskResult#nextTask()}). When the task was
     * not the current one (another tab completed it first), nothing is completed and the token is
     * written again from the store's state. Call it from the task's page once the user finished
     * the step; {@code choose-organization} is completed by switching to an organization
     * ({@code POST /multisession/switch}) instead.
     *
     * <pre>{@code
     * Accounts.completeTask(request, response, Tasks.RESET_PASSWORD);
     * response.sendRedirect(Accounts.link(request, "/"));
     * }</pre>
     *
     * @throws UnknownSessionException when the request has no session of this browser (signed out)
     * @throws dev.multisession.core.store.StoreUnavailableException when the store cannot be reached; nothing changed
     * @throws UnfilteredRequestException when the filter never saw the request
     */
    public static TaskResult completeTask(HttpServletRequest request, HttpServletResponse response, String task) {
        FilterPresence.require(request, "Accounts.completeTask would write a session cookie that only the filter reads");
        MultiSessionRuntime runtime = MultiSessionRuntime.of(request.getServletContext());
        TaskResult result = runtime.engine().completeTask(RequestViews.of(request, runtime.settings().cookieNamespace()),
                Optional.empty(), task);
        HttpAnswers.writeCookies(request, response, result.after().cookieWrites());
        response.setHeader("Cache-Control", "no-store");
        if (result.completed()) {
            SessionClaims after = result.after().chosenSession().orElseThrow();
            runtime.notifyListeners(l -> l.taskCompleted(after, result.task()));
        }
        return result;
    }

    /**
     * {@link #completeTask(HttpServletRequest, HttpServletResponse, String)} for code that has no
     * response at hand (the CDI module): the token goes out with the response the filter wraps,
     * when it commits. Call it before the response body begins.
     *
     * @throws IllegalStateException when the response's cookies were already sent
     */
    public static TaskResult completeTask(HttpServletRequest request, String task) {
        FilterPresence.require(request, "Accounts.completeTask would write a session cookie that only the filter reads");
        HttpServletResponse response = MultiSessionFilter.responseOf(request);
        if (response == null) {
            throw new IllegalStateException("multisession: Accounts.completeTask(request, task) needs the response the "
                    + "filter wraps; call Accounts.completeTask(request, response, task) here");
        }
        if (response.isCommitted()) {
            throw new IllegalStateException("multisession: the response was committed before Accounts.completeTask; "
                    + "complete the task before writing the response body, so its new token can be sent");
        }
        return completeTask(request, response, task);
    }

    /**
     * {@code path} (within the app, starting with {@code /}) with the context path and with this
     * request's explicit account choice kept: {@code authuser}/{@code session_id} from the query,
     * or the {@code /u/<index>} prefix. Links built this way keep a tab on its account.
     *
     * <p>A target that names an account itself ({@code authuser} or {@code session_id} in its
     * query, or a {@code /u/<index>} prefix when path-prefix selection is on) is left as the app
     * wrote it: it is a link to that account. Leading slashes and backslashes are folded into
     * one, so the result is always a path on this origin, never {@code //host} (which browsers
     * read as another origin when the app runs at the server root).
     */
    public static String link(HttpServletRequest request, String path) {
        Optional<AuthResult> auth = auth(request, "Accounts.link keeps the account the filter chose");
        String target = "/" + (path == null ? "" : LEADING_SLASHES.matcher(path).replaceFirst(""));
        String fragment = "";
        int hash = target.indexOf('#');
        if (hash >= 0) {
            fragment = target.substring(hash);
            target = target.substring(0, hash);
        }
        if (auth.isPresent() && auth.get().chosenSession().isPresent() && !namesAccount(request, target)) {
            SessionClaims s = auth.get().chosenSession().get();
            SelectionSource source = auth.get().source();
            if (source == SelectionSource.PATH_PREFIX) {
                target = "/u/" + s.index() + target;
            } else if (source == SelectionSource.QUERY) {
                String param = RequestViews.queryParameter(request.getQueryString(), SessionSelector.SESSION_ID_PARAMETER) != null
                        ? SessionSelector.SESSION_ID_PARAMETER + "=" + s.sessionId()
                        : SessionSelector.INDEX_PARAMETER + "=" + s.index();
                target = target + (target.contains("?") ? "&" : "?") + param;
            }
        }
        return request.getContextPath() + target + fragment;
    }

    /** True when {@code target} (path and query, no fragment) chooses an account on its own. */
    static boolean namesAccount(HttpServletRequest request, String target) {
        int q = target.indexOf('?');
        String query = q < 0 ? null : target.substring(q + 1);
        if (RequestViews.queryParameter(query, SessionSelector.SESSION_ID_PARAMETER) != null
                || RequestViews.queryParameter(query, SessionSelector.INDEX_PARAMETER) != null) {
            return true;
        }
        if (!MultiSessionRuntime.of(request.getServletContext()).engine().config().pathPrefixSelection()) {
            return false;
        }
        SessionChoice choice = SessionSelector.choose(RequestView.builder().path(q < 0 ? target : target.substring(0, q)).build(), true);
        return choice.source() == SelectionSource.PATH_PREFIX;
    }

    /**
     * The CSRF token for forms that post to the helper endpoints: bound to the browser's client
     * as its verified session tokens vouch for it (the client cookie alone never counts).
     */
    public static String csrfToken(HttpServletRequest request) {
        Optional<String> client = auth(request, "Accounts.csrfToken is bound to the browser the filter verified")
                .flatMap(AuthResult::clientId);
        return MultiSessionRuntime.of(request.getServletContext()).csrf().tokenFor(client);
    }

    /**
     * True when this POST comes from the app's own pages (Fetch metadata {@code Sec-Fetch-Site:
     * same-origin}, or an {@code Origin} equal to the app's). Check it in the app's sign-in form
     * handler before {@link #signIn}: a sign-in form has no session to bind a token to, and
     * without the check another site can post its own credentials to it and sign the visitor's
     * browser into the attacker's account (login CSRF).
     *
     * <pre>{@code
     * if (!Accounts.isSameOrigin(request)) { response.sendError(403); return; }
     * }</pre>
     */
    public static boolean isSameOrigin(HttpServletRequest request) {
        return RequestViews.sameOrigin(request);
    }

    /** A hidden form field carrying {@link #csrfToken}. */
    public static String csrfField(HttpServletRequest request) {
        return "<input type=\"hidden\" name=\"" + CsrfTokens.FIELD + "\" value=\"" + csrfToken(request) + "\">";
    }

    /**
     * The URL (with context path) of {@code task}'s page: {@code multisession.tasks.<task>-url},
     * else {@code <multisession.tasks.default-url>/<task>}. Where the filter sends a pending
     * session's page loads; for a sign-in form that sends the browser there at once.
     *
     * <pre>{@code
     * SignInResult r = Accounts.signIn(request, response, user, Optional.empty(), List.of(Tasks.CHOOSE_ORGANIZATION));
     * r.session().currentTask().ifPresent(t -> response.sendRedirect(Accounts.taskUrl(request, t)));
     * }</pre>
     */
    public static String taskUrl(HttpServletRequest request, String task) {
        FilterPresence.require(request, "Accounts.taskUrl names a page only the filter lets a pending session into");
        return request.getContextPath() + MultiSessionRuntime.of(request.getServletContext()).settings()
                .taskUrl(Tasks.requireKey(task));
    }

    /** The URL (with context path) of a helper endpoint, e.g. {@code endpoint(request, "/switch")}. */
    public static String endpoint(HttpServletRequest request, String name) {
        FilterPresence.require(request, "Accounts.endpoint names an endpoint that answers only behind the filter");
        return request.getContextPath() + MultiSessionRuntime.of(request.getServletContext()).settings().basePath()
                + (name.startsWith("/") ? name : "/" + name);
    }
}
