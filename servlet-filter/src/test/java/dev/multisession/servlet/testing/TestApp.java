package dev.multisession.servlet.testing;

import dev.multisession.core.config.ConfigSource;
import dev.multisession.core.config.MultiSessionConfig;
import dev.multisession.core.engine.MultiSession;
import dev.multisession.core.engine.TooManySessionsException;
import dev.multisession.core.keys.SigningKeys;
import dev.multisession.core.model.Organization;
import dev.multisession.core.model.User;
import dev.multisession.core.store.InMemorySessionStore;
import dev.multisession.core.store.SessionStore;
import dev.multisession.core.testing.MutableClock;
import dev.multisession.servlet.Accounts;
import dev.multisession.servlet.MultiSessionInitializer;
import dev.multisession.servlet.NotSignedInException;
import dev.multisession.servlet.NoActiveOrganizationException;
import dev.multisession.core.organization.OrganizationDirectory;
import jakarta.servlet.http.HttpServlet;
import jakarta.servlet.http.HttpServletRequest;
import jakarta.servlet.http.HttpServletResponse;
import org.eclipse.jetty.ee10.servlet.ServletContextHandler;
import org.eclipse.jetty.server.HttpConfiguration;
import org.eclipse.jetty.server.handler.ContextHandlerCollection;
import org.eclipse.jetty.server.HttpConnectionFactory;
import org.eclipse.jetty.server.SecureRequestCustomizer;
import org.eclipse.jetty.server.Server;
import org.eclipse.jetty.server.ServerConnector;
import org.eclipse.jetty.server.SslConnectionFactory;
import org.eclipse.jetty.util.ssl.SslContextFactory;

import javax.net.ssl.SSLContext;
import javax.net.ssl.TrustManagerFactory;
import java.io.IOException;
import java.io.InputStream;
import java.net.http.HttpClient;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.KeyStore;
import java.time.Duration;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.function.Consumer;

/**
 * A small web app on embedded Jetty 12 (ee10) with the multisession filter auto-registered by
 * its {@code ServletContainerInitializer}, at context path {@code /app}, plain HTTP or HTTPS
 * with a generated self-signed certificate. The engine runs on a {@link MutableClock}.
 *
 * <p>Its cookies have the root app's names ({@code ms_client}, {@code ms_<sessionId>}), as the
 * README writes them: the harness sets {@code multisession.cookie.namespace=/}.
 * {@link Builder#cookieNamespaceFromContextPath()} keeps the default instead, the context path's
 * namespace ({@code ms-app_client} at {@code /app}).
 *
 * <p>Servlets: {@code POST /login} (form {@code user}, optional {@code org} and {@code tasks}, a
 * comma list) signs in through {@link Accounts#signIn}; {@code /link?to=…} answers
 * {@link Accounts#link}; {@code /throw/*} throws the typed exceptions; {@code POST /task/*}
 * completes the form's {@code task} ({@link Accounts#completeTask}); every other path (and
 * {@code GET /task/*}) echoes what the app sees as {@code key=value} lines: {@code user},
 * {@code remoteUser}, {@code principal}, {@code path}, {@code inRole} (for {@code ?role=}),
 * {@code org}, {@code task} ({@link Accounts#currentTask}).
 *
 * <p>Demo users: alice (member of acme as {@code org:admin} with {@code org:invoices:read}, and
 * globex as {@code org:member}), bob (acme {@code org:member}), carol and anyone else (no organizations).
 */
public final class TestApp implements AutoCloseable {
    public static final SigningKeys KEYS = SigningKeys.generate(com.nimbusds.jose.JWSAlgorithm.RS256);
    public static final Organization ACME_ADMIN = Organization.builder("org_acme", "acme").name("Acme")
            .role("org:admin").permissions(Set.of("org:invoices:read")).build();
    public static final Organization GLOBEX_MEMBER = Organization.builder("org_globex", "globex").name("Globex")
            .role("org:member").build();
    public static final Organization ACME_MEMBER = Organization.builder("org_acme", "acme").name("Acme")
            .role("org:member").build();

