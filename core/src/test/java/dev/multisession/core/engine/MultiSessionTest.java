package dev.multisession.core.engine;

import dev.multisession.core.config.Mode;
import dev.multisession.core.config.MultiSessionConfig;
import dev.multisession.core.cookie.CookieFamily;
import dev.multisession.core.cookie.CookieWrite;
import dev.multisession.core.keys.SigningKeys;
import dev.multisession.core.keys.VerificationKeys;
import dev.multisession.core.model.Organization;
import dev.multisession.core.model.SessionStatus;
import dev.multisession.core.model.User;
import dev.multisession.core.selection.SelectionSource;
import dev.multisession.core.store.InMemorySessionStore;
import dev.multisession.core.store.testing.FlakyStore;
import dev.multisession.core.testing.CookieJar;
import dev.multisession.core.testing.MutableClock;
import dev.multisession.core.token.SessionClaims;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.Set;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * The engine as a browser sees it: sign in several accounts in one cookie jar, choose one per
 * request by every source of docs/how-it-works.md: "Which session a request gets", refresh through the store, switch and sign out.
 */
class MultiSessionTest {
    private static final SigningKeys KEYS = SigningKeys.generate(com.nimbusds.jose.JWSAlgorithm.RS256);
    private static final User ALICE = User.builder("alice").name("Alice").email("alice@example.com").build();
    private static final User BOB = User.builder("bob").name("Bob").build();
    private static final User CAROL = User.builder("carol").build();

    private MutableClock clock;
    private FlakyStore store;
    private MultiSession engine;
    private CookieJar jar;

    @BeforeEach
    void setUp() {
        clock = MutableClock.atFixedStart();
        engine = engine(MultiSessionConfig.builder().clock(clock));
        jar = new CookieJar(false);
    }

    private MultiSession engine(MultiSessionConfig.Builder builder) {
        MultiSessionConfig config = builder.clock(clock).build();
        store = new FlakyStore(new InMemorySessionStore(config));
        return MultiSession.builder(config).signingKeys(KEYS).sessionStore(store).build();
    }

    private SignInResult signIn(User user) {
        SignInResult r = engine.signIn(jar.request("/login").method("POST").build(), user, Optional.empty());
        jar.apply(r.cookieWrites());
        clock.advance(Duration.ofMillis(1)); // session ids order by sign-in time to the millisecond
        return r;
    }

    private AuthResult get(String path) {
        AuthResult r = engine.authenticate(jar.request(path).build());
        jar.apply(r.cookieWrites());
        return r;
    }

    private static String userOf(AuthResult r) {
        return r.session().map(SessionClaims::userId).orElse(null);
    }

    @Test
    void threeSignInsInOneBrowserGetIndexesZeroOneTwoAndOneClient() {
        SignInResult a = signIn(ALICE);
        SignInResult b = signIn(BOB);
        SignInResult c = signIn(CAROL);
        assertEquals(List.of(0, 1, 2), List.of(a.session().index(), b.session().index(), c.session().index()));
        assertEquals(a.session().clientId(), c.session().clientId());
        AuthResult r = get("/");
        assertEquals(List.of("alice", "bob", "carol"), r.signedInSessions().stream().map(SessionClaims::userId).toList());
    }

    @Test
    void plainRequestGetsTheLastSignedInSessionThroughTheClientCookie() {
        signIn(ALICE);
        signIn(BOB);
        AuthResult r = get("/");
        assertEquals("bob", userOf(r));
        assertEquals(SelectionSource.CLIENT_COOKIE, r.source());
    }

    @Test
    void headerChoosesBySessionIdAndByIndex() {
        SignInResult a = signIn(ALICE);
        signIn(BOB);
        assertEquals("alice", userOf(engine.authenticate(jar.request("/").header("X-Session-Id", a.session().id()).build())));
        AuthResult byIndex = engine.authenticate(jar.request("/").header("X-Session-Id", "0").build());
        assertEquals("alice", userOf(byIndex));
        assertEquals(SelectionSource.HEADER, byIndex.source());
    }

