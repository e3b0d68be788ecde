package dev.multisession.cdi;

import dev.multisession.cdi.app.AppMechanism;
import dev.multisession.cdi.app.MechanismServlet;
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
 * An app with a Jakarta Security mechanism of its own keeps only its own: the extension does
 * not add {@code MultiSessionAuthenticationMechanism} (two would be ambiguous and fail the deployment).
 */
@ExtendWith(ArquillianExtension.class)
@RunAsClient
class OwnAuthenticationMechanismTest {

    @Deployment(testable = false)
    static WebArchive withItsOwnMechanism() {
        return Deployments.war("mechanism-own", MechanismServlet.class, AppMechanism.class);
    }

    @ArquillianResource
    URL base;

    @Test
    void anAppWithItsOwnMechanismKeepsOnlyItsOwn() {
        assertEquals(AppMechanism.class.getName(), new Browser(base).get("/mechanisms").value("mechanisms"));
    }
}
