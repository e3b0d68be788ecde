package dev.multisession.examples;

import dev.multisession.core.engine.AuthResult;
import dev.multisession.core.model.Organization;
import dev.multisession.core.token.SessionClaims;
import dev.multisession.servlet.Accounts;
import dev.multisession.servlet.MultiSessionRuntime;
import dev.multisession.core.organization.OrganizationDirectory;
import jakarta.servlet.http.HttpServletRequest;
import jakarta.servlet.http.HttpServletResponse;

import java.io.IOException;
import java.util.List;
import java.util.Optional;

/**
 * The page frame every demo page shares: a header with the Gmail-style account switcher
 * (avatars, names, emails, the active account; add account; sign out of one or all), the
 * organization switcher, and navigation whose links keep the tab on its account.
 */
final class Layout {
    private Layout() {
    }

    static void render(HttpServletRequest request, HttpServletResponse response, int status, String title, String body)
            throws IOException {
        response.setStatus(status);
        response.setContentType("text/html; charset=UTF-8");
        response.setHeader("Cache-Control", "no-store");
        response.setHeader("X-Frame-Options", "DENY");
        String ctx = request.getContextPath();
        StringBuilder html = new StringBuilder(4096);
        html.append("<!doctype html><html lang=\"en\"><head><meta charset=\"utf-8\"><title>")
                .append(Html.escape(title)).append(" · multisession demo</title>")
                .append("<meta name=\"viewport\" content=\"width=device-width, initial-scale=1\">")
                .append("<link rel=\"stylesheet\" href=\"").append(ctx).append("/style.css\"></head><body>")
                .append("<header class=\"top\"><a class=\"brand\" href=\"").append(Accounts.link(request, "/"))
                .append("\">multisession<span>demo</span></a>")
                .append(nav(request))
                .append(switcher(request))
                .append("</header><main>").append(body).append("</main>")
                .append("<footer>Several accounts in one browser. Every link on this page keeps this tab on its account.</footer>")
                .append("</body></html>");
        response.getWriter().write(html.toString());
    }

    private static String nav(HttpServletRequest r) {
        return "<nav>"
                + link(r, "/", "Home") + link(r, "/account", "Account") + link(r, "/team", "Team")
                + link(r, "/invoices", "Invoices") + link(r, "/admin", "Admin") + link(r, "/how-it-works", "How it works")
                + "<a href=\"" + Html.escape(Accounts.link(r, "/api/me")) + "\">/api/me</a></nav>";
    }

    private static String link(HttpServletRequest r, String path, String label) {
        return "<a href=\"" + Html.escape(Accounts.link(r, path)) + "\">" + label + "</a>";
    }

    /** The session's organization with its display name (tokens carry only the slug): the library asks the organization directory. */
    static Optional<Organization> organizationOf(HttpServletRequest request, SessionClaims s) {
        return MultiSessionRuntime.of(request.getServletContext()).engine().organizationOf(s);
    }

    /** "Acme Inc. · org:admin", or "personal account". */
    static String actingAs(HttpServletRequest request, SessionClaims s) {
        return organizationOf(request, s).map(o -> Html.escape(o.name()) + " · " + Html.escape(o.role())).orElse("personal account");
    }

    static String initials(SessionClaims s) {
        String name = s.user().name().orElse(s.userId());
        String[] parts = name.trim().split("\\s+");
        String first = parts[0].isEmpty() ? "?" : parts[0].substring(0, 1);
        String second = parts.length > 1 ? parts[parts.length - 1].substring(0, 1) : "";
        return (first + second).toUpperCase(java.util.Locale.ROOT);
    }

    static String avatar(SessionClaims s) {
        int hue = Math.floorMod(s.userId().hashCode() * 47, 360);
        return "<span class=\"avatar\" style=\"background:hsl(" + hue + " 55% 45%)\">" + Html.escape(initials(s)) + "</span>";
    }

