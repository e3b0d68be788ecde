package dev.multisession.benchmarks;

import com.nimbusds.jose.util.JSONObjectUtils;
import dev.multisession.core.engine.MultiSession;
import dev.multisession.servlet.Accounts;
import dev.multisession.servlet.MultiSessionInitializer;
import jakarta.servlet.http.HttpServlet;
import jakarta.servlet.http.HttpServletRequest;
import jakarta.servlet.http.HttpServletResponse;
import org.apache.catalina.Context;
import org.apache.catalina.connector.Connector;
import org.apache.catalina.startup.Tomcat;
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
 * (the active account's user id as JSON) on embedded Jetty 12 or embedded Tomcat 10.1, listening
 * on 127.0.0.1 only, either behind the multisession filter (registered by its
 * {@code ServletContainerInitializer}, as a WAR gets it, with the example's route rules) or
 * alone. With the filter, one browser is signed in to {@code --sessions} accounts (default 5) and
 * its Cookie header is written to a file for wrk. The servlet reads the session through the
 * servlet API ({@code Accounts.session}) rather than CDI, so this module needs neither the CDI
 * module nor the examples module and measures the filter alone.
 *
 * <pre>
 * java -cp ... dev.multisession.benchmarks.E2eServer --container=jetty --port=18081 --filter=true --sessions=5 --cookie-file=cookie.txt --max-seconds=600
 * java -cp ... dev.multisession.benchmarks.E2eServer --container=tomcat --port=18082 --filter=false
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
                throw new IllegalArgumentException("usage: --port=N --filter=true|false [--container=jetty|tomcat] "
                        + "[--sessions=N] [--cookie-file=PATH] [--max-seconds=N] [--read-cookies=true]");
            }
            opts.put(a.substring(2, eq), a.substring(eq + 1));
        }
        int port = Integer.parseInt(opts.getOrDefault("port", "18080"));
        boolean withFilter = Boolean.parseBoolean(opts.getOrDefault("filter", "true"));
        long maxSeconds = Long.parseLong(opts.getOrDefault("max-seconds", "600"));
        int sessions = Integer.parseInt(opts.getOrDefault("sessions", String.valueOf(Fixture.SESSIONS)));
        String container = opts.getOrDefault("container", "jetty");
        boolean readCookies = Boolean.parseBoolean(opts.getOrDefault("read-cookies", "false"));

        Map<String, String> params = new LinkedHashMap<>();
        MultiSession engine = null;
        if (withFilter) {
            Fixture fixture = Fixture.signedIn(Fixture.config().build(), sessions);
            engine = fixture.engine();
            params.put("multisession.routes", Fixture.ROUTES);
            params.put("multisession.sign-in-url", "/sign-in");
            if (opts.containsKey("cookie-file")) {
                Files.writeString(Path.of(opts.get("cookie-file")), fixture.cookieHeader(), StandardCharsets.US_ASCII);
            }
        }
        AutoCloseable server = switch (container) {
            case "jetty" -> jetty(port, engine, params, readCookies);
            case "tomcat" -> tomcat(port, engine, params, readCookies);
            default -> throw new IllegalArgumentException("--container=jetty or tomcat, not " + container);
        };

        Thread guard = new Thread(() -> {
            try {
                Thread.sleep(maxSeconds * 1000);
                System.err.println("E2eServer: --max-seconds reached, stopping");
                server.close();
            } catch (Exception e) {
                // interrupted or stopping anyway
            }
            System.exit(0);
        }, "max-lifetime");
        guard.setDaemon(true);
        guard.start();
        System.out.println("E2eServer ready on http://127.0.0.1:" + port + "/api/me, container=" + container
                + ", filter=" + withFilter + (withFilter ? ", sessions=" + sessions : ""));
        Thread.currentThread().join();
    }

    private static AutoCloseable jetty(int port, MultiSession engine, Map<String, String> params, boolean readCookies)
            throws Exception {
        Server server = new Server();
        ServerConnector connector = new ServerConnector(server);
        connector.setHost("127.0.0.1");
        connector.setPort(port);
        server.addConnector(connector);
        ServletContextHandler context = new ServletContextHandler(ServletContextHandler.NO_SESSIONS);
        context.setContextPath("/");
        if (engine != null) {
            context.setAttribute(MultiSession.class.getName(), engine);
            context.setAttribute(MeServlet.WITH_FILTER, Boolean.TRUE);
            params.forEach(context::setInitParameter);
            context.addServletContainerInitializer(new MultiSessionInitializer());
        }
        if (readCookies) {
            context.setAttribute(MeServlet.READ_COOKIES, Boolean.TRUE);
        }
        context.addServlet(MeServlet.class, "/api/me");
        server.setHandler(context);
        server.start();
        return server::stop;
    }

    private static AutoCloseable tomcat(int port, MultiSession engine, Map<String, String> params, boolean readCookies)
            throws Exception {
        Tomcat tomcat = new Tomcat();
        Path base = Files.createTempDirectory("e2e-tomcat");
        tomcat.setBaseDir(base.toString());
        Connector connector = new Connector("HTTP/1.1");
        connector.setPort(port);
        connector.setProperty("address", "127.0.0.1");
        // Jetty keeps a connection open for any number of requests; Tomcat's default closes it after 100
        connector.setProperty("maxKeepAliveRequests", "-1");
        tomcat.setConnector(connector);
        Context context = tomcat.addContext("", base.toString());
        // the engine first (initializers run in the order added), then the library's initializer, as a WAR gets it
        context.addServletContainerInitializer((classes, servletContext) -> {
            if (engine != null) {
                servletContext.setAttribute(MultiSession.class.getName(), engine);
                servletContext.setAttribute(MeServlet.WITH_FILTER, Boolean.TRUE);
            }
            if (readCookies) {
                servletContext.setAttribute(MeServlet.READ_COOKIES, Boolean.TRUE);
            }
        }, null);
        if (engine != null) {
            params.forEach(context::addParameter);
            context.addServletContainerInitializer(new MultiSessionInitializer(), null);
        }
        Tomcat.addServlet(context, "me", new MeServlet());
        context.addServletMappingDecoded("/api/me", "me");
        tomcat.start();
        return () -> {
            tomcat.stop();
            tomcat.destroy();
        };
    }

    /** {@code GET /api/me}: the active account's user id as JSON; {@code {}} when signed out. */
    public static final class MeServlet extends HttpServlet {
        private static final long serialVersionUID = 1L;
        static final String READ_COOKIES = MeServlet.class.getName() + ".readCookies";
        /** Set when the library is deployed: without it, asking it for the account fails closed (the filter never saw the request). */
        static final String WITH_FILTER = MeServlet.class.getName() + ".withFilter";

        @Override
        protected void doGet(HttpServletRequest request, HttpServletResponse response) throws IOException {
            Map<String, Object> body = new LinkedHashMap<>();
            if (getServletContext().getAttribute(READ_COOKIES) != null && request.getCookies() != null) {
                body.put("cookies", request.getCookies().length);
            }
            if (getServletContext().getAttribute(WITH_FILTER) != null) {
                Accounts.session(request).ifPresent(s -> body.put("user", s.userId()));
            }
            response.setContentType("application/json");
            response.getWriter().write(JSONObjectUtils.toJSONString(body));
        }
    }
}
