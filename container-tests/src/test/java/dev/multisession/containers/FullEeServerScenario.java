package dev.multisession.containers;

import dev.multisession.servlet.testing.Browser;
import org.junit.jupiter.api.Test;

import java.net.URI;
import java.time.Duration;
import java.util.List;
import java.util.Map;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * The probe scenario on a full Jakarta EE 10 server (its own CDI, Jakarta Authentication and
 * Security), plus what only such a server has: {@code SecurityContext} and a {@code @RolesAllowed}
 * EJB. The WARs carry no Weld, and the probe registers nothing: the server's security comes from
 * the CDI module's Jakarta Security mechanism, which the extension adds by itself.
 */
abstract class FullEeServerScenario extends ProbeScenario {
    @Override
    Map<String, String> probeParams() {
        return Map.of("probe.register-auth-module", "false");
    }

    @Override
    boolean fullEeServer() {
        return true;
    }

    /** Waits until the probe and every other WAR that must start answer (a server deploys them one by one). */
    static void awaitDeployments(ServerProcess server, URI origin) throws InterruptedException {
        server.awaitStatus(origin.resolve(CONTEXT + "/who"), 200, Duration.ofMinutes(5));
        for (String context : List.of(DEMO_CONTEXT, METADATA_COMPLETE_CONTEXT, DECLARED_CONTEXT, DISABLED_CONTEXT)) {
            server.awaitStatus(origin.resolve(context + "/sign-in"), 200, Duration.ofMinutes(2));
        }
    }

    @Test
    void securityContextNamesTheAccountThisRequestChose() {
        Browser browser = signedIn("alice", "bob");
        assertEquals("alice", lines(browser.get("/ee/security-context?authuser=0")).get("caller"));
        assertEquals("bob", lines(browser.get("/ee/security-context?authuser=1")).get("caller"));
    }

    /** What {@code SecurityContext.getCallerPrincipal()} names for a request nobody authenticated: none, by the specification. */
    String unauthenticatedCaller() {
        return "null";
    }

    @Test
    void signedOutRequestsHaveNoSecurityContextCaller() {
        assertEquals(unauthenticatedCaller(), lines(browser().get("/ee/security-context")).get("caller"));
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
}