    @Test
    void queryChoosesByAuthuserAndBySessionId() {
        signIn(ALICE);
        SignInResult b = signIn(BOB);
        signIn(CAROL);
        assertEquals("bob", userOf(engine.authenticate(jar.request("/").queryParameter("authuser", "1").build())));
        AuthResult byId = engine.authenticate(jar.request("/").queryParameter("session_id", b.session().id()).build());
        assertEquals("bob", userOf(byId));
        assertEquals(SelectionSource.QUERY, byId.source());
    }

    @Test
    void pathPrefixChoosesByIndexAndIsStrippedWhenEnabled() {
        engine = engine(MultiSessionConfig.builder().pathPrefixSelection(true));
        signIn(ALICE);
        signIn(BOB);
        AuthResult r = engine.authenticate(jar.request("/u/0/inbox").build());
        assertEquals("alice", userOf(r));
        assertEquals(SelectionSource.PATH_PREFIX, r.source());
        assertEquals(Optional.of("/inbox"), r.strippedPath());
    }

    @Test
    void pathPrefixIsAnOrdinaryPathWhenDisabled() {
        signIn(ALICE);
        signIn(BOB);
        AuthResult r = engine.authenticate(jar.request("/u/0/inbox").build());
        assertEquals("bob", userOf(r));
        assertEquals(Optional.empty(), r.strippedPath());
    }

    @Test
    void withoutClientCookieTheMostRecentlyCreatedSessionIsChosenAndTheClientCookieRewritten() {
        signIn(ALICE);
        SignInResult b = signIn(BOB);
        jar.apply(List.of(CookieWrite.delete(CookieFamily.clientCookieName(false), false)));
        AuthResult r = get("/");
        assertEquals("bob", userOf(r));
        assertEquals(SelectionSource.MOST_RECENT, r.source());
        assertTrue(jar.get("ms_client").endsWith(b.session().id()));
    }

    @Test
    void bearerTokenChoosesItsSessionWithoutCookies() {
        SignInResult a = signIn(ALICE);
        AuthResult r = engine.authenticate(new CookieJar(false).request("/api").header("Authorization", "Bearer " + a.token()).build());
        assertEquals("alice", userOf(r));
        assertEquals(SelectionSource.BEARER, r.source());
        assertTrue(r.cookieWrites().isEmpty());
    }

    @Test
    void explicitChoiceOfAnUnknownIndexIsSignedOutNeverAnotherAccount() {
        signIn(ALICE);
        signIn(BOB);
        for (String value : List.of("2", "7", "-1", "99999", "1e3", "0x1", "abc")) {
            AuthResult r = engine.authenticate(jar.request("/").queryParameter("authuser", value).build());
            assertFalse(r.isSignedIn(), value);
            assertTrue(r.explicitMiss(), value);
            assertEquals(Optional.of(Reasons.SESSION_NOT_FOUND), r.reason(), value);
        }
    }

    @Test
    void explicitChoiceOfAnotherBrowsersSessionIsSignedOut() {
        CookieJar other = new CookieJar(false);
        SignInResult foreign = engine.signIn(other.request("/login").build(), CAROL, Optional.empty());
        signIn(ALICE);
        AuthResult r = engine.authenticate(jar.request("/").header("X-Session-Id", foreign.session().id()).build());
        assertFalse(r.isSignedIn());
    }

    @Test
    void freshTokenOnTheHotPathTouchesNeitherStoreNorSigner() {
        signIn(ALICE);
        get("/");
        int before = store.calls();
        for (int i = 0; i < 100; i++) {
            assertTrue(get("/").isSignedIn());
        }
        assertEquals(before, store.calls());
    }

