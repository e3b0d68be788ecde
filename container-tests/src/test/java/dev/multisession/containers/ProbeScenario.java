package dev.multisession.containers;

import dev.multisession.servlet.testing.Browser;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

import java.net.URI;
import java.net.URLDecoder;
import java.net.http.HttpClient;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Objects;
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
 * The same server also gets the probe's variants (annotation scanning off, with and without the
 * README's web.xml declaration; the kill switch; path-prefix selection, which must be refused)
 * and the example app's WAR. A subclass only starts its container ({@link #start}).
 */
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
abstract class ProbeScenario {
    static final String CONTEXT = "/probe";
    /** The probe with {@code multisession.selection.path-prefix=true}: its deployment must be refused. */
    static final String PATH_PREFIX_CONTEXT = "/probe-prefix";
    /** The example app's WAR as the build makes it, deployed unchanged. */
    static final String DEMO_CONTEXT = "/demo";
    /**
     * The probe with annotation scanning off ({@code metadata-complete="true"}, its own servlets
     * declared in web.xml): the container reads no fragment, the library's initializer registers it.
     */
    static final String METADATA_COMPLETE_CONTEXT = "/probe-complete";
    /**
     * The probe with annotation scanning off and an empty {@code <absolute-ordering/>}: no initializer
     * and no fragment of any jar runs; web.xml declares the library exactly as the README shows.
     */
    static final String DECLARED_CONTEXT = "/probe-declared";
    /** The probe with the kill switch, {@code multisession.enabled=false}: nobody is signed in, protected routes stay closed. */
    static final String DISABLED_CONTEXT = "/probe-off";
    /** Redirects not followed: the tests read them. */
    private static final HttpClient CLIENT = HttpClient.newBuilder().followRedirects(HttpClient.Redirect.NEVER)
            .connectTimeout(Duration.ofSeconds(10)).version(HttpClient.Version.HTTP_1_1).build();

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

    /** A full Jakarta EE server brings CDI; a servlet container (the default) needs Weld in each WAR. */
    boolean fullEeServer() {
        return false;
    }

    /** Extra jars the container needs in WEB-INF/lib: Weld and the CDI API on servlet containers. */
    private List<Path> containerLibs() {
        return fullEeServer() ? List.of() : ProbeWar.weldJars();
    }

    /** Which of the example's WARs this container takes: {@code weld} (servlet containers) or {@code ee} (full EE servers). */
    private String exampleFlavor() {
        return fullEeServer() ? "ee" : "weld";
    }

    /**
     * The README's web.xml declaration of the filter and the helper servlets (section "Without
     * annotation scanning: web.xml"), as written there.
     */
    static String readmeDeclarations() throws java.io.IOException {
        String readme = Files.readString(Path.of(System.getProperty("readme", "../README.md")));
        String section = readme.substring(readme.indexOf("## Without annotation scanning: web.xml"));
        int start = section.indexOf("```xml\n") + "```xml\n".length();
        String block = section.substring(start, section.indexOf("```", start));
        if (!block.contains("dev.multisession.servlet.MultiSessionFilter")) {
            throw new IllegalStateException("the README's first xml block of that section no longer declares the filter:\n" + block);
        }
        return block;
    }

    /** The example's WAR of {@link #exampleFlavor()} as its module built it. */
    private Path exampleWar() {
        Path war = Path.of(System.getProperty("example.wars", "target/example-wars"))
                .resolve("multisession-examples-" + exampleFlavor() + ".war");
        if (!Files.isRegularFile(war)) {
            throw new IllegalStateException(war + " is missing: run the module through `mvn verify` with -am (the examples module builds it)");
        }
        return war;
    }

