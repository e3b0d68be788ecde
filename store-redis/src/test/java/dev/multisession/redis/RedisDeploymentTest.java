package dev.multisession.redis;

import dev.multisession.core.config.ConfigurationException;
import dev.multisession.core.model.User;
import dev.multisession.servlet.Accounts;
import dev.multisession.servlet.MultiSessionInitializer;
import jakarta.servlet.http.HttpServlet;
import jakarta.servlet.http.HttpServletRequest;
import jakarta.servlet.http.HttpServletResponse;
import org.eclipse.jetty.ee10.servlet.ServletContextHandler;
import org.eclipse.jetty.ee10.servlet.ServletHolder;
import org.eclipse.jetty.server.Server;
import org.eclipse.jetty.server.ServerConnector;
import org.junit.jupiter.api.AutoClose;
import org.junit.jupiter.api.Test;
import redis.clients.jedis.Jedis;

import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.util.Map;
import java.util.Optional;
import java.util.Set;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * What a WAR does: the jars on the class path, the filter registered by the library's
 * initializer, and two settings. The store is found by name ({@code multisession.store=redis})
 * and a bad URL fails the deployment naming its key. Undeploying closes the store: no thread and
 * no connection of it is left behind.
 */
class RedisDeploymentTest {
    @AutoClose
    private static final RedisServerProcess redis = RedisServerProcess.start();

    /** Signs in {@code ?user=} through {@link Accounts#signIn}, as an app's login servlet would. */
    public static final class LoginServlet extends HttpServlet {
        private static final long serialVersionUID = 1L;

        @Override
        protected void doPost(HttpServletRequest request, HttpServletResponse response) throws IOException {
            Accounts.signIn(request, response, User.of(request.getParameter("user")), Optional.empty());
            response.setStatus(204);
        }
    }

    private static Server deploy(Map<String, String> params) throws Exception {
        Server server = new Server();
        ServerConnector connector = new ServerConnector(server);
        connector.setHost("127.0.0.1");
        server.addConnector(connector);
        ServletContextHandler context = new ServletContextHandler(ServletContextHandler.NO_SESSIONS);
        context.setContextPath("/");
        params.forEach(context::setInitParameter);
        context.addServletContainerInitializer(new MultiSessionInitializer());
        context.addServlet(new ServletHolder(new LoginServlet()), "/login");
        server.setHandler(context);
        server.start();
        return server;
    }

    @Test
    void twoSettingsPutTheAppsSessionsInRedis() throws Exception {
        Server server = deploy(Map.of("multisession.store", "redis", "multisession.redis.url", redis.url()));
        try {
            int port = ((ServerConnector) server.getConnectors()[0]).getLocalPort();
            HttpResponse<String> r = HttpClient.newHttpClient().send(HttpRequest.newBuilder(
                            URI.create("http://127.0.0.1:" + port + "/login?user=alice"))
                    .header("Origin", "http://127.0.0.1:" + port)
                    .POST(HttpRequest.BodyPublishers.noBody()).build(), HttpResponse.BodyHandlers.ofString());
            assertEquals(204, r.statusCode(), r.body());
            try (Jedis j = redis.client()) {
                Set<String> keys = j.keys("ms:*");
                assertTrue(keys.stream().anyMatch(k -> k.startsWith("ms:{c:") && k.contains("}:s:")),
                        "the session is in Redis: " + keys);
                assertTrue(keys.contains("ms:u:alice"), "and the user's index: " + keys);
            }
        } finally {
            server.stop();
        }
        RedisServerProcess.await("the undeployed app's Redis store closed (no subscriber thread, no connection left)",
                Duration.ofSeconds(10), () -> Thread.getAllStackTraces().keySet().stream()
                        .noneMatch(t -> t.getName().equals("multisession-redis-revocations"))
                        && !clientList().contains("name=multisession"));
    }

    private static String clientList() {
        try (Jedis j = redis.client()) {
            return j.clientList();
        }
    }

    @Test
    void aBadUrlFailsTheDeploymentNamingTheKey() {
        Exception start = assertThrows(Exception.class, () -> deploy(Map.of("multisession.store", "redis",
                "multisession.redis.url", "http://user:hunter2@redis.internal:6379")).stop());
        ConfigurationException failure = null;
        for (Throwable t = start; t != null && failure == null; t = t.getCause()) {
            failure = t instanceof ConfigurationException c ? c : null;
        }
        assertNotNull(failure, "the deployment failed, but not with a ConfigurationException: " + start);
        assertTrue(failure.getMessage().contains("multisession.redis.url"), failure.getMessage());
        assertTrue(failure.getMessage().contains("redis://"), "the message shows the form to write: " + failure.getMessage());
        assertFalse(failure.getMessage().contains("hunter2"), "never the password: " + failure.getMessage());
    }
}
