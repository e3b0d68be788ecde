package dev.multisession.servlet;

import dev.multisession.core.model.SessionStatus;
import dev.multisession.servlet.testing.Browser;
import dev.multisession.servlet.testing.Json;
import dev.multisession.servlet.testing.SetCookie;
import dev.multisession.servlet.testing.SignIns;
import dev.multisession.servlet.testing.TestApp;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeSet;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * Switching and signing out through the helper endpoints (docs/how-it-works.md: "Issuing, refreshing, revoking", "Endpoints"): {@code POST
 * /multisession/switch} makes a session last-active, so plain requests follow it, while a tab with
 * an explicit choice stays put; it switches a session's organization to one its user belongs to
 * (id or slug; empty = personal account) and refuses others with 403; {@code POST
 * /multisession/sign-out} signs out one session (the others stay, keeping their indexes; when it
 * was the active one the next active is the remaining session with the lowest index) or all
 * (every cookie of the family deleted with {@code Max-Age=0}). Every answer is {@code no-store}:
 * JSON for {@code Accept: application/json}, else 303.
 */
class SwitchAndSignOutHttpTest {
    private static TestApp app;

    @BeforeAll
    static void start() throws Exception {
        app = TestApp.builder().param(ServletSettings.AFTER_SIGN_OUT_URL, "/goodbye")
                .param(ServletSettings.ACCOUNT_CHOOSER_URL, "/accounts/choose").start();
    }

    @AfterAll
    static void stop() throws Exception {
        app.close();
    }

    private record Three(Browser browser, SignIns.SignedIn alice, SignIns.SignedIn bob, SignIns.SignedIn carol) {
    }

    /** alice (0, acme admin), bob (1, acme member), carol (2, personal) in one browser; carol last-active. */
    private static Three threeAccounts() {
        Browser browser = app.browser();
        return new Three(browser, SignIns.signIn(browser, "alice", "acme"), SignIns.signIn(browser, "bob", "acme"),
                SignIns.signIn(browser, "carol"));
    }

    private static Browser.Response post(Browser browser, String endpoint, Map<String, String> form, String... headers) {
        String[] all = new String[headers.length + 2];
        all[0] = "Origin";
        all[1] = app.origin();
        System.arraycopy(headers, 0, all, 2, headers.length);
        return browser.post("/multisession/" + endpoint, form, all);
    }

    private static Browser.Response postJson(Browser browser, String endpoint, Map<String, String> form) {
        return post(browser, endpoint, form, "Accept", "application/json");
    }

    private static Map<String, Object> json(Browser.Response r) {
        assertEquals(200, r.status());
        assertTrue(r.header("Content-Type").startsWith("application/json"), r.header("Content-Type"));
        return Json.object(r.body());
    }

    private static void assertNoStore(Browser.Response r) {
        assertEquals("no-store", r.header("Cache-Control"));
    }

    // ------------------------------------------------------------------ switch

    @Test
    void switchByIndexMakesPlainRequestsFollowTheNewLastActiveSession() {
        Three t = threeAccounts();
        assertEquals("carol", t.browser().get("/whoami").user());
        assertEquals(303, post(t.browser(), "switch", Map.of("index", "0")).status());
        assertEquals("alice", t.browser().get("/whoami").user());
        assertEquals("alice", t.browser().get("/whoami").user(), "and keep following it");
    }

    @Test
    void switchBySessionIdMakesPlainRequestsFollowTheNewLastActiveSession() {
        Three t = threeAccounts();
        assertEquals(303, post(t.browser(), "switch", Map.of("session_id", t.bob().sessionId())).status());
        assertEquals("bob", t.browser().get("/whoami").user());
    }

    @Test
    void switchWritesOnlyTheClientCookieWhenTheOrganizationStays() {
        Three t = threeAccounts();
        Browser.Response r = post(t.browser(), "switch", Map.of("index", "1"));
        List<String> names = SetCookie.all(r).stream().map(SetCookie::name).toList();
        assertEquals(List.of("ms_client"), names);
    }

    @Test
    void switchDoesNotMoveATabWithAnExplicitChoice() {
        Three t = threeAccounts();
        post(t.browser(), "switch", Map.of("index", "0"));
        assertEquals("bob", t.browser().get("/whoami?authuser=1").user());
        assertEquals("carol", t.browser().get("/whoami?authuser=2").user());
    }

