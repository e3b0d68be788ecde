package dev.multisession.cdi;

import dev.multisession.cdi.app.CountingUserDirectory;
import dev.multisession.cdi.app.SecondUserDirectory;
import org.eclipse.jetty.ee10.servlet.ServletContextHandler;
import org.eclipse.jetty.server.Server;
import org.eclipse.jetty.util.resource.ResourceFactory;
import org.jboss.weld.environment.servlet.Listener;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.io.InputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;

import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * Two {@code UserDirectory} beans fail the deployment with a message naming both, rather than
 * one being picked. Runs Weld on a plain Jetty context whose {@code WEB-INF/classes} holds the
 * two beans (Arquillian's Jetty container hides why a deployment failed behind its own error).
 */
class AmbiguousDirectoryTest {

    @Test
    void twoUserDirectoryBeansFailTheDeploymentNamingBoth(@TempDir Path webapp) throws Exception {
        Files.createDirectories(webapp.resolve("WEB-INF"));
        Files.writeString(webapp.resolve("WEB-INF/beans.xml"),
                "<beans xmlns=\"https://jakarta.ee/xml/ns/jakartaee\" version=\"4.0\" bean-discovery-mode=\"annotated\"/>");
        for (Class<?> bean : List.of(CountingUserDirectory.class, SecondUserDirectory.class)) {
            String file = bean.getName().replace('.', '/') + ".class";
            Path target = webapp.resolve("WEB-INF/classes").resolve(file);
            Files.createDirectories(target.getParent());
            try (InputStream in = bean.getClassLoader().getResourceAsStream(file)) {
                Files.copy(in, target);
            }
        }
        Server server = new Server(0);
        ServletContextHandler context = new ServletContextHandler(ServletContextHandler.NO_SESSIONS);
        context.setContextPath("/ambiguous");
        context.setBaseResource(ResourceFactory.of(server).newResource(webapp));
        context.addEventListener(new Listener());
        server.setHandler(context);
        List<Throwable> failures = new ArrayList<>();
        try {
            Exception e = assertThrows(Exception.class, server::start);
            for (Throwable t = e; t != null; t = t.getCause()) {
                failures.add(t);
            }
        } finally {
            server.stop();
        }
        String messages = failures.stream().map(String::valueOf).reduce("", (a, b) -> a + "\n" + b);
        assertTrue(messages.contains("2 beans implement dev.multisession.cdi.UserDirectory"), messages);
        assertTrue(messages.contains(CountingUserDirectory.class.getName()) && messages.contains(SecondUserDirectory.class.getName()),
                messages);
    }
}
