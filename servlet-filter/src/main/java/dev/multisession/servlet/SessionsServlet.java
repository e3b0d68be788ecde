package dev.multisession.servlet;

import jakarta.servlet.http.HttpServlet;
import jakarta.servlet.http.HttpServletRequest;
import jakarta.servlet.http.HttpServletResponse;

import java.io.IOException;

/**
 * The helper endpoint {@code GET {base}/sessions}: this browser's signed-in sessions as JSON for
 * an account switcher, with the CSRF token for forms that post to the other endpoints.
 * Registered at {@code /multisession/sessions} (under {@code multisession.endpoints.base-path}) by the
 * jar's initializer and web fragment; with annotation scanning off, map it in {@code web.xml}
 * behind {@link MultiSessionFilter} (README, "Without annotation scanning: web.xml"):
 *
 * <pre>
 * {@code <servlet><servlet-name>multisession-sessions</servlet-name><servlet-class>dev.multisession.servlet.SessionsServlet</servlet-class></servlet>
 * <servlet-mapping><servlet-name>multisession-sessions</servlet-name><url-pattern>/multisession/sessions</url-pattern></servlet-mapping>
 * }</pre>
 *
 * <p>It acts only on a request the filter saw: otherwise it throws
 * {@link UnfilteredRequestException} (500, the fix in the log) and changes nothing.
 */
public final class SessionsServlet extends HttpServlet {
    private static final long serialVersionUID = 1L;

    @Override
    protected void service(HttpServletRequest request, HttpServletResponse response) throws IOException {
        Endpoints.serveFromServlet(Endpoint.SESSIONS, request, response);
    }
}
