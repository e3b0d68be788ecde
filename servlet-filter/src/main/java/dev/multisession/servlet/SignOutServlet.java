package dev.multisession.servlet;

import jakarta.servlet.http.HttpServlet;
import jakarta.servlet.http.HttpServletRequest;
import jakarta.servlet.http.HttpServletResponse;

import java.io.IOException;

/**
 * The helper endpoint {@code POST {base}/sign-out}: signs out one session of this browser (
 * {@code session_id} or {@code index}; none: the request's own) or all of them ({@code all=true}), then
 * 303 to {@code redirect_url} or JSON.
 * Registered at {@code /multisession/sign-out} (under {@code multisession.endpoints.base-path}) by the
 * jar's initializer and web fragment; with annotation scanning off, map it in {@code web.xml}
 * behind {@link MultiSessionFilter} (README, "Without annotation scanning: web.xml"):
 *
 * <pre>
 * {@code <servlet><servlet-name>multisession-sign-out</servlet-name><servlet-class>dev.multisession.servlet.SignOutServlet</servlet-class></servlet>
 * <servlet-mapping><servlet-name>multisession-sign-out</servlet-name><url-pattern>/multisession/sign-out</url-pattern></servlet-mapping>
 * }</pre>
 *
 * <p>It acts only on a request the filter saw: otherwise it throws
 * {@link UnfilteredRequestException} (500, the fix in the log) and changes nothing.
 */
public final class SignOutServlet extends HttpServlet {
    private static final long serialVersionUID = 1L;

    @Override
    protected void service(HttpServletRequest request, HttpServletResponse response) throws IOException {
        Endpoints.serveFromServlet(Endpoint.SIGN_OUT, request, response);
    }
}