    @Test
    void switchAnswersJsonNamingTheNewActiveSession() {
        Three t = threeAccounts();
        Browser.Response r = postJson(t.browser(), "switch", Map.of("index", "0"));
        assertNoStore(r);
        Map<String, Object> active = Json.object(json(r).get("active"));
        assertEquals(t.alice().sessionId(), active.get("id"));
        assertEquals(0L, ((Number) active.get("index")).longValue());
        assertEquals("alice", Json.object(active.get("user")).get("id"));
    }

    @Test
    void switchAnswers303ToRedirectUrlOrTheAppRootWithNoStore() {
        Three t = threeAccounts();
        Browser.Response plain = post(t.browser(), "switch", Map.of("index", "1"));
        assertEquals(303, plain.status());
        assertEquals("/app/", plain.header("Location"));
        assertNoStore(plain);
        Browser.Response back = post(t.browser(), "switch", Map.of("index", "0", "redirect_url", "/inbox?x=1"));
        assertEquals(303, back.status());
        assertEquals("/app/inbox?x=1", back.header("Location"));
        assertNoStore(back);
    }

    @Test
    void switchOfAnUnknownSessionChangesNothing() {
        Three t = threeAccounts();
        Browser.Response r = post(t.browser(), "switch", Map.of("index", "3"));
        assertEquals(400, r.status());
        assertNoStore(r);
        assertTrue(SetCookie.all(r).isEmpty(), "no cookie written");
        assertEquals("carol", t.browser().get("/whoami").user());
    }

    @Test
    void switchOrganizationBySlugChangesTheActiveOrganizationOfThatSession() {
        Three t = threeAccounts();
        assertEquals("acme", t.browser().get("/whoami?authuser=0").echo().get("org"));
        Browser.Response r = post(t.browser(), "switch", Map.of("index", "0", "organization", "globex"));
        assertEquals(303, r.status());
        assertNoStore(r);
        assertTrue(SetCookie.named(r, SignIns.cookieName(t.alice().sessionId())).isPresent(),
                "the session's cookie gets a token for the new organization");
        assertEquals("globex", t.browser().get("/whoami?authuser=0").echo().get("org"));
        assertEquals("globex", t.browser().get("/whoami").echo().get("org"), "and the session became last-active");
        assertEquals("acme", t.browser().get("/whoami?authuser=1").echo().get("org"), "bob's session keeps its own");
    }

    @Test
    void switchOrganizationByIdWorksLikeBySlug() {
        Three t = threeAccounts();
        assertEquals(303, post(t.browser(), "switch", Map.of("index", "0", "organization", "org_globex")).status());
        assertEquals("globex", t.browser().get("/whoami?authuser=0").echo().get("org"));
    }

    @Test
    void switchOrganizationAnswersJsonWithTheNewOrganization() {
        Three t = threeAccounts();
        Map<String, Object> active = Json.object(json(postJson(t.browser(), "switch",
                Map.of("index", "0", "organization", "globex"))).get("active"));
        Map<String, Object> org = Json.object(active.get("organization"));
        assertEquals("org_globex", org.get("id"));
        assertEquals("org:member", org.get("role"));
    }

    @Test
    void switchToAnEmptyOrganizationIsThePersonalAccount() {
        Three t = threeAccounts();
        assertEquals(303, post(t.browser(), "switch", Map.of("index", "0", "organization", "")).status());
        assertEquals("-", t.browser().get("/whoami?authuser=0").echo().get("org"));
        assertEquals("alice", t.browser().get("/whoami?authuser=0").user(), "still alice, personal account");
    }

    @Test
    void switchToAnOrganizationTheUserDoesNotBelongToIs403AndChangesNothing() {
        Three t = threeAccounts();
        Browser.Response r = post(t.browser(), "switch", Map.of("index", "1", "organization", "globex"));
        assertEquals(403, r.status());
        assertNoStore(r);
        assertEquals("not_a_member", Json.object(r.body()).get("error"));
        assertTrue(SetCookie.all(r).isEmpty(), "no cookie written");
        assertEquals("acme", t.browser().get("/whoami?authuser=1").echo().get("org"));
        assertEquals("carol", t.browser().get("/whoami").user(), "bob did not become last-active either");
    }