    private final Server server;
    private final MutableClock clock;
    private final SessionStore store;
    private final MultiSession engine;
    private final boolean https;
    private final SSLContext clientSsl;
    private final ServletContextHandler context;
    private final String contextPath;

    private TestApp(Builder b) throws Exception {
        this.clock = b.clock;
        this.contextPath = b.contextPath;
        this.https = b.https;
        MultiSessionConfig config = MultiSessionConfig.builder().from(ConfigSource.map(b.params)).clock(clock).build();
        this.store = b.storeDecorator.apply(new InMemorySessionStore(config));
        this.engine = MultiSession.builder(config).signingKeys(KEYS).sessionStore(store)
                .organizationDirectory(b.directory).build();
        server = new Server();
        SSLContext ssl = null;
        ServerConnector connector;
        if (https) {
            Path keystore = selfSignedKeystore();
            SslContextFactory.Server sslFactory = new SslContextFactory.Server();
            sslFactory.setKeyStorePath(keystore.toString());
            sslFactory.setKeyStorePassword("changeit");
            sslFactory.setKeyStoreType("PKCS12");
            HttpConfiguration httpConfig = new HttpConfiguration();
            if (b.requestHeaderSize > 0) {
                httpConfig.setRequestHeaderSize(b.requestHeaderSize);
            }
            SecureRequestCustomizer secure = new SecureRequestCustomizer();
            secure.setSniHostCheck(false);
            httpConfig.addCustomizer(secure);
            connector = new ServerConnector(server, new SslConnectionFactory(sslFactory, "http/1.1"),
                    new HttpConnectionFactory(httpConfig));
            ssl = clientContext(keystore);
        } else if (b.requestHeaderSize > 0) {
            HttpConfiguration httpConfig = new HttpConfiguration();
            httpConfig.setRequestHeaderSize(b.requestHeaderSize);
            connector = new ServerConnector(server, new HttpConnectionFactory(httpConfig));
        } else {
            connector = new ServerConnector(server);
        }
        connector.setHost("127.0.0.1");
        connector.setPort(0);
        server.addConnector(connector);
        this.clientSsl = ssl;

        context = context(contextPath, engine, b);
        b.customizer.accept(context);
        if (b.alsoAt.isEmpty()) {
            server.setHandler(context);
        } else {
            ContextHandlerCollection contexts = new ContextHandlerCollection(context);
            b.alsoAt.forEach((path, ownKeys) -> contexts.addHandler(context(path, ownKeys
                    ? MultiSession.builder(config).signingKeys(SigningKeys.generate(com.nimbusds.jose.JWSAlgorithm.RS256))
                            .sessionStore(new InMemorySessionStore(config)).organizationDirectory(b.directory).build()
                    : engine, b)));
            server.setHandler(contexts);
        }
        server.start();
    }

    /** The app at {@code path}: the filter auto-registered, the settings as context parameters, {@code engine} as the context's. */
    private ServletContextHandler context(String path, MultiSession engine, Builder b) {
        ServletContextHandler c = new ServletContextHandler(ServletContextHandler.NO_SESSIONS);
        c.setContextPath(path.isEmpty() ? "/" : path);
        b.params.forEach(c::setInitParameter);
        c.setAttribute(MultiSession.class.getName(), engine);
        if (b.autoRegister) {
            c.addServletContainerInitializer(new MultiSessionInitializer());
        }
        c.addServlet(new LoginServlet(clock, b.directory), "/login");
        c.addServlet(new LinkServlet(), "/link");
        c.addServlet(new TaskServlet(), "/task/*");
        c.addServlet(new ThrowingServlet(), "/throw/*");
        c.addServlet(new EchoServlet(), "/");
        return c;
    }

    public static List<Organization> memberships(String userId) {
        return switch (userId) {
            case "alice" -> List.of(ACME_ADMIN, GLOBEX_MEMBER);
            case "bob" -> List.of(ACME_MEMBER);
            default -> List.of();
        };
    }

    public static Builder builder() {
        return new Builder();
    }

    /** A plain-HTTP app with default settings. */
    public static TestApp start() throws Exception {
        return builder().start();
    }

    public MutableClock clock() {
        return clock;
    }

