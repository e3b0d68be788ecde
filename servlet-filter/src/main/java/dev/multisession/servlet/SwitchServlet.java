package dev.multisession.servlet;

import jakarta.servlet.http.HttpServlet;
import jakarta.servlet.http.HttpServletRequest;
import jakarta.servlet.http.HttpServletResponse;

import java.io.IOException;

/**
 * The helper endpoint {@code POST {base}/switch}: makes a session of this browser last-active, and
 * optionally changes its active organization (form fields {@code session_id} or {@code index};
 * {@code organization} = id or slug, empty = the personal account), then 303 to
 * {@code redirect_url} or JSON.
 * Registered at {@code /multisession/switch} (under {@code multisession.endpoints.base-path}) by the
 * jar's initializer and web fragment; with annotation scanning off, map it in {@code web.xml}
 * behind {@link MultiSessionFilter} (README, "Without annotation scanning: web.xml"):
 *
 * <pre>
 * {@code <servlet><servlet-name>multisession-switch</servlet-name><servlet-class>dev.multisession.servlet.SwitchServlet</servlet-class></servlet>
 * <servlet-mapping><servlet-name>multisession-switch</servlet-name><url-pattern>/multisession/switch</url-pattern></servlet-mapping>
 * }</pre>
 *
 * <p>It acts only on a request the filter saw: otherwise it throws
 * {@link UnfilteredRequestException} (500, the fix in the log) and changes nothing.
 */
public final class SwitchServlet extends HttpServlet {
    private static final long serialVersionUID = 1L;

    @Override
    protected void service(HttpServletRequest request, HttpServletResponse response) throws IOException {
        Endpoints.serveFromServlet(Endpoint.SWITCH, request, response);
    }
}
