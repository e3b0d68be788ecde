package dev.multisession.cdi.app;

import dev.multisession.cdi.Auth;
import dev.multisession.cdi.SignedInSessions;
import dev.multisession.core.model.Organization;
import dev.multisession.core.model.Session;
import dev.multisession.core.model.User;
import dev.multisession.servlet.UnfilteredRequestException;
import jakarta.inject.Inject;
import jakarta.servlet.annotation.WebServlet;
import jakarta.servlet.http.HttpServlet;
import jakarta.servlet.http.HttpServletRequest;
import jakarta.servlet.http.HttpServletResponse;

import java.io.IOException;
import java.util.function.Supplier;

/**
 * {@code GET /unfiltered/<bean>} uses one injected bean and reports {@code outcome=returned}, or
 * {@code outcome=thrown} with the class of the {@link UnfilteredRequestException} in the cause
 * chain (or the exception's own) and its message. Deployed where the filter does not map it.
 */
@WebServlet("/unfiltered/*")
public class UnfilteredServlet extends HttpServlet {
    private static final long serialVersionUID = 1L;

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
    @Inject
    GuardedService guarded;

    @Override
    protected void doGet(HttpServletRequest req, HttpServletResponse resp) throws IOException {
        Supplier<Object> use = switch (String.valueOf(req.getPathInfo())) {
            case "/user" -> user::id;
            case "/session" -> session::id;
            case "/organization" -> organization::slug;
            case "/auth" -> auth::isSignedIn;
            case "/sessions" -> sessions::all;
            case "/guarded" -> guarded::signedIn;
            default -> null;
        };
        if (use == null) {
            resp.sendError(404);
            return;
        }
        StringBuilder out = new StringBuilder();
        try {
            use.get();
            out.append("outcome=returned\n");
        } catch (RuntimeException e) {
            Throwable reported = e;
            for (Throwable t = e; t != null; t = t.getCause()) {
                if (t instanceof UnfilteredRequestException) {
                    reported = t;
                    break;
                }
            }
            out.append("outcome=thrown\nexception=").append(reported.getClass().getSimpleName()).append('\n')
                    .append("message=").append(reported.getMessage()).append('\n');
        }
        resp.setContentType("text/plain");
        resp.setCharacterEncoding("UTF-8");
        resp.getWriter().write(out.toString());
    }
}