    @BeforeAll
    void startContainer() throws Exception {
        Path work = Path.of(System.getProperty("container.dir", "target/containers")).resolve(getClass().getSimpleName());
        deleteRecursively(work); // a server's state from an earlier run (deployed apps, unpacked WARs) is not this run's
        Files.createDirectories(work);
        ProbeWar probe = new ProbeWar().withLibs(containerLibs());
        ProbeWar prefix = new ProbeWar().withLibs(containerLibs()).withContextParam("multisession.selection.path-prefix", "true");
        // annotation scanning off: the probe's own servlets and listener declared instead of annotated
        // (without the probe's EJB: with metadata-complete, a full EE server wants it in an ejb-jar.xml)
        ProbeWar complete = new ProbeWar().withLibs(containerLibs()).without(dev.multisession.probe.AdminReport.class)
                .withWebXml(ProbeWar::metadataComplete)
                .withWebXml(xml -> ProbeWar.insertFirst(xml, ProbeWar.probeDeclarations()));
        // ... and no jar's initializer or fragment (Weld's neither: its listener is declared as Weld documents)
        String declarations = readmeDeclarations() + (fullEeServer() ? ""
                : "<listener><listener-class>org.jboss.weld.environment.servlet.Listener</listener-class></listener>\n");
        ProbeWar declared = new ProbeWar().withLibs(containerLibs()).without(dev.multisession.probe.AdminReport.class)
                .withWebXml(ProbeWar::metadataComplete)
                .withWebXml(xml -> ProbeWar.insertFirst(xml, "<absolute-ordering/>\n" + declarations + ProbeWar.probeDeclarations()));
        ProbeWar disabled = new ProbeWar().withLibs(containerLibs()).withContextParam("multisession.enabled", "false");
        for (ProbeWar war : List.of(probe, prefix, complete, declared, disabled)) {
            probeParams().forEach(war::withContextParam);
        }
        Path demo = work.resolve("wars").resolve(DEMO_CONTEXT.substring(1) + ".war");
        // the refused one last: Payara Micro 6.2025.10 leaves every app after a failing one uninitialized
        // (a ConcurrentModificationException in its InitializeAllApplicationsCommand)
        deployment = start(List.of(probe.writeTo(work.resolve("wars"), CONTEXT.substring(1)),
                Files.copy(exampleWar(), demo),
                complete.writeTo(work.resolve("wars"), METADATA_COMPLETE_CONTEXT.substring(1)),
                declared.writeTo(work.resolve("wars"), DECLARED_CONTEXT.substring(1)),
                disabled.writeTo(work.resolve("wars"), DISABLED_CONTEXT.substring(1)),
                prefix.writeTo(work.resolve("wars"), PATH_PREFIX_CONTEXT.substring(1))), work);
    }

    @AfterAll
    void stopContainer() throws Exception {
        if (deployment != null) {
            deployment.stop();
        }
    }

    /** The running container. */
    Deployment deployment() {
        return deployment;
    }

    /** A new browser (an empty jar) on the probe at {@link #CONTEXT}. */
    Browser browser() {
        return browser(CONTEXT);
    }

    Browser browser(String context) {
        return new Browser(CLIENT, deployment.origin().resolve(context).toString());
    }

    /** A new browser with {@code users} signed in, in this order (the last one active). */
    Browser signedIn(String... users) {
        return signedInAt(CONTEXT, users);
    }

    /** A new browser on the probe at {@code context} with {@code users} signed in, in this order. */
    Browser signedInAt(String context, String... users) {
        Browser browser = browser(context);
        for (String user : users) {
            signIn(browser, user);
        }
        return browser;
    }

    /** Signs {@code user} in through the probe's sign-in servlet; fails unless it answers 200. */
    void signIn(Browser browser, String user) {
        Browser.Response r = postForm(browser, "/sign-in", Map.of("user", user));
        if (r.status() != 200) {
            throw new AssertionError("sign-in of " + user + " answered " + r);
        }
    }

    /** A form POST as a browser sends it from one of the app's pages (its {@code Origin}). */
    Browser.Response postForm(Browser browser, String path, Map<String, String> form) {
        return browser.post(path, form, "Origin", deployment.origin().toString());
    }

    /** The {@code key=value} lines the probe's servlets answer. */
    static Map<String, String> lines(Browser.Response r) {
        Map<String, String> lines = r.echo();
        lines.replaceAll((key, value) -> value.trim());
        return lines;
    }

    static String remoteUser(Browser.Response r) {
        return lines(r).get("remoteUser");
    }

    static String location(Browser.Response r) {
        return Objects.requireNonNullElse(r.header("Location"), "");
    }

    // ---- sign-in and choosing the account --------------------------------------------------------

    @Test
    void signInMakesTheUserTheRemoteUser() {
        Browser browser = signedIn("alice");
        assertEquals("alice", remoteUser(browser.get("/who")));
    }

    @Test
    void aSecondSignInAddsAnAccountThatBecomesActive() {
        Browser browser = signedIn("alice", "bob");
        assertEquals("bob", remoteUser(browser.get("/who")));
        assertEquals("alice", remoteUser(browser.get("/who?authuser=0")), "alice is still signed in");
    }

    @Test
    void authuserChoosesTheAccountOfThisRequest() {
        Browser browser = signedIn("alice", "bob");
        assertEquals("alice", remoteUser(browser.get("/who?authuser=0")));
        assertEquals("bob", remoteUser(browser.get("/who?authuser=1")));
    }

