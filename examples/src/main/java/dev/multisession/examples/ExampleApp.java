package dev.multisession.examples;

import dev.multisession.core.engine.MultiSession;
import dev.multisession.servlet.MultiSessionInitializer;
import dev.multisession.servlet.MultiSessionRuntime;
import dev.multisession.core.organization.OrganizationDirectory;
import org.eclipse.jetty.ee10.cdi.CdiDecoratingListener;
import org.eclipse.jetty.ee10.cdi.CdiServletContainerInitializer;
import org.eclipse.jetty.ee10.servlet.ErrorPageErrorHandler;
import org.eclipse.jetty.ee10.servlet.ServletContextHandler;
import org.eclipse.jetty.server.Server;
import org.eclipse.jetty.server.ServerConnector;

/**
 * The demo app: embedded Jetty 12 (ee10) with Weld, the multisession filter auto-registered by
 * its jar, the embedded defaults (in-memory session store, a generated development key) and a
 * few route rules. Run it with {@code mvn -pl examples exec:java} and open http://localhost:8080.
 * System properties set the rest, e.g. {@code -Dport=8081 -Dmultisession.store=redis
 * -Dmultisession.redis.url=redis://localhost:6379} for a second node on a shared Redis (see
 * the README, "Running on several nodes").
 *
 * <pre>{@code
 * ExampleApp app = ExampleApp.start(0);   // tests: a free port
 * String url = app.url();
 * app.stop();
 * }</pre>
 */
public final class ExampleApp {
    /** The route rules of the demo, as an app would put them in web.xml. */
    static final String ROUTES = String.join("\n",
            "/account/* => signed-in",
            "/team/*    => organization",
            "/invoices/* => permission:org:invoices:read",
            "/admin/*   => role:org:admin",
            "/api/*     => signed-in");

    private final Server server;
    private final ServletContextHandler context;

    private ExampleApp(Server server, ServletContextHandler context) {
        this.server = server;
        this.context = context;
    }

    public static void main(String[] args) throws Exception {
        int port = Integer.parseInt(System.getProperty("port", args.length > 0 ? args[0] : "8080"));
        ExampleApp app = start(port);
        System.out.println("multisession demo running at " + app.url() + " (Ctrl+C to stop)");
        app.server.join();
    }

    /** Starts the demo on {@code port} (0 = any free port) of the loopback interface. */
    public static ExampleApp start(int port) throws Exception {
        Server server = new Server();
        ServerConnector connector = new ServerConnector(server);
        connector.setHost("localhost");
        connector.setPort(port);
        server.addConnector(connector);

        ServletContextHandler context = new ServletContextHandler(ServletContextHandler.NO_SESSIONS);
        context.setContextPath("/");
        // A system property or MULTISESSION_ISSUER wins (several nodes share one issuer); web.xml values would win over both.
        if (System.getProperty("multisession.issuer") == null && System.getenv("MULTISESSION_ISSUER") == null) {
            context.setInitParameter("multisession.issuer", "http://localhost:" + (port == 0 ? "demo" : port));
        }
        context.setInitParameter("multisession.routes", ROUTES);
        context.setInitParameter("multisession.sign-in-url", "/sign-in");
        context.setAttribute(OrganizationDirectory.class.getName(), new DemoUsers());

        // CDI: Weld as the container's bean manager, Jetty decorating servlets so they get @Inject.
        context.setInitParameter(CdiServletContainerInitializer.CDI_INTEGRATION_ATTRIBUTE, CdiDecoratingListener.MODE);
        context.addServletContainerInitializer(new CdiServletContainerInitializer());
        context.addEventListener(new org.jboss.weld.environment.servlet.Listener());
        // What a WAR gets from the jar by itself: the filter registered for /*.
        context.addServletContainerInitializer(new MultiSessionInitializer());

        context.addServlet(SignInServlet.class, "/sign-in");
        context.addServlet(StyleServlet.class, "/style.css");
        context.addServlet(MeServlet.class, "/api/me");
        context.addServlet(PagesServlet.class, "/");
        // Refused page loads (403) and a session store that cannot be reached (503) get the demo's
        // own page, with its navigation and account switcher: the library answers them with sendError.
        ErrorPageErrorHandler errorPages = new ErrorPageErrorHandler();
        errorPages.addErrorPage(403, "/error");
        errorPages.addErrorPage(503, "/error");
        context.setErrorHandler(errorPages);
        server.setHandler(context);
        server.start();
        return new ExampleApp(server, context);
    }

    public int port() {
        return ((ServerConnector) server.getConnectors()[0]).getLocalPort();
    }

    public String url() {
        return "http://localhost:" + port();
    }

    /** The engine the filter runs (tests end sessions through its store, as an administrator would). */
    MultiSession engine() {
        return MultiSessionRuntime.of(context.getServletContext()).engine();
    }

    public void stop() throws Exception {
        server.stop();
    }
}
