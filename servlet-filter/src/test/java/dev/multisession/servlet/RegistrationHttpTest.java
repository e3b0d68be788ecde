package dev.multisession.servlet;

import dev.multisession.core.config.ConfigurationException;
import dev.multisession.core.testing.LogCapture;
import dev.multisession.servlet.testing.Browser;
import dev.multisession.servlet.testing.SignIns;
import dev.multisession.servlet.testing.TestApp;
import jakarta.servlet.DispatcherType;
import org.eclipse.jetty.ee10.servlet.FilterHolder;
import org.eclipse.jetty.ee10.servlet.FilterMapping;
import org.eclipse.jetty.ee10.servlet.ServletContextHandler;
import org.junit.jupiter.api.Test;

import java.util.Arrays;
import java.util.EnumSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.logging.Level;
import java.util.stream.Collectors;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * How the filter gets into an app (docs/how-it-works.md: "Configuration", {@link MultiSessionInitializer}): the jar's
 * {@code ServletContainerInitializer} registers it unless {@code multisession.enabled=false};
 * an app that declares the filter itself works the same; with both, exactly one filter runs.
 *
 * <p>With {@code multisession.enabled=false} this asserts: no filter is registered; the app's
 * own call to {@code Accounts.signIn} still works (it writes the family's cookies); but no
 * request is authenticated: the app sees no user, the family's cookies are neither read nor
 * deleted, the helper endpoints are not served, route rules are not enforced.
 */
class RegistrationHttpTest {
    private static final String ROUTES = "/api/* => signed-in";

    private static List<FilterHolder> multiSessionFilters(TestApp app) {
        FilterHolder[] holders = app.context().getServletHandler().getFilters();
        return holders == null ? List.of() : Arrays.stream(holders)
                .filter(h -> MultiSessionFilter.class.getName().equals(h.getClassName())).toList();
    }

    private static long mappingsOf(TestApp app, List<FilterHolder> filters) {
        Set<String> names = filters.stream().map(FilterHolder::getName).collect(Collectors.toSet());
        FilterMapping[] mappings = app.context().getServletHandler().getFilterMappings();
        return mappings == null ? 0 : Arrays.stream(mappings).filter(m -> names.contains(m.getFilterName())).count();
    }

    private static TestApp.Builder declaringTheFilter(TestApp.Builder b) {
        return b.customize((ServletContextHandler ctx) -> ctx.addFilter(MultiSessionFilter.class, "/*",
                EnumSet.of(DispatcherType.REQUEST)));
    }

    /** The behaviour every registration must give: sign in, be seen, endpoints, rules, bad-cookie cleanup. */
    private static void assertTheFilterWorks(TestApp app) {
        Browser browser = app.browser();
        assertEquals(401, browser.get("/api/things").status());
        SignIns.signIn(browser, "alice");
        Browser.Response r = browser.get("/api/things");
        assertEquals(200, r.status());
        assertEquals("alice", r.user());
        assertEquals(200, browser.get("/multisession/sessions").status());
        browser.setCookie("ms_sess_garbage", "garbage-cookie-value-7f3a");
        assertTrue(browser.get("/whoami").deletedCookies().contains("ms_sess_garbage"));
    }

    @Test
    void initializerRegistersExactlyOneFilter() throws Exception {
        try (TestApp app = TestApp.builder().param(ServletSettings.ROUTES, ROUTES).start()) {
            List<FilterHolder> filters = multiSessionFilters(app);
            assertEquals(1, filters.size());
            assertEquals(MultiSessionInitializer.FILTER_NAME, filters.get(0).getName());
            assertEquals(1, mappingsOf(app, filters));
            assertTheFilterWorks(app);
        }
    }

    private static List<String> servletMappings(TestApp app, Class<?> servletClass) {
        return app.context().getServletContext().getServletRegistrations().values().stream()
                .filter(r -> servletClass.getName().equals(r.getClassName()))
                .flatMap(r -> r.getMappings().stream()).toList();
    }

    @Test
    void initializerRegistersEachHelperServletUnderTheBasePath() throws Exception {
        try (TestApp app = TestApp.start()) {
            assertEquals(List.of("/multisession/switch"), servletMappings(app, SwitchServlet.class));
            assertEquals(List.of("/multisession/sign-out"), servletMappings(app, SignOutServlet.class));
            assertEquals(List.of("/multisession/sessions"), servletMappings(app, SessionsServlet.class));
            assertEquals(List.of("/multisession/refresh"), servletMappings(app, RefreshServlet.class));
        }
    }

    @Test
    void initializerRegistersTheHelperServletsUnderAConfiguredBasePath() throws Exception {
        try (TestApp app = TestApp.builder().param(ServletSettings.BASE_PATH, "/auth").start()) {
            assertEquals(List.of("/auth/sessions"), servletMappings(app, SessionsServlet.class));
            Browser browser = app.browser();
            SignIns.signIn(browser, "alice");
            assertEquals(200, browser.get("/auth/sessions").status());
        }
    }

    @Test
    void initializerLeavesAHelperServletTheAppMappedItself() throws Exception {
        try (TestApp app = TestApp.builder().customize(c -> c.addServlet(SwitchServlet.class, "/accounts/switch")).start()) {
            assertEquals(List.of("/accounts/switch"), servletMappings(app, SwitchServlet.class));
        }
    }

    @Test
    void disabledAppRegistersNoHelperServlet() throws Exception {
        try (TestApp app = TestApp.builder().param(ServletSettings.ENABLED, "false").start()) {
            assertEquals(List.of(), servletMappings(app, SessionsServlet.class));
        }
    }

    @Test
    void disabledAppWithRouteRulesWarnsThatTheirRoutesAnswer503() throws Exception {
        try (LogCapture logs = new LogCapture();
             TestApp app = TestApp.builder().param(ServletSettings.ENABLED, "false").param(ServletSettings.ROUTES, ROUTES).start()) {
            assertTrue(logs.messages(Level.WARNING).stream().anyMatch(m -> m.contains(ServletSettings.ENABLED + "=false")
                    && m.contains(ServletSettings.ROUTES) && m.contains("503")), logs.messages(Level.WARNING).toString());
        }
    }

    @Test
    void appDeclaredFilterMappedNarrowerThanTheRulesFailsTheDeploymentNamingTheRule() {
        Exception start = assertThrows(Exception.class, () -> TestApp.builder().withoutAutoRegistration()
                .param(ServletSettings.ROUTES, "/api/* => signed-in; /admin/* => role:org:admin")
                .customize(c -> c.addFilter(MultiSessionFilter.class, "/api/*", EnumSet.of(DispatcherType.REQUEST)))
                .start().close());
        ConfigurationException failure = null;
        for (Throwable t = start; t != null && failure == null; t = t.getCause()) {
            failure = t instanceof ConfigurationException c ? c : null;
        }
        assertNotNull(failure, "the deployment failed, but not with a ConfigurationException: " + start);
        assertTrue(failure.getMessage().contains("the rules for /admin/* would protect nothing"), failure.getMessage());
        assertTrue(failure.getMessage().contains("map the filter to /*"), failure.getMessage());
    }

    @Test
    void appDeclaredFilterMappedForEveryRuleStarts() throws Exception {
        try (TestApp app = TestApp.builder().withoutAutoRegistration().param(ServletSettings.ROUTES, "/api/* => signed-in")
                .customize(c -> c.addFilter(MultiSessionFilter.class, "/api/*", EnumSet.of(DispatcherType.REQUEST))).start()) {
            assertEquals(401, app.browser().get("/api/things").status());
        }
    }

    @Test
    void disabledAppWithoutRouteRulesRegistersNoFilter() throws Exception {
        try (TestApp app = TestApp.builder().param(ServletSettings.ENABLED, "false").start()) {
            assertEquals(List.of(), multiSessionFilters(app));
        }
    }

    @Test
    void disabledAppWithRouteRulesRegistersTheFilterThatKeepsTheirRoutesClosed() throws Exception {
        try (TestApp app = TestApp.builder().param(ServletSettings.ENABLED, "false").param(ServletSettings.ROUTES, ROUTES).start()) {
            assertEquals(1, multiSessionFilters(app).size());
        }
    }

    @Test
    void disabledAppStillSignsInThroughAccountsButNoRequestIsAuthenticated() throws Exception {
        try (TestApp app = TestApp.builder().param(ServletSettings.ENABLED, "false").param(ServletSettings.ROUTES, ROUTES).start()) {
            Browser browser = app.browser();
            SignIns.SignedIn alice = SignIns.signIn(browser, "alice");
            assertTrue(browser.cookies().containsKey(SignIns.cookieName(alice.sessionId())), "Accounts.signIn wrote the cookie");
            Browser.Response r = browser.get("/whoami");
            assertEquals("-", r.user());
            assertEquals("null", r.echo().get("remoteUser"));
        }
    }

    @Test
    void disabledAppNeitherReadsNorDeletesFamilyCookies() throws Exception {
        try (TestApp app = TestApp.builder().param(ServletSettings.ENABLED, "false").start()) {
            Browser browser = app.browser();
            browser.setCookie("ms_client", "garbage-cookie-value-7f3a");
            browser.setCookie("ms_sess_garbage", "garbage-cookie-value-7f3a");
            Browser.Response r = browser.get("/whoami");
            assertEquals(200, r.status());
            assertTrue(r.setCookies().isEmpty());
        }
    }

    @Test
    void disabledAppServesNoEndpoints() throws Exception {
        try (TestApp app = TestApp.builder().param(ServletSettings.ENABLED, "false").param(ServletSettings.ROUTES, ROUTES).start()) {
            assertEquals("/multisession/sessions", app.browser().get("/multisession/sessions").echo().get("path"),
                    "the app's own servlet answered");
        }
    }

    @Test
    void disabledAppAnswersItsProtectedRoutes503NamingTheSetting() throws Exception {
        try (TestApp app = TestApp.builder().param(ServletSettings.ENABLED, "false").param(ServletSettings.ROUTES, ROUTES).start()) {
            Browser browser = app.browser();
            SignIns.signIn(browser, "alice"); // Accounts still writes the cookie; nothing reads it while off
            Browser.Response api = browser.get("/api/things", "Accept", "application/json");
            assertEquals(503, api.status(), api.toString());
            assertTrue(api.body().contains(ServletSettings.ENABLED + "=false"), api.body());
            assertFalse(api.body().contains("path="), "the app was not reached: " + api);
            assertEquals(503, browser.page("/api/things").status(), "page loads too");
        }
    }

    @Test
    void disabledAppKeepsItsPublicRoutesOpen() throws Exception {
        try (TestApp app = TestApp.builder().param(ServletSettings.ENABLED, "false").param(ServletSettings.ROUTES, ROUTES).start()) {
            Browser.Response r = app.browser().get("/whoami");
            assertEquals(200, r.status(), r.toString());
            assertEquals("-", r.user());
        }
    }

    @Test
    void appDeclaredFilterWithoutInitializerWorksTheSame() throws Exception {
        try (TestApp app = declaringTheFilter(TestApp.builder().withoutAutoRegistration()
                .param(ServletSettings.ROUTES, ROUTES)).start()) {
            assertEquals(1, multiSessionFilters(app).size());
            assertTheFilterWorks(app);
        }
    }

    @Test
    void appDeclaredFilterBesideTheInitializerRunsOnce() throws Exception {
        try (TestApp app = declaringTheFilter(TestApp.builder().param(ServletSettings.ROUTES, ROUTES)).start()) {
            List<FilterHolder> filters = multiSessionFilters(app);
            assertEquals(1, filters.size(), "the initializer saw the app's declaration and added none");
            assertFalse(MultiSessionInitializer.FILTER_NAME.equals(filters.get(0).getName()), "it is the app's own");
            assertEquals(1, mappingsOf(app, filters));
            assertTheFilterWorks(app);
        }
    }

    @Test
    void appDeclaredFilterOfADisabledAppPassesPublicRequestsThroughSignedOut() throws Exception {
        try (TestApp app = declaringTheFilter(TestApp.builder().withoutAutoRegistration()
                .param(ServletSettings.ENABLED, "false").param(ServletSettings.ROUTES, ROUTES)).start()) {
            Browser browser = app.browser();
            SignIns.signIn(browser, "alice");
            Browser.Response r = browser.get("/whoami");
            assertEquals(200, r.status());
            assertEquals("-", r.user());
        }
    }

    @Test
    void appDeclaredFilterOfADisabledAppKeepsProtectedRoutesClosed() throws Exception {
        try (TestApp app = declaringTheFilter(TestApp.builder().withoutAutoRegistration()
                .param(ServletSettings.ENABLED, "false").param(ServletSettings.ROUTES, ROUTES)).start()) {
            Browser browser = app.browser();
            SignIns.signIn(browser, "alice");
            assertEquals(503, browser.get("/api/things").status());
        }
    }

    @Test
    void signInFormStillWorksWithTheAppDeclaredFilter() throws Exception {
        try (TestApp app = declaringTheFilter(TestApp.builder().withoutAutoRegistration()).start()) {
            Browser browser = app.browser();
            assertEquals(200, browser.post("/login", Map.of("user", "bob")).status());
            assertEquals("bob", browser.get("/whoami").user());
        }
    }
}
