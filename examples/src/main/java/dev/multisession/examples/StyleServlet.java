package dev.multisession.examples;

import jakarta.servlet.http.HttpServlet;
import jakarta.servlet.http.HttpServletRequest;
import jakarta.servlet.http.HttpServletResponse;

import java.io.IOException;
import java.io.InputStream;

/** Serves the demo's one stylesheet from the classpath. */
public final class StyleServlet extends HttpServlet {
    private static final long serialVersionUID = 1L;

    @Override
    protected void doGet(HttpServletRequest request, HttpServletResponse response) throws IOException {
        try (InputStream css = StyleServlet.class.getResourceAsStream("/static/style.css")) {
            if (css == null) {
                response.sendError(404);
                return;
            }
            response.setContentType("text/css; charset=UTF-8");
            response.setHeader("Cache-Control", "public, max-age=300");
            css.transferTo(response.getOutputStream());
        }
    }
}