    /** Revokes a session in the store, as an administrator would (the store tells the engine). */
    public void revoke(String sessionId) {
        dev.multisession.core.model.Session s = store().find(sessionId).orElseThrow();
        store().revoke(sessionId, s.clientId(), dev.multisession.core.model.SessionStatus.REVOKED, clock().instant());
    }

    public SessionStore store() {
        return store;
    }

    public MultiSession engine() {
        return engine;
    }

    public ServletContextHandler context() {
        return context;
    }

    public int port() {
        return ((ServerConnector) server.getConnectors()[0]).getLocalPort();
    }

    /** {@code scheme://localhost:port} as the browser sees the app. */
    public String origin() {
        return (https ? "https" : "http") + "://localhost:" + port();
    }

    /** The app's base URL including the context path ({@code /app} unless {@link Builder#contextPath} chose another). */
    public String baseUrl() {
        return origin() + contextPath;
    }

    public Browser browser() {
        return new Browser(this);
    }

    /** A browser on the app at {@code contextPath} (one of {@link Builder#alsoAt}), with its own cookie jar. */
    public Browser browserAt(String contextPath) {
        return new Browser(httpClient(), origin() + contextPath);
    }

    HttpClient httpClient() {
        HttpClient.Builder b = HttpClient.newBuilder().followRedirects(HttpClient.Redirect.NEVER)
                .connectTimeout(Duration.ofSeconds(5)).version(HttpClient.Version.HTTP_1_1);
        if (clientSsl != null) {
            b.sslContext(clientSsl);
        }
        return b.build();
    }

    @Override
    public void close() throws Exception {
        server.stop();
    }

    private static Path selfSignedKeystore() throws IOException, InterruptedException {
        Path dir = Files.createTempDirectory("multisession-tls");
        Path keystore = dir.resolve("keystore.p12");
        String keytool = Path.of(System.getProperty("java.home"), "bin", "keytool").toString();
        Process p = new ProcessBuilder(keytool, "-genkeypair", "-alias", "localhost", "-keyalg", "EC", "-groupname", "secp256r1",
                "-dname", "CN=localhost", "-ext", "san=dns:localhost,ip:127.0.0.1", "-validity", "2",
                "-storetype", "PKCS12", "-keystore", keystore.toString(), "-storepass", "changeit", "-keypass", "changeit")
                .redirectErrorStream(true).start();
        String out = new String(p.getInputStream().readAllBytes());
        if (p.waitFor() != 0) {
            throw new IllegalStateException("keytool failed: " + out);
        }
        return keystore;
    }

    private static SSLContext clientContext(Path keystore) throws Exception {
        KeyStore ks = KeyStore.getInstance("PKCS12");
        try (InputStream in = Files.newInputStream(keystore)) {
            ks.load(in, "changeit".toCharArray());
        }
        TrustManagerFactory tmf = TrustManagerFactory.getInstance(TrustManagerFactory.getDefaultAlgorithm());
        tmf.init(ks);
        SSLContext ctx = SSLContext.getInstance("TLS");
        ctx.init(null, tmf.getTrustManagers(), null);
        return ctx;
    }

    /** Options for {@link TestApp}. */
    public static final class Builder {
        private static final String COOKIE_NAMESPACE = "multisession.cookie.namespace";
        private final Map<String, String> params = new HashMap<>(Map.of(COOKIE_NAMESPACE, "/"));
        private MutableClock clock = MutableClock.atFixedStart();
        private boolean https;
        private boolean autoRegister = true;
        private Consumer<ServletContextHandler> customizer = c -> { };
        private String contextPath = "/app";
        private int requestHeaderSize;
        private java.util.function.UnaryOperator<SessionStore> storeDecorator = s -> s;
        private OrganizationDirectory directory = TestApp::memberships;
        private final Map<String, Boolean> alsoAt = new java.util.LinkedHashMap<>();

        /** A {@code multisession.*} setting, given as a context init parameter (and to the engine). */
        public Builder param(String key, String value) {
            params.put(key, value);
            return this;
        }

        /** The context path, {@code /app} by default; {@code ""} deploys the app at the server root. */
        public Builder contextPath(String contextPath) {
            this.contextPath = checked(contextPath);
            return this;
        }

