package dev.multisession.probe;

import jakarta.enterprise.inject.spi.CDI;
import jakarta.servlet.annotation.WebServlet;
import jakarta.servlet.http.HttpServlet;
import jakarta.servlet.http.HttpServletRequest;
import jakarta.servlet.http.HttpServletResponse;

import javax.naming.InitialContext;
import java.io.IOException;
import java.security.Principal;

/**
 * What the server itself knows, on full EE servers only (the probe also runs on servlet
 * containers, so Jakarta Security types are reached by name):
 * {@code /ee/security-context} answers {@code caller} and {@code callerIsAdmin} from
 * {@code SecurityContext}; {@code /ee/ejb} calls {@link AdminReport} ({@code @RolesAllowed("org:admin")})
 * and answers {@code ejb=allowed} or {@code ejb=denied}.
 */
@WebServlet("/ee/*")
public class EeServlet extends HttpServlet {
    private static final long serialVersionUID = 1L;

    @Override
    protected void doGet(HttpServletRequest req, HttpServletResponse resp) throws IOException {
        resp.setContentType("text/plain");
        String what = req.getPathInfo() == null ? "" : req.getPathInfo();
        try {
            if (what.equals("/security-context")) {
                Class<?> type = Class.forName("jakarta.security.enterprise.SecurityContext", true,
                        Thread.currentThread().getContextClassLoader());
                Object context = CDI.current().select(type).get();
                Principal caller = (Principal) type.getMethod("getCallerPrincipal").invoke(context);
                Object admin = type.getMethod("isCallerInRole", String.class).invoke(context, "org:admin");
                jakarta.servlet.ServletRequest container = req;
                while (container instanceof jakarta.servlet.ServletRequestWrapper w) {
                    container = w.getRequest();
                }
                resp.getWriter().write("caller=" + (caller == null ? null : caller.getName()) + "\ncallerIsAdmin=" + admin
                        + "\ncontainerRequestInRole=" + ((HttpServletRequest) container).isUserInRole("org:admin")
                        + "\ncontainerRemoteUser=" + ((HttpServletRequest) container).getRemoteUser() + "\n");
            } else if (what.equals("/ejb")) {
                AdminReport report = (AdminReport) new InitialContext().lookup("java:module/AdminReport");
                try {
                    report.title();
                    resp.getWriter().write("ejb=allowed\n");
                } catch (RuntimeException e) {
                    resp.getWriter().write("ejb=denied " + e.getClass().getSimpleName() + "\n");
                }
            } else {
                resp.sendError(404);
            }
        } catch (ReflectiveOperationException | javax.naming.NamingException e) {
            resp.getWriter().write("error=" + e + "\n");
        }
    }
}
