package dev.multisession.servlet;

import dev.multisession.core.config.ConfigSource;
import dev.multisession.core.config.UnknownKeys;
import dev.multisession.core.config.MultiSessionConfig;
import dev.multisession.core.engine.AuthResult;
import dev.multisession.core.engine.MultiSession;
import dev.multisession.core.organization.OrganizationDirectories;
import dev.multisession.core.organization.OrganizationDirectory;
import dev.multisession.servlet.rules.RouteRules;
import dev.multisession.servlet.safety.CsrfTokens;
import dev.multisession.servlet.safety.RedirectValidator;
import jakarta.servlet.FilterConfig;
import jakarta.servlet.ServletContext;
import jakarta.servlet.http.HttpServletRequest;
import jakarta.servlet.http.HttpServletResponse;

import java.io.IOException;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.atomic.AtomicBoolean;

/**
 * Everything the servlet layer needs for one web app, made once and kept as a servlet context
 * attribute: the engine, the servlet settings, the route rules, the redirect validator, CSRF
 * tokens. Unknown {@code multisession.*} keys fail its creation, naming the nearest valid key.
 *
 * <pre>{@code
 * // optional, before the filter starts (e.g. in a ServletContextListener): your own engine
 * context.setAttribute(MultiSession.class.getName(), MultiSession.builder(config).sessionStore(redis).build());
 * // anywhere later
 * MultiSessionRuntime runtime = MultiSessionRuntime.of(context);
 * }</pre>
 */
public final class MultiSessionRuntime {
    /** Context attribute holding this runtime. */
    public static final String ATTRIBUTE = MultiSessionRuntime.class.getName();

    private final MultiSession engine;
    private final ServletSettings settings;
    private final RouteRules rules;
    private final RedirectValidator redirects;
    private final CsrfTokens csrf;
    private final ServletContext context;
    private final Endpoints endpoints;
    /** Clerk's handshake, in the clerk profile with a Frontend API and a secret key; else null. */
    private final ClerkHandshake clerkHandshake;
    private final List<AccountListener> listeners = new CopyOnWriteArrayList<>();
    private final AtomicBoolean closed = new AtomicBoolean();

    /** True when this runtime made the engine (from the configuration) and so closes it. */
    private final boolean ownsEngine;

    private MultiSessionRuntime(ServletContext context, MultiSession engine, boolean ownsEngine, ServletSettings settings) {
        this.context = context;
        this.engine = engine;
        this.ownsEngine = ownsEngine;
        this.settings = settings;
        this.rules = RouteRules.parse(ServletSettings.ROUTES, settings.routes());
        this.redirects = new RedirectValidator(settings.allowedRedirectOrigins());
        this.csrf = CsrfTokens.withSecret(settings.csrfSecret());
        this.endpoints = new Endpoints(this);
        this.clerkHandshake = engine.config().clerk().filter(dev.multisession.core.clerk.ClerkSettings::handshakeEnabled)
                .map(ClerkHandshake::new).orElse(null);
    }

    /** The runtime of this web app, created on first use from the context's configuration. */
    public static MultiSessionRuntime of(ServletContext context) {
        return of(context, null);
    }

    /**
     * Checks the context's configuration (unknown keys, every value, the route rules) without
     * making anything, so a mistake fails the deployment when the jar registers itself, before
     * any request: some containers (Payara) keep serving an app whose filter failed to start,
     * which would leave the route rules unenforced. What only the store or the directory can
     * check (a Redis URL, a class name) still fails when the filter starts.
     */
    static void validate(ServletContext context) {
        ConfigSource[] sources = ServletConfigSource.all(context, null);
        UnknownKeys.check(sources);
        ServletSettings settings = ServletSettings.from(context.getContextPath(), sources);
        RouteRules.parse(ServletSettings.ROUTES, settings.routes());
        if (!(context.getAttribute(MultiSession.class.getName()) instanceof MultiSession)) {
            MultiSessionConfig.builder().from(sources).build();
        }
    }

    static MultiSessionRuntime of(ServletContext context, FilterConfig filterConfig) {
        synchronized (context) {
            Object existing = context.getAttribute(ATTRIBUTE);
            if (existing instanceof MultiSessionRuntime runtime) {
                return runtime;
            }
            ConfigSource[] sources = ServletConfigSource.all(context, filterConfig);
            UnknownKeys.check(sources);
            ServletSettings settings = ServletSettings.from(context.getContextPath(), sources);
            Object provided = context.getAttribute(MultiSession.class.getName());
            MultiSession engine;
            if (provided instanceof MultiSession m) {
                engine = m;
            } else {
                MultiSessionConfig config = MultiSessionConfig.builder().from(sources).build();
                Optional<OrganizationDirectory> configured = OrganizationDirectories.fromConfig(config);
                // a directory set as a context attribute (by the app, or the CDI module once its beans
                // exist) wins over the configured class; looked up at each use
                engine = MultiSession.builder(config).organizationDirectory(() -> {
                    Object attribute = context.getAttribute(OrganizationDirectory.class.getName());
                    return attribute instanceof OrganizationDirectory d ? Optional.of(d) : configured;
                }).build();
            }
            MultiSessionRuntime runtime = new MultiSessionRuntime(context, engine, !(provided instanceof MultiSession), settings);
            context.setAttribute(ATTRIBUTE, runtime);
            context.setAttribute(MultiSession.class.getName(), engine);
            return runtime;
        }
    }