        private static String checked(String contextPath) {
            if (!contextPath.isEmpty() && (!contextPath.startsWith("/") || contextPath.endsWith("/"))) {
                throw new IllegalArgumentException("a context path is \"\" or starts and does not end with '/'");
            }
            return contextPath;
        }

        /** Wraps the in-memory session store the engine uses (and {@link TestApp#store()} returns), e.g. to count calls. */
        public Builder storeDecorator(java.util.function.UnaryOperator<SessionStore> decorator) {
            this.storeDecorator = decorator;
            return this;
        }

        /**
         * The organization directory the engine asks at switches and refreshes, and the login
         * servlet picks the {@code org} from; default: the demo users' fixed memberships.
         */
        public Builder organizationDirectory(OrganizationDirectory directory) {
            this.directory = java.util.Objects.requireNonNull(directory, "directory");
            return this;
        }

        /**
         * Deploys the same app (servlets and settings; not {@link #customize}) once more at
         * {@code contextPath} on the same server and host, sharing this app's engine: the same
         * issuer, signing keys and session store.
         */
        public Builder alsoAt(String contextPath) {
            alsoAt.put(checked(contextPath), false);
            return this;
        }

        /** As {@link #alsoAt}, with an engine of its own: other signing keys and another session store. */
        public Builder alsoAtWithOwnKeys(String contextPath) {
            alsoAt.put(checked(contextPath), true);
            return this;
        }

        /** No {@code multisession.cookie.namespace}: the cookies are named after the context path, as by default. */
        public Builder cookieNamespaceFromContextPath() {
            params.remove(COOKIE_NAMESPACE);
            return this;
        }

        /** Jetty's request-header limit in bytes (request line included); Jetty's default is 8 KB. */
        public Builder requestHeaderSize(int bytes) {
            this.requestHeaderSize = bytes;
            return this;
        }

        public Builder https() {
            this.https = true;
            return this;
        }

        public Builder clock(MutableClock clock) {
            this.clock = clock;
            return this;
        }

        /** Skip the ServletContainerInitializer (e.g. to declare the filter by hand). */
        public Builder withoutAutoRegistration() {
            this.autoRegister = false;
            return this;
        }

        /**
         * A container-enforced constraint (what {@code web.xml <security-constraint>} declares):
         * {@code pathSpec} needs {@code role}, checked by Jetty's Jakarta Authentication support
         * with whichever module is registered for the app ({@code server /app}).
         */
        public Builder containerConstraint(String pathSpec, String role) {
            return customize(context -> {
                org.eclipse.jetty.ee10.servlet.security.ConstraintSecurityHandler security =
                        new org.eclipse.jetty.ee10.servlet.security.ConstraintSecurityHandler();
                security.setAuthenticatorFactory(new org.eclipse.jetty.ee10.security.jaspi.JaspiAuthenticatorFactory());
                org.eclipse.jetty.ee10.servlet.security.ConstraintMapping mapping =
                        new org.eclipse.jetty.ee10.servlet.security.ConstraintMapping();
                mapping.setPathSpec(pathSpec);
                mapping.setConstraint(org.eclipse.jetty.security.Constraint.from(role));
                security.setConstraintMappings(List.of(mapping), java.util.Set.of(role));
                context.setSecurityHandler(security);
            });
        }

        public Builder customize(Consumer<ServletContextHandler> customizer) {
            this.customizer = customizer;
            return this;
        }

        public TestApp start() throws Exception {
            return new TestApp(this);
        }
    }

    /** Signs in the user named by the {@code user} form field, with optional organization {@code org} (slug). */
    static final class LoginServlet extends HttpServlet {
        private static final long serialVersionUID = 1L;
        private final transient MutableClock clock;
        private final transient OrganizationDirectory directory;

        LoginServlet(MutableClock clock, OrganizationDirectory directory) {
            this.clock = clock;
            this.directory = directory;
        }

