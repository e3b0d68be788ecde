package dev.multisession.servlet;

import dev.multisession.core.config.ConfigurationException;
import dev.multisession.servlet.testing.TestApp;
import org.junit.jupiter.api.Test;

import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * A misspelt {@code multisession.*} context parameter fails the deployment with the key and the
 * nearest valid one named, through the real entry point: the auto-registered filter starting in
 * embedded Jetty. Nothing is served as if the setting had been applied.
 */
class UnknownKeyDeploymentTest {

    @Test
    void aMisspeltContextParameterFailsTheDeploymentNamingTheNearestKey() {
        Exception start = assertThrows(Exception.class,
                () -> TestApp.builder().param("multisession.sesions.max-per-client", "3").start().close());
        ConfigurationException failure = null;
        for (Throwable t = start; t != null && failure == null; t = t.getCause()) {
            failure = t instanceof ConfigurationException c ? c : null;
        }
        assertNotNull(failure, "the deployment failed, but not with a ConfigurationException: " + start);
        assertTrue(failure.getMessage().contains("multisession.sesions.max-per-client"), failure.getMessage());
        assertTrue(failure.getMessage().contains("multisession.sessions.max-per-client"), "the nearest key is suggested: "
                + failure.getMessage());
    }
}
