package dev.multisession.cdi.app;

import dev.multisession.cdi.Auth;
import dev.multisession.cdi.SignedInSessions;
import dev.multisession.core.model.Organization;
import dev.multisession.core.model.Session;
import dev.multisession.core.model.User;
import dev.multisession.servlet.Accounts;
import jakarta.enterprise.inject.spi.BeanManager;
import jakarta.inject.Inject;
import jakarta.servlet.annotation.WebServlet;
import jakarta.servlet.http.HttpServlet;
import jakarta.servlet.http.HttpServletRequest;
import jakarta.servlet.http.HttpServletResponse;

import java.io.IOException;
import java.util.Collections;
import java.util.stream.Collectors;

/** {@code GET /who/<what>}: what the injected beans say, as {@code key=value} lines. */
@WebServlet("/who/*")
public class WhoServlet extends HttpServlet {
    private static final long serialVersionUID = 1L;

    @Inject
    Readers.RequestScopedReader requestScoped;
    @Inject
    Readers.ApplicationScopedReader applicationScoped;
    @Inject
    Readers.DependentReader dependent;
    @Inject
    User user;
    @Inject
    Session session;
    @Inject
    Organization organization;
    @Inject
    Auth auth;
    @Inject
    SignedInSessions sessions;

    @Override
    protected void doGet(HttpServletRequest req, HttpServletResponse resp) throws IOException {
        StringBuilder out = new StringBuilder();
        switch (String.valueOf(req.getPathInfo())) {
            case "/request" -> line(out, "user", requestScoped.userId());
            case "/application" -> line(out, "user", applicationScoped.userId());
            case "/dependent" -> line(out, "user", dependent.userId());
            case "/servlet" -> line(out, "user", user.id());
            case "/consistent" -> {
                line(out, "user", applicationScoped.consistentUserId());
                line(out, "filter", Accounts.user(req).map(User::id).orElse("-"));
            }
            case "/profile" -> {
                line(out, "id", user.id());
                line(out, "name", user.name().orElse("-"));
                line(out, "email", user.email().orElse("-"));
                line(out, "plan", user.attributes().getOrDefault("plan", "-"));
            }
            case "/session" -> {
                line(out, "id", session.id());
                line(out, "index", session.index());
                line(out, "clientId", session.clientId());
                line(out, "userId", session.userId());
                line(out, "status", session.status());
                line(out, "createdAt", session.createdAt().toEpochMilli());
                line(out, "lastActiveAt", session.lastActiveAt().toEpochMilli());
                line(out, "expiresAt", session.expiresAt().toEpochMilli());
                line(out, "organization", session.activeOrganization().map(Organization::slug).orElse("-"));
            }
            case "/organization" -> {
                line(out, "id", organization.id());
                line(out, "slug", organization.slug());
                line(out, "name", organization.name());
                line(out, "role", organization.role());
            }
            case "/auth" -> {
                line(out, "signedIn", auth.isSignedIn());
                line(out, "user", auth.user().map(User::id).orElse("-"));
                line(out, "organization", auth.organization().map(Organization::slug).orElse("-"));
                line(out, "has", auth.has(String.valueOf(req.getParameter("has"))));
            }
            case "/sessions" -> {
                line(out, "all", sessions.all().stream().map(s -> s.index() + ":" + s.userId())
                        .collect(Collectors.joining(",")));
                line(out, "active", sessions.active().map(Session::userId).orElse("-"));
                line(out, "index1", sessions.byIndex(1).map(Session::userId).orElse("-"));
            }
            case "/bean-manager" -> line(out, "beanManager", Collections.list(req.getServletContext().getAttributeNames())
                    .stream().filter(n -> n.endsWith(BeanManager.class.getName())).findFirst().orElse("none"));
            default -> {
                resp.sendError(404);
                return;
            }
        }
        resp.setContentType("text/plain");
        resp.getWriter().write(out.toString());
    }

    private static void line(StringBuilder out, String key, Object value) {
        out.append(key).append('=').append(value).append('\n');
    }
}