    @Test
    void expiredTokenIsRefreshedInLineThroughTheStore() {
        signIn(ALICE);
        String sid = get("/").session().orElseThrow().sessionId();
        String oldToken = jar.get("ms_" + sid);
        clock.advance(Duration.ofSeconds(61));
        AuthResult r = get("/");
        assertTrue(r.isSignedIn());
        assertNotEquals(oldToken, jar.get("ms_" + sid));
        assertTrue(r.session().orElseThrow().expiresAt().isAfter(clock.instant()));
        assertTrue(r.cookieWrites().stream().anyMatch(w -> w.name().equals("ms_" + sid) && !w.isDeletion()));
    }

    @Test
    void tokenInTheLastPartOfItsLifeIsRefreshedBeforeItExpires() {
        signIn(ALICE);
        clock.advance(Duration.ofSeconds(50));
        AuthResult r = get("/");
        assertTrue(r.cookieWrites().stream().anyMatch(w -> w.name().startsWith("ms_sess_")));
        assertEquals(clock.instant().truncatedTo(java.time.temporal.ChronoUnit.SECONDS).plusSeconds(60), r.session().orElseThrow().expiresAt());
    }

    @Test
    void revokedSessionIsSignedOutAtItsNextRefreshAndItsCookieDeleted() {
        SignInResult a = signIn(ALICE);
        store.revoke(a.session().id(), a.session().clientId(), SessionStatus.REVOKED, clock.instant());
        // the store reports the revocation: this node refuses the still-unexpired token at once
        AuthResult r = get("/");
        assertFalse(r.isSignedIn());
        assertEquals(Optional.of(Reasons.SESSION_ENDED), r.reason());
        assertNull(jar.get("ms_" + a.session().id()));
        assertNull(jar.get("ms_client"));
    }

    @Test
    void implicitChoiceFallsToTheNextSessionWhenTheLastActiveOneWasRevoked() {
        signIn(ALICE);
        SignInResult b = signIn(BOB);
        store.revoke(b.session().id(), b.session().clientId(), SessionStatus.REVOKED, clock.instant());
        clock.advance(Duration.ofSeconds(61));
        AuthResult r = get("/");
        assertEquals("alice", userOf(r));
        assertNull(jar.get("ms_" + b.session().id()));
    }

    @Test
    void explicitChoiceOfARevokedSessionIsSignedOutNotFallenBack() {
        signIn(ALICE);
        SignInResult b = signIn(BOB);
        store.revoke(b.session().id(), b.session().clientId(), SessionStatus.REVOKED, clock.instant());
        clock.advance(Duration.ofSeconds(61));
        AuthResult r = engine.authenticate(jar.request("/").queryParameter("authuser", "1").build());
        assertFalse(r.isSignedIn());
    }

    @Test
    void concurrentRefreshesOfOneSessionReuseOneFreshToken() throws Exception {
        signIn(ALICE);
        clock.advance(Duration.ofSeconds(61));
        int finds = store.calls(FlakyStore.Op.READ_FOR_REFRESH);
        ExecutorService pool = Executors.newFixedThreadPool(8);
        CountDownLatch start = new CountDownLatch(1);
        List<Future<AuthResult>> futures = new ArrayList<>();
        for (int i = 0; i < 32; i++) {
            var request = jar.request("/").build();
            futures.add(pool.submit(() -> {
                start.await();
                return engine.authenticate(request);
            }));
        }
        start.countDown();
        Set<String> tokens = new java.util.HashSet<>();
        for (Future<AuthResult> f : futures) {
            AuthResult r = f.get();
            assertTrue(r.isSignedIn());
            r.cookieWrites().stream().filter(w -> w.name().startsWith("ms_sess_")).forEach(w -> tokens.add(w.value()));
        }
        pool.shutdown();
        assertEquals(1, tokens.size());
        assertEquals(finds + 1, store.calls(FlakyStore.Op.READ_FOR_REFRESH));
    }

