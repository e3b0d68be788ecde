package dev.multisession.probe;

import jakarta.inject.Inject;
import jakarta.servlet.annotation.WebServlet;
import jakarta.servlet.http.HttpServlet;
import jakarta.servlet.http.HttpServletRequest;
import jakarta.servlet.http.HttpServletResponse;

import java.io.IOException;

/** {@code GET /bean}: the user id as the injected {@link Greeter} sees it ({@code bean=…}). */
@WebServlet("/bean")
public class BeanServlet extends HttpServlet {
    private static final long serialVersionUID = 1L;

    @Inject
    Greeter greeter;

    @Override
    protected void doGet(HttpServletRequest req, HttpServletResponse resp) throws IOException {
        resp.setContentType("text/plain");
        resp.getWriter().write("bean=" + greeter.userId() + "\n");
    }
}
