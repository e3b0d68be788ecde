package dev.multisession.servlet;

import dev.multisession.core.config.ConfigurationException;
import dev.multisession.servlet.testing.TestApp;
import jakarta.servlet.annotation.HttpConstraint;
import jakarta.servlet.annotation.ServletSecurity;
import jakarta.servlet.http.HttpServlet;
import org.junit.jupiter.api.Test;

import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.nio.charset.StandardCharsets;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * {@code /u/N/} selection forwards past the container's own security constraints (checked on the
 * URL as sent), so an app that has both does not start; the message names both settings. The
 * web.xml side runs on real containers (container-tests); here the annotation side and the
 * descriptor reading.
 */
class PathPrefixUnderContainerConstraintsTest {

    /** A servlet the container itself guards. */
    @ServletSecurity(@HttpConstraint(rolesAllowed = "org:admin"))
    public static class GuardedServlet extends HttpServlet {
        private static final long serialVersionUID = 1L;
    }

    @Test
    void pathPrefixSelectionWithAServletSecurityAnnotationFailsTheDeploymentNamingBoth() {
        Exception start = assertThrows(Exception.class, () -> TestApp.builder()
                .param("multisession.selection.path-prefix", "true")
                .customize(c -> c.addServlet(GuardedServlet.class, "/secure/*")).start().close());
        ConfigurationException failure = null;
        for (Throwable t = start; t != null && failure == null; t = t.getCause()) {
            failure = t instanceof ConfigurationException c ? c : null;
        }
        assertNotNull(failure, "the deployment failed, but not with a ConfigurationException: " + start);
        assertEquals("multisession.selection.path-prefix", failure.key());
        assertTrue(failure.getMessage().contains("@ServletSecurity on " + GuardedServlet.class.getName()), failure.getMessage());
    }

    @Test
    void theSameServletWithoutPathPrefixSelectionStarts() throws Exception {
        TestApp.builder().customize(c -> c.addServlet(GuardedServlet.class, "/secure/*")).start().close();
    }

    @Test
    void pathPrefixSelectionWithoutContainerConstraintsStarts() throws Exception {
        try (TestApp app = TestApp.builder().param("multisession.selection.path-prefix", "true").start()) {
            assertEquals(200, app.browser().get("/open").status());
        }
    }

    @Test
    void aDescriptorWithASecurityConstraintDeclaresOne() throws IOException {
        assertTrue(declares("<web-app><security-constraint><web-resource-collection/></security-constraint></web-app>"));
    }

    @Test
    void aNamespacePrefixedSecurityConstraintDeclaresOne() throws IOException {
        assertTrue(declares("<j:web-app xmlns:j='x'><j:security-constraint>\n</j:security-constraint></j:web-app>"));
    }

    @Test
    void aSecurityConstraintInsideACommentDeclaresNone() throws IOException {
        assertFalse(declares("<web-app><!-- <security-constraint></security-constraint> --><security-role/></web-app>"));
    }

    private static boolean declares(String xml) throws IOException {
        return ContainerConstraints.declares(new ByteArrayInputStream(xml.getBytes(StandardCharsets.UTF_8)));
    }
}
