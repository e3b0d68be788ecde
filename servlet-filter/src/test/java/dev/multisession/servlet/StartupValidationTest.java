package dev.multisession.servlet;

import dev.multisession.core.config.ConfigurationException;
import org.eclipse.jetty.ee10.servlet.ServletContextHandler;
import org.eclipse.jetty.server.Server;
import org.junit.jupiter.api.Test;

import java.util.Arrays;

import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * A configuration mistake fails the deployment when the jar registers itself, not only when the
 * filter starts: some containers (Payara) serve an app whose filter failed to start, and its
 * route rules would protect nothing.
 */
class StartupValidationTest {

    private static ConfigurationException deploymentFailure(String key, String value) {
        Server server = new Server(0);
        ServletContextHandler context = new ServletContextHandler(ServletContextHandler.NO_SESSIONS);
        context.setContextPath("/");
        context.setInitParameter(key, value);
        context.addServletContainerInitializer(new MultiSessionInitializer());
        server.setHandler(context);
        Exception start = assertThrows(Exception.class, () -> {
            try {
                server.start();
            } finally {
                server.stop();
            }
        });
        ConfigurationException failure = null;
        for (Throwable t = start; t != null && failure == null; t = t.getCause()) {
            failure = t instanceof ConfigurationException c ? c : null;
        }
        assertNotNull(failure, "the deployment failed, but not with a ConfigurationException: " + start);
        return failure;
    }

    private static boolean thrownByTheInitializer(ConfigurationException failure) {
        return Arrays.stream(failure.getStackTrace()).anyMatch(f -> f.getClassName().equals(MultiSessionInitializer.class.getName()))
                && Arrays.stream(failure.getStackTrace()).noneMatch(f -> f.getClassName().equals(MultiSessionFilter.class.getName()));
    }

    @Test
    void aBadValueFailsTheDeploymentInTheInitializerBeforeTheFilterStarts() {
        ConfigurationException failure = deploymentFailure("multisession.token.lifetime", "soon");
        assertTrue(failure.getMessage().contains("multisession.token.lifetime"), failure.getMessage());
        assertTrue(thrownByTheInitializer(failure), "refused at registration, not at filter start");
    }

    @Test
    void aBadRouteRuleFailsTheDeploymentInTheInitializer() {
        ConfigurationException failure = deploymentFailure("multisession.routes", "/admin/* => sudo");
        assertTrue(failure.getMessage().contains("multisession.routes"), failure.getMessage());
        assertTrue(thrownByTheInitializer(failure));
    }

    @Test
    void aMisspeltKeyFailsTheDeploymentInTheInitializer() {
        ConfigurationException failure = deploymentFailure("multisession.token.lifetim", "60s");
        assertTrue(thrownByTheInitializer(failure), failure.getMessage());
    }
}
