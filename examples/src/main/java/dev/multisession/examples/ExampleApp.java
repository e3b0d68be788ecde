package dev.multisession.examples;

import dev.multisession.core.engine.MultiSession;
import dev.multisession.servlet.MultiSessionInitializer;
import dev.multisession.servlet.MultiSessionRuntime;
import org.eclipse.jetty.ee10.cdi.CdiDecoratingListener;
import org.eclipse.jetty.ee10.cdi.CdiServletContainerInitializer;
import org.eclipse.jetty.ee10.webapp.WebAppContext;
import org.eclipse.jetty.server.Server;
import org.eclipse.jetty.server.ServerConnector;
import org.eclipse.jetty.util.resource.ResourceFactory;

import java.net.URL;

/**
 * The demo app: embedded Jetty 12 (ee10) with Weld, the multisession filter auto-registered by
 * its jar, the embedded defaults (in-memory session store, a generated development key), and
 * the servlets and route rules of the WAR's own {@code WEB-INF/web.xml} (the same app the build
 * also packs as WARs for other servers). Run it with {@code mvn -pl examples exec:java} and open http://localhost:8080.
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
    /** The WAR's web app directory, on the class path (copied there by the build): its web.xml is the demo's. */
    private static final String WEBAPP = "/dev/multisession/examples/webapp/";

    private final Server server;
    private final WebAppContext context;

    private ExampleApp(Server server, WebAppContext context) {
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

        URL webapp = ExampleApp.class.getResource(WEBAPP + "WEB-INF/web.xml");
        if (webapp == null) {
            throw new IllegalStateException("no " + WEBAPP + "WEB-INF/web.xml on the class path: build the module first");
        }
        WebAppContext context = new WebAppContext();
        context.setContextPath("/");
        context.setBaseResource(ResourceFactory.of(context).newResource(ExampleApp.class.getResource(WEBAPP)));
        context.setParentLoaderPriority(true); // the demo's classes are this JVM's class path, not a WEB-INF
        // A system property or MULTISESSION_ISSUER wins (several nodes share one issuer); web.xml values would win over both.
        if (System.getProperty("multisession.issuer") == null && System.getenv("MULTISESSION_ISSUER") == null) {
            context.setInitParameter("multisession.issuer", "http://localhost:" + (port == 0 ? "demo" : port));
        }

        // CDI: Weld as the container's bean manager, Jetty decorating servlets so they get @Inject.
        context.setInitParameter(CdiServletContainerInitializer.CDI_INTEGRATION_ATTRIBUTE, CdiDecoratingListener.MODE);
        context.addServletContainerInitializer(new CdiServletContainerInitializer());
        context.addEventListener(new org.jboss.weld.environment.servlet.Listener());
        // What a WAR gets from the jar by itself (its initializer is found in WEB-INF/lib there): the filter for /*.
        context.addServletContainerInitializer(new MultiSessionInitializer());
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
