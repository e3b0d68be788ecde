package dev.multisession.examples;

import dev.multisession.core.engine.SignInResult;
import dev.multisession.core.engine.TooManySessionsException;
import dev.multisession.servlet.Accounts;
import dev.multisession.servlet.MultiSessionRuntime;
import jakarta.servlet.http.HttpServlet;
import jakarta.servlet.http.HttpServletRequest;
import jakarta.servlet.http.HttpServletResponse;

import java.io.IOException;
import java.net.URLEncoder;
import java.nio.charset.StandardCharsets;
import java.util.Optional;
import java.util.regex.Pattern;

/**
 * The demo's own login: checks a demo password, then hands the user to
 * {@link Accounts#signIn}. Signing in while signed in adds an account.
 */
public final class SignInServlet extends HttpServlet {
    private static final long serialVersionUID = 1L;

    @Override
    protected void doGet(HttpServletRequest request, HttpServletResponse response) throws IOException {
        form(request, response, 200, null);
    }

    @Override
    protected void doPost(HttpServletRequest request, HttpServletResponse response) throws IOException {
        if (!Accounts.isSameOrigin(request)) {
            // login CSRF: another site posting its own credentials would sign this browser into its account
            form(request, response, 403, "This sign-in did not come from this site's own form.");
            return;
        }
        Optional<DemoUsers.Account> account = DemoUsers.authenticate(request.getParameter("username"),
                request.getParameter("password"));
        if (account.isEmpty()) {
            form(request, response, 401, "Wrong username or password.");
            return;
        }
        SignInResult signedIn;
        try {
            signedIn = Accounts.signIn(request, response, account.get().user(), Optional.empty(), account.get().tasks());
        } catch (TooManySessionsException e) {
            form(request, response, 409, e.getMessage());
            return;
        }
        String back = MultiSessionRuntime.of(getServletContext()).redirects()
                .validate(request.getParameter("redirect_url")).orElse(request.getContextPath() + "/");
        Optional<String> task = signedIn.session().currentTask();
        response.setStatus(303);
        // a pending session goes to its task's page first, then where it was going
        response.setHeader("Location", task.map(t -> Accounts.taskUrl(request, t) + "?redirect_url="
                + URLEncoder.encode(back, StandardCharsets.UTF_8)).orElse(back));
    }

    /**
     * The account chooser: the library sends a page load here (its account chooser URL defaults to
     * the sign-in URL) when the page needs an account and this tab chose none of the browser's, or
     * chose one that is not signed in here. Each account continues to the page on that account.
     */
    private static String chooser(HttpServletRequest request, String redirect) {
        if (redirect == null) {
            return "";
        }
        Optional<String> target = MultiSessionRuntime.of(request.getServletContext()).redirects().validate(redirect);
        var accounts = Accounts.signedInSessions(request);
        if (target.isEmpty() || accounts.isEmpty()) {
            return "";
        }
        String page = ANY_ACCOUNT_CHOICE.matcher(target.get()).replaceAll("$1").replaceAll("[?&]$", "");
        StringBuilder html = new StringBuilder("<h1 id=\"chooser\">Choose an account</h1><p class=\"lead\">The page <code>")
                .append(Html.escape(page)).append("</code> needs an account, and this tab has not chosen one of the accounts ")
                .append("signed in here (or asked for one that is not). Continue as:</p><div class=\"choices\">");
        for (var s : accounts) {
            String href = page + (page.contains("?") ? "&" : "?") + "authuser=" + s.index();
            html.append("<a class=\"account choice\" data-user=\"").append(Html.escape(s.userId())).append("\" href=\"")
                    .append(Html.escape(href)).append("\">").append(Layout.avatar(s)).append("<span class=\"meta\"><strong>")
                    .append(Html.escape(Layout.displayName(s))).append("</strong><small>")
                    .append(Html.escape(s.user().email().orElse(""))).append("</small></span></a>");
        }
        return html.append("</div>").toString();
    }

    /** {@code authuser} or {@code session_id} in a query: the choice the chooser replaces. */
    private static final Pattern ANY_ACCOUNT_CHOICE = Pattern.compile("([?&])(?:authuser|session_id)=[^&#]*&?");

    private static void form(HttpServletRequest request, HttpServletResponse response, int status, String error)
            throws IOException {
        StringBuilder users = new StringBuilder("<table class=\"demo-users\"><tr><th>User</th><th>Password</th><th>Organizations</th></tr>");
        for (DemoUsers.Account a : DemoUsers.all()) {
            users.append("<tr><td><code>").append(Html.escape(a.user().id())).append("</code> ")
                    .append(Html.escape(a.user().name().orElse(""))).append("</td><td><code>")
                    .append(Html.escape(a.password())).append("</code></td><td>");
            if (!a.tasks().isEmpty()) {
                users.append("<em>must choose one at sign-in</em> ");
            }
            if (a.memberships().isEmpty()) {
                users.append("personal only");
            }
            a.memberships().forEach(o -> users.append(Html.escape(o.name())).append(" (").append(Html.escape(o.role())).append(") "));
            users.append("</td></tr>");
        }
        users.append("</table>");
        String redirect = request.getParameter("redirect_url");
        String chooser = chooser(request, redirect);
        String body = (chooser.isEmpty() ? "<h1>Sign in</h1>" : chooser + "<h2>Or sign in with another account</h2>")
                + (chooser.isEmpty() && Accounts.session(request).isPresent()
                    ? "<p class=\"lead\">You are signed in already: signing in again <strong>adds</strong> an account.</p>" : "")
                + (error == null ? "" : "<p class=\"error\" id=\"error\">" + Html.escape(error) + "</p>")
                + "<form class=\"signin\" method=\"post\" action=\"" + request.getContextPath() + "/sign-in\">"
                + "<label>Username <input name=\"username\" id=\"username\" autocomplete=\"username\"></label>"
                + "<label>Password <input type=\"password\" name=\"password\" id=\"password\" autocomplete=\"current-password\"></label>"
                + (redirect == null ? "" : "<input type=\"hidden\" name=\"redirect_url\" value=\"" + Html.escape(redirect) + "\">")
                + "<button id=\"sign-in\">Sign in</button></form><h2>Demo accounts</h2>" + users;
        Layout.render(request, response, status, "Sign in", body);
    }
}
