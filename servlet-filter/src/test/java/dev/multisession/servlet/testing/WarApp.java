package dev.multisession.servlet.testing;

import dev.multisession.servlet.MultiSessionFilter;
import jakarta.servlet.ServletContainerInitializer;
import org.eclipse.jetty.ee10.webapp.WebAppContext;
import org.eclipse.jetty.server.Server;
import org.eclipse.jetty.server.ServerConnector;

import java.io.IOException;
import java.io.OutputStream;
import java.io.UncheckedIOException;
import java.net.URISyntaxException;
import java.net.http.HttpClient;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.jar.JarEntry;
import java.util.jar.JarOutputStream;
import java.util.stream.Stream;

/**
 * A WAR as a container deploys it: a {@code web.xml} the test writes, and the multisession
 * servlet jar in {@code WEB-INF/lib} (built from this module's classes, so its
 * {@code META-INF/web-fragment.xml} and service files come along), on Jetty 12's
 * {@link WebAppContext} with the module set of this test class path: descriptors and web
 * fragments, but no {@code annotations} module, so no {@code ServletContainerInitializer} is
 * discovered (Jetty's distribution without {@code --module=ee10-annotations}). A test may hand
 * it initializers to run anyway ({@link Builder#initializer}), as a container that runs them would.
 *
 * <p>Classes load parent-first, so the jar's classes are the test class path's; the jar is
 * there for what the container reads from it. {@link WarServlets} are the app's servlets.
 *
 * <pre>{@code
 * try (WarApp war = WarApp.builder().webXml(WarApp.webXml("", WarApp.APP_SERVLETS)).start()) {
 *     Browser browser = war.browser();
 * }
 * }</pre>
 */
public final class WarApp implements AutoCloseable {
    /** The app's own servlets of {@link WarServlets}, mapped as a {@code web.xml} body. */
    public static final String APP_SERVLETS = servlet("login", WarServlets.Login.class.getName(), "/login")
            + servlet("probe", WarServlets.Probe.class.getName(), "/probe/*")
            + servlet("echo", WarServlets.Echo.class.getName(), "/");

    private final Server server;
    private final WebAppContext webapp;
    private final Path dir;
    private final String contextPath;

    private WarApp(Builder b) throws Exception {
        this.contextPath = b.contextPath;
        this.dir = Files.createTempDirectory("multisession-war");
        Path webInf = Files.createDirectories(dir.resolve("WEB-INF"));
        Files.writeString(webInf.resolve("web.xml"), b.webXml);
        Path lib = Files.createDirectories(webInf.resolve("lib"));
        if (b.withLibraryJar) {
            libraryJar(lib.resolve("multisession-servlet.jar"));
        }
        server = new Server();
        ServerConnector connector = new ServerConnector(server);
        connector.setHost("127.0.0.1");
        connector.setPort(0);
        server.addConnector(connector);
        webapp = new WebAppContext();
        webapp.setContextPath(contextPath.isEmpty() ? "/" : contextPath);
        webapp.setBaseResourceAsPath(dir);
        webapp.setParentLoaderPriority(true);
        webapp.setThrowUnavailableOnStartupException(false);
        b.initializers.forEach(webapp::addServletContainerInitializer);
        server.setHandler(webapp);
        server.start();
    }

    public static Builder builder() {
        return new Builder();
    }

    /** A Jakarta EE 10 {@code web.xml} with {@code attributes} on {@code <web-app>} and {@code body} inside. */
    public static String webXml(String attributes, String body) {
        return """
                <?xml version="1.0" encoding="UTF-8"?>
                <web-app xmlns="https://jakarta.ee/xml/ns/jakartaee" version="6.0" %s>
                %s
                </web-app>
                """.formatted(attributes, body);
    }

    /** A {@code <context-param>}. */
    public static String param(String name, String value) {
        return "<context-param><param-name>" + name + "</param-name><param-value>" + value + "</param-value></context-param>\n";
    }

    /** A {@code <servlet>} and its {@code <servlet-mapping>}. */
    public static String servlet(String name, String className, String pattern) {
        return "<servlet><servlet-name>" + name + "</servlet-name><servlet-class>" + className + "</servlet-class></servlet>\n"
                + "<servlet-mapping><servlet-name>" + name + "</servlet-name><url-pattern>" + pattern
                + "</url-pattern></servlet-mapping>\n";
    }

    /** A {@code <filter>} and its {@code <filter-mapping>} for {@code REQUEST} dispatches. */
    public static String filter(String name, String className, String pattern) {
        return "<filter><filter-name>" + name + "</filter-name><filter-class>" + className + "</filter-class>"
                + "<async-supported>true</async-supported></filter>\n"
                + "<filter-mapping><filter-name>" + name + "</filter-name><url-pattern>" + pattern + "</url-pattern>"
                + "<dispatcher>REQUEST</dispatcher></filter-mapping>\n";
    }

    public WebAppContext webapp() {
        return webapp;
    }

    /** True when the web app started; false when its deployment failed (it then answers 503). */
    public boolean available() {
        return webapp.isAvailable();
    }

    public String baseUrl() {
        return "http://localhost:" + ((ServerConnector) server.getConnectors()[0]).getLocalPort() + contextPath;
    }

    public Browser browser() {
        return new Browser(HttpClient.newBuilder().followRedirects(HttpClient.Redirect.NEVER)
                .connectTimeout(Duration.ofSeconds(5)).version(HttpClient.Version.HTTP_1_1).build(), baseUrl());
    }

    @Override
    public void close() throws Exception {
        try {
            server.stop();
        } finally {
            try (Stream<Path> files = Files.walk(dir)) {
                files.sorted(Comparator.reverseOrder()).forEach(p -> p.toFile().delete());
            }
        }
    }

    /** The servlet module's jar, or one made from its classes directory (what Maven's test phase has). */
    private static void libraryJar(Path target) throws IOException, URISyntaxException {
        Path classes = Path.of(MultiSessionFilter.class.getProtectionDomain().getCodeSource().getLocation().toURI());
        if (Files.isRegularFile(classes)) {
            Files.copy(classes, target);
            return;
        }
        List<Path> files = new ArrayList<>();
        try (Stream<Path> walk = Files.walk(classes)) {
            walk.filter(Files::isRegularFile).forEach(files::add);
        }
        try (OutputStream out = Files.newOutputStream(target); JarOutputStream jar = new JarOutputStream(out)) {
            for (Path file : files) {
                jar.putNextEntry(new JarEntry(classes.relativize(file).toString().replace('\\', '/')));
                Files.copy(file, jar);
                jar.closeEntry();
            }
        } catch (UncheckedIOException e) {
            throw e.getCause();
        }
    }

    /** Options for {@link WarApp}. */
    public static final class Builder {
        private String webXml = WarApp.webXml("", APP_SERVLETS);
        private String contextPath = "/war";
        private boolean withLibraryJar = true;
        private final List<ServletContainerInitializer> initializers = new ArrayList<>();

        public Builder webXml(String webXml) {
            this.webXml = webXml;
            return this;
        }

        public Builder contextPath(String contextPath) {
            this.contextPath = contextPath;
            return this;
        }

        /** Leaves the multisession jar out of {@code WEB-INF/lib} (it stays on the class path). */
        public Builder withoutLibraryJar() {
            this.withLibraryJar = false;
            return this;
        }

        /** Runs this initializer at start, as a container with initializer support would. */
        public Builder initializer(ServletContainerInitializer initializer) {
            initializers.add(initializer);
            return this;
        }

        public WarApp start() throws Exception {
            return new WarApp(this);
        }
    }
}