    @Test
    void sessionIdHeaderChoosesTheAccountOfThisRequest() {
        Browser browser = signedIn("alice", "bob");
        assertEquals("alice", remoteUser(browser.get("/who", "X-Session-Id", "0")));
        assertEquals("bob", remoteUser(browser.get("/who", "X-Session-Id", "1")));
    }

    // ---- route rules ------------------------------------------------------------------------------

    @Test
    void signedOutPageLoadOfASignedInRouteRedirectsToSignIn() {
        Browser.Response r = browser().page("/app/inbox");
        assertEquals(302, r.status(), r.toString());
        assertTrue(location(r).contains(CONTEXT + "/sign-in"), r.toString());
    }

    @Test
    void signedOutApiCallOfASignedInRouteIs401() {
        Browser.Response r = browser().get("/api/items", "Accept", "application/json");
        assertEquals(401, r.status(), r.toString());
    }

    @Test
    void signedInUserPassesASignedInRoute() {
        Browser.Response r = signedIn("bob").get("/app/inbox");
        assertEquals(200, r.status(), r.toString());
        assertEquals("bob", remoteUser(r));
    }

    @Test
    void memberWithoutTheRoleIsForbiddenARoleRoute() {
        Browser.Response r = signedIn("bob").get("/admin/users");
        assertEquals(403, r.status(), r.toString());
    }

    @Test
    void roleHolderPassesARoleRoute() {
        Browser.Response r = signedIn("alice").get("/admin/users");
        assertEquals(200, r.status(), r.toString());
    }

    // ---- CDI ----------------------------------------------------------------------------------------

    @Test
    void injectedUserInAnApplicationScopedBeanIsTheAccountThisRequestChose() {
        Browser browser = signedIn("alice", "bob");
        assertEquals("alice", lines(browser.get("/bean?authuser=0")).get("bean"));
        assertEquals("bob", lines(browser.get("/bean?authuser=1")).get("bean"));
    }

    // ---- the container's own security: web.xml <security-constraint>, isUserInRole --------------------

    @Test
    void webXmlConstraintAdmitsTheRoleHolder() {
        Browser.Response r = signedIn("alice").get("/secure/report");
        assertEquals(200, r.status(), r.toString());
        assertEquals("alice", remoteUser(r));
    }

    @Test
    void webXmlConstraintForbidsAMemberWithoutTheRole() {
        Browser.Response r = signedIn("bob").get("/secure/report");
        assertEquals(403, r.status(), r.toString());
    }