    /**
     * At undeploy (the filter's {@code destroy}): forgets this runtime and closes the engine it
     * made, and with it the session store made from the configuration (connections, threads).
     * An engine the app set as a context attribute is the app's to close. Only the first call
     * acts (an app may declare the filter more than once).
     */
    void close() {
        if (!closed.compareAndSet(false, true)) {
            return;
        }
        synchronized (context) {
            if (context.getAttribute(ATTRIBUTE) == this) {
                context.removeAttribute(ATTRIBUTE);
                if (ownsEngine) {
                    context.removeAttribute(MultiSession.class.getName());
                }
            }
        }
        if (ownsEngine) {
            engine.close();
        }
    }

    /** Adds a listener told about sign-ins, switches and sign-outs. */
    public void addListener(AccountListener listener) {
        listeners.add(java.util.Objects.requireNonNull(listener, "listener"));
    }

    /** Tells every listener; a listener that throws is logged and skipped. */
    void notifyListeners(java.util.function.Consumer<AccountListener> event) {
        for (AccountListener l : listeners) {
            try {
                event.accept(l);
            } catch (RuntimeException e) {
                System.getLogger(MultiSessionRuntime.class.getName()).log(System.Logger.Level.WARNING,
                        "multisession: account listener " + l.getClass().getName() + " failed with "
                                + e.getClass().getName());
            }
        }
    }

    /**
     * The request's auth state, computed once per request (attributes set). Its cookie writes are
     * collected and sent once, when the filter's response commits, together with whatever the
     * app writes later (a sign-in): an authentication mechanism that runs before the filter (the
     * Jakarta Authentication module, the Jakarta Security mechanism) never makes a response carry
     * one cookie twice. If the container then refuses the request without running the filter,
     * those writes (housekeeping deletions, a refreshed token) are not sent: the next request
     * makes them again. Behind the filter, {@code getUserPrincipal()} of such a request is the
     * server's own principal when it names the same user. With {@code multisession.enabled=false}
     * every request is signed out and no cookie is read.
     */
    public AuthResult authenticate(HttpServletRequest request, HttpServletResponse response) {
        if (!settings.enabled()) {
            return AuthResult.signedOut("disabled"); // nobody is signed in while the library is off
        }
        request.setAttribute(MultiSessionRequest.SERVER_AUTHENTICATION, Boolean.TRUE);
        CookieLedger.of(request).deferToCommit();
        return RequestAuthentication.of(this, request, response);
    }

    /**
     * Answers a request that needs a session and has none: 302 for page loads, 401 (or 503)
     * otherwise; 503 for every request while {@code multisession.enabled=false}. The cookie writes of {@link #authenticate} go with the answer.
     */
    public void challenge(HttpServletRequest request, HttpServletResponse response, AuthResult auth) throws IOException {
        if (!settings.enabled()) {
            Challenges.disabled(request, response); // off: nobody can sign in, the protected resource stays closed
            return;
        }
        CookieLedger.of(request).send(response);   // first: the answer's body commits the response
        ClerkHandshake handshake = clerkHandshake().orElse(null);
        if (handshake != null && (handshake.resolve(request, response) || handshake.start(request, response, auth))) {
            return; // the clerk profile on a container-protected page: Clerk's handshake, as the filter does elsewhere
        }
        Challenges.unauthenticated(this, request, response, auth);
    }

    public MultiSession engine() {
        return engine;
    }

    public ServletSettings settings() {
        return settings;
    }

    public RouteRules rules() {
        return rules;
    }

    public RedirectValidator redirects() {
        return redirects;
    }

    public CsrfTokens csrf() {
        return csrf;
    }

    /** Clerk's handshake for page loads, in the clerk profile when the Frontend API and the secret key are configured. */
    Optional<ClerkHandshake> clerkHandshake() {
        return Optional.ofNullable(clerkHandshake);
    }

    /** The helper endpoints, shared by the filter and the helper servlets. */
    Endpoints endpoints() {
        return endpoints;
    }

    /** The app's organization directory, as the engine asks it. */
    public Optional<OrganizationDirectory> organizationDirectory() {
        return engine.organizationDirectory();
    }
}
