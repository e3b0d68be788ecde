package dev.multisession.servlet.authentication;

import dev.multisession.core.engine.AuthResult;
import dev.multisession.core.token.SessionClaims;
import dev.multisession.servlet.MultiSessionRuntime;
import dev.multisession.servlet.SessionPrincipal;
import jakarta.security.auth.message.AuthException;
import jakarta.security.auth.message.AuthStatus;
import jakarta.security.auth.message.MessageInfo;
import jakarta.security.auth.message.MessagePolicy;
import jakarta.security.auth.message.callback.CallerPrincipalCallback;
import jakarta.security.auth.message.callback.GroupPrincipalCallback;
import jakarta.security.auth.message.config.AuthConfigFactory;
import jakarta.security.auth.message.module.ServerAuthModule;
import jakarta.servlet.ServletContext;
import jakarta.servlet.http.HttpServletRequest;
import jakarta.servlet.http.HttpServletResponse;

import javax.security.auth.Subject;
import javax.security.auth.callback.Callback;
import javax.security.auth.callback.CallbackHandler;
import java.io.IOException;
import java.security.Principal;
import java.util.Map;

/**
 * A Jakarta Authentication {@link ServerAuthModule} that makes the container itself know the
 * request's active session, so {@code web.xml} {@code <security-constraint>}s and
 * {@code @RolesAllowed} are enforced by the container for the active account: the caller is the
 * user id, and the groups are the active organization's role and permissions.
 *
 * <pre>{@code
 * // once, at startup (e.g. a ServletContextListener), on a container with Jakarta Authentication:
 * MultiSessionAuthModule.register(servletContext);
 * // embedded Jetty looks modules up when its security handler starts, so register first:
 * MultiSessionAuthModule.register("server /app");
 * }</pre>
 *
 * <p>On a protected resource a signed-out request is answered like the filter does (302 for
 * page loads, 401 otherwise); on an unprotected one it passes on as anonymous. The filter
 * reuses the result, so a request is authenticated once.
 */
public final class MultiSessionAuthModule implements ServerAuthModule {
    private static final String MANDATORY = "jakarta.security.auth.message.MessagePolicy.isMandatory";
    private static final System.Logger LOG = System.getLogger(MultiSessionAuthModule.class.getName());
    private static final java.util.concurrent.atomic.AtomicBoolean REFUSAL_LOGGED = new java.util.concurrent.atomic.AtomicBoolean();
    private CallbackHandler handler;

    /** Registers this module for the web app of {@code context} with the container's AuthConfigFactory. */
    public static String register(ServletContext context) {
        AuthConfigFactory factory = AuthConfigFactory.getFactory();
        MultiSessionAuthModule module = new MultiSessionAuthModule();
        try {
            return factory.registerServerAuthModule(module, context);
        } catch (UnsupportedOperationException e) {
            // Jakarta Authentication 3.0 made registerServerAuthModule standard; older factories
            // (Jetty's among them) take a provider for the servlet layer and the app's context id.
            return register(context.getVirtualServerName() + " " + context.getContextPath());
        }
    }

    /**
     * Registers this module for the servlet layer of the web app with the given Jakarta
     * Authentication application context id ({@code "<virtual server> <context path>"}). Use it
     * where the container looks the module up before listeners run; on embedded Jetty, before
     * the context starts: {@code register("server /app")}.
     */
    public static String register(String appContext) {
        return AuthConfigFactory.getFactory().registerConfigProvider(
                new SingleModuleConfigProvider(new MultiSessionAuthModule()), "HttpServlet", appContext, "multisession");
    }

    @Override
    public Class<?>[] getSupportedMessageTypes() {
        return new Class<?>[] {HttpServletRequest.class, HttpServletResponse.class};
    }

    @Override
    public void initialize(MessagePolicy requestPolicy, MessagePolicy responsePolicy, CallbackHandler handler,
                           @SuppressWarnings("rawtypes") Map options) {
        this.handler = handler;
    }

    @Override
    public AuthStatus validateRequest(MessageInfo info, Subject client, Subject service) throws AuthException {
        HttpServletRequest request = (HttpServletRequest) info.getRequestMessage();
        HttpServletResponse response = (HttpServletResponse) info.getResponseMessage();
        MultiSessionRuntime runtime = MultiSessionRuntime.of(request.getServletContext());
        AuthResult auth = runtime.authenticate(request, response);
        if (auth.isSignedIn()) {
            SessionClaims session = auth.session().orElseThrow();
            SessionPrincipal principal = new SessionPrincipal(session);
            callback(new CallerPrincipalCallback(client, principal),
                    new GroupPrincipalCallback(client, principal.groups().toArray(String[]::new)));
            return AuthStatus.SUCCESS;
        }
        if (!Boolean.parseBoolean(String.valueOf(info.getMap().get(MANDATORY)))) {
            // Anonymous. Containers that do not say whether the resource is protected (Jetty 12)
            // then apply the constraint themselves and refuse.
            callback(new CallerPrincipalCallback(client, (Principal) null), new GroupPrincipalCallback(client, new String[0]));
            return AuthStatus.SUCCESS;
        }
        try {
            runtime.challenge(request, response, auth);
            response.flushBuffer(); // committed: the container must not replace this answer with its own
        } catch (IOException e) {
            AuthException failure = new AuthException("multisession: could not answer the unauthenticated request");
            failure.initCause(e);
            throw failure;
        }
        return AuthStatus.SEND_FAILURE;
    }

    @Override
    public AuthStatus secureResponse(MessageInfo info, Subject service) {
        return AuthStatus.SEND_SUCCESS;
    }

    @Override
    public void cleanSubject(MessageInfo info, Subject subject) {
        if (subject != null) {
            subject.getPrincipals().clear();
        }
    }

    private void callback(Callback... callbacks) throws AuthException {
        try {
            handler.handle(callbacks);
        } catch (IOException | javax.security.auth.callback.UnsupportedCallbackException | RuntimeException e) {
            // WildFly throws a SecurityException (ELY01177) for a caller its realm does not know
            throw refused(e);
        }
    }

    /**
     * The failure for a container that refused the caller this module established, logged once
     * per deployment with the server setting that allows it: the usual cause is WildFly's
     * {@code integrated-jaspi=true}, where only callers known to the Elytron realm may be set.
     */
    static AuthException refused(Exception cause) {
        if (REFUSAL_LOGGED.compareAndSet(false, true)) {
            String why = String.valueOf(cause.getMessage()).replaceAll("[\\r\\n\\t]", " ");
            LOG.log(System.Logger.Level.ERROR, "multisession: the container refused the caller that MultiSessionAuthModule "
                    + "set (" + cause.getClass().getName() + ": " + (why.length() > 200 ? why.substring(0, 200) + "…" : why)
                    + "), so every signed-in request fails. On WildFly (Elytron, ELY01177) an application-security-domain "
                    + "with integrated-jaspi=true (the default) accepts only callers its security realm knows: set "
                    + "integrated-jaspi=false, e.g. /subsystem=undertow/application-security-domain=other:write-attribute("
                    + "name=integrated-jaspi,value=false) and reload. Other servers: allow Jakarta Authentication modules "
                    + "to set callers that are not in a realm. (Logged once.)");
        }
        AuthException failure = new AuthException("multisession: the container refused the caller callbacks; "
                + "on WildFly set integrated-jaspi=false (see the log)");
        failure.initCause(cause);
        return failure;
    }
}