    @Test
    void storeOutageKeepsAStillValidTokenButSignsOutAnExpiredOne() {
        signIn(ALICE);
        store.setAvailable(false);
        clock.advance(Duration.ofSeconds(50));
        assertTrue(get("/").isSignedIn());
        clock.advance(Duration.ofSeconds(20));
        AuthResult r = get("/");
        assertFalse(r.isSignedIn());
        assertEquals(Optional.of(Reasons.STORE_UNAVAILABLE), r.reason());
    }

    @Test
    void signInRefusedAtTheCapWithATypedError() {
        for (int i = 0; i < 5; i++) {
            signIn(User.of("user" + i));
        }
        TooManySessionsException e = assertThrows(TooManySessionsException.class, () -> signIn(User.of("user5")));
        assertEquals(5, e.limit());
        assertTrue(e.getMessage().contains("multisession.sessions.max-per-client"));
    }

    @Test
    void signInAtTheCapEvictsTheLeastRecentlyActiveWhenConfigured() {
        engine = engine(MultiSessionConfig.builder().maxSessionsPerClient(2).evictAtCap(true));
        SignInResult a = signIn(ALICE);
        clock.advance(Duration.ofSeconds(1));
        signIn(BOB);
        clock.advance(Duration.ofSeconds(1));
        SignInResult c = signIn(CAROL);
        assertNull(jar.get("ms_" + a.session().id()));
        assertEquals(SessionStatus.REMOVED, store.find(a.session().id()).orElseThrow().status());
        assertEquals(0, c.session().index(), "the evicted session's index is free again");
    }

    @Test
    void signingInTheSameUserAgainReplacesTheSessionAndKeepsItsIndex() {
        SignInResult a1 = signIn(ALICE);
        signIn(BOB);
        SignInResult a2 = signIn(ALICE);
        assertNotEquals(a1.session().id(), a2.session().id());
        assertEquals(0, a2.session().index());
        assertEquals(SessionStatus.ENDED, store.find(a1.session().id()).orElseThrow().status());
        assertEquals(2, get("/").signedInSessions().size());
    }

    @Test
    void indexesDoNotShiftWhenAnotherAccountSignsOut() {
        signIn(ALICE);
        SignInResult b = signIn(BOB);
        SignInResult c = signIn(CAROL);
        AuthResult out = engine.signOut(jar.request("/").build(), Optional.of(b.session().id())).after();
        jar.apply(out.cookieWrites());
        assertEquals("carol", userOf(engine.authenticate(jar.request("/").queryParameter("authuser", "2").build())));
        assertFalse(engine.authenticate(jar.request("/").queryParameter("authuser", "1").build()).isSignedIn());
        SignInResult d = signIn(User.of("dave"));
        assertEquals(3, d.session().index(), "an index just given up is not handed out while a never-used one is free");
        assertEquals(2, c.session().index());
        signIn(User.of("erin"));
        SignInResult f = signIn(User.of("frank")); // indexes 0, 2, 3, 4 held: only the freed 1 is left under the cap
        assertEquals(1, f.session().index(), "a freed index is reused once no other is free under the cap");
    }

    @Test
    void signOutOfTheActiveSessionMakesTheLowestIndexActive() {
        signIn(ALICE);
        signIn(BOB);
        SignInResult c = signIn(CAROL);
        AuthResult out = engine.signOut(jar.request("/").build(), Optional.empty()).after();
        jar.apply(out.cookieWrites());
        assertEquals("alice", userOf(out));
        assertEquals(SessionStatus.ENDED, store.find(c.session().id()).orElseThrow().status());
        assertEquals("alice", userOf(get("/")));
        assertEquals(2, get("/").signedInSessions().size());
    }

    @Test
    void signOutOfAnotherSessionKeepsTheActiveOne() {
        SignInResult a = signIn(ALICE);
        signIn(BOB);
        AuthResult out = engine.signOut(jar.request("/").build(), Optional.of(a.session().id())).after();
        jar.apply(out.cookieWrites());
        assertEquals("bob", userOf(get("/")));
    }

