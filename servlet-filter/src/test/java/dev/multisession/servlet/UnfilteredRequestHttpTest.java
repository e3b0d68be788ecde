package dev.multisession.servlet;

import dev.multisession.servlet.testing.Browser;
import dev.multisession.servlet.testing.SignIns;
import dev.multisession.servlet.testing.TestApp;
import dev.multisession.servlet.testing.WarServlets;
import jakarta.servlet.DispatcherType;
import org.eclipse.jetty.ee10.servlet.ServletHolder;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;
import org.junit.jupiter.params.provider.ValueSource;

import java.util.EnumSet;
import java.util.Map;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * Fail closed, never open (docs/how-it-works.md: "Never"): every {@link Accounts} method and every
 * helper servlet needs the decision {@link MultiSessionFilter} makes for a request, so on a
 * request the filter never saw (no filter at all, or a mapping that leaves the request out)
 * they throw {@link UnfilteredRequestException} whose message names the fix, instead of
 * writing cookies nothing reads or reading the request as signed out. A request the filter saw
 * still counts as seen where the app forwards, includes or async-dispatches it. An app that
 * turned multisession off ({@code multisession.enabled=false}) keeps the pass-through behaviour.
 */
class UnfilteredRequestHttpTest {

    static String[] accountsMethods() {
        return WarServlets.ACCOUNTS_METHODS;
    }

    /** An app with the probe servlet at {@code /probe/*} and no multisession filter. */
    private static TestApp.Builder withoutTheFilter() {
        return TestApp.builder().withoutAutoRegistration().customize(c -> probe(c));
    }

    private static void probe(org.eclipse.jetty.ee10.servlet.ServletContextHandler c) {
        ServletHolder probe = new ServletHolder(new WarServlets.Probe());
        probe.setAsyncSupported(true);
        c.addServlet(probe, "/probe/*");
    }

    private static void assertThrownNamingTheFix(Browser.Response r) {
        assertEquals(200, r.status(), r.body());
        Map<String, String> seen = r.echo();
        assertEquals("thrown", seen.get("outcome"), r.body());
        assertEquals(UnfilteredRequestException.class.getSimpleName(), seen.get("exception"));
        String message = seen.get("message");
        assertTrue(message.contains("declare dev.multisession.servlet.MultiSessionFilter for /* in web.xml"), message);
        assertTrue(message.contains("enable the web fragment \"multisession\""), message);
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("accountsMethods")
    void accountsMethodOnARequestNoFilterSawThrowsNamingTheFix(String method) throws Exception {
        try (TestApp app = withoutTheFilter().start()) {
            assertThrownNamingTheFix(app.browser().get("/probe/call/" + method));
        }
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("accountsMethods")
    void accountsMethodBehindTheFilterReturns(String method) throws Exception {
        try (TestApp app = TestApp.builder().customize(UnfilteredRequestHttpTest::probe).start()) {
            assertEquals("returned", app.browser().get("/probe/call/" + method).echo().get("outcome"));
        }
    }

    @Test
    void signInOnARequestNoFilterSawWritesNoCookie() throws Exception {
        try (TestApp app = withoutTheFilter().start()) {
            Browser.Response r = app.browser().get("/probe/call/signIn");
            assertEquals("thrown", r.echo().get("outcome"));
            assertTrue(r.setCookies().isEmpty(), r.setCookies().toString());
            assertTrue(app.store().listByUser("probe-user").isEmpty(), "no session was created");
        }
    }

    @Test
    void messageNamesTheRequestButNeverItsQuery() throws Exception {
        try (TestApp app = withoutTheFilter().start()) {
            String message = app.browser().get("/probe/call/user?token=secret-value-4711").echo().get("message");
            assertTrue(message.contains("GET /probe/call/user"), message);
            assertFalse(message.contains("secret-value-4711"), message);
        }
    }

    // ------------------------------------------------------------------ what "the filter saw it" means

    /** The filter mapped for the dispatching paths only: {@code /probe/call/*} itself is never filtered. */
    private static TestApp filteredOnlyWhereTheProbeDispatches() throws Exception {
        return TestApp.builder().withoutAutoRegistration().customize(c -> {
            probe(c);
            for (String pattern : new String[] {"/probe/forward/*", "/probe/include/*", "/probe/async/*"}) {
                c.addFilter(MultiSessionFilter.class, pattern, EnumSet.of(DispatcherType.REQUEST))
                        .setAsyncSupported(true);
            }
        }).start();
    }

    @Test
    void aRequestOutsideTheFiltersMappingThrows() throws Exception {
        try (TestApp app = filteredOnlyWhereTheProbeDispatches()) {
            assertThrownNamingTheFix(app.browser().get("/probe/call/user"));
        }
    }

    @ParameterizedTest(name = "{0}")
    @ValueSource(strings = {"forward", "include", "async"})
    void aDispatchOfARequestTheFilterSawCountsAsSeen(String dispatch) throws Exception {
        try (TestApp app = filteredOnlyWhereTheProbeDispatches()) {
            Browser.Response r = app.browser().get("/probe/" + dispatch + "/user");
            assertEquals(200, r.status(), r.body());
            assertEquals("returned", r.echo().get("outcome"), r.body());
        }
    }

    // ------------------------------------------------------------------ helper servlets

    @Test
    void helperServletWithoutTheFilterRefusesWith500AndWritesNoCookie() throws Exception {
        try (TestApp app = TestApp.builder().withoutAutoRegistration()
                .customize(c -> c.addServlet(SwitchServlet.class, "/multisession/switch")).start()) {
            Browser.Response r = app.browser().post("/multisession/switch", Map.of("index", "0"), "Origin", app.origin());
            assertEquals(500, r.status());
            assertTrue(r.setCookies().isEmpty(), r.setCookies().toString());
        }
    }

    // ------------------------------------------------------------------ turned off on purpose

    @Test
    void disabledAppReadsRequestsAsSignedOutWithoutThrowing() throws Exception {
        try (TestApp app = withoutTheFilter().param(ServletSettings.ENABLED, "false").start()) {
            assertEquals("returned", app.browser().get("/probe/call/user").echo().get("outcome"));
        }
    }

    @Test
    void helperServletOfADisabledAppAnswers404() throws Exception {
        try (TestApp app = TestApp.builder().withoutAutoRegistration().param(ServletSettings.ENABLED, "false")
                .customize(c -> c.addServlet(SessionsServlet.class, "/multisession/sessions")).start()) {
            Browser.Response r = app.browser().get("/multisession/sessions");
            assertEquals(404, r.status());
            assertTrue(r.body().contains("multisession.enabled=false"), r.body());
        }
    }

    @Test
    void controlTheSameHelperServletBehindTheFilterAnswers() throws Exception {
        try (TestApp app = TestApp.builder().withoutAutoRegistration().customize(c -> {
            c.addFilter(MultiSessionFilter.class, "/*", EnumSet.of(DispatcherType.REQUEST));
            c.addServlet(SessionsServlet.class, "/multisession/sessions");
        }).start()) {
            Browser browser = app.browser();
            SignIns.signIn(browser, "alice");
            assertEquals(200, browser.get("/multisession/sessions").status());
        }
    }
}
