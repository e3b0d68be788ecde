package dev.multisession.cdi.app;

import jakarta.enterprise.inject.spi.BeanManager;
import jakarta.inject.Inject;
import jakarta.security.enterprise.authentication.mechanism.http.HttpAuthenticationMechanism;
import jakarta.servlet.annotation.WebServlet;
import jakarta.servlet.http.HttpServlet;
import jakarta.servlet.http.HttpServletRequest;
import jakarta.servlet.http.HttpServletResponse;

import java.io.IOException;
import java.util.stream.Collectors;

/** {@code GET /mechanisms}: {@code mechanisms=} the bean classes of type {@code HttpAuthenticationMechanism}, sorted. */
@WebServlet("/mechanisms")
public class MechanismServlet extends HttpServlet {
    private static final long serialVersionUID = 1L;

    @Inject
    BeanManager beans;

    @Override
    protected void doGet(HttpServletRequest req, HttpServletResponse resp) throws IOException {
        resp.setContentType("text/plain");
        resp.getWriter().write("mechanisms=" + beans.getBeans(HttpAuthenticationMechanism.class).stream()
                .map(b -> b.getBeanClass().getName()).sorted().collect(Collectors.joining(",")) + "\n");
    }
}
