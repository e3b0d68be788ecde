package dev.multisession.servlet;

import dev.multisession.core.token.SessionClaims;

import java.security.Principal;

/**
 * The {@link Principal} of a request with a chosen session: its name is the user id; the
 * session's claims are at hand for code that wants more. Where the server itself authenticated
 * the same user (the Jakarta Authentication module, the Jakarta Security mechanism),
 * {@code getUserPrincipal()} is the server's own principal of that name instead, which its
 * security context is tied to; {@code Accounts.session(request)} has the claims on every server.
 *
 * <pre>{@code
 * if (request.getUserPrincipal() instanceof SessionPrincipal p) { p.claims().organization(); }
 * }</pre>
 */
public record SessionPrincipal(SessionClaims claims) implements Principal {
    @Override
    public String getName() {
        return claims.userId();
    }

    @Override
    public String toString() {
        return "SessionPrincipal[" + claims.userId() + "]";
    }
}
