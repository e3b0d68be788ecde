package dev.multisession.cdi;

import dev.multisession.cdi.app.MechanismServlet;
import dev.multisession.cdi.security.MultiSessionAuthenticationMechanism;
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

import static org.junit.jupiter.api.Assertions.assertEquals;

/**
 * Where Jakarta Security's API is present (full EE servers; here on the test class path), the
 * extension adds {@link MultiSessionAuthenticationMechanism} as the app's mechanism, with no
 * registration call. {@link OwnAuthenticationMechanismTest}: an app with a mechanism of its own keeps only its own.
 */
@ExtendWith(ArquillianExtension.class)
@RunAsClient
class AuthenticationMechanismTest {

    @Deployment(testable = false)
    static WebArchive plain() {
        return Deployments.war("mechanism-plain", MechanismServlet.class);
    }

    @ArquillianResource
    URL base;

    @Test
    void anAppWithoutAMechanismGetsTheLibrarysMechanism() {
        assertEquals(MultiSessionAuthenticationMechanism.class.getName(), new Browser(base).get("/mechanisms").value("mechanisms"));
    }
}
