package dev.multisession.cdi.app;

import dev.multisession.cdi.events.OrganizationSwitchedEvent;
import dev.multisession.cdi.events.SessionSwitchedEvent;
import dev.multisession.cdi.events.SignedInEvent;
import dev.multisession.cdi.events.SignedOutEvent;
import dev.multisession.cdi.events.TaskCompletedEvent;
import dev.multisession.core.model.Organization;
import dev.multisession.core.model.Session;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.enterprise.event.Observes;

import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;

/** Records every account event as one line. Throws after recording a sign-in of "mallory", to show observers cannot veto. */
@ApplicationScoped
public class EventRecorder {
    private final List<String> lines = new CopyOnWriteArrayList<>();

    void signedIn(@Observes SignedInEvent e) {
        lines.add("signed-in user=" + e.user().id() + " name=" + e.user().name().orElse("-") + " session="
                + e.session().id() + " index=" + e.session().index() + " status=" + e.session().status()
                + " sessionUser=" + e.session().userId());
        if (e.user().id().equals("mallory")) {
            throw new IllegalStateException("an observer that fails");
        }
    }

    void switched(@Observes SessionSwitchedEvent e) {
        lines.add("switched from=" + e.from().map(Session::userId).orElse("-") + " to=" + e.to().userId()
                + " user=" + e.user().id() + " session=" + e.to().id());
    }

    void organization(@Observes OrganizationSwitchedEvent e) {
        lines.add("organization user=" + e.user().id() + " from=" + e.from().map(Organization::slug).orElse("-")
                + " to=" + e.to().map(Organization::slug).orElse("-") + " sessionOrg="
                + e.session().activeOrganization().map(Organization::slug).orElse("-") + " session=" + e.session().id());
    }

    void signedOut(@Observes SignedOutEvent e) {
        lines.add("signed-out user=" + e.user().id() + " session=" + e.session().id() + " status=" + e.session().status());
    }

    void taskCompleted(@Observes TaskCompletedEvent e) {
        lines.add("task-completed user=" + e.user().id() + " task=" + e.task() + " session=" + e.session().id()
                + " status=" + e.session().status());
    }

    public List<String> lines() {
        return List.copyOf(lines);
    }
}
