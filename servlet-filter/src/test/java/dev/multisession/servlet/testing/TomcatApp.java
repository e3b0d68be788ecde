package dev.multisession.servlet.testing;

import dev.multisession.core.config.ConfigSource;
import dev.multisession.core.config.MultiSessionConfig;
import dev.multisession.core.engine.MultiSession;
import dev.multisession.core.store.InMemorySessionStore;
import dev.multisession.core.testing.MutableClock;
import dev.multisession.servlet.MultiSessionInitializer;
import org.apache.catalina.Context;
import org.apache.catalina.LifecycleException;
import org.apache.catalina.connector.Connector;
import org.apache.catalina.startup.Tomcat;

import java.io.IOException;
import java.net.http.HttpClient;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Map;

/**
 * The test app's sign-in and echo servlets on embedded Tomcat 10.1, at {@code /app} on plain
 * HTTP, with the filter auto-registered by its {@code ServletContainerInitializer}, the settings
 * as context parameters and the engine (TestApp's keys, an in-memory store, a
 * {@link MutableClock}) as the context's. Like {@link TestApp} it keeps the root app's cookie
 * names ({@code multisession.cookie.namespace=/}).
 *
 * <p>For what Tomcat does differently from Jetty where it matters to the library: it ignores
 * {@code setHeader(name, null)}, and a response whose headers exceed 8 KB fails with a 500.
 *
 * <pre>{@code
 * try (TomcatApp tomcat = TomcatApp.start()) {
 *     Browser browser = tomcat.browser();
 *     SignIns.signIn(browser, "alice");
 * }
 * }</pre>
 */
public final class TomcatApp implements AutoCloseable {
    private static final String CONTEXT_PATH = "/app";

    private final Tomcat tomcat;
    private final MutableClock clock = MutableClock.atFixedStart();
    private final Path baseDir;

    private TomcatApp() throws IOException, LifecycleException {
        Map<String, String> params = Map.of("multisession.cookie.namespace", "/");
        MultiSessionConfig config = MultiSessionConfig.builder().from(ConfigSource.map(params)).clock(clock).build();
        MultiSession engine = MultiSession.builder(config).signingKeys(TestApp.KEYS)
                .sessionStore(new InMemorySessionStore(config)).organizationDirectory(TestApp::memberships).build();
        baseDir = Files.createTempDirectory("multisession-tomcat");
        tomcat = new Tomcat();
        tomcat.setBaseDir(baseDir.toString());
        Connector connector = new Connector();
        connector.setPort(0);
        connector.setProperty("address", "127.0.0.1");
        tomcat.setConnector(connector);
        Context context = tomcat.addContext(CONTEXT_PATH, Files.createDirectories(baseDir.resolve("docs")).toString());
        params.forEach(context::addParameter);
        // the app's engine, set before the filter starts (as an app's listener would)
        context.addServletContainerInitializer((classes, servletContext) ->
                servletContext.setAttribute(MultiSession.class.getName(), engine), null);
        context.addServletContainerInitializer(new MultiSessionInitializer(), null);
        Tomcat.addServlet(context, "login", new TestApp.LoginServlet(clock, TestApp::memberships));
        context.addServletMappingDecoded("/login", "login");
        Tomcat.addServlet(context, "echo", new TestApp.EchoServlet());
        context.addServletMappingDecoded("/", "echo");
        tomcat.start();
    }

    public static TomcatApp start() throws IOException, LifecycleException {
        return new TomcatApp();
    }

    public MutableClock clock() {
        return clock;
    }

    /** {@code http://localhost:port}, as the browser sees the app. */
    public String origin() {
        return "http://localhost:" + tomcat.getConnector().getLocalPort();
    }

    public Browser browser() {
        HttpClient client = HttpClient.newBuilder().followRedirects(HttpClient.Redirect.NEVER)
                .connectTimeout(Duration.ofSeconds(5)).version(HttpClient.Version.HTTP_1_1).build();
        return new Browser(client, origin() + CONTEXT_PATH);
    }

    @Override
    public void close() throws Exception {
        tomcat.stop();
        tomcat.destroy();
        try (var files = Files.walk(baseDir)) {
            files.sorted(java.util.Comparator.reverseOrder()).forEach(p -> p.toFile().delete());
        }
    }
}
