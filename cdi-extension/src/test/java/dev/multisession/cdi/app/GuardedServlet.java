package dev.multisession.cdi.app;

import jakarta.inject.Inject;
import jakarta.servlet.annotation.WebServlet;
import jakarta.servlet.http.HttpServlet;
import jakarta.servlet.http.HttpServletRequest;
import jakarta.servlet.http.HttpServletResponse;

import java.io.IOException;

/** {@code GET /guarded/<method>}: calls a guarded bean method; the filter maps what it throws. */
@WebServlet("/guarded/*")
public class GuardedServlet extends HttpServlet {
    private static final long serialVersionUID = 1L;

    @Inject
    GuardedService guarded;
    @Inject
    AdminService admin;

    @Override
    protected void doGet(HttpServletRequest req, HttpServletResponse resp) throws IOException {
        String answer = switch (String.valueOf(req.getPathInfo())) {
            case "/open" -> guarded.open();
            case "/signed-in" -> guarded.signedIn();
            case "/organization" -> guarded.organization();
            case "/role" -> guarded.admin();
            case "/permission" -> guarded.invoices();
            case "/class-level" -> admin.settings();
            case "/method-overrides-class" -> admin.memberView();
            default -> null;
        };
        if (answer == null) {
            resp.sendError(404);
            return;
        }
        resp.setContentType("text/plain");
        resp.getWriter().write("result=" + answer + "\n");
    }
}
