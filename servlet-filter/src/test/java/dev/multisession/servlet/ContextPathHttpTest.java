package dev.multisession.servlet;

import dev.multisession.core.config.ConfigKeys;
import dev.multisession.servlet.testing.Browser;
import dev.multisession.servlet.testing.Json;
import dev.multisession.servlet.testing.SignIns;
import dev.multisession.servlet.testing.TestApp;
import jakarta.servlet.DispatcherType;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.EnumSource;

import java.net.URLDecoder;
import java.nio.charset.StandardCharsets;
import java.util.EnumMap;
import java.util.EnumSet;
import java.util.Map;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * Every redirect the library makes, for an app at a context path ({@code /plainwar}), names the
 * context path exactly once (docs/how-it-works.md: "Endpoints"). The filter's sign-in and
 * account-chooser redirects carry {@code redirect_url} as the browser sees the path (context path
 * included, so a sign-in page can send the browser back with it as it is); the endpoints accept
 * that form and the form within the app ({@code /inbox}), and add the context path to their own
 * defaults. Checked for each way the endpoints are served: the helper servlets the initializer
 * registers, the servlets declared by hand (as {@code web.xml} would), and the filter alone.
 */
class ContextPathHttpTest {
    private static final String CONTEXT = "/plainwar";
    private static final Map<Serving, TestApp> APPS = new EnumMap<>(Serving.class);

    enum Serving {
        INITIALIZER,
        DECLARED_SERVLETS,
        FILTER_ALONE
    }

    @BeforeAll
    static void start() throws Exception {
        for (Serving serving : Serving.values()) {
            TestApp.Builder b = TestApp.builder().contextPath(CONTEXT)
                    .param(ServletSettings.ROUTES, "/admin/* => role:org:admin; /pages/* => signed-in")
                    .param(ServletSettings.ACCOUNT_CHOOSER_URL, "/accounts/choose")
                    .param(ServletSettings.AFTER_SIGN_OUT_URL, "/goodbye")
                    .param(ConfigKeys.PATH_PREFIX_SELECTION, "true");
            if (serving != Serving.INITIALIZER) {
                b.withoutAutoRegistration().customize(c -> {
                    c.addFilter(MultiSessionFilter.class, "/*", EnumSet.of(DispatcherType.REQUEST));
                    if (serving == Serving.DECLARED_SERVLETS) {
                        c.addServlet(SwitchServlet.class, "/multisession/switch");
                        c.addServlet(SignOutServlet.class, "/multisession/sign-out");
                        c.addServlet(SessionsServlet.class, "/multisession/sessions");
                        c.addServlet(RefreshServlet.class, "/multisession/refresh");
                    }
                });
            }
            APPS.put(serving, b.start());
        }
    }

    @AfterAll
    static void stop() throws Exception {
        for (TestApp app : APPS.values()) {
            app.close();
        }
    }

    private static TestApp app() {
        return APPS.get(Serving.INITIALIZER);
    }

    private static Browser twoAccounts(TestApp app) {
        Browser browser = app.browser();
        SignIns.signIn(browser, "alice", "acme");
        SignIns.signIn(browser, "bob");
        return browser;
    }

    private static Browser.Response post(TestApp app, Browser browser, String endpoint, Map<String, String> form) {
        return browser.post(endpoint, form, "Origin", app.origin());
    }

    private static String redirectUrlOf(String location) {
        int at = location.indexOf("redirect_url=");
        assertTrue(at >= 0, location);
        return URLDecoder.decode(location.substring(at + "redirect_url=".length()), StandardCharsets.UTF_8);
    }

    // ------------------------------------------------------------------ the filter's challenges

    @Test
    void signedOutPageLoadGoesToSignInWithThePathAsTheBrowserSeesIt() {
        Browser.Response r = app().browser().page("/pages/inbox?x=1");
        assertEquals(302, r.status());
        assertTrue(r.header("Location").startsWith(CONTEXT + "/sign-in?redirect_url="), r.header("Location"));
        assertEquals(CONTEXT + "/pages/inbox?x=1", redirectUrlOf(r.header("Location")));
    }

    @Test
    void explicitMissGoesToTheAccountChooserWithThePathAsTheBrowserSeesIt() {
        Browser.Response r = twoAccounts(app()).page("/pages/inbox?authuser=5");
        assertEquals(302, r.status());
        assertTrue(r.header("Location").startsWith(CONTEXT + "/accounts/choose?redirect_url="), r.header("Location"));
        assertEquals(CONTEXT + "/pages/inbox?authuser=5", redirectUrlOf(r.header("Location")));
    }

    @ParameterizedTest
    @EnumSource(Serving.class)
    void switchingWithTheRedirectUrlTheFilterBuiltLandsOnThatPage(Serving serving) {
        TestApp app = APPS.get(serving);
        Browser browser = twoAccounts(app);
        String back = redirectUrlOf(app.browser().page("/pages/inbox").header("Location"));
        Browser.Response r = post(app, browser, "/multisession/switch", Map.of("index", "0", "redirect_url", back));
        assertEquals(303, r.status());
        assertEquals(CONTEXT + "/pages/inbox", r.header("Location"));
        assertEquals("alice", browser.get(r.header("Location").substring(CONTEXT.length())).user());
    }

