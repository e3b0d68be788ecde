package dev.multisession.core.selection;

import dev.multisession.core.model.Ids;
import dev.multisession.core.model.User;
import dev.multisession.core.testing.MutableClock;
import dev.multisession.core.token.SessionClaims;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;
import org.junit.jupiter.params.provider.ValueSource;

import java.time.Instant;
import java.util.List;
import java.util.Optional;
import java.util.stream.Stream;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertInstanceOf;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * Specifies which session a request gets (docs/how-it-works.md: "Which session a request gets"). {@link SessionSelector#choose} reads the
 * request's own choice — bearer token, then {@code X-Session-Id}, then {@code session_id} /
 * {@code authuser}, then the {@code /u/<index>/} path prefix when enabled, else none — and never
 * throws: a hostile or ambiguous explicit value becomes {@link SessionChoice.Unusable}.
 * {@link SessionSelector#resolve} matches the choice against the browser's signed-in sessions:
 * an explicit choice that names none resolves to nothing (never another account); without one,
 * the client cookie's last-active session, else the most recently created; an index held by two
 * sessions belongs to the older.
 */
class SessionSelectorTest {
    private static final String TOKEN = "eyJhbGciOiJSUzI1NiJ9.eyJzdWIiOiJ1In0.c2ln";
    private static final Instant NOW = Instant.parse("2026-01-15T10:00:00Z");

    private String clientId;
    private String sid0;
    private String sid1;
    private String sid2;

    @BeforeEach
    void setUp() {
        MutableClock clock = MutableClock.atFixedStart();
        clientId = Ids.newClientId(clock);
        // one millisecond apart: ids order by creation to the millisecond
        sid0 = Ids.newSessionId(clock);
        clock.advance(java.time.Duration.ofMillis(1));
        sid1 = Ids.newSessionId(clock);
        clock.advance(java.time.Duration.ofMillis(1));
        sid2 = Ids.newSessionId(clock);
    }

    private static RequestView.Builder request() {
        return RequestView.builder();
    }

    private static SessionChoice choose(RequestView.Builder request) {
        return SessionSelector.choose(request.build(), false);
    }

    private static SessionChoice chooseWithPrefix(RequestView.Builder request) {
        return SessionSelector.choose(request.build(), true);
    }

    private static SessionChoice.Unusable unusable(SelectionSource source) {
        return new SessionChoice.Unusable(source, Optional.empty());
    }

    private static SessionChoice.ByIndex byIndex(SelectionSource source, int index) {
        return new SessionChoice.ByIndex(source, index, Optional.empty());
    }

    // ------------------------------------------------------------------ precedence

    @Test
    void aBearerTokenBeatsEveryOtherSource() {
        SessionChoice choice = chooseWithPrefix(request().path("/u/2/inbox")
                .header("Authorization", "Bearer " + TOKEN)
                .header("X-Session-Id", "1")
                .queryParameter("authuser", "0"));
        assertEquals(new SessionChoice.Bearer(TOKEN), choice);
    }

    @Test
    void theSessionHeaderBeatsQueryAndPathPrefix() {
        SessionChoice choice = chooseWithPrefix(request().path("/u/2/inbox")
                .header("X-Session-Id", "1")
                .queryParameter("authuser", "0"));
        assertEquals(byIndex(SelectionSource.HEADER, 1), choice);
    }

    @Test
    void theQueryBeatsThePathPrefix() {
        SessionChoice choice = chooseWithPrefix(request().path("/u/2/inbox").queryParameter("authuser", "0"));
        assertEquals(byIndex(SelectionSource.QUERY, 0), choice);
    }

    @Test
    void thePathPrefixBeatsTheImplicitChoice() {
        SessionChoice choice = chooseWithPrefix(request().path("/u/1/inbox"));
        assertEquals(new SessionChoice.ByIndex(SelectionSource.PATH_PREFIX, 1, Optional.of("/inbox")), choice);
    }

    @Test
    void aRequestThatNamesNoSessionIsImplicit() {
        SessionChoice choice = chooseWithPrefix(request().path("/inbox"));
        assertEquals(new SessionChoice.Implicit(), choice);
        assertEquals(SelectionSource.CLIENT_COOKIE, choice.source());
        assertEquals(Optional.empty(), choice.strippedPath());
    }

    @Test
    void aHostileBearerStillBeatsAValidSessionHeader() {
        SessionChoice choice = choose(request().header("Authorization", "Bearer").header("X-Session-Id", "1"));
        assertEquals(unusable(SelectionSource.BEARER), choice);
    }

    @Test
    void aHostileSessionHeaderStillBeatsAValidQuery() {
        SessionChoice choice = choose(request().header("X-Session-Id", "-1").queryParameter("authuser", "0"));
        assertEquals(unusable(SelectionSource.HEADER), choice);
    }

    @Test
    void explicitSourcesAreExplicitAndImplicitOnesAreNot() {
        assertTrue(SelectionSource.BEARER.isExplicit());
        assertTrue(SelectionSource.HEADER.isExplicit());
        assertTrue(SelectionSource.QUERY.isExplicit());
        assertTrue(SelectionSource.PATH_PREFIX.isExplicit());
        assertFalse(SelectionSource.CLIENT_COOKIE.isExplicit());
        assertFalse(SelectionSource.MOST_RECENT.isExplicit());
        assertFalse(SelectionSource.NONE.isExplicit());
    }

    // ------------------------------------------------------------------ bearer

    @Test
    void theBearerSchemeIsCaseInsensitive() {
        assertEquals(new SessionChoice.Bearer(TOKEN), choose(request().header("Authorization", "bearer " + TOKEN)));
        assertEquals(new SessionChoice.Bearer(TOKEN), choose(request().header("authorization", "BEARER " + TOKEN)));
    }

    @Test
    void spacesAroundTheBearerTokenAreDropped() {
        assertEquals(new SessionChoice.Bearer(TOKEN), choose(request().header("Authorization", "Bearer   " + TOKEN + " ")));
    }

    @ParameterizedTest(name = "''{0}''")
    @ValueSource(strings = {"Bearer", "Bearer ", "Bearer    ", "Bearer\t", "Bearerxyz", "bearer"})
    void aBearerWithoutATokenIsUnusable(String header) {
        assertEquals(unusable(SelectionSource.BEARER), choose(request().header("Authorization", header)));
    }

    @Test
    void anOversizedBearerIsUnusable() {
        String value = "Bearer " + "a".repeat(20_000);
        assertEquals(unusable(SelectionSource.BEARER), choose(request().header("Authorization", value)));
    }

    @Test
    void twoAuthorizationHeadersWithABearerAreUnusable() {
        assertEquals(unusable(SelectionSource.BEARER), choose(request()
                .header("Authorization", "Bearer " + TOKEN).header("Authorization", "Bearer " + TOKEN)));
        assertEquals(unusable(SelectionSource.BEARER), choose(request()
                .header("Authorization", "Basic xyz").header("Authorization", "Bearer " + TOKEN)));
    }

    @Test
    void anotherAuthorizationSchemeIsNotOursAndIsIgnored() {
        assertEquals(new SessionChoice.Implicit(), choose(request().header("Authorization", "Basic xyz")));
        assertEquals(byIndex(SelectionSource.HEADER, 1),
                choose(request().header("Authorization", "Basic xyz").header("X-Session-Id", "1")));
    }

    @Test
    void aBearerChoiceNeverPrintsItsToken() {
        assertFalse(new SessionChoice.Bearer(TOKEN).toString().contains(TOKEN));
    }

    // ------------------------------------------------------------------ X-Session-Id

    @Test
    void theSessionHeaderNamesASessionById() {
        assertEquals(new SessionChoice.ById(SelectionSource.HEADER, sid1), choose(request().header("X-Session-Id", sid1)));
    }

    @Test
    void theSessionHeaderNamesASessionByIndex() {
        assertEquals(byIndex(SelectionSource.HEADER, 2), choose(request().header("X-Session-Id", "2")));
    }

    @Test
    void theSessionHeaderNameIsCaseInsensitive() {
        assertEquals(byIndex(SelectionSource.HEADER, 2), choose(request().header("x-session-id", "2")));
    }

    @Test
    void spacesAndTabsAroundTheSessionHeaderValueAreHttpWhitespaceAndDropped() {
        assertEquals(byIndex(SelectionSource.HEADER, 1), choose(request().header("X-Session-Id", " 1")));
        assertEquals(byIndex(SelectionSource.HEADER, 1), choose(request().header("X-Session-Id", "\t1 ")));
        assertEquals(new SessionChoice.ById(SelectionSource.HEADER, sid1), choose(request().header("X-Session-Id", " " + sid1)));
    }

    @Test
    void twoSessionHeadersAreUnusable() {
        assertEquals(unusable(SelectionSource.HEADER),
                choose(request().header("X-Session-Id", "1").header("X-Session-Id", "1")));
    }

    // ------------------------------------------------------------------ query

    @Test
    void theSessionIdParameterNamesASessionById() {
        assertEquals(new SessionChoice.ById(SelectionSource.QUERY, sid2), choose(request().queryParameter("session_id", sid2)));
    }

    @Test
    void theAuthuserParameterNamesASessionByIndex() {
        assertEquals(byIndex(SelectionSource.QUERY, 1), choose(request().queryParameter("authuser", "1")));
    }

    @Test
    void theSessionIdParameterTakesOnlyASessionId() {
        assertEquals(unusable(SelectionSource.QUERY), choose(request().queryParameter("session_id", "1")));
    }

    @Test
    void theAuthuserParameterTakesOnlyAnIndex() {
        assertEquals(unusable(SelectionSource.QUERY), choose(request().queryParameter("authuser", sid1)));
    }

    @Test
    void twoAuthuserParametersAreUnusable() {
        assertEquals(unusable(SelectionSource.QUERY),
                choose(request().queryParameter("authuser", "1").queryParameter("authuser", "1")));
    }

    @Test
    void bothSessionIdAndAuthuserAreUnusable() {
        assertEquals(unusable(SelectionSource.QUERY),
                choose(request().queryParameter("session_id", sid1).queryParameter("authuser", "1")));
    }

    @Test
    void queryParameterNamesAreCaseSensitive() {
        assertEquals(new SessionChoice.Implicit(), choose(request().queryParameter("AuthUser", "1")));
    }

    // ------------------------------------------------------------------ path prefix

    @Test
    void thePathPrefixIsIgnoredWhenNotEnabled() {
        assertEquals(new SessionChoice.Implicit(), choose(request().path("/u/1/inbox")));
    }

    @Test
    void thePathPrefixIsStrippedFromThePath() {
        SessionChoice choice = chooseWithPrefix(request().path("/u/1/inbox/today"));
        assertEquals(new SessionChoice.ByIndex(SelectionSource.PATH_PREFIX, 1, Optional.of("/inbox/today")), choice);
        assertEquals(Optional.of("/inbox/today"), choice.strippedPath());
    }

    @Test
    void aBarePathPrefixLeavesTheRoot() {
        assertEquals(Optional.of("/"), chooseWithPrefix(request().path("/u/1")).strippedPath());
        assertEquals(Optional.of("/"), chooseWithPrefix(request().path("/u/1/")).strippedPath());
    }

    @ParameterizedTest(name = "{0}")
    @ValueSource(strings = {"/users/1", "/u", "/u1/inbox", "/x/u/1/inbox", "u/1/inbox", "/U/1/inbox"})
    void aPathThatDoesNotStartWithTheUSegmentIsNoPrefix(String path) {
        assertEquals(new SessionChoice.Implicit(), chooseWithPrefix(request().path(path)));
    }

    @Test
    void aNewlineInThePathIsKeptNotCutOff() {
        SessionChoice choice = chooseWithPrefix(request().path("/u/1/inbox\nmore"));
        assertEquals(Optional.of("/inbox\nmore"), choice.strippedPath());
        assertEquals(Optional.of("/inbox\n"), chooseWithPrefix(request().path("/u/1/inbox\n")).strippedPath());
    }

    @Test
    void anUnusablePathPrefixStillReportsTheStrippedPath() {
        SessionChoice choice = chooseWithPrefix(request().path("/u/x/inbox"));
        assertEquals(new SessionChoice.Unusable(SelectionSource.PATH_PREFIX, Optional.of("/inbox")), choice);
    }

    @Test
    void aSessionIdIsNotAPathPrefix() {
        assertInstanceOf(SessionChoice.Unusable.class, chooseWithPrefix(request().path("/u/" + sid1 + "/inbox")));
    }

    // ------------------------------------------------------------------ indexes and hostile values

    @ParameterizedTest(name = "{0}")
    @ValueSource(strings = {"0", "1", "7", "10", "99"})
    void indexesAreZeroToNinetyNineWithoutLeadingZeros(String value) {
        int expected = Integer.parseInt(value);
        assertEquals(byIndex(SelectionSource.HEADER, expected), choose(request().header("X-Session-Id", value)));
        assertEquals(byIndex(SelectionSource.QUERY, expected), choose(request().queryParameter("authuser", value)));
        assertEquals(new SessionChoice.ByIndex(SelectionSource.PATH_PREFIX, expected, Optional.of("/x")),
                chooseWithPrefix(request().path("/u/" + value + "/x")));
    }

    static Stream<String> hostileValues() {
        return Stream.of("-1", "100", "99999", "99999999999999999999", "1e3", "0x1", "01", "00", "+1", "1.0",
                "", "a".repeat(10_240), "1\r\n", "1\r\nSet-Cookie: x=y", "\r\n1", "1\u0000", "\u0661",
                "１", "sess_short", sid());
    }

    /** A session id with a lower-case letter: looks like an id, is not one. */
    private static String sid() {
        return "sess_01jd3q0000ABCDEFGHJKMNPQRS";
    }

    @ParameterizedTest(name = "[{index}]")
    @MethodSource("hostileValues")
    void aHostileSessionHeaderIsUnusable(String value) {
        assertEquals(unusable(SelectionSource.HEADER), choose(request().header("X-Session-Id", value)));
    }

    @ParameterizedTest(name = "[{index}]")
    @MethodSource("hostileValues")
    void aHostileAuthuserIsUnusable(String value) {
        assertEquals(unusable(SelectionSource.QUERY), choose(request().queryParameter("authuser", value)));
    }

    @ParameterizedTest(name = "[{index}]")
    @MethodSource("hostileValues")
    void aHostileSessionIdParameterIsUnusable(String value) {
        assertEquals(unusable(SelectionSource.QUERY), choose(request().queryParameter("session_id", value)));
    }

    @ParameterizedTest(name = "[{index}]")
    @MethodSource("hostileValues")
    void aHostilePathPrefixIsUnusable(String value) {
        SessionChoice choice = chooseWithPrefix(request().path("/u/" + value.replace("/", "") + "/inbox"));
        assertEquals(new SessionChoice.Unusable(SelectionSource.PATH_PREFIX, Optional.of("/inbox")), choice);
    }

    @Test
    void aQueryValueWithSurroundingSpacesIsUnusable() {
        assertEquals(unusable(SelectionSource.QUERY), choose(request().queryParameter("authuser", " 1")));
        assertEquals(unusable(SelectionSource.QUERY), choose(request().queryParameter("session_id", " " + sid1)));
    }

    // ------------------------------------------------------------------ resolve

    private SessionClaims claims(String sessionId, int index) {
        return new SessionClaims("multisession", User.of("user_" + sessionId.substring(20)), sessionId, clientId, index,
                Optional.empty(), NOW, Optional.of(NOW), NOW.plusSeconds(60), Optional.empty(), Optional.empty());
    }

    private List<SessionClaims> signedIn() {
        return List.of(claims(sid0, 0), claims(sid1, 1), claims(sid2, 2));
    }

    private static Optional<String> chosenId(SessionSelector.Resolution r) {
        return r.chosen().map(SessionClaims::sessionId);
    }

    @Test
    void anExplicitIdResolvesToThatSession() {
        SessionSelector.Resolution r = SessionSelector.resolve(
                new SessionChoice.ById(SelectionSource.HEADER, sid1), signedIn(), Optional.of(sid2));
        assertEquals(Optional.of(sid1), chosenId(r));
        assertEquals(SelectionSource.HEADER, r.source());
        assertFalse(r.explicitMiss());
    }

    @Test
    void anExplicitIndexResolvesToTheSessionHoldingIt() {
        SessionSelector.Resolution r = SessionSelector.resolve(byIndex(SelectionSource.QUERY, 2), signedIn(), Optional.of(sid0));
        assertEquals(Optional.of(sid2), chosenId(r));
        assertEquals(SelectionSource.QUERY, r.source());
        assertFalse(r.explicitMiss());
    }

    @Test
    void anExplicitIdThatIsNotSignedInResolvesToNoSessionNeverAnother() {
        String unknown = Ids.newSessionId(MutableClock.atFixedStart());
        SessionSelector.Resolution r = SessionSelector.resolve(
                new SessionChoice.ById(SelectionSource.QUERY, unknown), signedIn(), Optional.of(sid1));
        assertEquals(Optional.empty(), r.chosen());
        assertEquals(SelectionSource.QUERY, r.source());
        assertTrue(r.explicitMiss());
    }

    @Test
    void anExplicitIndexThatNoSessionHoldsResolvesToNoSession() {
        SessionSelector.Resolution r = SessionSelector.resolve(
                new SessionChoice.ByIndex(SelectionSource.PATH_PREFIX, 5, Optional.of("/inbox")), signedIn(), Optional.of(sid1));
        assertEquals(Optional.empty(), r.chosen());
        assertEquals(SelectionSource.PATH_PREFIX, r.source());
        assertTrue(r.explicitMiss());
    }

    @Test
    void anIndexFreedBySignOutIsNotTakenOverByAnotherSession() {
        List<SessionClaims> afterSignOut = List.of(claims(sid0, 0), claims(sid2, 2));
        SessionSelector.Resolution r = SessionSelector.resolve(byIndex(SelectionSource.QUERY, 1), afterSignOut, Optional.of(sid2));
        assertTrue(r.explicitMiss());
    }

    @Test
    void anUnusableChoiceResolvesToNoSession() {
        SessionSelector.Resolution r = SessionSelector.resolve(unusable(SelectionSource.HEADER), signedIn(), Optional.of(sid1));
        assertEquals(Optional.empty(), r.chosen());
        assertEquals(SelectionSource.HEADER, r.source());
        assertTrue(r.explicitMiss());
    }

    @Test
    void aBearerChoiceIsNotMatchedAgainstTheBrowsersCookies() {
        SessionSelector.Resolution r = SessionSelector.resolve(new SessionChoice.Bearer(TOKEN), signedIn(), Optional.of(sid1));
        assertEquals(Optional.empty(), r.chosen());
        assertEquals(SelectionSource.BEARER, r.source());
    }

    @Test
    void withoutAnExplicitChoiceTheClientCookiesLastActiveSessionWins() {
        SessionSelector.Resolution r = SessionSelector.resolve(new SessionChoice.Implicit(), signedIn(), Optional.of(sid1));
        assertEquals(Optional.of(sid1), chosenId(r));
        assertEquals(SelectionSource.CLIENT_COOKIE, r.source());
        assertFalse(r.explicitMiss());
    }

    @Test
    void aLastActiveSessionThatIsNoLongerSignedInFallsBackToTheNewest() {
        List<SessionClaims> withoutSid2 = List.of(claims(sid0, 0), claims(sid1, 1));
        SessionSelector.Resolution r = SessionSelector.resolve(new SessionChoice.Implicit(), withoutSid2, Optional.of(sid2));
        assertEquals(Optional.of(sid1), chosenId(r));
        assertEquals(SelectionSource.MOST_RECENT, r.source());
        assertFalse(r.explicitMiss());
    }

    @Test
    void withoutAClientCookieTheMostRecentlyCreatedSessionWinsWhateverTheListOrder() {
        List<SessionClaims> shuffled = List.of(claims(sid1, 1), claims(sid2, 2), claims(sid0, 0));
        SessionSelector.Resolution r = SessionSelector.resolve(new SessionChoice.Implicit(), shuffled, Optional.empty());
        assertEquals(Optional.of(sid2), chosenId(r));
        assertEquals(SelectionSource.MOST_RECENT, r.source());
    }

    @Test
    void withNoSignedInSessionNothingIsChosenAndItIsNoExplicitMiss() {
        SessionSelector.Resolution r = SessionSelector.resolve(new SessionChoice.Implicit(), List.of(), Optional.of(sid1));
        assertEquals(Optional.empty(), r.chosen());
        assertEquals(SelectionSource.NONE, r.source());
        assertFalse(r.explicitMiss());
    }

    @Test
    void whenTwoSessionsHoldOneIndexTheOlderOwnsIt() {
        List<SessionClaims> clash = List.of(claims(sid2, 1), claims(sid0, 0), claims(sid1, 1));
        SessionSelector.Resolution r = SessionSelector.resolve(byIndex(SelectionSource.HEADER, 1), clash, Optional.of(sid2));
        assertEquals(Optional.of(sid1), chosenId(r));
    }

    @Test
    void theNewerOfTwoSessionsSharingAnIndexIsStillReachableById() {
        List<SessionClaims> clash = List.of(claims(sid0, 0), claims(sid1, 1), claims(sid2, 1));
        SessionSelector.Resolution r = SessionSelector.resolve(
                new SessionChoice.ById(SelectionSource.HEADER, sid2), clash, Optional.empty());
        assertEquals(Optional.of(sid2), chosenId(r));
    }

    @Test
    void chooseThenResolveGivesTheAuthuserAccount() {
        SessionChoice choice = choose(request().queryParameter("authuser", "1"));
        assertEquals(Optional.of(sid1), chosenId(SessionSelector.resolve(choice, signedIn(), Optional.of(sid2))));
    }
}
