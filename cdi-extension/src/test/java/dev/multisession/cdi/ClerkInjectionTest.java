package dev.multisession.cdi;

import dev.multisession.cdi.app.AdminService;
import dev.multisession.cdi.app.GuardedService;
import dev.multisession.cdi.app.GuardedServlet;
import dev.multisession.cdi.testing.Browser;
import dev.multisession.cdi.testing.Deployments;
import dev.multisession.core.clerk.testing.ClerkTokens;
import org.jboss.arquillian.container.test.api.Deployment;
import org.jboss.arquillian.container.test.api.RunAsClient;
import org.jboss.arquillian.junit5.ArquillianExtension;
import org.jboss.arquillian.test.api.ArquillianResource;
import org.jboss.shrinkwrap.api.spec.WebArchive;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;

import java.net.URL;
import java.time.Instant;
import java.util.List;
import java.util.Map;

import static org.junit.jupiter.api.Assertions.assertEquals;

/**
 * The clerk profile in a WAR on Jetty 12 with Weld: a Clerk-shaped session token (signed by a test
 * instance key, its PEM configured as Clerk's {@code jwtKey}) reaches {@code @Inject User},
 * {@code Organization} and {@code Auth}, and meets the guard interceptors, exactly as a session of
 * this library's own does.
 */
@ExtendWith(ArquillianExtension.class)
@RunAsClient
class ClerkInjectionTest {
    private static final String ISSUER = "https://clerk.example.test";
    private static final ClerkTokens CLERK = ClerkTokens.instance(ISSUER);
    private static final String USER = "user_2GIpXOEpVyJw51rkZn9Kmnc6Sxr";
    private static final String SID = "sess_2GbDB4enNdCa5vS1zpC3Xzg9tK9";

    @Deployment(testable = false)
    static WebArchive app() {
        return Deployments.war("clerk", Map.of(
                "multisession.token.profile", "clerk",
                "multisession.issuer", ISSUER,
                "multisession.verify.public-key-pem", CLERK.publicKeyPem()),
                GuardedServlet.class, GuardedService.class, AdminService.class);
    }

    @ArquillianResource
    URL base;

    private static String bearer(String token) {
        return "Bearer " + token;
    }

    @Test
    void injectedUserIsTheClerkTokensUser() {
        String token = CLERK.v1(USER, SID, Instant.now()).sign();
        assertEquals(USER, new Browser(base).get("/who/request", "Authorization", bearer(token)).value("user"));
        assertEquals(USER, new Browser(base).get("/who/application", "Authorization", bearer(token)).value("user"));
    }

    @Test
    void injectedOrganizationIsTheV2TokensOrganization() {
        String token = CLERK.v2(USER, SID, Instant.now()).org("org_1", "acme", "admin", "o:invoices", "read", "1").sign();
        Browser.Response r = new Browser(base).get("/who/organization", "Authorization", bearer(token));
        assertEquals("org_1", r.value("id"));
        assertEquals("acme", r.value("slug"));
        assertEquals("org:admin", r.value("role"));
    }

    @Test
    void injectedAuthAnswersTheFpmPermissions() {
        String token = CLERK.v2(USER, SID, Instant.now()).org("org_1", "acme", "admin", "o:invoices", "read", "1").sign();
        Browser.Response r = new Browser(base).get("/who/auth?has=org:invoices:read", "Authorization", bearer(token));
        assertEquals("true", r.value("has"));
    }

    @Test
    void aPendingClerkSessionIsNotInjectable() {
        String token = CLERK.v2(USER, SID, Instant.now()).put("sts", "pending").sign();
        assertEquals("false", new Browser(base).get("/who/auth", "Authorization", bearer(token)).value("signedIn"));
    }

    @Test
    void aClerkSessionInjectsAsASessionWithItsId() {
        String token = CLERK.v1(USER, SID, Instant.now()).orgV1("org_1", null, null, List.of()).sign();
        Browser.Response r = new Browser(base).get("/who/session", "Authorization", bearer(token));
        assertEquals(SID, r.value("id"));
        assertEquals("ACTIVE", r.value("status"));
    }

    @Test
    void theGuardsPassAClerkSessionHoldingTheRoleAndPermission() {
        String token = CLERK.v2(USER, SID, Instant.now()).org("org_1", "acme", "admin", "o:invoices", "read", "1").sign();
        assertEquals(200, new Browser(base).get("/guarded/role", "Authorization", bearer(token)).status());
        assertEquals(200, new Browser(base).get("/guarded/permission", "Authorization", bearer(token)).status());
    }

    @Test
    void theGuardsRefuseAClerkSessionWithoutTheRoleOrPermission() {
        String member = CLERK.v2(USER, SID, Instant.now()).org("org_1", "acme", "member", "o:invoices", "read", "0").sign();
        assertEquals(403, new Browser(base).get("/guarded/role", "Authorization", bearer(member)).status());
        assertEquals(403, new Browser(base).get("/guarded/permission", "Authorization", bearer(member)).status());
        assertEquals(401, new Browser(base).get("/guarded/signed-in").status());
    }
}
