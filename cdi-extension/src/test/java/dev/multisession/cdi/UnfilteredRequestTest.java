package dev.multisession.cdi;

import dev.multisession.cdi.app.GuardedService;
import dev.multisession.cdi.app.UnfilteredServlet;
import dev.multisession.cdi.testing.Browser;
import dev.multisession.cdi.testing.Deployments;
import dev.multisession.servlet.UnfilteredRequestException;
import org.jboss.arquillian.container.test.api.Deployment;
import org.jboss.arquillian.container.test.api.RunAsClient;
import org.jboss.arquillian.junit5.ArquillianExtension;
import org.jboss.arquillian.test.api.ArquillianResource;
import org.jboss.shrinkwrap.api.spec.WebArchive;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

import java.net.URL;
import java.util.Map;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * Fail closed in CDI: on a request {@code MultiSessionFilter} never saw (the app's
 * {@code web.xml} maps it for {@code /who/*} and {@code /login} only), every injected bean
 * ({@code Session}, {@code User}, {@code Organization}, {@code Auth}, {@code SignedInSessions})
 * and every guard interceptor throws {@link UnfilteredRequestException} naming the fix,
 * instead of reading the request as signed out.
 */
@ExtendWith(ArquillianExtension.class)
@RunAsClient
class UnfilteredRequestTest {

    @Deployment(testable = false)
    static WebArchive app() {
        return Deployments.warWithWebXml("unfiltered", """
                <filter><filter-name>auth</filter-name>
                  <filter-class>dev.multisession.servlet.MultiSessionFilter</filter-class></filter>
                <filter-mapping><filter-name>auth</filter-name><url-pattern>/who/*</url-pattern></filter-mapping>
                <filter-mapping><filter-name>auth</filter-name><url-pattern>/login</url-pattern></filter-mapping>
                """, UnfilteredServlet.class, GuardedService.class);
    }

    @ArquillianResource
    URL base;

    @ParameterizedTest(name = "{0}")
    @ValueSource(strings = {"user", "session", "organization", "auth", "sessions", "guarded"})
    void injectedBeanOnARequestTheFilterNeverSawThrowsNamingTheFix(String bean) {
        Browser.Response r = new Browser(base).get("/unfiltered/" + bean);
        assertEquals(200, r.status(), r.body());
        Map<String, String> seen = r.values();
        assertEquals("thrown", seen.get("outcome"), r.body());
        assertEquals(UnfilteredRequestException.class.getSimpleName(), seen.get("exception"), r.body());
        assertTrue(seen.get("message").contains("declare dev.multisession.servlet.MultiSessionFilter for /* in web.xml"),
                seen.get("message"));
    }

    @Test
    void controlTheSameBeansBehindTheFilterAnswer() {
        Browser browser = new Browser(base);
        browser.signIn("alice", null);
        assertEquals("alice", browser.get("/who/servlet").value("user"));
        assertEquals("true", browser.get("/who/auth").value("signedIn"));
    }
}
