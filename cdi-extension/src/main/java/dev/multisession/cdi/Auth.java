package dev.multisession.cdi;

import dev.multisession.core.model.Organization;
import dev.multisession.core.model.Session;
import dev.multisession.core.model.User;

import java.util.Optional;

/**
 * The current request's authentication, always injectable and never throwing for a signed-out
 * request: signed out is an empty {@link #session()}. Request-scoped, so a singleton that
 * injects it sees each request's own state. (On a request {@code MultiSessionFilter} never saw,
 * a deployment fault, its methods throw
 * {@link dev.multisession.servlet.UnfilteredRequestException} naming the fix.)
 *
 * <pre>{@code
 * @Inject Auth auth;
 *
 * String greeting = auth.user().flatMap(User::name).map(n -> "Hello " + n).orElse("Hello, guest");
 * if (auth.has("org:invoices:read")) { ... }
 * }</pre>
 */
public interface Auth {

    /** The request's session, when it is signed in. */
    Optional<Session> session();

    /** True when the request has a signed-in session. */
    default boolean isSignedIn() {
        return session().isPresent();
    }

    /** The signed-in user (enriched by the app's {@link UserDirectory}, if any). */
    default Optional<User> user() {
        return session().map(Session::user);
    }

    /** The session's active organization; empty when signed out or on the personal account. */
    default Optional<Organization> organization() {
        return session().flatMap(Session::activeOrganization);
    }

    /**
     * True when the active organization's role is {@code roleOrPermission} or it grants that
     * permission: the same answer as {@code request.isUserInRole(roleOrPermission)}.
     */
    default boolean has(String roleOrPermission) {
        return organization().map(o -> o.has(roleOrPermission)).orElse(false);
    }
}
