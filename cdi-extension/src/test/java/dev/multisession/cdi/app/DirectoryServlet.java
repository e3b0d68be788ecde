package dev.multisession.cdi.app;

import jakarta.inject.Inject;
import jakarta.servlet.annotation.WebServlet;
import jakarta.servlet.http.HttpServlet;
import jakarta.servlet.http.HttpServletRequest;
import jakarta.servlet.http.HttpServletResponse;

import java.io.IOException;

/** {@code GET /directory-counts?user=…}: how often the directory beans were consulted. */
@WebServlet("/directory-counts")
public class DirectoryServlet extends HttpServlet {
    private static final long serialVersionUID = 1L;

    @Inject
    CountingUserDirectory users;
    @Inject
    CountingOrganizationDirectory organizations;

    @Override
    protected void doGet(HttpServletRequest req, HttpServletResponse resp) throws IOException {
        resp.setContentType("text/plain");
        resp.getWriter().write("userLookups=" + users.lookups(req.getParameter("user")) + "\norganizationCalls="
                + organizations.calls() + "\n");
    }
}
