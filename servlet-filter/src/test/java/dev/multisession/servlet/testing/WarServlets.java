package dev.multisession.servlet.testing;

import dev.multisession.core.model.Organization;
import dev.multisession.core.model.User;
import dev.multisession.servlet.Accounts;
import dev.multisession.servlet.UnfilteredRequestException;
import jakarta.servlet.AsyncContext;
import jakarta.servlet.DispatcherType;
import jakarta.servlet.Filter;
import jakarta.servlet.RequestDispatcher;
import jakarta.servlet.FilterChain;
import jakarta.servlet.ServletException;
import jakarta.servlet.ServletRequest;
import jakarta.servlet.ServletResponse;
import jakarta.servlet.http.HttpServlet;
import jakarta.servlet.http.HttpServletRequest;
import jakarta.servlet.http.HttpServletResponse;

import java.io.IOException;
import java.util.Optional;
import java.util.function.Supplier;

/**
 * Public servlets (and a filter) with no-argument constructors, for apps whose {@code web.xml}
 * names them ({@link WarApp}) and for {@link TestApp}s that add them.
 */
public final class WarServlets {
    private WarServlets() {
    }

    /** The {@link Accounts} methods {@link Probe} can call. */
    public static final String[] ACCOUNTS_METHODS = {"signIn", "auth", "session", "user", "link", "csrfToken", "csrfField",
        "endpoint"};

    /** {@code POST /login}: form {@code user} (optional {@code org} slug) signs in through {@link Accounts#signIn}. */
    public static final class Login extends HttpServlet {
        private static final long serialVersionUID = 1L;

        @Override
        protected void doPost(HttpServletRequest req, HttpServletResponse resp) throws IOException {
            String userId = req.getParameter("user");
            Optional<Organization> org = Optional.ofNullable(req.getParameter("org"))
                    .flatMap(slug -> TestApp.memberships(userId).stream().filter(o -> o.slug().equals(slug)).findFirst());
            var result = Accounts.signIn(req, resp, User.builder(userId).build(), org);
            resp.setContentType("text/plain");
            resp.getWriter().write("session=" + result.session().id() + "\nindex=" + result.session().index() + "\n");
        }
    }

    /**
     * Calls one {@link Accounts} method and reports {@code outcome=returned} or
     * {@code outcome=thrown} with the exception's class and message. {@code /probe/call/<method>}
     * calls it on this request; {@code /probe/forward/<method>}, {@code /probe/include/<method>}
     * and {@code /probe/async/<method>} first dispatch the request that way to
     * {@code /probe/call/<method>}.
     */
    public static final class Probe extends HttpServlet {
        private static final long serialVersionUID = 1L;

        @Override
        protected void service(HttpServletRequest req, HttpServletResponse resp) throws IOException, ServletException {
            Object included = req.getAttribute(RequestDispatcher.INCLUDE_PATH_INFO);
            String info = req.getDispatcherType() == DispatcherType.INCLUDE ? String.valueOf(included)
                    : req.getPathInfo() == null ? "" : req.getPathInfo();
            String[] parts = info.split("/");
            if (parts.length != 3) {
                resp.sendError(404);
                return;
            }
            String target = "/probe/call/" + parts[2];
            switch (parts[1]) {
                case "call" -> call(parts[2], req, resp);
                case "forward" -> req.getRequestDispatcher(target).forward(req, resp);
                case "include" -> {
                    resp.setContentType("text/plain");
                    req.getRequestDispatcher(target).include(req, resp);
                }
                case "async" -> {
                    AsyncContext async = req.startAsync();
                    async.dispatch(target);
                }
                default -> resp.sendError(404);
            }
        }

        private static void call(String method, HttpServletRequest req, HttpServletResponse resp) throws IOException {
            Supplier<Object> call = switch (method) {
                case "signIn" -> () -> Accounts.signIn(req, resp, User.builder("probe-user").build(), Optional.empty());
                case "auth" -> () -> Accounts.auth(req);
                case "session" -> () -> Accounts.session(req);
                case "user" -> () -> Accounts.user(req);
                case "link" -> () -> Accounts.link(req, "/inbox");
                case "csrfToken" -> () -> Accounts.csrfToken(req);
                case "csrfField" -> () -> Accounts.csrfField(req);
                case "endpoint" -> () -> Accounts.endpoint(req, "/switch");
                default -> null;
            };
            if (call == null) {
                resp.sendError(404);
                return;
            }
            StringBuilder out = new StringBuilder();
            try {
                call.get();
                out.append("outcome=returned\n");
            } catch (RuntimeException e) {
                out.append("outcome=thrown\nexception=").append(e.getClass().getSimpleName()).append('\n')
                        .append("message=").append(e.getMessage()).append('\n');
            }
            resp.setContentType("text/plain");
            resp.setCharacterEncoding("UTF-8");
            resp.getWriter().write(out.toString());
        }
    }

    /** Echoes what the app sees: {@code user} ({@code unfiltered} when the filter never saw the request), {@code path}. */
    public static final class Echo extends HttpServlet {
        private static final long serialVersionUID = 1L;

        @Override
        protected void service(HttpServletRequest req, HttpServletResponse resp) throws IOException {
            resp.setContentType("text/plain");
            resp.getWriter().write("user=" + userOf(req) + "\nremoteUser=" + req.getRemoteUser() + "\npath="
                    + req.getServletPath() + (req.getPathInfo() == null ? "" : req.getPathInfo()) + "\n");
        }
    }

    /** An app's own filter: tells in header {@code X-App-Filter-User} which user it saw. */
    public static final class AppFilter implements Filter {
        @Override
        public void doFilter(ServletRequest request, ServletResponse response, FilterChain chain)
                throws IOException, ServletException {
            ((HttpServletResponse) response).setHeader("X-App-Filter-User", userOf(request));
            chain.doFilter(request, response);
        }
    }

    static String userOf(ServletRequest req) {
        try {
            return Accounts.user(req).map(User::id).orElse("-");
        } catch (UnfilteredRequestException e) {
            return "unfiltered";
        }
    }
}
