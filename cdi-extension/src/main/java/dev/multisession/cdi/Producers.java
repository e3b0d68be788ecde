package dev.multisession.cdi;

import dev.multisession.core.model.Organization;
import dev.multisession.core.model.Session;
import dev.multisession.core.model.User;
import dev.multisession.servlet.NoActiveOrganizationException;
import dev.multisession.servlet.NotSignedInException;
import jakarta.enterprise.context.Dependent;
import jakarta.enterprise.context.RequestScoped;
import jakarta.enterprise.inject.Produces;
import jakarta.enterprise.inject.Typed;

import java.util.List;
import java.util.Optional;

/**
 * The request-scoped beans apps inject. {@link Session}, {@link User} and {@link Organization}
 * are interfaces, so a singleton holding one holds a proxy that reaches the current request's
 * value on every call. Using one when the request has none throws
 * {@link NotSignedInException} (the filter answers 401, or a redirect for page loads) or, for
 * an organization on the personal account, {@link NoActiveOrganizationException} (403). On a
 * servlet request {@code MultiSessionFilter} never saw (it is not registered, or not mapped
 * there), every one of them, {@link Auth} and {@link SignedInSessions} included, throws
 * {@link dev.multisession.servlet.UnfilteredRequestException} naming the fix, rather than
 * reading the request as signed out.
 */
@Dependent
class Producers {

    @Produces
    @RequestScoped
    @Typed(Session.class)
    static Session session(CurrentRequest current) {
        return current.session().orElseThrow(() -> new NotSignedInException("this needs a signed-in session"));
    }

    @Produces
    @RequestScoped
    @Typed(User.class)
    static User user(CurrentRequest current) {
        return session(current).user();
    }

    @Produces
    @RequestScoped
    @Typed(Organization.class)
    static Organization organization(CurrentRequest current) {
        return session(current).activeOrganization().orElseThrow(() -> new NoActiveOrganizationException(
                "this needs an active organization; the session is on its personal account"));
    }

    @Produces
    @RequestScoped
    @Typed(Auth.class)
    static Auth auth(CurrentRequest current) {
        return new RequestAuth(current);
    }

    @Produces
    @RequestScoped
    @Typed(SignedInSessions.class)
    static SignedInSessions signedInSessions(CurrentRequest current) {
        return new RequestSessions(current);
    }

    @Produces
    @RequestScoped
    @Typed(SessionTasks.class)
    static SessionTasks sessionTasks(CurrentRequest current) {
        return new RequestTasks(current);
    }

    /** {@link SessionTasks} over the request's state. */
    private record RequestTasks(CurrentRequest request) implements SessionTasks {
        @Override
        public Optional<Session> pendingSession() {
            return request.pendingSession();
        }

        @Override
        public boolean complete(String task) {
            return request.completeTask(task);
        }
    }

    /** {@link Auth} over the request's state. */
    private record RequestAuth(CurrentRequest current) implements Auth {
        @Override
        public Optional<Session> session() {
            return current.session();
        }
    }

    /** {@link SignedInSessions} over the request's state. */
    private record RequestSessions(CurrentRequest current) implements SignedInSessions {
        @Override
        public List<Session> all() {
            return current.signedInSessions();
        }

        @Override
        public Optional<Session> active() {
            return current.session();
        }
    }
}
