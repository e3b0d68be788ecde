package dev.multisession.cdi;

import dev.multisession.cdi.app.CountingOrganizationDirectory;
import dev.multisession.cdi.app.EventRecorder;
import dev.multisession.cdi.app.EventsServlet;
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

/**
 * Account events reach an {@code @ApplicationScoped} observer with the right payload; the app
 * signs in through {@code Accounts.signIn} and switches and signs out through the filter's
 * endpoints. The organization directory bean lets organizations be switched at all.
 */
@ExtendWith(ArquillianExtension.class)
@RunAsClient
class EventsTest {

    @Deployment(testable = false)
    static WebArchive app() {
        return Deployments.war("events", EventRecorder.class, EventsServlet.class, CountingOrganizationDirectory.class);
    }

    @ArquillianResource
    URL base;

    /** The recorded events that mention {@code needle}. */
    private List<String> events(String needle) {
        return Arrays.stream(new Browser(base).get("/events").body().split("\n")).filter(l -> l.contains(needle)).toList();
    }

    @Test
    void signingInFiresSignedInWithTheSessionAndUser() {
        String session = new Browser(base).signIn("frank", null).value("session");
        assertEquals(List.of("signed-in user=frank name=Frank session=" + session
                + " index=0 status=ACTIVE sessionUser=frank"), events(session));
    }

    @Test
    void switchingSessionFiresSessionSwitchedFromTheRequestsSessionToTheChosenOne() {
        Browser browser = new Browser(base);
        String grace = browser.signIn("grace", null).value("session");
        browser.signIn("heidi", null);
        assertEquals(303, browser.post("/multisession/switch", Map.of("index", "0")).status());
        assertEquals(List.of("switched from=heidi to=grace user=grace session=" + grace),
                events(grace).stream().filter(l -> l.startsWith("switched")).toList());
    }

    @Test
    void switchingOrganizationFiresOrganizationSwitchedWithBothOrganizations() {
        Browser browser = new Browser(base);
        String session = browser.signIn("alice", "acme").value("session");
        assertEquals(303, browser.post("/multisession/switch", Map.of("organization", "globex")).status());
        assertEquals(List.of("organization user=alice from=acme to=globex sessionOrg=globex session=" + session),
                events(session).stream().filter(l -> l.startsWith("organization")).toList());
    }

    @Test
    void signingOutFiresSignedOutWithTheEndedSession() {
        Browser browser = new Browser(base);
        String session = browser.signIn("ivan", null).value("session");
        assertEquals(303, browser.post("/multisession/sign-out", Map.of()).status());
        assertEquals(List.of("signed-out user=ivan session=" + session + " status=ENDED"),
                events(session).stream().filter(l -> l.startsWith("signed-out")).toList());
    }

    @Test
    void anObserverThatThrowsCannotVetoTheSignIn() {
        Browser browser = new Browser(base);
        String session = browser.signIn("mallory", null).value("session");
        assertEquals(1, events(session).size());
        assertEquals("mallory", browser.get("/who/servlet").value("user"));
    }
}
