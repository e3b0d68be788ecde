package dev.multisession.probe;

import dev.multisession.servlet.Accounts;
import jakarta.servlet.annotation.WebServlet;
import jakarta.servlet.http.HttpServlet;
import jakarta.servlet.http.HttpServletRequest;
import jakarta.servlet.http.HttpServletResponse;

import java.io.IOException;

/**
 * The app's own sign-in: {@code POST /sign-in user=…} signs the user in (password checks are
 * the app's, none here) and answers the new session's index; {@code GET} is the sign-in page the
 * library redirects signed-out page loads to.
 */
@WebServlet("/sign-in")
public class SignInServlet extends HttpServlet {
    private static final long serialVersionUID = 1L;

    @Override
    protected void doGet(HttpServletRequest req, HttpServletResponse resp) throws IOException {
        resp.setContentType("text/plain");
        resp.getWriter().write("sign-in page\n");
    }

    @Override
    protected void doPost(HttpServletRequest req, HttpServletResponse resp) throws IOException {
        String userId = req.getParameter("user");
        var result = Accounts.signIn(req, resp, ProbeUsers.user(userId), ProbeUsers.organization(userId));
        resp.setContentType("text/plain");
        resp.getWriter().write("index=" + result.session().index() + "\n");
    }
}
