package dev.multisession.cdi.app;

import dev.multisession.core.model.Organization;
import dev.multisession.servlet.Accounts;
import jakarta.servlet.annotation.WebServlet;
import jakarta.servlet.http.HttpServlet;
import jakarta.servlet.http.HttpServletRequest;
import jakarta.servlet.http.HttpServletResponse;

import java.io.IOException;
import java.util.List;
import java.util.Optional;

/** {@code POST /login user=…[&org=slug][&tasks=a,b]}: the app's own sign-in, calling {@link Accounts#signIn}. */
@WebServlet("/login")
public class LoginServlet extends HttpServlet {
    private static final long serialVersionUID = 1L;

    @Override
    protected void doPost(HttpServletRequest req, HttpServletResponse resp) throws IOException {
        String userId = req.getParameter("user");
        Optional<Organization> org = Optional.ofNullable(req.getParameter("org")).flatMap(slug ->
                TestUsers.memberships(userId).stream().filter(o -> o.slug().equals(slug)).findFirst());
        List<String> tasks = req.getParameter("tasks") == null ? List.of() : List.of(req.getParameter("tasks").split(","));
        var result = Accounts.signIn(req, resp, TestUsers.tokenUser(userId), org, tasks);
        resp.setContentType("text/plain");
        resp.getWriter().write("session=" + result.session().id() + "\nindex=" + result.session().index() + "\n");
    }
}
