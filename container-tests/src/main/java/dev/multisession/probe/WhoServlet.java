package dev.multisession.probe;

import jakarta.servlet.annotation.WebServlet;
import jakarta.servlet.http.HttpServlet;
import jakarta.servlet.http.HttpServletRequest;
import jakarta.servlet.http.HttpServletResponse;

import java.io.IOException;

/**
 * What the app sees, as {@code key=value} lines: {@code remoteUser}, {@code principal},
 * {@code inRole} (for {@code ?role=}) and {@code path}. Mapped on the public {@code /who}, on the
 * route-rule paths and on the container-constrained {@code /secure/*}.
 */
@WebServlet({"/who", "/app/*", "/api/*", "/admin/*", "/secure/*"})
public class WhoServlet extends HttpServlet {
    private static final long serialVersionUID = 1L;

    @Override
    protected void doGet(HttpServletRequest req, HttpServletResponse resp) throws IOException {
        String role = req.getParameter("role");
        resp.setContentType("text/plain");
        resp.getWriter().write("remoteUser=" + req.getRemoteUser() + "\n"
                + "principal=" + (req.getUserPrincipal() == null ? null : req.getUserPrincipal().getName()) + "\n"
                + "inRole=" + (role != null && req.isUserInRole(role)) + "\n"
                + "path=" + req.getServletPath() + (req.getPathInfo() == null ? "" : req.getPathInfo()) + "\n");
    }
}