    @Test
    void organizationSwitchSurvivesTheNextRefresh() {
        Three t = threeAccounts();
        post(t.browser(), "switch", Map.of("index", "0", "organization", "globex"));
        app.clock().advance(java.time.Duration.ofSeconds(61));
        Browser.Response r = t.browser().get("/whoami?authuser=0");
        assertTrue(SetCookie.named(r, SignIns.cookieName(t.alice().sessionId())).isPresent(), "control: refreshed");
        assertEquals("globex", r.echo().get("org"));
    }

    // ------------------------------------------------------------------ sign out one

    @Test
    void signOutOfOneSessionKeepsTheOthersOnTheirIndexes() {
        Three t = threeAccounts();
        Browser.Response r = post(t.browser(), "sign-out", Map.of("session_id", t.bob().sessionId()));
        assertEquals(303, r.status());
        assertEquals(List.of(SignIns.cookieName(t.bob().sessionId())), r.deletedCookies());
        assertEquals(SessionStatus.ENDED, app.store().find(t.bob().sessionId()).orElseThrow().status());
        assertEquals("alice", t.browser().get("/whoami?authuser=0").user());
        assertEquals("carol", t.browser().get("/whoami?authuser=2").user(), "no renumbering");
        assertEquals("-", t.browser().get("/whoami?authuser=1").user());
    }

    @Test
    void signOutOfAnotherSessionKeepsTheActiveOne() {
        Three t = threeAccounts();
        post(t.browser(), "sign-out", Map.of("index", "0"));
        assertEquals("carol", t.browser().get("/whoami").user());
    }

    @Test
    void signOutOfTheActiveSessionActivatesTheRemainingOneWithTheLowestIndex() {
        Three t = threeAccounts();
        post(t.browser(), "switch", Map.of("index", "1"));
        post(t.browser(), "sign-out", Map.of("index", "1"));
        assertEquals("alice", t.browser().get("/whoami").user(), "index 0, not carol, the most recent");
    }

    @Test
    void nextActiveIsTheLowestIndexEvenWhenThatSessionIsTheNewest() {
        Three t = threeAccounts();
        post(t.browser(), "sign-out", Map.of("index", "0"));
        SignIns.signIn(t.browser(), "erin");  // takes 3: the just-freed 0 waits while a never-used index is free
        SignIns.signIn(t.browser(), "frank"); // takes 4
        SignIns.SignedIn dave = SignIns.signIn(t.browser(), "dave");
        assertEquals(0, dave.index(), "dave takes the freed 0 once no other index is free under the cap");
        post(t.browser(), "switch", Map.of("index", "2"));
        Map<String, Object> body = json(postJson(t.browser(), "sign-out", Map.of("index", "2")));
        assertEquals(dave.sessionId(), Json.object(body.get("active")).get("id"));
        assertEquals("dave", t.browser().get("/whoami").user(), "not bob, the oldest remaining session");
    }

    @Test
    void signOutWithoutAReferenceSignsOutTheRequestsOwnSession() {
        Three t = threeAccounts();
        Browser.Response r = t.browser().post("/multisession/sign-out?authuser=1", Map.of(), "Origin", app.origin());
        assertEquals(303, r.status());
        assertEquals(List.of(SignIns.cookieName(t.bob().sessionId())), r.deletedCookies());
        assertEquals("carol", t.browser().get("/whoami").user());
    }

    @Test
    void signOutAnswersJsonWithTheNextActiveSessionAndTheRemainingCount() {
        Three t = threeAccounts();
        Browser.Response r = postJson(t.browser(), "sign-out", Map.of("index", "2"));
        assertNoStore(r);
        Map<String, Object> body = json(r);
        assertEquals(2L, ((Number) body.get("remaining")).longValue());
        assertEquals(t.alice().sessionId(), Json.object(body.get("active")).get("id"));
    }

    @Test
    void signOutOfTheActiveSessionAnswers303ToTheAccountChooserWithNoStore() {
        Three t = threeAccounts();
        Browser.Response r = post(t.browser(), "sign-out", Map.of("index", "2"));
        assertEquals(303, r.status());
        assertEquals("/app/accounts/choose", r.header("Location"));
        assertNoStore(r);
    }

