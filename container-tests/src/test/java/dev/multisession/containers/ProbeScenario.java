package dev.multisession.containers;

import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;

import java.net.URI;
import java.net.URLDecoder;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.stream.Collectors;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assertions.fail;

/**
 * The one scenario every container runs: the probe WAR (the library's jars in WEB-INF/lib, a
 * sign-in servlet, {@code /who}, an {@code @ApplicationScoped} bean with {@code @Inject User}, route
 * rules and a web.xml {@code <security-constraint>} on {@code /secure/*} for {@code org:admin}),
 * as a new user deploys it at {@code /probe}. alice is {@code org:admin}, bob {@code org:member}.
 * A subclass only starts its container ({@link #start}).
 */
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
abstract class ProbeScenario {
    static final String CONTEXT = "/probe";
    /** The probe with {@code multisession.selection.path-prefix=true}: its deployment must be refused. */
    static final String PATH_PREFIX_CONTEXT = "/probe-prefix";

    private Deployment deployment;

    /**
     * Starts the container with {@code wars} deployed, each at the context path named after its
     * file ({@code probe.war} at {@code /probe}), and waits until it answers.
     */
    abstract Deployment start(List<Path> wars, Path workDir) throws Exception;

    /** Context parameters this container's copy of the probe gets on top of its web.xml. */
    java.util.Map<String, String> probeParams() {
        return java.util.Map.of();
    }

    /** Extra jars the container needs in WEB-INF/lib (Weld on servlet containers). */
    List<Path> containerLibs() {
        return List.of();
    }

    @BeforeAll
    void startContainer() throws Exception {
        Path work = Path.of(System.getProperty("container.dir", "target/containers")).resolve(getClass().getSimpleName());
        deleteRecursively(work); // a server's state from an earlier run (deployed apps, unpacked WARs) is not this run's
        Files.createDirectories(work);
        ProbeWar probe = new ProbeWar().withLibs(containerLibs());
        ProbeWar prefix = new ProbeWar().withLibs(containerLibs()).withContextParam("multisession.selection.path-prefix", "true");
        probeParams().forEach((k, v) -> {
            probe.withContextParam(k, v);
            prefix.withContextParam(k, v);
        });
        deployment = start(List.of(probe.writeTo(work.resolve("wars"), CONTEXT.substring(1)),
                prefix.writeTo(work.resolve("wars"), PATH_PREFIX_CONTEXT.substring(1))), work);
    }

    @AfterAll
    void stopContainer() throws Exception {
        if (deployment != null) {
            deployment.stop();
        }
    }

    Browser browser() {
        return new Browser(deployment.origin().resolve(CONTEXT));
    }

    // ---- sign-in and choosing the account --------------------------------------------------------

    @Test
    void signInMakesTheUserTheRemoteUser() {
        Browser browser = browser().signIn("alice");
        assertEquals("alice", browser.get("/who").remoteUser());
    }

    @Test
    void aSecondSignInAddsAnAccountThatBecomesActive() {
        Browser browser = browser().signIn("alice").signIn("bob");
        assertEquals("bob", browser.get("/who").remoteUser());
        assertEquals("alice", browser.get("/who?authuser=0").remoteUser(), "alice is still signed in");
    }

    @Test
    void authuserChoosesTheAccountOfThisRequest() {
        Browser browser = browser().signIn("alice").signIn("bob");
        assertEquals("alice", browser.get("/who?authuser=0").remoteUser());
        assertEquals("bob", browser.get("/who?authuser=1").remoteUser());
    }

    @Test
    void sessionIdHeaderChoosesTheAccountOfThisRequest() {
        Browser browser = browser().signIn("alice").signIn("bob");
        assertEquals("alice", browser.get("/who", "X-Session-Id", "0").remoteUser());
        assertEquals("bob", browser.get("/who", "X-Session-Id", "1").remoteUser());
    }

    // ---- route rules ------------------------------------------------------------------------------

    @Test
    void signedOutPageLoadOfASignedInRouteRedirectsToSignIn() {
        Browser.Response r = browser().open("/app/inbox");
        assertEquals(302, r.status(), r.toString());
        assertTrue(r.header("Location").orElse("").contains(CONTEXT + "/sign-in"), r.toString());
    }

    @Test
    void signedOutApiCallOfASignedInRouteIs401() {
        Browser.Response r = browser().get("/api/items", "Accept", "application/json");
        assertEquals(401, r.status(), r.toString());
    }

