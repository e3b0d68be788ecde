package dev.multisession.cdi;

import dev.multisession.cdi.events.OrganizationSwitchedEvent;
import dev.multisession.cdi.events.SessionSwitchedEvent;
import dev.multisession.cdi.events.SignedInEvent;
import dev.multisession.cdi.events.SignedOutEvent;
import dev.multisession.cdi.events.TaskCompletedEvent;
import dev.multisession.core.model.Organization;
import dev.multisession.core.model.Session;
import dev.multisession.core.model.SessionStatus;
import dev.multisession.core.token.SessionClaims;
import dev.multisession.servlet.AccountListener;
import dev.multisession.servlet.MultiSessionRuntime;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.enterprise.context.Initialized;
import jakarta.enterprise.context.RequestScoped;
import jakarta.enterprise.event.Event;
import jakarta.enterprise.event.Observes;
import jakarta.inject.Inject;
import jakarta.servlet.ServletContext;
import jakarta.servlet.ServletRequest;

import java.util.Optional;
import java.util.concurrent.atomic.AtomicReference;

/**
 * Bridges the servlet layer's {@link AccountListener} to CDI events.
 *
 * <p>The listener is added to the web app's {@link MultiSessionRuntime} once that exists. The
 * runtime is made by the filter's {@code init} (after every {@code ServletContextListener}, so
 * that an engine the app sets up there is used); creating it earlier from here would bypass
 * that. So the bridge attaches at application start when the runtime already exists, and
 * otherwise at the start of the first request, which comes after the filter's {@code init} and
 * before anything in that request can sign in. Later requests cost one reference read.
 */
@ApplicationScoped
class AccountEvents {
    @Inject
    Directories directories;
    @Inject
    Event<SignedInEvent> signedIn;
    @Inject
    Event<SessionSwitchedEvent> sessionSwitched;
    @Inject
    Event<OrganizationSwitchedEvent> organizationSwitched;
    @Inject
    Event<SignedOutEvent> signedOut;
    @Inject
    Event<TaskCompletedEvent> taskCompleted;

    private final AtomicReference<MultiSessionRuntime> attached = new AtomicReference<>();

    void applicationStarted(@Observes @Initialized(ApplicationScoped.class) ServletContext context) {
        attach(context);
    }

    void requestStarted(@Observes @Initialized(RequestScoped.class) ServletRequest request) {
        if (attached.get() == null) {
            attach(request.getServletContext());
        }
    }

    private void attach(ServletContext context) {
        if (context.getAttribute(MultiSessionRuntime.ATTRIBUTE) instanceof MultiSessionRuntime runtime
                && attached.compareAndSet(null, runtime)) {
            runtime.addListener(new Bridge());
        }
    }

    /** The listener added to the runtime: builds the payloads and fires the events. */
    private final class Bridge implements AccountListener {
        @Override
        public void signedIn(SessionClaims claims) {
            Session session = directories.session(claims, claims.status());
            signedIn.fire(new SignedInEvent(session, session.user()));
        }

        @Override
        public void switchedSession(SessionClaims from, SessionClaims to) {
            Session now = directories.session(to, to.status());
            Optional<Session> before = Optional.ofNullable(from).map(c -> directories.session(c, c.status()));
            sessionSwitched.fire(new SessionSwitchedEvent(before, now, now.user()));
        }

        @Override
        public void switchedOrganization(SessionClaims claims, Optional<Organization> from, Optional<Organization> to) {
            Session session = directories.session(claims, claims.status());
            organizationSwitched.fire(new OrganizationSwitchedEvent(session, session.user(), from,
                    session.activeOrganization()));
        }

        @Override
        public void taskCompleted(SessionClaims claims, String task) {
            Session session = directories.session(claims, claims.status());
            taskCompleted.fire(new TaskCompletedEvent(session, session.user(), task));
        }

        @Override
        public void signedOut(SessionClaims claims) {
            Session session = directories.session(claims, SessionStatus.ENDED);
            signedOut.fire(new SignedOutEvent(session, session.user()));
        }
    }
}