    // ------------------------------------------------------------------ redirect_url at each endpoint

    @ParameterizedTest
    @EnumSource(Serving.class)
    void switchFollowsAFullPathRedirectUrlOnce(Serving serving) {
        TestApp app = APPS.get(serving);
        Browser.Response r = post(app, twoAccounts(app), "/multisession/switch",
                Map.of("index", "0", "redirect_url", CONTEXT + "/inbox?x=1"));
        assertEquals(303, r.status());
        assertEquals(CONTEXT + "/inbox?x=1", r.header("Location"));
    }

    @ParameterizedTest
    @EnumSource(Serving.class)
    void signOutFollowsAFullPathRedirectUrlOnce(Serving serving) {
        TestApp app = APPS.get(serving);
        Browser.Response r = post(app, twoAccounts(app), "/multisession/sign-out",
                Map.of("index", "0", "redirect_url", CONTEXT + "/inbox"));
        assertEquals(303, r.status());
        assertEquals(CONTEXT + "/inbox", r.header("Location"));
    }

    @ParameterizedTest
    @EnumSource(Serving.class)
    void refreshFollowsAFullPathRedirectUrlOnce(Serving serving) {
        Browser.Response r = twoAccounts(APPS.get(serving)).get("/multisession/refresh?redirect_url=%2Fplainwar%2Finbox%3Fx%3D1");
        assertEquals(303, r.status());
        assertEquals(CONTEXT + "/inbox?x=1", r.header("Location"));
    }

    @ParameterizedTest
    @EnumSource(Serving.class)
    void aRedirectUrlWithinTheAppGetsTheContextPath(Serving serving) {
        TestApp app = APPS.get(serving);
        Browser.Response r = post(app, twoAccounts(app), "/multisession/switch", Map.of("index", "0", "redirect_url", "/inbox"));
        assertEquals(CONTEXT + "/inbox", r.header("Location"));
    }

    @Test
    void aRedirectUrlNamingTheContextRootLandsOnTheAppRoot() {
        Browser browser = twoAccounts(app());
        assertEquals(CONTEXT + "/", post(app(), browser, "/multisession/switch",
                Map.of("index", "0", "redirect_url", CONTEXT)).header("Location"));
        assertEquals(CONTEXT + "/?x=1", post(app(), browser, "/multisession/switch",
                Map.of("index", "0", "redirect_url", CONTEXT + "?x=1")).header("Location"));
    }

    @Test
    void aRedirectUrlThatOnlyStartsLikeTheContextPathIsTakenWithinTheApp() {
        Browser.Response r = post(app(), twoAccounts(app()), "/multisession/switch",
                Map.of("index", "0", "redirect_url", CONTEXT + "x/inbox"));
        assertEquals(CONTEXT + CONTEXT + "x/inbox", r.header("Location"));
    }

    @Test
    void anEndpointUnderThePathPrefixFollowsAFullPathRedirectUrlOnce() {
        Browser.Response r = post(app(), twoAccounts(app()), "/u/0/multisession/switch",
                Map.of("organization", "globex", "redirect_url", CONTEXT + "/u/0/inbox"));
        assertEquals(303, r.status());
        assertEquals(CONTEXT + "/u/0/inbox", r.header("Location"));
    }

    // ------------------------------------------------------------------ each endpoint's own default

    @ParameterizedTest
    @EnumSource(Serving.class)
    void switchWithoutRedirectUrlGoesToTheAppRoot(Serving serving) {
        TestApp app = APPS.get(serving);
        assertEquals(CONTEXT + "/", post(app, twoAccounts(app), "/multisession/switch", Map.of("index", "0")).header("Location"));
    }

    @ParameterizedTest
    @EnumSource(Serving.class)
    void signOutOfEveryAccountGoesToTheAfterSignOutUrlInTheApp(Serving serving) {
        TestApp app = APPS.get(serving);
        Browser.Response r = post(app, twoAccounts(app), "/multisession/sign-out", Map.of("all", "true"));
        assertEquals(CONTEXT + "/goodbye", r.header("Location"));
    }

    @ParameterizedTest
    @EnumSource(Serving.class)
    void signOutOfTheActiveAccountWithAnotherLeftGoesToTheAccountChooserInTheApp(Serving serving) {
        TestApp app = APPS.get(serving);
        Browser.Response r = post(app, twoAccounts(app), "/multisession/sign-out", Map.of());
        assertEquals(CONTEXT + "/accounts/choose", r.header("Location"));
    }

    @ParameterizedTest
    @EnumSource(Serving.class)
    void refreshWithoutRedirectUrlGoesToTheAppRoot(Serving serving) {
        assertEquals(CONTEXT + "/", twoAccounts(APPS.get(serving)).get("/multisession/refresh").header("Location"));
    }

    @ParameterizedTest
    @EnumSource(Serving.class)
    void sessionsAnswersUnderTheContextPath(Serving serving) {
        Browser.Response r = twoAccounts(APPS.get(serving)).get("/multisession/sessions");
        assertEquals(200, r.status());
        assertEquals(2, Json.list(Json.object(r.body()).get("sessions")).size());
    }
}
