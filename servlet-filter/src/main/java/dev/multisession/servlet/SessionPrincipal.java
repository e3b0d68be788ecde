package dev.multisession.servlet;

import dev.multisession.core.token.SessionClaims;

import java.security.Principal;
import java.util.LinkedHashSet;
import java.util.Set;

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

    /**
     * The groups a container's security sees for this session (what web.xml constraints,
     * {@code @RolesAllowed} and {@code isCallerInRole} test): the active organization's role and
     * permissions; none on the personal account. A Clerk token may name an organization without
     * a role: no empty group then.
     */
    public Set<String> groups() {
        Set<String> groups = new LinkedHashSet<>();
        claims.organization().ifPresent(o -> {
            if (!o.role().isEmpty()) {
                groups.add(o.role());
            }
            groups.addAll(o.permissions());
        });
        return groups;
    }

    @Override
    public String toString() {
        return "SessionPrincipal[" + claims.userId() + "]";
    }
}