        @Override
        protected void doPost(HttpServletRequest req, HttpServletResponse resp) throws IOException {
            String userId = req.getParameter("user");
            if (userId == null || userId.isBlank()) {
                resp.sendError(400);
                return;
            }
            User user = User.builder(userId).name(Character.toUpperCase(userId.charAt(0)) + userId.substring(1))
                    .email(userId + "@example.com").build();
            Optional<Organization> org = Optional.ofNullable(req.getParameter("org"))
                    .flatMap(slug -> directory.memberships(userId).stream().filter(o -> o.slug().equals(slug)).findFirst());
            List<String> tasks = req.getParameter("tasks") == null || req.getParameter("tasks").isBlank() ? List.of()
                    : List.of(req.getParameter("tasks").split(","));
            try {
                var result = Accounts.signIn(req, resp, user, org, tasks);
                // the test clock stands still; one tick per sign-in keeps session ids in sign-in order, as in real time
                clock.advance(java.time.Duration.ofMillis(1));
                resp.setContentType("text/plain");
                resp.getWriter().write("session=" + result.session().id() + "\nindex=" + result.session().index() + "\n");
            } catch (TooManySessionsException e) {
                resp.setStatus(409);
                resp.setContentType("text/plain");
                resp.getWriter().write("error=too_many_sessions\nmessage=" + e.getMessage() + "\n");
            }
        }
    }

    /**
     * A task page at {@code /task/*}: GET echoes like every other path; POST completes the task
     * named by the form field {@code task} through {@link Accounts#completeTask} and answers
     * {@code completed}, {@code next} (the next task, or {@code -}) and {@code status}.
     */
    static final class TaskServlet extends HttpServlet {
        private static final long serialVersionUID = 1L;

        @Override
        protected void doGet(HttpServletRequest req, HttpServletResponse resp) throws IOException {
            new EchoServlet().service(req, resp);
        }

        @Override
        protected void doPost(HttpServletRequest req, HttpServletResponse resp) throws IOException {
            var result = Accounts.completeTask(req, resp, req.getParameter("task"));
            resp.setContentType("text/plain");
            resp.getWriter().write("completed=" + result.completed() + "\nnext=" + result.nextTask().orElse("-")
                    + "\nstatus=" + result.session().status().wireName() + "\n");
        }
    }

    /** Answers {@link Accounts#link} for {@code ?to=}. */
    static final class LinkServlet extends HttpServlet {
        private static final long serialVersionUID = 1L;

        @Override
        protected void doGet(HttpServletRequest req, HttpServletResponse resp) throws IOException {
            resp.setContentType("text/plain");
            resp.getWriter().write("link=" + Accounts.link(req, req.getParameter("to")) + "\n");
        }
    }

    /** {@code /throw/not-signed-in}, {@code /throw/no-organization}. */
    static final class ThrowingServlet extends HttpServlet {
        private static final long serialVersionUID = 1L;

        @Override
        protected void doGet(HttpServletRequest req, HttpServletResponse resp) {
            if ("/no-organization".equals(req.getPathInfo())) {
                throw new NoActiveOrganizationException("needs an organization");
            }
            throw new NotSignedInException("needs a session");
        }
    }

    /** Echoes what the app sees. */
    static final class EchoServlet extends HttpServlet {
        private static final long serialVersionUID = 1L;

        @Override
        protected void service(HttpServletRequest req, HttpServletResponse resp) throws IOException {
            resp.setContentType("text/plain");
            StringBuilder sb = new StringBuilder();
            sb.append("user=").append(Accounts.user(req).map(User::id).orElse("-")).append('\n');
            sb.append("remoteUser=").append(req.getRemoteUser()).append('\n');
            sb.append("principal=").append(req.getUserPrincipal() == null ? "-" : req.getUserPrincipal().getName()).append('\n');
            sb.append("path=").append(req.getServletPath()).append(req.getPathInfo() == null ? "" : req.getPathInfo()).append('\n');
            sb.append("method=").append(req.getMethod()).append('\n');
            String role = req.getParameter("role");
            if (role != null) {
                sb.append("inRole=").append(req.isUserInRole(role)).append('\n');
            }
            sb.append("org=").append(Accounts.session(req).flatMap(s -> s.organization()).map(Organization::slug).orElse("-")).append('\n');
            sb.append("task=").append(Accounts.currentTask(req).orElse("-")).append('\n');
            resp.getWriter().write(sb.toString());
        }
    }
}