    @Test
    void signOutAllEndsEverySessionAndDeletesEveryCookieOfTheFamily() {
        SignInResult a = signIn(ALICE);
        SignInResult b = signIn(BOB);
        jar.put("ms_sess_garbage", "x");
        jar.put("ms_theme", "dark");
        AuthResult out = engine.signOutAll(jar.request("/").build()).after();
        jar.apply(out.cookieWrites());
        assertEquals(Set.of("ms_theme"), jar.all().keySet(), "only the app's own cookie is left");
        assertEquals(SessionStatus.ENDED, store.find(a.session().id()).orElseThrow().status());
        assertEquals(SessionStatus.ENDED, store.find(b.session().id()).orElseThrow().status());
    }

    @Test
    void signOutOfAnUnknownSessionIsATypedError() {
        signIn(ALICE);
        assertThrows(UnknownSessionException.class,
                () -> engine.signOut(jar.request("/").build(), Optional.of("sess_01ARZ3NDEKTSV4RRFFQ69G5FAV")));
        assertThrows(UnknownSessionException.class, () -> engine.signOut(jar.request("/").build(), Optional.of("4")));
    }

    @Test
    void switchMakesASessionLastActive() {
        signIn(ALICE);
        signIn(BOB);
        AuthResult r = engine.switchTo(jar.request("/").build(), Optional.of("0"), OrganizationChange.keep()).after();
        jar.apply(r.cookieWrites());
        assertEquals("alice", userOf(r));
        assertEquals("alice", userOf(get("/")));
    }

    @Test
    void switchOfOrganizationMintsATokenWithTheOrganizationClaims() {
        signIn(ALICE);
        Organization acme = Organization.builder("org_1", "acme").role("org:admin").permissions(Set.of("org:invoices:read")).build();
        AuthResult r = engine.switchTo(jar.request("/").build(), Optional.empty(), OrganizationChange.to(acme)).after();
        jar.apply(r.cookieWrites());
        Organization org = get("/").session().orElseThrow().organization().orElseThrow();
        assertEquals("acme", org.slug());
        assertTrue(org.has("org:invoices:read"));
        AuthResult personal = engine.switchTo(jar.request("/").build(), Optional.empty(), OrganizationChange.personal()).after();
        jar.apply(personal.cookieWrites());
        assertTrue(get("/").session().orElseThrow().organization().isEmpty());
    }

    @Test
    void organizationSurvivesRefresh() {
        signIn(ALICE);
        Organization acme = Organization.builder("org_1", "acme").role("org:admin").build();
        jar.apply(engine.switchTo(jar.request("/").build(), Optional.empty(), OrganizationChange.to(acme)).after().cookieWrites());
        clock.advance(Duration.ofSeconds(61));
        assertEquals("org:admin", get("/").session().orElseThrow().organization().orElseThrow().role());
    }

    @Test
    void aCookieHoldingAnotherSessionsTokenIsIgnoredAndDeleted() {
        SignInResult a = signIn(ALICE);
        SignInResult b = signIn(BOB);
        jar.put("ms_" + a.session().id(), b.token());
        AuthResult r = engine.authenticate(jar.request("/").queryParameter("authuser", "0").build());
        assertFalse(r.isSignedIn());
        assertTrue(r.cookieWrites().stream().anyMatch(w -> w.isDeletion() && w.name().equals("ms_" + a.session().id())));
    }

    @Test
    void anotherBrowsersSessionCookieIsIgnoredButNotDeleted() {
        CookieJar other = new CookieJar(false);
        SignInResult foreign = engine.signIn(other.request("/login").build(), CAROL, Optional.empty());
        signIn(ALICE);
        jar.put("ms_" + foreign.session().id(), foreign.token());
        AuthResult r = get("/");
        assertEquals("alice", userOf(r));
        assertEquals(1, r.signedInSessions().size());
        assertEquals(foreign.token(), jar.get("ms_" + foreign.session().id()),
                "a verified session is never deleted for belonging to another client: that could be the genuine one");
    }