    @Test
    void signOutOfTheLastSessionDeletesTheClientCookieToo() {
        Browser browser = app.browser();
        SignIns.SignedIn alice = SignIns.signIn(browser, "alice");
        Browser.Response r = postJson(browser, "sign-out", Map.of());
        Map<String, Object> body = json(r);
        assertNull(body.get("active"));
        assertEquals(0L, ((Number) body.get("remaining")).longValue());
        assertEquals(Set.of("ms_client", SignIns.cookieName(alice.sessionId())), Set.copyOf(r.deletedCookies()));
        assertTrue(browser.cookies().isEmpty());
    }

    @Test
    void signOutOfTheLastSessionAnswers303ToTheAfterSignOutUrl() {
        Browser browser = app.browser();
        SignIns.signIn(browser, "alice");
        Browser.Response r = post(browser, "sign-out", Map.of());
        assertEquals(303, r.status());
        assertEquals("/app/goodbye", r.header("Location"));
        assertNoStore(r);
    }

    // ------------------------------------------------------------------ sign out all

    @Test
    void signOutAllDeletesEveryCookieOfTheFamilyWithMaxAgeZero() {
        Three t = threeAccounts();
        Set<String> before = new TreeSet<>(t.browser().cookies().keySet());
        assertEquals(4, before.size(), "control: client cookie and three session cookies");
        Browser.Response r = post(t.browser(), "sign-out", Map.of("all", "true"));
        Set<String> deleted = new TreeSet<>();
        for (SetCookie c : SetCookie.all(r)) {
            assertTrue(c.isDeletion(), "only deletions: " + c.redacted());
            assertTrue(c.value().isEmpty(), "a deletion carries no value: " + c.redacted());
            deleted.add(c.name());
        }
        assertEquals(before, deleted);
        assertTrue(t.browser().cookies().isEmpty());
    }

    @Test
    void signOutAllEndsEverySessionInTheStore() {
        Three t = threeAccounts();
        post(t.browser(), "sign-out", Map.of("all", "true"));
        for (SignIns.SignedIn s : List.of(t.alice(), t.bob(), t.carol())) {
            assertEquals(SessionStatus.ENDED, app.store().find(s.sessionId()).orElseThrow().status());
        }
    }

    @Test
    void afterSignOutAllTheOldCookiesNoLongerSignAnyoneIn() {
        Three t = threeAccounts();
        Map<String, String> saved = new HashMap<>(t.browser().cookies());
        post(t.browser(), "sign-out", Map.of("all", "true"));
        app.clock().advance(java.time.Duration.ofSeconds(61)); // the old tokens expire and must be refreshed
        Browser replay = app.browser();
        saved.forEach(replay::setCookie);
        for (String path : List.of("/whoami", "/whoami?authuser=0", "/whoami?authuser=1", "/whoami?authuser=2")) {
            assertEquals("-", replay.get(path).user(), path);
        }
    }

    @Test
    void signOutAllAnswersJsonWithNoActiveSession() {
        Three t = threeAccounts();
        Browser.Response r = postJson(t.browser(), "sign-out", Map.of("all", "true"));
        assertNoStore(r);
        Map<String, Object> body = json(r);
        assertNull(body.get("active"));
        assertEquals(0L, ((Number) body.get("remaining")).longValue());
    }

    @Test
    void signOutAllAnswers303ToTheAfterSignOutUrlWithNoStore() {
        Three t = threeAccounts();
        Browser.Response r = post(t.browser(), "sign-out", Map.of("all", "true"));
        assertEquals(303, r.status());
        assertEquals("/app/goodbye", r.header("Location"));
        assertNoStore(r);
    }

    @Test
    void stateChangingEndpointsRefuseGet() {
        Three t = threeAccounts();
        for (String endpoint : List.of("switch", "sign-out")) {
            Browser.Response r = t.browser().get("/multisession/" + endpoint + "?index=0");
            assertEquals(405, r.status(), endpoint);
            assertFalse(r.deletedCookies().contains(SignIns.cookieName(t.alice().sessionId())), endpoint);
        }
        assertEquals("carol", t.browser().get("/whoami").user());
    }
}
