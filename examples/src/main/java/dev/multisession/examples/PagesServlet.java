package dev.multisession.examples;

import dev.multisession.core.engine.AuthResult;
import dev.multisession.core.model.Organization;
import dev.multisession.core.organization.OrganizationDirectory;
import dev.multisession.core.token.SessionClaims;
import dev.multisession.servlet.Accounts;
import jakarta.servlet.DispatcherType;
import jakarta.servlet.RequestDispatcher;
import jakarta.servlet.ServletException;
import dev.multisession.servlet.MultiSessionRuntime;
import jakarta.servlet.http.HttpServlet;
import jakarta.servlet.http.HttpServletRequest;
import jakarta.servlet.http.HttpServletResponse;

import java.io.IOException;
import java.time.Duration;
import java.time.Instant;
import java.util.Optional;

/**
 * The demo's pages. Which of them needs what is not decided here but in the route rules
 * ({@code multisession.routes} in the WAR's {@code WEB-INF/web.xml}): this servlet only renders.
 */
public final class PagesServlet extends HttpServlet {
    private static final long serialVersionUID = 1L;

    /** The container's error dispatch for 403 and 503 (the library answers refused page loads with sendError) comes here, whatever the method. */
    @Override
    protected void service(HttpServletRequest request, HttpServletResponse response) throws ServletException, IOException {
        if (request.getDispatcherType() == DispatcherType.ERROR) {
            errorPage(request, response);
            return;
        }
        super.service(request, response);
    }

    private static void errorPage(HttpServletRequest request, HttpServletResponse response) throws IOException {
        int status = request.getAttribute(RequestDispatcher.ERROR_STATUS_CODE) instanceof Integer code ? code : 500;
        Object uri = request.getAttribute(RequestDispatcher.ERROR_REQUEST_URI);
        String page = uri == null ? "this page" : "<code>" + Html.escape(uri.toString()) + "</code>";
        if (status == 403) {
            String who = Accounts.session(request).map(s -> Html.escape(Layout.displayName(s)) + " ("
                    + Layout.actingAs(request, s)
                    + ")").orElse("This account");
            Layout.render(request, response, 403, "Not allowed", "<h1 id=\"forbidden\">This account cannot open this page</h1>"
                    + "<p class=\"lead\">" + who + " may not open " + page + ".</p>"
                    + "<p>Switch to another organization or account with the menu at the top right, or "
                    + "<a href=\"" + request.getContextPath() + "/sign-in\">sign in with another account</a>.</p>");
        } else if (status == 503) {
            Layout.render(request, response, 503, "Try again", "<h1 id=\"unavailable\">Please try again in a moment</h1>"
                    + "<p class=\"lead\">The sign-in service is briefly unavailable; nothing was changed.</p>");
        } else {
            Layout.render(request, response, status, "Error", "<h1>Something went wrong</h1><p class=\"lead\">Error "
                    + status + " on " + page + ".</p>");
        }
    }

    @Override
    protected void doGet(HttpServletRequest request, HttpServletResponse response) throws IOException {
        String path = request.getServletPath() + (request.getPathInfo() == null ? "" : request.getPathInfo());
        Optional<SessionClaims> session = Accounts.session(request);
        switch (path) {
            case "/", "" -> home(request, response, session);
            case "/account" -> Layout.render(request, response, 200, "Account", "<h1>Your account</h1>"
                    + "<p class=\"lead\">This page needs any signed-in account (rule <code>/account/* =&gt; signed-in</code>).</p>"
                    + profile(session.orElseThrow()));
            case "/team" -> Layout.render(request, response, 200, "Team", "<h1 id=\"team\">Team of "
                    + Html.escape(Layout.organizationOf(request, session.orElseThrow()).orElseThrow().name()) + "</h1>"
                    + "<p class=\"lead\">This page needs an active organization (rule <code>/team/* =&gt; organization</code>).</p>");
            case "/invoices" -> Layout.render(request, response, 200, "Invoices", "<h1 id=\"invoices\">Invoices</h1>"
                    + "<p class=\"lead\">This page needs the permission <code>org:invoices:read</code> in the active organization.</p>"
                    + "<table><tr><th>#</th><th>Customer</th><th>Amount</th></tr><tr><td>1042</td><td>Initech</td><td>€ 1,200</td></tr>"
                    + "<tr><td>1043</td><td>Umbrella</td><td>€ 860</td></tr></table>");
            case "/admin" -> Layout.render(request, response, 200, "Admin", "<h1 id=\"admin\">Admin console</h1>"
                    + "<p class=\"lead\">Only the role <code>org:admin</code> of the active organization sees this page "
                    + "(rule <code>/admin/* =&gt; role:org:admin</code>). <code>request.isUserInRole(\"org:admin\")</code> = "
                    + request.isUserInRole("org:admin") + ".</p>");
            case "/how-it-works" -> howItWorks(request, response, session);
            // the default page of the choose-organization task (multisession.tasks.default-url is <sign-in-url>/tasks)
            case "/sign-in/tasks/choose-organization" -> chooseOrganization(request, response, session);
            default -> Layout.render(request, response, 404, "Not found", "<h1>Not found</h1>");
        }
    }

