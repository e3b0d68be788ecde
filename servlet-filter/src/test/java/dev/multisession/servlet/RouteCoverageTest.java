package dev.multisession.servlet;

import dev.multisession.servlet.rules.RouteRules;
import org.junit.jupiter.api.Test;

import java.util.List;

import static org.junit.jupiter.api.Assertions.assertEquals;

/**
 * Which route rules a filter mapping leaves unprotected ({@link RouteRules#protectedPatternsOutside}):
 * the check the filter runs at start, so that a rule outside its mapping fails the deployment
 * instead of protecting nothing. Servlet URL-pattern semantics; unsure cases count as outside.
 */
class RouteCoverageTest {
    private static RouteRules rules(String text) {
        return RouteRules.parse(ServletSettings.ROUTES, text);
    }

    @Test
    void everyRuleIsCoveredByAMappingForEverything() {
        assertEquals(List.of(), rules("/admin/* => role:org:admin; *.json => signed-in; /x => signed-in; / => signed-in")
                .protectedPatternsOutside(List.of("/*")));
    }

    @Test
    void aRuleOutsideThePrefixMappingIsOutside() {
        assertEquals(List.of("/admin/*"), rules("/api/* => signed-in; /admin/* => role:org:admin")
                .protectedPatternsOutside(List.of("/api/*")));
    }

    @Test
    void publicRulesNeedNoCover() {
        assertEquals(List.of(), rules("/health => public; /api/* => signed-in").protectedPatternsOutside(List.of("/api/*")));
    }

    @Test
    void aPrefixMappingCoversExactPathsAndPrefixesBelowIt() {
        assertEquals(List.of(), rules("/api => signed-in; /api/v1/* => signed-in; /api/x => signed-in")
                .protectedPatternsOutside(List.of("/api/*")));
    }

    @Test
    void aPrefixMappingDoesNotCoverASiblingThatStartsAlike() {
        assertEquals(List.of("/apix/*"), rules("/apix/* => signed-in").protectedPatternsOutside(List.of("/api/*")));
    }

    @Test
    void aPrefixMappingDoesNotCoverAnExtensionRule() {
        assertEquals(List.of("*.json"), rules("*.json => signed-in").protectedPatternsOutside(List.of("/api/*")));
    }

    @Test
    void anExtensionMappingCoversThatExtensionOnly() {
        assertEquals(List.of("*.xml", "/api/*"), rules("*.json => signed-in; /a/b.json => signed-in; *.xml => signed-in; "
                + "/api/* => signed-in").protectedPatternsOutside(List.of("*.json")));
    }

    @Test
    void anExactMappingCoversTheSameExactPathOnly() {
        assertEquals(List.of("/admin/*"), rules("/admin => signed-in; /admin/* => signed-in")
                .protectedPatternsOutside(List.of("/admin")));
    }

    @Test
    void theDefaultServletMappingCoversNoRule() {
        assertEquals(List.of("/", "/x", "/admin/*"), rules("/ => signed-in; /x => signed-in; /admin/* => signed-in")
                .protectedPatternsOutside(List.of("/")));
    }

    @Test
    void noMappingLeavesEveryProtectedRuleOutside() {
        assertEquals(List.of("/admin/*", "/api/*"), rules("/admin/* => role:org:admin; /api/* => signed-in; /admin/* => signed-in")
                .protectedPatternsOutside(List.of()));
    }
}