    private static String switcher(HttpServletRequest request) {
        Optional<AuthResult> auth = Accounts.auth(request);
        List<SessionClaims> sessions = Accounts.signedInSessions(request);
        Optional<SessionClaims> active = auth.flatMap(AuthResult::session);
        String ctx = request.getContextPath();
        String csrf = Accounts.csrfField(request);
        StringBuilder sb = new StringBuilder("<details class=\"switcher\" id=\"switcher\"><summary>");
        if (active.isPresent()) {
            sb.append(avatar(active.get())).append("<span class=\"who\">").append(Html.escape(displayName(active.get())))
                    .append("</span>");
        } else {
            sb.append("<span class=\"who\">Signed out</span>");
        }
        sb.append("</summary><div class=\"panel\">");
        for (SessionClaims s : sessions) {
            boolean isActive = active.map(a -> a.sessionId().equals(s.sessionId())).orElse(false);
            sb.append("<div class=\"account").append(isActive ? " active" : "").append("\" data-user=\"")
                    .append(Html.escape(s.userId())).append("\" data-index=\"").append(s.index()).append("\">")
                    .append(avatar(s)).append("<div class=\"meta\"><strong>").append(Html.escape(displayName(s)))
                    .append("</strong><small>").append(Html.escape(s.user().email().orElse(""))).append("</small>")
                    .append("<small class=\"org\">").append(organizationOf(request, s).map(o -> Html.escape(o.name()) + " · " + Html.escape(o.role()))
                            .orElse("Personal account")).append("</small></div>");
            if (s.isPending()) {
                // a switcher shows a pending account as "finish setting up" (the sessions JSON's status and task)
                sb.append("<a class=\"badge pending\" href=\"").append(Html.escape(Accounts.taskUrl(request, s.task().orElseThrow())
                        + "?authuser=" + s.index())).append("\">finish setting up</a>");
            }
            if (isActive) {
                sb.append("<span class=\"badge\">active</span>");
            } else {
                sb.append("<form method=\"post\" action=\"").append(Html.escape(Accounts.link(request, "/multisession/switch"))).append("\">").append(csrf)
                        .append("<input type=\"hidden\" name=\"session_id\" value=\"").append(Html.escape(s.sessionId())).append("\">")
                        .append("<button class=\"switch\" name=\"switch\" value=\"").append(s.index()).append("\">Switch</button></form>")
                        .append("<a class=\"newtab\" target=\"_blank\" href=\"").append(ctx).append("/?authuser=").append(s.index())
                        .append("\" title=\"Open in a new tab\">↗</a>");
            }
            sb.append("<form method=\"post\" action=\"").append(Html.escape(Accounts.link(request, "/multisession/sign-out"))).append("\">").append(csrf)
                    .append("<input type=\"hidden\" name=\"session_id\" value=\"").append(Html.escape(s.sessionId())).append("\">")
                    .append("<button class=\"signout-one\" title=\"Sign out of this account\">Sign out</button></form></div>");
        }
        sb.append("<div class=\"actions\"><a class=\"add\" href=\"").append(ctx).append("/sign-in\">+ Add another account</a>");
        if (!sessions.isEmpty()) {
            sb.append("<form method=\"post\" action=\"").append(Html.escape(Accounts.link(request, "/multisession/sign-out"))).append("\">").append(csrf)
                    .append("<input type=\"hidden\" name=\"all\" value=\"true\"><button class=\"signout-all\">Sign out of all accounts</button></form>");
        }
        sb.append("</div>");
        active.ifPresent(a -> sb.append(organizationSwitcher(request, a, csrf)));
        sb.append("</div></details>");
        return sb.toString();
    }

    private static String organizationSwitcher(HttpServletRequest request, SessionClaims active, String csrf) {
        OrganizationDirectory directory = MultiSessionRuntime.of(request.getServletContext()).organizationDirectory().orElse(null);
        if (directory == null) {
            return "";
        }
        List<Organization> memberships = directory.memberships(active.userId());
        StringBuilder sb = new StringBuilder("<form class=\"orgs\" method=\"post\" action=\"")
                .append(Html.escape(Accounts.link(request, "/multisession/switch"))).append("\">").append(csrf)
                .append("<input type=\"hidden\" name=\"session_id\" value=\"").append(Html.escape(active.sessionId())).append("\">")
                .append("<label>Organization <select name=\"organization\" id=\"organization\">")
                .append("<option value=\"\">Personal account</option>");
        String current = active.organization().map(Organization::slug).orElse("");
        for (Organization o : memberships) {
            sb.append("<option value=\"").append(Html.escape(o.slug())).append("\"")
                    .append(o.slug().equals(current) ? " selected" : "").append(">")
                    .append(Html.escape(o.name())).append(" (").append(Html.escape(o.role())).append(")</option>");
        }
        return sb.append("</select></label><button id=\"switch-organization\">Switch</button></form>").toString();
    }

    static String displayName(SessionClaims s) {
        return s.user().name().orElse(s.userId());
    }
}
