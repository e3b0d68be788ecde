package dev.multisession.servlet;

import dev.multisession.core.engine.AuthResult;
import dev.multisession.core.token.SessionClaims;
import jakarta.servlet.http.HttpServletRequest;
import jakarta.servlet.http.HttpServletRequestWrapper;

import java.security.Principal;

/**
 * The request as the app sees it behind the filter: {@link #getUserPrincipal()},
 * {@link #getRemoteUser()} and {@link #isUserInRole(String)} answer for the request's chosen
 * session, so {@code web.xml} security constraints and {@code @RolesAllowed} follow the active
 * account and its active organization. {@code isUserInRole} is true for the organization's role
 * and for each of its permissions. {@code getUserPrincipal} is a {@link SessionPrincipal}, or the
 * server's own principal when the server authenticated the same user itself.
 *
 * <pre>{@code
 * request.isUserInRole("org:admin");          // active organization's role
 * request.isUserInRole("org:invoices:read");  // or one of its permissions
 * }</pre>
 */
public final class MultiSessionRequest extends HttpServletRequestWrapper {
    /** Set on a request whose caller a server authentication mechanism asked for ({@link MultiSessionRuntime#authenticate}). */
    static final String SERVER_AUTHENTICATION = MultiSessionRequest.class.getName() + ".serverAuthentication";

    private final AuthResult auth;

    public MultiSessionRequest(HttpServletRequest request, AuthResult auth) {
        super(request);
        this.auth = auth;
    }

    /** The engine's decision for this request. */
    public AuthResult auth() {
        return auth;
    }

    @Override
    public Principal getUserPrincipal() {
        SessionClaims session = auth.session().orElse(null);
        if (session == null) {
            return null;
        }
        // The server authenticated this same caller (the Jakarta Authentication module or the Jakarta
        // Security mechanism ran for this request): its own principal object, to which a full EE server
        // ties the security context it gives EJBs and SecurityContext (Payara replaces that context with
        // a groupless one for any other principal the request hands a servlet). Asked only then: on
        // Jetty, asking a request no mechanism ran for starts a deferred authentication.
        if (super.getAttribute(SERVER_AUTHENTICATION) != null) {
            Principal server = super.getUserPrincipal();
            if (server != null && session.userId().equals(server.getName())) {
                return server;
            }
        }
        return new SessionPrincipal(session);
    }

    @Override
    public String getRemoteUser() {
        return auth.session().map(SessionClaims::userId).orElse(null);
    }

    @Override
    public String getAuthType() {
        return auth.isSignedIn() ? "MULTISESSION" : null;
    }

    @Override
    public boolean isUserInRole(String role) {
        if (role == null || role.equals("*")) {
            return false;
        }
        if (role.equals("**")) {
            return auth.isSignedIn();
        }
        return auth.session().flatMap(SessionClaims::organization).map(o -> o.has(role)).orElse(false);
    }
}
