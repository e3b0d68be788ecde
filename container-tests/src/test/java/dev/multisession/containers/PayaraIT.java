package dev.multisession.containers;

import java.net.URI;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;

import dev.multisession.servlet.testing.Browser;
import org.junit.jupiter.api.Test;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * Payara Micro 6 (a full Jakarta EE 10 server: its own CDI, Jakarta Authentication and Security),
 * {@code java -jar payara-micro.jar} on a free port, both WARs deployed at startup. The WAR is the
 * probe as built: no Weld, the server brings CDI.
 */
class PayaraIT extends ProbeScenario {
    /**
     * No registration call: the container's security must come from the CDI module's Jakarta
     * Security mechanism, which the extension adds by itself on a full EE server.
     */
    @Override
    Map<String, String> probeParams() {
        return Map.of("probe.register-auth-module", "false");
    }

    /** Payara brings CDI: the WARs carry no Weld. */
    @Override
    boolean fullEeServer() {
        return true;
    }

    @Test
    void securityContextNamesTheAccountThisRequestChose() {
        Browser browser = signedIn("alice", "bob");
        assertEquals("alice", lines(browser.get("/ee/security-context?authuser=0")).get("caller"));
        assertEquals("bob", lines(browser.get("/ee/security-context?authuser=1")).get("caller"));
    }

    @Test
    void signedOutRequestsHaveNoSecurityContextCaller() {
        assertEquals("null", lines(browser().get("/ee/security-context")).get("caller"));
    }

    /**
     * The server's own role checks see the groups the mechanism gave it: the filter's request hands
     * servlets the server's principal object (Payara ties its security context to it).
     */
    @Test
    void securityContextRoleFollowsTheAccountThisRequestChose() {
        Browser browser = signedIn("alice", "bob");
        Map<String, String> alice = lines(browser.get("/ee/security-context?authuser=0"));
        Map<String, String> bob = lines(browser.get("/ee/security-context?authuser=1"));
        assertEquals("true", alice.get("callerIsAdmin"), alice.toString());
        assertEquals("false", bob.get("callerIsAdmin"), bob.toString());
    }

    @Test
    void theServersOwnIsUserInRoleFollowsTheAccountThisRequestChose() {
        Browser browser = signedIn("alice", "bob");
        assertEquals("true", lines(browser.get("/ee/security-context?authuser=0")).get("containerRequestInRole"));
        assertEquals("false", lines(browser.get("/ee/security-context?authuser=1")).get("containerRequestInRole"));
    }

    @Test
    void rolesAllowedOnAnEjbFollowsTheAccountThisRequestChose() {
        Browser browser = signedIn("alice", "bob");
        assertEquals("allowed", lines(browser.get("/ee/ejb?authuser=0")).get("ejb"));
        assertTrue(lines(browser.get("/ee/ejb?authuser=1")).getOrDefault("ejb", "").startsWith("denied"));
    }

    @Test
    void signedOutCallerIsDeniedTheRolesAllowedEjb() {
        Browser.Response r = browser().get("/ee/ejb");
        assertTrue(lines(r).getOrDefault("ejb", "").startsWith("denied"), r.toString());
    }
    @Override
    Deployment start(List<Path> wars, Path workDir) throws Exception {
        Path jar = Path.of(System.getProperty("payara.jar", "target/containers/payara-micro.jar"));
        if (!Files.isRegularFile(jar)) {
            throw new IllegalStateException(jar + " is missing: run with -Pfull-server (the profile fetches Payara Micro)");
        }
        int port = ServerProcess.freePort();
        Path root = workDir.resolve("payara-root");
        List<String> command = new ArrayList<>(List.of(Path.of(System.getProperty("java.home"), "bin", "java").toString(),
                "-Xmx768m", "-jar", jar.toAbsolutePath().toString(),
                "--nocluster", "--port", String.valueOf(port), "--rootdir", root.toAbsolutePath().toString()));
        for (Path war : wars) {
            command.add("--deploy");
            command.add(war.toAbsolutePath().toString());
        }
        ServerProcess server = ServerProcess.start(command, workDir, workDir.resolve("payara.log"));
        URI origin = Deployment.localOrigin(port);
        try {
            server.awaitStatus(origin.resolve(CONTEXT + "/who"), 200, Duration.ofMinutes(5));
            for (String context : List.of(DEMO_CONTEXT, METADATA_COMPLETE_CONTEXT, DECLARED_CONTEXT, DISABLED_CONTEXT)) {
                server.awaitStatus(origin.resolve(context + "/sign-in"), 200, Duration.ofMinutes(2));
            }
        } catch (RuntimeException | InterruptedException e) {
            server.stop();
            throw e;
        }
        return new Deployment(origin, server::log, server::stop);
    }
}
