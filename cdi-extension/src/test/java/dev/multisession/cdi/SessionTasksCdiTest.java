package dev.multisession.cdi;

import dev.multisession.cdi.app.EventRecorder;
import dev.multisession.cdi.app.EventsServlet;
import dev.multisession.cdi.app.GuardedService;
import dev.multisession.cdi.app.GuardedServlet;
import dev.multisession.cdi.app.AdminService;
import dev.multisession.cdi.app.TaskServlet;
import dev.multisession.cdi.testing.Browser;
import dev.multisession.cdi.testing.Deployments;
import org.jboss.arquillian.container.test.api.Deployment;
import org.jboss.arquillian.container.test.api.RunAsClient;
import org.jboss.arquillian.junit5.ArquillianExtension;
import org.jboss.arquillian.test.api.ArquillianResource;
import org.jboss.shrinkwrap.api.spec.WebArchive;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;

import java.net.URL;
import java.util.Arrays;
import java.util.List;
import java.util.Map;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * Session tasks through CDI over HTTP: a pending session is refused by the guard interceptors
 * (401 {@code session_pending}), {@code Auth} sees it signed in only on its task's page,
 * {@code SessionTasks} reaches it everywhere and completes its task, firing
 * {@code TaskCompletedEvent}.
 */
@ExtendWith(ArquillianExtension.class)
@RunAsClient
class SessionTasksCdiTest {

    @Deployment(testable = false)
    static WebArchive app() {
        return Deployments.war("tasks", Map.of("multisession.tasks.reset-password-url", "/task/reset-password"),
                TaskServlet.class, GuardedServlet.class, GuardedService.class, AdminService.class,
                EventRecorder.class, EventsServlet.class);
    }

    @ArquillianResource
    URL base;

    private Browser pending(String user, String task) {
        Browser browser = new Browser(base);
        assertEquals(200, browser.post("/login", Map.of("user", user, "tasks", task)).status());
        return browser;
    }

    @Test
    void aGuardedMethodRefusesAPendingSessionWith401SessionPending() {
        Browser.Response r = pending("ivan", "reset-password").get("/guarded/signed-in", "Accept", "application/json");

        assertEquals(401, r.status());
        assertTrue(r.body().contains("session_pending"), r.body());
    }

    @Test
    void onItsTasksPageAuthSeesThePendingSessionSignedIn() {
        Browser.Response r = pending("judy", "reset-password").get("/task/reset-password");

        assertEquals("true", r.value("signedIn"));
        assertEquals("PENDING", r.value("status"));
        assertEquals("reset-password", r.value("current"));
    }

    @Test
    void elsewhereAuthSeesItSignedOutButSessionTasksStillNamesTheTask() {
        Browser.Response r = pending("ken", "reset-password").get("/task/other");

        assertEquals("false", r.value("signedIn"));
        assertEquals("reset-password", r.value("current"));
        assertEquals("ken", r.value("pendingUser"));
    }

    @Test
    void completingTheTaskFiresTaskCompletedAndOpensTheGuardedMethods() {
        Browser browser = pending("liam", "reset-password");

        Browser.Response done = browser.post("/task/reset-password", Map.of("task", "reset-password"));

        assertEquals("true", done.value("completed"));
        assertEquals(200, browser.get("/guarded/signed-in").status());
        List<String> events = Arrays.stream(new Browser(base).get("/events").body().split("\n"))
                .filter(l -> l.startsWith("task-completed user=liam")).toList();
        assertEquals(1, events.size(), events.toString());
        assertTrue(events.get(0).contains(" task=reset-password "), events.get(0));
        assertTrue(events.get(0).endsWith(" status=ACTIVE"), "the event carries the session as it is now: " + events.get(0));
    }
}
