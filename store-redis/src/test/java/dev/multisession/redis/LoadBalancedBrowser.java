package dev.multisession.redis;

import dev.multisession.servlet.testing.Browser;
import dev.multisession.servlet.testing.SignIns;
import dev.multisession.servlet.testing.TestApp;

import java.util.LinkedHashMap;
import java.util.Map;
import java.util.function.Function;

import static org.junit.jupiter.api.Assertions.assertNotNull;

/**
 * One browser whose cookies every node of an app sees (same host, behind one load balancer
 * without sticky sessions): one cookie jar, copied into a node-bound {@link Browser} before each
 * request and taken back (with whatever the node set or deleted) after it.
 *
 * <pre>{@code
 * LoadBalancedBrowser browser = new LoadBalancedBrowser(nodeA, nodeB);
 * browser.signIn(nodeA, "alice", null);
 * assertEquals("alice", browser.get(nodeB, "/whoami").user());
 * }</pre>
 */
final class LoadBalancedBrowser {
    private final Map<String, String> jar = new LinkedHashMap<>();
    private final Map<TestApp, Browser> browsers = new LinkedHashMap<>();

    LoadBalancedBrowser(TestApp... nodes) {
        for (TestApp node : nodes) {
            browsers.put(node, node.browser());
        }
    }

    synchronized Browser.Response on(TestApp node, Function<Browser, Browser.Response> request) {
        Browser b = browsers.get(node);
        b.cookies().keySet().stream().filter(n -> !jar.containsKey(n)).toList().forEach(b::removeCookie);
        jar.forEach(b::setCookie);
        Browser.Response r = request.apply(b);
        jar.clear();
        jar.putAll(b.cookies());
        return r;
    }

    Browser.Response get(TestApp node, String path) {
        return on(node, b -> b.get(path));
    }

    /** Signs in through the node's login form, expecting success. */
    SignIns.SignedIn signIn(TestApp node, String user, String org) {
        SignIns.SignedIn[] out = new SignIns.SignedIn[1];
        on(node, b -> {
            out[0] = SignIns.signIn(b, user, org);
            return null;
        });
        return out[0];
    }

    /** Posts the node's login form as an API client would, whatever the answer. */
    Browser.Response login(TestApp node, String user) {
        return on(node, b -> b.post("/login", Map.of("user", user), "Origin", node.origin(), "Accept", "application/json"));
    }

    Browser.Response post(TestApp node, String endpoint, Map<String, String> form) {
        return on(node, b -> b.post("/multisession/" + endpoint, form, "Origin", node.origin()));
    }

    synchronized Map<String, String> cookies() {
        return Map.copyOf(jar);
    }

    synchronized void replace(Map<String, String> cookies) {
        jar.clear();
        jar.putAll(cookies);
    }

    synchronized String clientId() {
        String cookie = jar.get("ms_client");
        assertNotNull(cookie, "the browser holds its client cookie");
        return cookie.split("\\.")[1];
    }
}