    private static void home(HttpServletRequest request, HttpServletResponse response, Optional<SessionClaims> session)
            throws IOException {
        Optional<String> task = Accounts.currentTask(request);
        if (session.isEmpty() && task.isPresent()) {
            Layout.render(request, response, 200, "Home", "<h1>Almost there</h1><p class=\"lead\" id=\"pending\">"
                    + "This account must finish setting up before the app opens: <a class=\"button\" href=\""
                    + Html.escape(Accounts.link(request, Accounts.taskUrl(request, task.get())
                            .substring(request.getContextPath().length()))) + "\">Finish setting up</a></p>");
            return;
        }
        if (session.isEmpty()) {
            Layout.render(request, response, 200, "Home", "<h1>Welcome</h1><p class=\"lead\">You are signed out. "
                    + "<a class=\"button\" href=\"" + request.getContextPath() + "/sign-in\">Sign in</a></p>"
                    + "<p>Sign in with two or three demo accounts, then open them side by side in two tabs.</p>");
            return;
        }
        SessionClaims s = session.get();
        Layout.render(request, response, 200, "Home", "<h1>Hello, <span id=\"current-user\" data-user=\""
                + Html.escape(s.userId()) + "\">" + Html.escape(Layout.displayName(s)) + "</span></h1>"
                + "<p class=\"lead\">This tab shows account <strong>" + s.index() + "</strong> ("
                + Html.escape(s.user().email().orElse(s.userId())) + "), acting as <strong id=\"current-org\">"
                + Layout.actingAs(request, s)
                + "</strong>.</p>"
                + "<p>Open <a target=\"_blank\" href=\"" + request.getContextPath() + "/?authuser=0\">account 0</a> and "
                + "<a target=\"_blank\" href=\"" + request.getContextPath() + "/?authuser=1\">account 1</a> in two tabs: "
                + "each keeps its account, whatever the other does.</p>" + explanation(request, s));
    }

    /**
     * The page of the {@code choose-organization} task: the filter lets a session pending on it in
     * here (and nowhere else). Choosing posts to the organization switch, which completes the task
     * in the same step and re-mints the token; then the browser goes on to {@code redirect_url}.
     */
    private static void chooseOrganization(HttpServletRequest request, HttpServletResponse response,
                                           Optional<SessionClaims> session) throws IOException {
        if (session.isEmpty()) {
            response.sendRedirect(request.getContextPath() + "/sign-in");   // no session here, pending or not
            return;
        }
        SessionClaims s = session.get();
        OrganizationDirectory directory = MultiSessionRuntime.of(request.getServletContext()).organizationDirectory().orElseThrow();
        String back = MultiSessionRuntime.of(request.getServletContext()).redirects()
                .validate(request.getParameter("redirect_url")).orElse(request.getContextPath() + "/");
        StringBuilder options = new StringBuilder();
        for (Organization o : directory.memberships(s.userId())) {
            options.append("<option value=\"").append(Html.escape(o.slug())).append("\">").append(Html.escape(o.name()))
                    .append(" (").append(Html.escape(o.role())).append(")</option>");
        }
        String body = "<h1 id=\"task\">Choose an organization</h1>"
                + "<p class=\"lead\">" + Html.escape(Layout.displayName(s)) + ", you belong to several organizations. "
                + "Choose the one to work in; the app opens once you have (session task <code>choose-organization</code>). "
                + "Until then this account counts as signed out everywhere else, in every tab.</p>"
                + "<form method=\"post\" action=\"" + Html.escape(Accounts.link(request, "/multisession/switch")) + "\">"
                + Accounts.csrfField(request)
                + "<input type=\"hidden\" name=\"session_id\" value=\"" + Html.escape(s.sessionId()) + "\">"
                + "<input type=\"hidden\" name=\"redirect_url\" value=\"" + Html.escape(back) + "\">"
                + "<label>Organization <select name=\"organization\" id=\"task-organization\">" + options + "</select></label>"
                + "<button id=\"choose\">Continue</button></form>";
        Layout.render(request, response, 200, "Choose an organization", body);
    }

