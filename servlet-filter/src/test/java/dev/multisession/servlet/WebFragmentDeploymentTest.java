package dev.multisession.servlet;

import dev.multisession.core.testing.LogCapture;
import dev.multisession.servlet.testing.Browser;
import dev.multisession.servlet.testing.Json;
import dev.multisession.servlet.testing.WarApp;
import dev.multisession.servlet.testing.WarServlets;
import jakarta.servlet.FilterRegistration;
import jakarta.servlet.ServletRegistration;
import org.eclipse.jetty.ee10.servlet.FilterMapping;
import org.junit.jupiter.api.Test;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Arrays;
import java.util.List;
import java.util.Map;
import java.util.logging.Level;

import static dev.multisession.servlet.testing.WarApp.param;
import static dev.multisession.servlet.testing.WarApp.webXml;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * The jar deployed in a WAR's {@code WEB-INF/lib} on Jetty 12 without its {@code annotations}
 * module, where no {@code ServletContainerInitializer} runs (README, "How the filter gets into
 * the app"): its {@code META-INF/web-fragment.xml} (name {@code multisession}) declares the
 * filter and a listener that maps it for {@code /*} ahead of the app's own filters and maps the
 * helper servlets under the base path. With the initializer running too, nothing is registered
 * twice. Where {@code web.xml} turns fragments off ({@code metadata-complete}, an
 * {@code <absolute-ordering>} without the name), nothing of the jar runs and the library fails
 * closed: {@link Accounts} throws {@link UnfilteredRequestException} naming the fix. A route
 * rule the filter's mapping does not cover never answers 200 to a signed-out request.
 */
class WebFragmentDeploymentTest {
    private static final String ROUTES = param(ServletSettings.ROUTES, "/admin/* => role:org:admin; /api/* => signed-in");

    private static List<FilterRegistration> multiSessionFilters(WarApp war) {
        return war.webapp().getServletContext().getFilterRegistrations().values().stream()
                .filter(r -> MultiSessionFilter.class.getName().equals(r.getClassName()))
                .map(r -> (FilterRegistration) r).toList();
    }

    private static List<String> mappingsOf(WarApp war, Class<?> servletClass) {
        return war.webapp().getServletContext().getServletRegistrations().values().stream()
                .filter(r -> servletClass.getName().equals(r.getClassName()))
                .flatMap(r -> r.getMappings().stream()).toList();
    }

    private static List<String> filterMappingNamesInOrder(WarApp war) {
        return Arrays.stream(war.webapp().getServletHandler().getFilterMappings()).map(FilterMapping::getFilterName).toList();
    }

    private static Browser signedIn(WarApp war, String user, String org) {
        Browser browser = war.browser();
        Browser.Response r = browser.post("/login", org == null ? Map.of("user", user) : Map.of("user", user, "org", org));
        assertEquals(200, r.status(), r.body());
        return browser;
    }

    private static void assertUnfiltered(Browser.Response probe) {
        assertEquals(200, probe.status(), probe.body());
        assertEquals("thrown", probe.echo().get("outcome"));
        assertEquals(UnfilteredRequestException.class.getSimpleName(), probe.echo().get("exception"));
        assertTrue(probe.echo().get("message").contains("declare dev.multisession.servlet.MultiSessionFilter for /* in web.xml"),
                probe.echo().get("message"));
    }

    // ------------------------------------------------------------------ the fragment alone

    @Test
    void fragmentAloneRegistersOneFilterMappedForEveryRequest() throws Exception {
        try (WarApp war = WarApp.builder().webXml(webXml("", ROUTES + WarApp.APP_SERVLETS)).start()) {
            List<FilterRegistration> filters = multiSessionFilters(war);
            assertEquals(1, filters.size());
            assertEquals(MultiSessionInitializer.FILTER_NAME, filters.get(0).getName());
            assertEquals(List.of("/*"), List.copyOf(filters.get(0).getUrlPatternMappings()));
        }
    }

    @Test
    void fragmentAloneRegistersEachHelperServletUnderTheBasePath() throws Exception {
        try (WarApp war = WarApp.builder().start()) {
            assertEquals(List.of("/multisession/switch"), mappingsOf(war, SwitchServlet.class));
            assertEquals(List.of("/multisession/sign-out"), mappingsOf(war, SignOutServlet.class));
            assertEquals(List.of("/multisession/sessions"), mappingsOf(war, SessionsServlet.class));
            assertEquals(List.of("/multisession/refresh"), mappingsOf(war, RefreshServlet.class));
        }
    }

    @Test
    void fragmentAloneProtectsTheRouteRules() throws Exception {
        try (WarApp war = WarApp.builder().webXml(webXml("", ROUTES + WarApp.APP_SERVLETS)).start()) {
            assertEquals(401, war.browser().get("/admin/report").status());
            Browser alice = signedIn(war, "alice", "acme");
            Browser.Response r = alice.get("/admin/report");
            assertEquals(200, r.status());
            assertEquals("alice", r.echo().get("user"));
            assertEquals(403, signedIn(war, "bob", "acme").get("/admin/report").status());
        }
    }

    @Test
    void fragmentAloneServesEveryEndpoint() throws Exception {
        try (WarApp war = WarApp.builder().start()) {
            Browser browser = signedIn(war, "alice", null);
            signedIn(browser, war, "bob");
            String origin = war.baseUrl().substring(0, war.baseUrl().length() - "/war".length());
            Browser.Response sessions = browser.get("/multisession/sessions");
            assertEquals(200, sessions.status());
            assertEquals(2, Json.list(Json.object(sessions.body()).get("sessions")).size());
            assertEquals(303, browser.post("/multisession/switch", Map.of("index", "0"), "Origin", origin).status());
            assertEquals("alice", browser.get("/whoami").echo().get("user"));
            assertEquals(303, browser.get("/multisession/refresh").status());
            assertEquals(303, browser.post("/multisession/sign-out", Map.of("all", "true"), "Origin", origin).status());
            assertEquals("-", browser.get("/whoami").echo().get("user"));
        }
    }

    private static void signedIn(Browser browser, WarApp war, String user) {
        assertEquals(200, browser.post("/login", Map.of("user", user)).status());
    }

    @Test
    void fragmentHonoursAConfiguredBasePath() throws Exception {
        try (WarApp war = WarApp.builder().webXml(webXml("", param(ServletSettings.BASE_PATH, "/accounts")
                + WarApp.APP_SERVLETS)).start()) {
            assertEquals(List.of("/accounts/sessions"), mappingsOf(war, SessionsServlet.class));
            Browser.Response r = signedIn(war, "alice", null).get("/accounts/sessions");
            assertEquals(200, r.status());
            assertEquals(1, Json.list(Json.object(r.body()).get("sessions")).size());
        }
    }

    @Test
    void fragmentsFilterRunsAheadOfTheFiltersOfWebXml() throws Exception {
        String body = WarApp.filter("app-filter", WarServlets.AppFilter.class.getName(), "/*") + WarApp.APP_SERVLETS;
        try (WarApp war = WarApp.builder().webXml(webXml("", body)).start()) {
            assertEquals(List.of(MultiSessionInitializer.FILTER_NAME, "app-filter"), filterMappingNamesInOrder(war));
            assertEquals("alice", signedIn(war, "alice", null).get("/whoami").header("X-App-Filter-User"));
        }
    }

    // ------------------------------------------------------------------ with the initializer too

    @Test
    void fragmentAndInitializerTogetherRegisterEachThingOnce() throws Exception {
        try (WarApp war = WarApp.builder().webXml(webXml("", ROUTES + WarApp.APP_SERVLETS))
                .initializer(new MultiSessionInitializer()).start()) {
            assertEquals(1, multiSessionFilters(war).size());
            assertEquals(List.of(MultiSessionInitializer.FILTER_NAME), filterMappingNamesInOrder(war));
            assertEquals(List.of("/multisession/switch"), mappingsOf(war, SwitchServlet.class));
            assertEquals(List.of("/multisession/sessions"), mappingsOf(war, SessionsServlet.class));
            assertEquals(401, war.browser().get("/api/things").status());
            assertEquals(200, signedIn(war, "carol", null).get("/api/things").status());
        }
    }

    // ------------------------------------------------------------------ fragments turned off

    @Test
    void metadataCompleteWebXmlLeavesTheFragmentOut() throws Exception {
        try (WarApp war = WarApp.builder().webXml(webXml("metadata-complete=\"true\"", WarApp.APP_SERVLETS)).start()) {
            assertEquals(List.of(), multiSessionFilters(war));
        }
    }

    @Test
    void signInWithoutTheFilterThrowsNamingTheFixAndWritesNoCookie() throws Exception {
        try (WarApp war = WarApp.builder().webXml(webXml("metadata-complete=\"true\"", WarApp.APP_SERVLETS)).start()) {
            Browser.Response r = war.browser().get("/probe/call/signIn");
            assertUnfiltered(r);
            assertTrue(r.setCookies().isEmpty(), r.setCookies().toString());
        }
    }

    @Test
    void metadataCompleteWebXmlStillRunsTheInitializer() throws Exception {
        try (WarApp war = WarApp.builder().webXml(webXml("metadata-complete=\"true\"", ROUTES + WarApp.APP_SERVLETS))
                .initializer(new MultiSessionInitializer()).start()) {
            assertEquals(1, multiSessionFilters(war).size());
            assertEquals(401, war.browser().get("/admin/report").status());
        }
    }

    @Test
    void absoluteOrderingWithoutTheFragmentsNameLeavesItOut() throws Exception {
        try (WarApp war = WarApp.builder().webXml(webXml("", "<absolute-ordering/>" + WarApp.APP_SERVLETS)).start()) {
            assertEquals(List.of(), multiSessionFilters(war));
            assertUnfiltered(war.browser().get("/probe/call/user"));
        }
    }

    @Test
    void absoluteOrderingNamingTheFragmentKeepsIt() throws Exception {
        String body = "<absolute-ordering><name>multisession</name></absolute-ordering>" + ROUTES + WarApp.APP_SERVLETS;
        try (WarApp war = WarApp.builder().webXml(webXml("", body)).start()) {
            assertEquals(1, multiSessionFilters(war).size());
            assertEquals(401, war.browser().get("/admin/report").status());
        }
    }

    // ------------------------------------------------------------------ declared in web.xml, fragments off

    /** README, "Without annotation scanning: web.xml", as written there. */
    private static final String README_DECLARATIONS = """
            <filter>
              <filter-name>multisession</filter-name>
              <filter-class>dev.multisession.servlet.MultiSessionFilter</filter-class>
              <async-supported>true</async-supported>
            </filter>
            <filter-mapping>
              <filter-name>multisession</filter-name>
              <url-pattern>/*</url-pattern>
              <dispatcher>REQUEST</dispatcher>
            </filter-mapping>

            <servlet><servlet-name>multisession-switch</servlet-name><servlet-class>dev.multisession.servlet.SwitchServlet</servlet-class></servlet>
            <servlet><servlet-name>multisession-sign-out</servlet-name><servlet-class>dev.multisession.servlet.SignOutServlet</servlet-class></servlet>
            <servlet><servlet-name>multisession-sessions</servlet-name><servlet-class>dev.multisession.servlet.SessionsServlet</servlet-class></servlet>
            <servlet><servlet-name>multisession-refresh</servlet-name><servlet-class>dev.multisession.servlet.RefreshServlet</servlet-class></servlet>
            <servlet-mapping><servlet-name>multisession-switch</servlet-name><url-pattern>/multisession/switch</url-pattern></servlet-mapping>
            <servlet-mapping><servlet-name>multisession-sign-out</servlet-name><url-pattern>/multisession/sign-out</url-pattern></servlet-mapping>
            <servlet-mapping><servlet-name>multisession-sessions</servlet-name><url-pattern>/multisession/sessions</url-pattern></servlet-mapping>
            <servlet-mapping><servlet-name>multisession-refresh</servlet-name><url-pattern>/multisession/refresh</url-pattern></servlet-mapping>
            """;

    @Test
    void theReadmesWebXmlDeclarationsWorkWithFragmentsOff() throws Exception {
        String body = ROUTES + README_DECLARATIONS + WarApp.APP_SERVLETS;
        try (WarApp war = WarApp.builder().webXml(webXml("metadata-complete=\"true\"", body)).start()) {
            assertEquals(List.of("/multisession/sessions"), mappingsOf(war, SessionsServlet.class));
            assertEquals(401, war.browser().get("/admin/report").status());
            Browser alice = signedIn(war, "alice", "acme");
            assertEquals(200, alice.get("/admin/report").status());
            assertEquals(200, alice.get("/multisession/sessions").status());
            String origin = war.baseUrl().substring(0, war.baseUrl().length() - "/war".length());
            Browser.Response out = alice.post("/multisession/sign-out", Map.of(), "Origin", origin);
            assertEquals(303, out.status());
            assertEquals("/war/", out.header("Location"));
            assertEquals(401, alice.get("/admin/report").status());
        }
    }

    @Test
    void theReadmeShowsTheseDeclarations() throws Exception {
        String readme = Files.readString(Path.of("..", "README.md"));
        String section = readme.substring(readme.indexOf("## Without annotation scanning: web.xml"));
        for (String line : README_DECLARATIONS.strip().split("\n")) {
            assertTrue(section.contains(line), "README lacks: " + line);
        }
    }

    @Test
    void webXmlDeclaringOnlyTheListenerRegistersWhatTheFragmentWould() throws Exception {
        String body = ROUTES + "<listener><listener-class>" + MultiSessionDeploymentListener.class.getName()
                + "</listener-class></listener>" + WarApp.APP_SERVLETS;
        try (WarApp war = WarApp.builder().webXml(webXml("metadata-complete=\"true\"", body)).start()) {
            assertEquals(1, multiSessionFilters(war).size());
            assertEquals(List.of("/multisession/switch"), mappingsOf(war, SwitchServlet.class));
            assertEquals(401, war.browser().get("/admin/report").status());
        }
    }

    // ------------------------------------------------------------------ rules the filter does not cover

    @Test
    void filterDeclaredNarrowerThanTheRulesFailsTheDeploymentAndLogsTheRule() throws Exception {
        String body = ROUTES + WarApp.filter("auth", MultiSessionFilter.class.getName(), "/api/*") + WarApp.APP_SERVLETS;
        try (LogCapture logs = new LogCapture();
             WarApp war = WarApp.builder().webXml(webXml("", body)).start()) {
            assertFalse(war.available(), "the deployment failed");
            assertTrue(logs.messages(Level.SEVERE).stream().anyMatch(m -> m.contains("/admin/*")
                    && m.contains(ServletSettings.ROUTES) && m.contains("map the filter to /*")), logs.messages(Level.SEVERE).toString());
            assertNotEquals(200, war.browser().get("/admin/report").status());
        }
    }

    @Test
    void filterDeclaredNarrowerThanTheRulesNeverServesAProtectedRouteAnonymously() throws Exception {
        String narrow = "<filter-mapping><filter-name>multisession</filter-name><url-pattern>/api/*</url-pattern></filter-mapping>";
        for (String body : List.of(
                ROUTES + WarApp.filter("auth", MultiSessionFilter.class.getName(), "/api/*") + WarApp.APP_SERVLETS,
                ROUTES + narrow + WarApp.APP_SERVLETS)) {
            try (WarApp war = WarApp.builder().webXml(webXml("", body)).start()) {
                Browser.Response r = war.browser().get("/admin/report");
                assertTrue(r.status() == 401 || r.status() == 503, r.status() + " for " + body);
            }
        }
    }

    // ------------------------------------------------------------------ ServletRegistration sanity

    @Test
    void helperServletsAreRegisteredUnderTheirNames() throws Exception {
        try (WarApp war = WarApp.builder().start()) {
            Map<String, ? extends ServletRegistration> all = war.webapp().getServletContext().getServletRegistrations();
            for (Endpoint e : Endpoint.values()) {
                assertEquals(e.servletClass().getName(), all.get(e.servletName()).getClassName(), e.servletName());
            }
        }
    }
}
