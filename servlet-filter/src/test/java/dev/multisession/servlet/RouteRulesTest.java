package dev.multisession.servlet;

import dev.multisession.core.config.ConfigSource;
import dev.multisession.core.config.ConfigurationException;
import dev.multisession.servlet.rules.Requirement;
import dev.multisession.servlet.rules.RouteRules;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

import java.util.List;
import java.util.Map;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * {@code multisession.routes} as text (docs/how-it-works.md: "Protecting routes"): what parses, what each pattern matches, that
 * the first matching rule wins, that a path the container would normalize is judged as the app
 * will see it, and that bad rule text fails with a {@link ConfigurationException} naming the key,
 * the rule and the fix, both from {@link RouteRules#parse} and from {@link ServletSettings#from}.
 */
class RouteRulesTest {
    private static final String KEY = ServletSettings.ROUTES;
    private static final RouteRules RULES = RouteRules.parse(KEY, String.join("\n",
            "# comments and blank lines are skipped",
            "",
            "/health => public",
            "/admin/* => role:org:admin",
            "/invoices/* => permission:org:invoices:read",
            "/team/* => organization",
            "/api/* => signed-in",
            "/exact => signed-in, organization",
            "*.css => public",
            "/* => authenticated"));

    private static final Requirement SIGNED_IN = new Requirement.SignedIn();
    private static final Requirement PUBLIC = new Requirement.Public();

    @Test
    void noRulesMakeEveryPathPublic() {
        assertEquals(List.of(PUBLIC), RouteRules.parse(KEY, "").requirementsFor("/admin/x"));
        assertEquals(List.of(PUBLIC), RouteRules.parse(KEY, null).requirementsFor("/admin/x"));
        assertEquals(List.of(PUBLIC), RouteRules.none().requirementsFor("/"));
    }

    @Test
    void pathMatchingNoRuleIsPublic() {
        RouteRules rules = RouteRules.parse(KEY, "/admin/* => signed-in");
        assertEquals(List.of(PUBLIC), rules.requirementsFor("/other"));
    }

    @Test
    void prefixPatternMatchesItsBaseAndEverythingBelowButNotASiblingWithTheSameStart() {
        assertEquals(List.of(new Requirement.Role("org:admin")), RULES.requirementsFor("/admin"));
        assertEquals(List.of(new Requirement.Role("org:admin")), RULES.requirementsFor("/admin/"));
        assertEquals(List.of(new Requirement.Role("org:admin")), RULES.requirementsFor("/admin/users/7"));
        assertEquals(List.of(SIGNED_IN), RULES.requirementsFor("/administrator"), "falls to /* => authenticated");
    }

    @Test
    void firstMatchingRuleWins() {
        assertEquals(List.of(PUBLIC), RULES.requirementsFor("/health"));
        assertEquals(List.of(PUBLIC), RULES.requirementsFor("/admin.css"), "*.css comes before /*");
        assertEquals(List.of(new Requirement.Role("org:admin")), RULES.requirementsFor("/admin/site.css"),
                "/admin/* comes before *.css");
    }

    @Test
    void severalRequirementsOnOneRuleAllApply() {
        assertEquals(List.of(SIGNED_IN, new Requirement.OrganizationRequired()), RULES.requirementsFor("/exact"));
        assertEquals(List.of(SIGNED_IN), RULES.requirementsFor("/exact/more"), "an exact pattern matches only itself");
    }

    @Test
    void semicolonSeparatesRulesLikeNewlines() {
        RouteRules rules = RouteRules.parse(KEY, "/a/* => signed-in; /b/* => permission:x:y");
        assertEquals(List.of(SIGNED_IN), rules.requirementsFor("/a/1"));
        assertEquals(List.of(new Requirement.Permission("x:y")), rules.requirementsFor("/b/1"));
    }

    @ParameterizedTest(name = "{0}")
    @ValueSource(strings = {"/%70ages/x", "/pages;jsessionid=1/x", "/pages/x;p=1", "/x/../pages/x", "/./pages/x",
            "//pages/x", "/pages//x", "/%2e/pages/x", "/x/%2e%2e/pages/x", "/\\pages/x", "/pag%65s"})
    void pathTheContainerNormalizesIsJudgedAsTheAppWillSeeIt(String path) {
        RouteRules rules = RouteRules.parse(KEY, "/pages/* => signed-in");
        assertTrue(rules.requirementsFor(path).stream().anyMatch(Requirement::needsSession), path);
    }

    @ParameterizedTest(name = "{0}")
    @ValueSource(strings = {"/%ZZ/x", "/../pages/x", "/%2e%2e/x", "/x/%"})
    void pathWithNoCanonicalFormMeetsEveryRule(String path) {
        RouteRules rules = RouteRules.parse(KEY, "/pages/* => signed-in; /admin/* => role:org:admin");
        List<Requirement> requirements = rules.requirementsFor(path);
        assertTrue(requirements.contains(SIGNED_IN), path);
        assertTrue(requirements.contains(new Requirement.Role("org:admin")), path);
    }

    @Test
    void normalizationNeverLoosensAPathThatMatchedAsGiven() {
        RouteRules rules = RouteRules.parse(KEY, "/pages/* => signed-in");
        assertEquals(List.of(SIGNED_IN), rules.requirementsFor("/pages/../public/x"));
        assertEquals(List.of(PUBLIC), RouteRules.parse(KEY, "/pages/* => signed-in").requirementsFor("/public/%70ages"));
    }

    @Test
    void requirementsFailClosedForASignedOutRequest() {
        for (Requirement r : List.of(SIGNED_IN, new Requirement.OrganizationRequired(), new Requirement.Role("org:admin"),
                new Requirement.Permission("org:invoices:read"))) {
            assertTrue(r.needsSession(), r.toString());
            assertFalse(r.isMetBy(null), r.toString());
        }
        assertTrue(PUBLIC.isMetBy(null));
    }

    @ParameterizedTest(name = "{0}")
    @ValueSource(strings = {
            "/admin/* role:org:admin",          // no arrow
            "admin/* => signed-in",             // relative pattern
            "/a*b => signed-in",                // star inside
            "/admin/** => signed-in",           // double star
            "*. => public",                     // empty extension
            "* => public",                      // bare star
            "*.c*s => public",                  // star in extension
            " => signed-in",                    // empty pattern
            "/admin/* => rolee",                // unknown requirement
            "/admin/* => role:",                // empty role
            "/admin/* => permission:",          // empty permission
            "/admin/* =>",                      // no requirement
            "/admin/* => signed-in,",           // trailing comma
            "/admin/* => signed-in,,role:x",    // empty requirement between commas
            "/admin/* => ,",                    // only a comma
            "/a => b => c",                     // two arrows
            "/ok => public; /bad => admin"})    // second rule bad
    void badRuleTextFailsNamingTheKey(String text) {
        ConfigurationException e = assertThrows(ConfigurationException.class, () -> RouteRules.parse(KEY, text));
        assertEquals(KEY, e.key());
        assertTrue(e.getMessage().startsWith(KEY + ": rule "), e.getMessage());
    }

    @Test
    void errorNamesTheFaultyRuleByNumber() {
        ConfigurationException e = assertThrows(ConfigurationException.class,
                () -> RouteRules.parse(KEY, "/a => public\n/b => public\n/c => nonsense"));
        assertTrue(e.getMessage().contains("rule 3"), e.getMessage());
        assertTrue(e.getMessage().contains("nonsense"), e.getMessage());
    }

    @Test
    void errorMessageShowsControlCharactersOfTheRuleAsQuestionMarks() {
        ConfigurationException e = assertThrows(ConfigurationException.class,
                () -> RouteRules.parse(KEY, "/a => role\u001b[31m"));
        assertFalse(e.getMessage().chars().anyMatch(Character::isISOControl), e.getMessage());
    }

    @Test
    void servletSettingsRejectBadRuleTextNamingTheKey() {
        ConfigurationException e = assertThrows(ConfigurationException.class,
                () -> ServletSettings.from(ConfigSource.map(Map.of(KEY, "/admin/* => rolee"))));
        assertEquals(KEY, e.key());
    }

    @Test
    void servletSettingsKeepGoodRuleText() {
        String text = "/admin/* => role:org:admin";
        assertEquals(text, ServletSettings.from(ConfigSource.map(Map.of(KEY, text))).routes());
    }
}
