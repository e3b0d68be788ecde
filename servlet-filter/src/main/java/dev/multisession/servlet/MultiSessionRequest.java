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
 * and for each of its permissions.
 *
 * <pre>{@code
 * request.isUserInRole("org:admin");          // active organization's role
 * request.isUserInRole("org:invoices:read");  // or one of its permissions
 * }</pre>
 */
public final class MultiSessionRequest extends HttpServletRequestWrapper {
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
        return auth.session().<Principal>map(SessionPrincipal::new).orElse(null);
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
