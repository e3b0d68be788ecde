package dev.multisession.examples;

import com.nimbusds.jose.util.JSONObjectUtils;
import jakarta.inject.Inject;
import jakarta.servlet.http.HttpServlet;
import jakarta.servlet.http.HttpServletRequest;
import jakarta.servlet.http.HttpServletResponse;

import java.io.IOException;

/** {@code GET /api/me}: the active account as JSON, from CDI-injected {@code User}, {@code Session} and {@code Auth}. */
public final class MeServlet extends HttpServlet {
    private static final long serialVersionUID = 1L;

    @Inject
    transient MeService me;

    @Override
    protected void doGet(HttpServletRequest request, HttpServletResponse response) throws IOException {
        response.setContentType("application/json");
        response.setCharacterEncoding("UTF-8");
        response.setHeader("Cache-Control", "no-store");
        response.getWriter().write(JSONObjectUtils.toJSONString(me.me()));
    }
}