    @Test
    void webXmlConstraintFollowsTheAccountThisRequestChose() {
        Browser browser = signedIn("alice", "bob");
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
    void theLibrarysChallengeOfAConstrainedRequestCarriesItsCookieWrites() {
        Browser b = browser();
        String planted = "ms-probe_sess_01ARZ3NDEKTSV4RRFFQ69G5FAV";
        b.setCookie(planted, "not-a-token");
        Browser.Response r = b.get("/secure/report", "Accept", "application/json");
        String challenge = r.header("WWW-Authenticate");
        org.junit.jupiter.api.Assumptions.assumeTrue(challenge != null && challenge.contains("multisession"),
                "this container refuses constrained requests itself, without asking the library to challenge");
        assertEquals(401, r.status(), r.toString());
        assertTrue(r.deletedCookies().contains(planted), "the bad cookie's deletion goes out with the 401: " + r.setCookies());
    }

    @Test
    void isUserInRoleAnswersForTheAccountThisRequestChose() {
        Browser browser = signedIn("alice", "bob");
        assertEquals("true", lines(browser.get("/who?authuser=0&role=org:admin")).get("inRole"));
        assertEquals("false", lines(browser.get("/who?authuser=1&role=org:admin")).get("inRole"));
    }

    // ---- /u/N/ never reaches what the unprefixed URL refuses ----------------------------------------

    @Test
    void pathPrefixNeverReachesAConstrainedPathThatTheUnprefixedUrlForbids() {
        Browser browser = signedIn("alice", "bob");
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
        Browser prefixApp = browser(PATH_PREFIX_CONTEXT);
        Browser.Response r = prefixApp.get("/who");
        assertNotEquals(200, r.status(), "the app with path-prefix selection and a <security-constraint> must not serve: " + r);
        String log = deployment.log();
        assertTrue(log.contains("multisession.selection.path-prefix") && log.contains("security-constraint"),
                "the container's log names both settings; log tail:\n" + tail(log));
    }

    // ---- the example's WAR, deployed unchanged (demo users alice/alice123 and bob/bob123) -------------------

    /** Signs a demo user in through the demo's own sign-in form; fails unless it answers its 303. */
    private Browser.Response demoSignIn(Browser demo, String user) {
        Browser.Response r = postForm(demo, "/sign-in", Map.of("username", user, "password", user + "123"));
        assertEquals(303, r.status(), "demo sign-in of " + user + ": " + r);
        return r;
    }

    /** The user id {@code /api/me} answers (from the demo's CDI-injected beans). */
    private static String demoMe(Browser demo, String query) {
        Browser.Response r = demo.get("/api/me" + query, "Accept", "application/json");
        assertEquals(200, r.status(), r.toString());
        java.util.regex.Matcher id = java.util.regex.Pattern.compile("\"user\":\\{\"id\":\"([^\"]+)\"").matcher(r.body());
        assertTrue(id.find(), r.body());
        return id.group(1);
    }

    @Test
    void theExampleWarSignsInTwoDemoUsersAsTwoAccounts() {
        Browser demo = browser(DEMO_CONTEXT);
        assertEquals(DEMO_CONTEXT + "/", location(demoSignIn(demo, "alice")), "back to the demo's home, in its context path");
        demoSignIn(demo, "bob");
        assertEquals("bob", demoMe(demo, ""), "the newest account is active");
        assertEquals("alice", demoMe(demo, "?authuser=0"));
        assertEquals("bob", demoMe(demo, "?authuser=1"));
    }

    @Test
    void theExampleWarsSwitchMakesTheOtherAccountActive() {
        Browser demo = browser(DEMO_CONTEXT);
        demoSignIn(demo, "alice");
        demoSignIn(demo, "bob");
        Browser.Response r = postForm(demo, "/multisession/switch", Map.of("index", "0"));
        assertEquals(303, r.status(), r.toString());
        assertEquals("alice", demoMe(demo, ""));
    }

    @Test
    void theExampleWarsRouteRulesAndOrganizationDirectoryComeFromItsWebXml() {
        Browser demo = browser(DEMO_CONTEXT);
        Browser.Response signedOut = demo.page("/admin");
        assertEquals(302, signedOut.status(), signedOut.toString());
        assertTrue(location(signedOut).startsWith(DEMO_CONTEXT + "/sign-in"), signedOut.toString());
        demoSignIn(demo, "alice");
        assertEquals(403, demo.page("/admin").status(), "alice starts on her personal account");
        // the organization comes from the directory the demo's web.xml names (alice is org:admin of acme)
        assertEquals(303, postForm(demo, "/multisession/switch", Map.of("organization", "acme")).status());
        assertEquals(200, demo.page("/admin").status(), "org:admin of acme");
    }

    // ---- annotation scanning off: the library's initializer alone, or the README's web.xml declaration ----

    @ParameterizedTest(name = "{0}")
    @ValueSource(strings = {METADATA_COMPLETE_CONTEXT, DECLARED_CONTEXT})
    void withAnnotationScanningOffSignInAndTheAccountChoiceWork(String context) {
        Browser browser = signedInAt(context, "alice", "bob");
        assertEquals("bob", remoteUser(browser.get("/who")));
        assertEquals("alice", remoteUser(browser.get("/who?authuser=0")));
    }

    @ParameterizedTest(name = "{0}")
    @ValueSource(strings = {METADATA_COMPLETE_CONTEXT, DECLARED_CONTEXT})
    void withAnnotationScanningOffRouteRulesAreEnforced(String context) {
        Browser.Response signedOut = browser(context).page("/admin/users");
        assertEquals(302, signedOut.status(), signedOut.toString());
        assertTrue(location(signedOut).startsWith(context + "/sign-in"), signedOut.toString());
        assertEquals(403, signedInAt(context, "bob").get("/admin/users").status());
        assertEquals(200, signedInAt(context, "alice").get("/admin/users").status());
    }

    @ParameterizedTest(name = "{0}")
    @ValueSource(strings = {METADATA_COMPLETE_CONTEXT, DECLARED_CONTEXT})
    void withAnnotationScanningOffTheHelperServletsAnswer(String context) {
        Browser browser = signedInAt(context, "alice", "bob");
        Browser.Response sessions = browser.get("/multisession/sessions", "Accept", "application/json");
        assertEquals(200, sessions.status(), sessions.toString());
        assertTrue(sessions.body().contains("alice") && sessions.body().contains("bob"), sessions.body());
        assertEquals(303, postForm(browser, "/multisession/switch", Map.of("index", "0")).status());
        assertEquals("alice", remoteUser(browser.get("/who")));
    }

    @ParameterizedTest(name = "{0}")
    @ValueSource(strings = {METADATA_COMPLETE_CONTEXT, DECLARED_CONTEXT})
    void withAnnotationScanningOffInjectedUserIsTheAccountThisRequestChose(String context) {
        Browser browser = signedInAt(context, "alice", "bob");
        assertEquals("alice", lines(browser.get("/bean?authuser=0")).get("bean"));
        assertEquals("bob", lines(browser.get("/bean?authuser=1")).get("bean"));
    }

    @ParameterizedTest(name = "{0}")
    @ValueSource(strings = {METADATA_COMPLETE_CONTEXT, DECLARED_CONTEXT})
    void withAnnotationScanningOffTheWebXmlConstraintFollowsTheAccountThisRequestChose(String context) {
        Browser browser = signedInAt(context, "alice", "bob");
        assertEquals(200, browser.get("/secure/report?authuser=0").status(), "alice is org:admin");
        assertEquals(403, browser.get("/secure/report?authuser=1").status(), "bob is not");
    }

    // ---- the kill switch, multisession.enabled=false: fails closed ------------------------------------

    @Test
    void withTheKillSwitchRoutesThatRulesProtectAnswer503() {
        Browser browser = signedInAt(DISABLED_CONTEXT, "alice"); // Accounts still writes the cookie; nothing reads it
        for (String path : List.of("/admin/users", "/app/inbox", "/api/items", "/bean")) {
            for (String accept : List.of("text/html", "application/json")) {
                Browser.Response r = browser.get(path, "Accept", accept);
                assertEquals(503, r.status(), path + " " + accept + ": " + r);
                assertFalse(r.body().contains("remoteUser="), "the app was not reached: " + r);
            }
        }
    }

    @Test
    void withTheKillSwitchTheContainerConstraintAdmitsNobody() {
        Browser.Response r = signedInAt(DISABLED_CONTEXT, "alice").get("/secure/report");
        assertNotEquals(200, r.status(), r.toString());
        assertFalse(r.body().contains("remoteUser="), "the servlet was not reached: " + r);
    }

    @Test
    void withTheKillSwitchPublicPathsAnswerSignedOut() {
        Browser.Response r = signedInAt(DISABLED_CONTEXT, "alice").get("/who");
        assertEquals(200, r.status(), r.toString());
        assertEquals("null", remoteUser(r));
    }

    // ---- whole visits ---------------------------------------------------------------------------------

    /**
     * A whole visit: the shared {@link Browser} fails any response that sets one cookie name more
     * than once, so every response of this visit is checked.
     */
    @Test
    void noResponseCarriesTwoSetCookieHeadersForOneCookieName() {
        Browser browser = browser();
        browser.page("/app/inbox");
        signIn(browser, "alice");
        signIn(browser, "bob");
        browser.get("/who?authuser=0");
        browser.get("/secure/report?authuser=0");
        browser.get("/bean?authuser=1");
        assertEquals(303, postForm(browser, "/multisession/switch", Map.of("index", "0")).status(), "switch");
        assertEquals(303, postForm(browser, "/multisession/sign-out", Map.of("index", "1")).status(), "sign-out of one");
        Browser stale = browser.copy();
        assertEquals(303, postForm(browser, "/multisession/sign-out", Map.of("all", "true")).status(), "sign-out of all");
        browser.get("/who");
        // the jar from before the sign-out comes back (a restored tab): its cookies are cleaned up as carol signs in
        signIn(stale, "carol");
        stale.get("/who");
    }

    @Test
    void theSignInRedirectLeadsBackIntoTheContextPathOnce() {
        Browser browser = browser();
        Browser.Response challenge = browser.page("/app/inbox?x=1");
        assertEquals(302, challenge.status(), challenge.toString());
        String redirectUrl = queryParameter(Objects.requireNonNull(challenge.header("Location"), "no Location in " + challenge),
                "redirect_url");
        signIn(browser, "alice");
        Browser.Response back = browser.get("/multisession/refresh?redirect_url="
                + java.net.URLEncoder.encode(redirectUrl, StandardCharsets.UTF_8));
        assertEquals(CONTEXT + "/app/inbox", URI.create(location(back)).getPath(),
                "following the app's own sign-in round trip: " + challenge + " / " + back);
    }

    @Test
    void signOutRedirectStaysInTheContextPath() {
        Browser browser = signedIn("alice");
        Browser.Response r = postForm(browser, "/multisession/sign-out", Map.of("all", "true"));
        assertTrue(r.status() == 303 || r.status() == 302, r.toString());
        String path = URI.create(location(r)).getPath();
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
