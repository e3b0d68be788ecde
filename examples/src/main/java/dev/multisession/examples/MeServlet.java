package dev.multisession.examples;

import com.nimbusds.jose.util.JSONObjectUtils;
import dev.multisession.servlet.Accounts;
import jakarta.servlet.http.HttpServlet;
import jakarta.servlet.http.HttpServletRequest;
import jakarta.servlet.http.HttpServletResponse;

import java.io.IOException;
import java.util.LinkedHashMap;
import java.util.Map;

/** {@code GET /api/me}: the active account as JSON. (Placeholder until the CDI module lands.) */
public final class MeServlet extends HttpServlet {
    private static final long serialVersionUID = 1L;

    @Override
    protected void doGet(HttpServletRequest request, HttpServletResponse response) throws IOException {
        Map<String, Object> body = new LinkedHashMap<>();
        Accounts.session(request).ifPresent(s -> body.put("user", s.userId()));
        response.setContentType("application/json");
        response.getWriter().write(JSONObjectUtils.toJSONString(body));
    }
}