    private static String profile(SessionClaims s) {
        return "<dl><dt>User id</dt><dd>" + Html.escape(s.userId()) + "</dd><dt>Name</dt><dd>"
                + Html.escape(s.user().name().orElse("")) + "</dd><dt>Email</dt><dd>" + Html.escape(s.user().email().orElse(""))
                + "</dd><dt>Session</dt><dd><code>" + Html.escape(s.sessionId()) + "</code> (index " + s.index() + ")</dd></dl>";
    }

    private static void howItWorks(HttpServletRequest request, HttpServletResponse response, Optional<SessionClaims> session)
            throws IOException {
        String body = "<h1>How it works</h1>"
                + "<p class=\"lead\">Each account has its own cookie holding a short-lived signed token; one more cookie "
                + "names the browser and its last-active account. For every request the filter picks one account:</p>"
                + "<ol><li><code>Authorization: Bearer</code> token</li><li><code>X-Session-Id</code> header</li>"
                + "<li><code>?authuser=N</code> or <code>?session_id=…</code></li><li><code>/u/N/</code> path prefix (off here)</li>"
                + "<li>the browser's last-active account</li><li>the newest account</li></ol>"
                + "<p>A request that names an account this browser does not have is signed out — it never falls back to "
                + "another account. Tokens live 60 seconds; when one is about to expire the filter asks the session store "
                + "whether the session is still active and writes a fresh token in the same response. Signatures are "
                + "checked once per token; after that a request costs a cookie parse and a hash lookup.</p>"
                + session.map(s -> explanation(request, s)).orElse("<p>Sign in to see your own request explained.</p>");
        Layout.render(request, response, 200, "How it works", body);
    }

    private static String explanation(HttpServletRequest request, SessionClaims s) {
        AuthResult auth = Accounts.auth(request).orElseThrow();
        long left = Math.max(0, Duration.between(Instant.now(), s.expiresAt()).toSeconds());
        return "<section class=\"explain\" id=\"explain\"><h2>This request</h2><dl>"
                + "<dt>Chosen session</dt><dd><code>" + Html.escape(s.sessionId()) + "</code> (index " + s.index() + ")</dd>"
                + "<dt>Chosen by</dt><dd id=\"chosen-by\">" + describe(auth) + "</dd>"
                + "<dt>Token expires</dt><dd>in " + left + " s (then refreshed in-line through the session store)</dd>"
                + "<dt>Accounts in this browser</dt><dd>" + Accounts.signedInSessions(request).size() + "</dd>"
                + "<dt>Role check</dt><dd><code>isUserInRole(\"org:admin\")</code> = " + request.isUserInRole("org:admin") + "</dd>"
                + "</dl></section>";
    }

    private static String describe(AuthResult auth) {
        return switch (auth.source()) {
            case BEARER -> "the Authorization: Bearer token";
            case HEADER -> "the X-Session-Id header";
            case QUERY -> "this tab's URL (authuser / session_id)";
            case PATH_PREFIX -> "the /u/N/ path prefix";
            case CLIENT_COOKIE -> "the browser's last-active account (no explicit choice in this request)";
            case MOST_RECENT -> "the most recently signed-in account";
            case NONE -> "nothing: signed out";
        };
    }
}
