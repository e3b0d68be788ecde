package dev.multisession.benchmarks;

import com.nimbusds.jose.util.JSONObjectUtils;
import dev.multisession.core.engine.MultiSession;
import dev.multisession.servlet.Accounts;
import dev.multisession.servlet.MultiSessionInitializer;
import jakarta.servlet.http.HttpServlet;
import jakarta.servlet.http.HttpServletRequest;
import jakarta.servlet.http.HttpServletResponse;
import org.eclipse.jetty.ee10.servlet.ServletContextHandler;
import org.eclipse.jetty.server.Server;
import org.eclipse.jetty.server.ServerConnector;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.Map;

/**
 * The end-to-end subject for wrk: a servlet answering like the example app's {@code /api/me}
 * (the active account's user id as JSON) on embedded Jetty 12, listening on 127.0.0.1 only, either
 * behind the multisession filter (registered by its {@code ServletContainerInitializer}, as a
 * WAR gets it, with the example's route rules) or alone. With the filter, one browser is signed
 * in to 5 accounts and its Cookie header is written to a file for wrk. The servlet reads the
 * session through the servlet API ({@code Accounts.session}) rather than CDI, so this module
 * needs neither the CDI module nor the examples module and measures the filter alone.
 *
 * <pre>
 * java -cp ... dev.multisession.benchmarks.E2eServer --port=18081 --filter=true --cookie-file=cookie.txt --max-seconds=600
 * java -cp ... dev.multisession.benchmarks.E2eServer --port=18083 --filter=false --read-cookies=true   (diagnostic)
 * </pre>
 *
 * <p>Tokens live 1 h here (default 60 s): wrk replays one Cookie header and never stores the
 * refreshed cookie a browser would, so with 60 s tokens every request after the first 45 s would
 * take the refresh branch, which a real browser takes once per 45 s. Refresh is measured on its
 * own by JMH. It stops by itself after {@code --max-seconds} (default 600).
 */
public final class E2eServer {
    private E2eServer() {
    }

    public static void main(String[] args) throws Exception {
        Map<String, String> opts = new LinkedHashMap<>();
        for (String a : args) {
            int eq = a.indexOf('=');
            if (!a.startsWith("--") || eq < 0) {
                throw new IllegalArgumentException("usage: --port=N --filter=true|false [--cookie-file=PATH] "
                        + "[--max-seconds=N] [--read-cookies=true]");
            }
            opts.put(a.substring(2, eq), a.substring(eq + 1));
        }
        int port = Integer.parseInt(opts.getOrDefault("port", "18080"));
        boolean withFilter = Boolean.parseBoolean(opts.getOrDefault("filter", "true"));
        long maxSeconds = Long.parseLong(opts.getOrDefault("max-seconds", "600"));

        Server server = new Server();
        ServerConnector connector = new ServerConnector(server);
        connector.setHost("127.0.0.1");
        connector.setPort(port);
        server.addConnector(connector);
        ServletContextHandler context = new ServletContextHandler(ServletContextHandler.NO_SESSIONS);
        context.setContextPath("/");
        if (withFilter) {
            Fixture fixture = Fixture.signedIn(Fixture.config().build(), Fixture.SESSIONS);
            context.setAttribute(MultiSession.class.getName(), fixture.engine());
            context.setInitParameter("multisession.routes", Fixture.ROUTES);
            context.setInitParameter("multisession.sign-in-url", "/sign-in");
            context.addServletContainerInitializer(new MultiSessionInitializer());
            if (opts.containsKey("cookie-file")) {
                Files.writeString(Path.of(opts.get("cookie-file")), fixture.cookieHeader(), StandardCharsets.US_ASCII);
            }
        }
        if (Boolean.parseBoolean(opts.getOrDefault("read-cookies", "false"))) {
            // diagnostic: the app without the filter asks Jetty for the cookies, as the filter does
            context.setAttribute(MeServlet.READ_COOKIES, Boolean.TRUE);
        }
        context.addServlet(MeServlet.class, "/api/me");
        server.setHandler(context);
        server.start();

        Thread guard = new Thread(() -> {
            try {
                Thread.sleep(maxSeconds * 1000);
                System.err.println("E2eServer: --max-seconds reached, stopping");
                server.stop();
            } catch (Exception e) {
                // interrupted or stopping anyway
            }
            System.exit(0);
        }, "max-lifetime");
        guard.setDaemon(true);
        guard.start();
        System.out.println("E2eServer ready on http://127.0.0.1:" + port + "/api/me, filter=" + withFilter);
        server.join();
    }

    /** {@code GET /api/me}: the active account's user id as JSON; {@code {}} when signed out. */
    public static final class MeServlet extends HttpServlet {
        private static final long serialVersionUID = 1L;
        static final String READ_COOKIES = MeServlet.class.getName() + ".readCookies";

        @Override
        protected void doGet(HttpServletRequest request, HttpServletResponse response) throws IOException {
            Map<String, Object> body = new LinkedHashMap<>();
            if (getServletContext().getAttribute(READ_COOKIES) != null && request.getCookies() != null) {
                body.put("cookies", request.getCookies().length);
            }
            Accounts.session(request).ifPresent(s -> body.put("user", s.userId()));
            response.setContentType("application/json");
            response.getWriter().write(JSONObjectUtils.toJSONString(body));
        }
    }
}