    @Test
    void signedInUserPassesASignedInRoute() {
        Browser.Response r = browser().signIn("bob").get("/app/inbox");
        assertEquals(200, r.status(), r.toString());
        assertEquals("bob", r.remoteUser());
    }

    @Test
    void memberWithoutTheRoleIsForbiddenARoleRoute() {
        Browser.Response r = browser().signIn("bob").get("/admin/users");
        assertEquals(403, r.status(), r.toString());
    }

    @Test
    void roleHolderPassesARoleRoute() {
        Browser.Response r = browser().signIn("alice").get("/admin/users");
        assertEquals(200, r.status(), r.toString());
    }

    // ---- CDI ----------------------------------------------------------------------------------------

    @Test
    void injectedUserInAnApplicationScopedBeanIsTheAccountThisRequestChose() {
        Browser browser = browser().signIn("alice").signIn("bob");
        assertEquals("alice", browser.get("/bean?authuser=0").lines().get("bean"));
        assertEquals("bob", browser.get("/bean?authuser=1").lines().get("bean"));
    }

    // ---- the container's own security: web.xml <security-constraint>, isUserInRole --------------------

    @Test
    void webXmlConstraintAdmitsTheRoleHolder() {
        Browser.Response r = browser().signIn("alice").get("/secure/report");
        assertEquals(200, r.status(), r.toString());
        assertEquals("alice", r.remoteUser());
    }

    @Test
    void webXmlConstraintForbidsAMemberWithoutTheRole() {
        Browser.Response r = browser().signIn("bob").get("/secure/report");
        assertEquals(403, r.status(), r.toString());
    }

    @Test
    void webXmlConstraintFollowsTheAccountThisRequestChose() {
        Browser browser = browser().signIn("alice").signIn("bob");
        assertEquals(200, browser.get("/secure/report?authuser=0").status(), "alice is org:admin");
        assertEquals(403, browser.get("/secure/report?authuser=1").status(), "bob is not");
    }

    @Test
    void webXmlConstraintRefusesSignedOutRequests() {
        Browser.Response r = browser().get("/secure/report");
        assertTrue(r.status() == 401 || r.status() == 403 || r.status() == 302, r.toString());
        assertFalse(r.body().contains("remoteUser="), "the servlet was not reached: " + r);
    }

    @Test
    void isUserInRoleAnswersForTheAccountThisRequestChose() {
        Browser browser = browser().signIn("alice").signIn("bob");
        assertEquals("true", browser.get("/who?authuser=0&role=org:admin").lines().get("inRole"));
        assertEquals("false", browser.get("/who?authuser=1&role=org:admin").lines().get("inRole"));
    }

    // ---- /u/N/ never reaches what the unprefixed URL refuses ----------------------------------------

    @Test
    void pathPrefixNeverReachesAConstrainedPathThatTheUnprefixedUrlForbids() {
        Browser browser = browser().signIn("alice").signIn("bob");
        assertEquals(403, browser.get("/secure/report?authuser=1").status(), "precondition: bob is refused");
        Browser.Response prefixed = browser.get("/u/1/secure/report");
        assertNotEquals(200, prefixed.status(), prefixed.toString());
        assertFalse(prefixed.body().contains("remoteUser="), prefixed.toString());
    }

    @Test
    void pathPrefixNeverReachesAConstrainedPathSignedOut() {
        Browser.Response prefixed = browser().get("/u/0/secure/report");
        assertNotEquals(200, prefixed.status(), prefixed.toString());
        assertFalse(prefixed.body().contains("remoteUser="), prefixed.toString());
    }

    @Test
    void pathPrefixSelectionWithAWebXmlSecurityConstraintIsRefusedAtDeployment() {
        Browser prefixApp = new Browser(deployment.origin().resolve(PATH_PREFIX_CONTEXT));
        Browser.Response r = prefixApp.get("/who");
        assertNotEquals(200, r.status(), "the app with path-prefix selection and a <security-constraint> must not serve: " + r);
        String log = deployment.log();
        assertTrue(log.contains("multisession.selection.path-prefix") && log.contains("security-constraint"),
                "the container's log names both settings; log tail:\n" + tail(log));
    }

    // ---- whole visits ---------------------------------------------------------------------------------

