package dev.multisession.cdi.security;

import dev.multisession.core.engine.AuthResult;
import dev.multisession.core.token.SessionClaims;
import dev.multisession.servlet.MultiSessionRuntime;
import dev.multisession.servlet.SessionPrincipal;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.security.enterprise.AuthenticationException;
import jakarta.security.enterprise.AuthenticationStatus;
import jakarta.security.enterprise.authentication.mechanism.http.HttpAuthenticationMechanism;
import jakarta.security.enterprise.authentication.mechanism.http.HttpMessageContext;
import jakarta.servlet.http.HttpServletRequest;
import jakarta.servlet.http.HttpServletResponse;

import java.io.IOException;
import java.util.concurrent.atomic.AtomicBoolean;

/**
 * The Jakarta Security authentication mechanism of full Jakarta EE servers: the server asks it
 * for every request, so {@code web.xml} constraints, {@code @RolesAllowed} and
 * {@code SecurityContext} know the account this request chose. The caller is the user id; the
 * groups are the active organization's role and permissions.
 *
 * <p>Nothing to register: on a server with Jakarta Security the CDI extension adds this bean
 * itself, unless the app has an {@code HttpAuthenticationMechanism} of its own. On servlet
 * containers (Tomcat, Jetty) there is no Jakarta Security and it is not added; use
 * {@code MultiSessionAuthModule.register} there.
 *
 * <p>Signed out on a protected resource: 302 to sign in for page loads, 401 otherwise (as the
 * filter answers); signed out elsewhere: the request goes on anonymous.
 */
@ApplicationScoped
public class MultiSessionAuthenticationMechanism implements HttpAuthenticationMechanism {
    private static final System.Logger LOG = System.getLogger(MultiSessionAuthenticationMechanism.class.getName());
    private static final AtomicBoolean REFUSAL_LOGGED = new AtomicBoolean();

    @Override
    public AuthenticationStatus validateRequest(HttpServletRequest request, HttpServletResponse response,
                                                HttpMessageContext context) throws AuthenticationException {
        MultiSessionRuntime runtime = MultiSessionRuntime.of(request.getServletContext());
        AuthResult auth = runtime.authenticate(request, response);
        if (auth.isSignedIn()) {
            SessionClaims session = auth.session().orElseThrow();
            try {
                SessionPrincipal principal = new SessionPrincipal(session);
                return context.notifyContainerAboutLogin(principal, principal.groups());
            } catch (RuntimeException e) {
                return refused(e, response);
            }
        }
        if (!context.isProtected()) {
            return context.doNothing();
        }
        try {
            runtime.challenge(request, response, auth);
            response.flushBuffer(); // committed: the server must not replace this answer with its own
        } catch (IOException e) {
            throw new AuthenticationException("multisession: could not answer the unauthenticated request", e);
        }
        return AuthenticationStatus.SEND_FAILURE;
    }

    /**
     * WildFly with integrated-jaspi=true refuses callers its realm does not know (ELY01177): says
     * which setting, once, and answers 503 (the server's configuration, not the request, is at fault).
     */
    private static AuthenticationStatus refused(RuntimeException cause, HttpServletResponse response)
            throws AuthenticationException {
        if (REFUSAL_LOGGED.compareAndSet(false, true)) {
            String why = String.valueOf(cause.getMessage()).replaceAll("[\\r\\n\\t]", " ");
            LOG.log(System.Logger.Level.ERROR, "multisession: the server refused the caller that "
                    + "MultiSessionAuthenticationMechanism set (" + cause.getClass().getName() + ": "
                    + (why.length() > 200 ? why.substring(0, 200) + "…" : why) + "), so every signed-in request fails. "
                    + "On WildFly (Elytron, ELY01177) an application-security-domain with integrated-jaspi=true (the "
                    + "default) accepts only callers its security realm knows: set integrated-jaspi=false, e.g. "
                    + "/subsystem=undertow/application-security-domain=other:write-attribute(name=integrated-jaspi,"
                    + "value=false) and reload. (Logged once.)");
        }
        try {
            response.sendError(HttpServletResponse.SC_SERVICE_UNAVAILABLE);
        } catch (IOException | IllegalStateException e) {
            throw new AuthenticationException("multisession: the server refused the caller; on WildFly set "
                    + "integrated-jaspi=false (see the log)", cause);
        }
        return AuthenticationStatus.SEND_FAILURE;
    }
}
