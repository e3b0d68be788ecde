package dev.multisession.cdi.app;

import dev.multisession.cdi.Auth;
import dev.multisession.cdi.SessionTasks;
import dev.multisession.core.model.Session;
import jakarta.inject.Inject;
import jakarta.servlet.annotation.WebServlet;
import jakarta.servlet.http.HttpServlet;
import jakarta.servlet.http.HttpServletRequest;
import jakarta.servlet.http.HttpServletResponse;

import java.io.IOException;

/**
 * {@code /task/*}: GET answers what {@link SessionTasks} and {@link Auth} see ({@code current},
 * {@code signedIn}, {@code status}); POST completes the form's {@code task} through
 * {@link SessionTasks#complete} ({@code completed}).
 */
@WebServlet("/task/*")
public class TaskServlet extends HttpServlet {
    private static final long serialVersionUID = 1L;

    @Inject
    SessionTasks tasks;
    @Inject
    Auth auth;

    @Override
    protected void doGet(HttpServletRequest req, HttpServletResponse resp) throws IOException {
        resp.setContentType("text/plain");
        resp.getWriter().write("current=" + tasks.current().orElse("-") + "\nsignedIn=" + auth.isSignedIn()
                + "\nstatus=" + auth.session().map(Session::status).map(Enum::name).orElse("-")
                + "\npendingUser=" + tasks.pendingSession().map(Session::userId).orElse("-") + "\n");
    }

    @Override
    protected void doPost(HttpServletRequest req, HttpServletResponse resp) throws IOException {
        boolean completed = tasks.complete(req.getParameter("task"));
        resp.setContentType("text/plain");
        resp.getWriter().write("completed=" + completed + "\n");
    }
}