    @Test
    void noResponseCarriesTwoSetCookieHeadersForOneCookieName() {
        Browser browser = browser();
        browser.open("/app/inbox");
        browser.signIn("alice").signIn("bob");
        browser.get("/who?authuser=0");
        browser.get("/secure/report?authuser=0");
        browser.get("/bean?authuser=1");
        assertEquals(303, browser.postForm("/multisession/switch", Map.of("index", "0")).status(), "switch");
        assertEquals(303, browser.postForm("/multisession/sign-out", Map.of("index", "1")).status(), "sign-out of one");
        Browser stale = browser.copy();
        assertEquals(303, browser.postForm("/multisession/sign-out", Map.of("all", "true")).status(), "sign-out of all");
        browser.get("/who");
        // the jar from before the sign-out comes back (a restored tab): its cookies are cleaned up as carol signs in
        stale.signIn("carol");
        stale.get("/who");
        List<String> duplicates = new ArrayList<>();
        for (Browser.Response r : concat(browser.history(), stale.history())) {
            Map<String, Integer> count = new HashMap<>();
            for (String setCookie : r.all("Set-Cookie")) {
                count.merge(setCookie.substring(0, Math.max(0, setCookie.indexOf('='))).trim(), 1, Integer::sum);
            }
            count.forEach((name, n) -> {
                if (n > 1) {
                    duplicates.add(name + " x" + n + " in " + r);
                }
            });
        }
        assertTrue(duplicates.isEmpty(), String.join("\n", duplicates));
    }

    private static List<Browser.Response> concat(List<Browser.Response> a, List<Browser.Response> b) {
        List<Browser.Response> all = new ArrayList<>(a);
        all.addAll(b);
        return all;
    }

    @Test
    void theSignInRedirectLeadsBackIntoTheContextPathOnce() {
        Browser browser = browser();
        Browser.Response challenge = browser.open("/app/inbox?x=1");
        assertEquals(302, challenge.status(), challenge.toString());
        String redirectUrl = queryParameter(challenge.header("Location").orElseThrow(), "redirect_url");
        browser.signIn("alice");
        Browser.Response back = browser.get("/multisession/refresh?redirect_url="
                + java.net.URLEncoder.encode(redirectUrl, StandardCharsets.UTF_8));
        assertEquals(CONTEXT + "/app/inbox", URI.create(back.header("Location").orElse("")).getPath(),
                "following the app's own sign-in round trip: " + challenge + " / " + back);
    }

    @Test
    void signOutRedirectStaysInTheContextPath() {
        Browser browser = browser().signIn("alice");
        Browser.Response r = browser.postForm("/multisession/sign-out", Map.of("all", "true"));
        assertTrue(r.status() == 303 || r.status() == 302, r.toString());
        String path = URI.create(r.header("Location").orElse("")).getPath();
        assertTrue(path.equals(CONTEXT) || path.startsWith(CONTEXT + "/"), r.toString());
    }

    @Test
    void noProtectedPathAnswers200SignedOut() {
        List<String> open = new ArrayList<>();
        for (String path : List.of("/app/inbox", "/api/items", "/admin/users", "/secure/report", "/bean",
                "/u/0/app/inbox", "/u/0/secure/report", "/u/0/admin/users", "/u/1/secure/report")) {
            for (String accept : List.of("text/html", "application/json", "*/*")) {
                Browser.Response r = browser().get(path, "Accept", accept);
                if (r.status() == 200) {
                    open.add(r.toString());
                }
            }
        }
        assertTrue(open.isEmpty(), "answered 200 signed out:\n" + String.join("\n", open));
    }

    private static String queryParameter(String url, String name) {
        String query = URI.create(url).getRawQuery();
        for (String pair : query == null ? new String[0] : query.split("&")) {
            if (pair.startsWith(name + "=")) {
                return URLDecoder.decode(pair.substring(name.length() + 1), StandardCharsets.UTF_8);
            }
        }
        return fail("no " + name + " in " + url);
    }

    private static void deleteRecursively(Path dir) throws java.io.IOException {
        if (Files.exists(dir)) {
            try (var paths = Files.walk(dir)) {
                for (Path p : paths.sorted(java.util.Comparator.reverseOrder()).toList()) {
                    Files.delete(p);
                }
            }
        }
    }

    static String tail(String log) {
        String[] lines = log.split("\n");
        return java.util.Arrays.stream(lines, Math.max(0, lines.length - 60), lines.length).collect(Collectors.joining("\n"));
    }
}
