package dev.multisession.servlet;

import jakarta.servlet.http.HttpServlet;
import jakarta.servlet.http.HttpServletRequest;
import jakarta.servlet.http.HttpServletResponse;

import java.io.IOException;

/**
 * The helper endpoint {@code GET {base}/refresh}: refreshes the request's session (the filter
 * already did, when its token was near expiry), then 303 to {@code redirect_url}; a verifier node
 * sends page loads with an expired token here, on the issuer.
 * Registered at {@code /multisession/refresh} (under {@code multisession.endpoints.base-path}) by the
 * jar's initializer and web fragment; with annotation scanning off, map it in {@code web.xml}
 * behind {@link MultiSessionFilter} (README, "Without annotation scanning: web.xml"):
 *
 * <pre>
 * {@code <servlet><servlet-name>multisession-refresh</servlet-name><servlet-class>dev.multisession.servlet.RefreshServlet</servlet-class></servlet>
 * <servlet-mapping><servlet-name>multisession-refresh</servlet-name><url-pattern>/multisession/refresh</url-pattern></servlet-mapping>
 * }</pre>
 *
 * <p>It acts only on a request the filter saw: otherwise it throws
 * {@link UnfilteredRequestException} (500, the fix in the log) and changes nothing.
 */
public final class RefreshServlet extends HttpServlet {
    private static final long serialVersionUID = 1L;

    @Override
    protected void service(HttpServletRequest request, HttpServletResponse response) throws IOException {
        Endpoints.serveFromServlet(Endpoint.REFRESH, request, response);
    }
}