    @Test
    void garbageCookiesOfTheFamilyAreDeletedAndNeverThrow() {
        signIn(ALICE);
        jar.put("ms_sess_nope", "x.y.z");
        jar.put("ms_sess_01ARZ3NDEKTSV4RRFFQ69G5FAV", "not a token");
        jar.put("ms_sess_01ARZ3NDEKTSV4RRFFQ69G5FAW", "aaaa.bbbb.cccc");
        AuthResult r = get("/");
        assertEquals("alice", userOf(r));
        assertEquals(Set.of("ms_client", "ms_" + r.session().orElseThrow().sessionId()), jar.all().keySet());
    }

    @Test
    void junkSessionCookiesBeyondTheBudgetWaitForLaterRequestsAndNeverCostTheGenuineSession() {
        SignInResult alice = signIn(ALICE);
        String forged = alice.token().substring(0, alice.token().length() - 8) + "AAAAAAAA"; // costs a signature check
        for (int i = 0; i < 30; i++) {
            jar.put("ms_sess_01ARZ3NDEKTSV4RRFFQ69G5F" + "ABCDEFGHJKMNPQRSTVWX".charAt(i % 20) + (char) ('A' + i / 20), forged);
        }
        AuthResult first = get("/");
        assertEquals("alice", userOf(first));
        assertEquals(10, first.cookieWrites().stream().filter(CookieWrite::isDeletion).count(),
                "twice the cap of signature checks per request (and their deletions); the rest are left for later");
        get("/");
        AuthResult third = get("/");
        assertEquals("alice", userOf(third));
        assertEquals(Set.of("ms_client", "ms_" + third.session().orElseThrow().sessionId()), jar.all().keySet());
    }

    @Test
    void malformedJunkCostsNoSignatureCheckAndIsAllDeletedAtOnce() {
        signIn(ALICE);
        for (int i = 0; i < 30; i++) {
            jar.put("ms_sess_01ARZ3NDEKTSV4RRFFQ69G5F" + "ABCDEFGHJKMNPQRSTVWX".charAt(i % 20) + (char) ('A' + i / 20),
                    "aaaa.bbbb.cccc");
        }
        AuthResult r = get("/");
        assertEquals("alice", userOf(r));
        assertEquals(Set.of("ms_client", "ms_" + r.session().orElseThrow().sessionId()), jar.all().keySet());
    }

    @Test
    void secureRequestsUseHostPrefixedSecureCookies() {
        jar = new CookieJar(true);
        SignInResult a = signIn(ALICE);
        for (CookieWrite w : a.cookieWrites()) {
            assertTrue(w.name().startsWith("__Host-ms_"), w.name());
            String header = w.toSetCookieHeader();
            assertTrue(header.contains("; Secure") && header.contains("; HttpOnly") && header.contains("SameSite=Lax")
                    && header.contains("Path=/"), header);
            assertFalse(header.contains("Domain"), header);
        }
        assertEquals("alice", userOf(get("/")));
    }

    @Test
    void verifierModeAsksForARefreshWhenTheTokenExpired() {
        SignInResult a = signIn(ALICE);
        MultiSessionConfig verifierConfig = MultiSessionConfig.builder().mode(Mode.VERIFIER).clock(clock)
                .publicKeyPem("unused").build();
        MultiSession verifier = MultiSession.builder(verifierConfig).verificationKeys(VerificationKeys.own(KEYS)).build();
        assertEquals("alice", userOf(verifier.authenticate(jar.request("/").build())));
        clock.advance(Duration.ofSeconds(66));
        AuthResult r = verifier.authenticate(jar.request("/").build());
        assertFalse(r.isSignedIn());
        assertTrue(r.refreshRequired());
        assertTrue(jar.all().containsKey("ms_" + a.session().id()), "the verifier never deletes a refreshable cookie");
        assertThrows(RuntimeException.class, () -> verifier.signIn(jar.request("/").build(), BOB, Optional.empty()));
    }
}
