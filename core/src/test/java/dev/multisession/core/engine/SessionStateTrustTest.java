package dev.multisession.core.engine;

import dev.multisession.core.config.MultiSessionConfig;
import dev.multisession.core.cookie.CookieWrite;
import dev.multisession.core.keys.SigningKeys;
import dev.multisession.core.model.Organization;
import dev.multisession.core.model.Session;
import dev.multisession.core.model.SessionStatus;
import dev.multisession.core.model.User;
import dev.multisession.core.organization.OrganizationDirectory;
import dev.multisession.core.selection.RequestView;
import dev.multisession.core.store.InMemorySessionStore;
import dev.multisession.core.store.StoreUnavailableException;
import dev.multisession.core.store.testing.FlakyStore;
import dev.multisession.core.testing.CookieJar;
import dev.multisession.core.testing.MutableClock;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

import java.time.Duration;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * The engine-level specification of trustworthy session state: the client that counts is the
 * one verified tokens vouch for; sign-ins are atomic under the cap; a switch never revives an
 * ended session; membership is re-checked at refresh; a store outage is a defined answer; and
 * planted cookies never cost a browser its genuine sessions.
 */
class SessionStateTrustTest {
    private static final SigningKeys KEYS = SigningKeys.generate(com.nimbusds.jose.JWSAlgorithm.RS256);
    private static final User ALICE = User.of("alice");
    private static final User BOB = User.of("bob");
    private static final User MALLORY = User.of("mallory");
    private static final Organization ACME_ADMIN = Organization.builder("org_acme", "acme").name("Acme")
            .role("org:admin").permissions(Set.of("org:invoices:write")).build();
    private static final Organization ACME_MEMBER = Organization.builder("org_acme", "acme").name("Acme")
            .role("org:member").permissions(Set.of()).build();

    private MutableClock clock;
    private FlakyStore store;
    private MultiSession engine;
    private final Map<String, List<Organization>> directory = new ConcurrentHashMap<>();

    @BeforeEach
    void setUp() {
        clock = MutableClock.atFixedStart();
        engine = engine(MultiSessionConfig.builder().organizationMembershipCacheTtl(Duration.ofSeconds(30)));
    }

    private MultiSession engine(MultiSessionConfig.Builder builder) {
        MultiSessionConfig config = builder.clock(clock).build();
        store = new FlakyStore(new InMemorySessionStore(config));
        OrganizationDirectory dir = userId -> directory.getOrDefault(userId, List.of());
        return MultiSession.builder(config).signingKeys(KEYS).sessionStore(store).organizationDirectory(dir).build();
    }

    private SignInResult signIn(CookieJar jar, User user) {
        SignInResult r = engine.signIn(jar.request("/login").method("POST").build(), user, Optional.empty());
        jar.apply(r.cookieWrites());
        clock.advance(Duration.ofMillis(1));
        return r;
    }

    private static String clientIdOf(CookieJar jar) {
        return jar.get("ms_client").split("\\.")[1];
    }

    private static boolean deletes(List<CookieWrite> writes, String name) {
        return writes.stream().anyMatch(w -> w.isDeletion() && w.name().equals(name));
    }

    // ------------------------------------------------------------------ client identity

    @Test
    void signOutAllWithAForgedClientCookieEndsNothing() {
        CookieJar victim = new CookieJar(false);
        SignInResult alice = signIn(victim, ALICE);
        signIn(victim, BOB);
        CookieJar attacker = new CookieJar(false);
        attacker.put("ms_client", "v1." + clientIdOf(victim) + "." + alice.session().id());
        engine.signOutAll(attacker.request("/").method("POST").build());
        assertEquals(2, store.listByClient(clientIdOf(victim)).stream().filter(s -> s.status() == SessionStatus.ACTIVE).count());
        assertEquals("alice", engine.authenticate(victim.request("/").queryParameter("authuser", "0").build())
                .session().orElseThrow().userId());
    }

    @Test
    void aForgedClientCookieYieldsNoClientId() {
        CookieJar victim = new CookieJar(false);
        SignInResult alice = signIn(victim, ALICE);
        CookieJar attacker = new CookieJar(false);
        attacker.put("ms_client", "v1." + clientIdOf(victim) + "." + alice.session().id());
        AuthResult r = engine.authenticate(attacker.request("/").build());
        assertEquals(Optional.empty(), r.clientId(), "only a verified token names the client, so no CSRF token for it either");
        assertEquals(Optional.of(clientIdOf(victim)), engine.authenticate(victim.request("/").build()).clientId());
    }

    @Test
    void aSignInBehindAForgedClientCookieStartsItsOwnClient() {
        CookieJar victim = new CookieJar(false);
        SignInResult alice = signIn(victim, ALICE);
        CookieJar attacker = new CookieJar(false);
        attacker.put("ms_client", "v1." + clientIdOf(victim) + "." + alice.session().id());
        SignInResult mallory = signIn(attacker, MALLORY);
        assertNotEquals(clientIdOf(victim), mallory.session().clientId());
    }

    // ------------------------------------------------------------------ atomic sign-in

    @Test
    void parallelSignInsFromOneCookieStateLeaveAtMostTheCapWithUniqueIndexes() throws Exception {
        CookieJar browser = new CookieJar(false);
        signIn(browser, ALICE);
        ExecutorService pool = Executors.newFixedThreadPool(8);
        try {
            CountDownLatch go = new CountDownLatch(1);
            List<Future<Object>> futures = new ArrayList<>();
            for (int i = 0; i < 8; i++) {
                RequestView request = browser.request("/login").method("POST").build();
                User user = User.of("user" + i);
                futures.add(pool.submit(() -> {
                    go.await();
                    try {
                        return engine.signIn(request, user, Optional.empty());
                    } catch (TooManySessionsException e) {
                        return e;
                    }
                }));
            }
            go.countDown();
            int created = 0;
            for (Future<Object> f : futures) {
                created += f.get(20, TimeUnit.SECONDS) instanceof SignInResult ? 1 : 0;
            }
            assertEquals(4, created, "alice and four more fill the cap of five");
        } finally {
            pool.shutdownNow();
        }
        List<Session> active = store.listByClient(clientIdOf(browser)).stream().filter(s -> s.isActiveAt(clock.instant())).toList();
        assertEquals(5, active.size());
        assertEquals(5, active.stream().map(Session::index).distinct().count(), "indexes unique");
    }

    // ------------------------------------------------------------------ conditional changes

    @Test
    void aSwitchRacingASignOutNeverRevivesTheSession() throws Exception {
        directory.put("alice", List.of(ACME_ADMIN));
        for (int round = 0; round < 100; round++) {
            CookieJar browser = new CookieJar(false);
            SignInResult alice = signIn(browser, ALICE);
            signIn(browser, BOB);
            RequestView request = browser.request("/").method("POST").build();
            ExecutorService pool = Executors.newFixedThreadPool(2);
            try {
                CountDownLatch go = new CountDownLatch(1);
                Future<?> sw = pool.submit(() -> {
                    go.await();
                    try {
                        engine.switchTo(request, Optional.of(alice.session().id()),
                                round(alice) ? OrganizationChange.named("acme") : OrganizationChange.keep());
                    } catch (UnknownSessionException e) {
                        // the sign-out landed first
                    }
                    return null;
                });
                Future<?> out = pool.submit(() -> {
                    go.await();
                    return engine.signOut(request, Optional.of(alice.session().id()));
                });
                go.countDown();
                sw.get(10, TimeUnit.SECONDS);
                out.get(10, TimeUnit.SECONDS);
            } finally {
                pool.shutdownNow();
            }
            assertEquals(SessionStatus.ENDED, store.find(alice.session().id()).orElseThrow().status(), "round " + round);
        }
    }

    private static boolean round(SignInResult r) {
        return r.session().id().hashCode() % 2 == 0;
    }

    @Test
    void aSwitchReplayedAfterASignOutIsRefusedAndTheSessionStaysEnded() {
        CookieJar browser = new CookieJar(false);
        SignInResult alice = signIn(browser, ALICE);
        signIn(browser, BOB);
        RequestView before = browser.request("/").method("POST").build();
        engine.signOut(before, Optional.of(alice.session().id()));
        assertThrows(UnknownSessionException.class,
                () -> engine.switchTo(before, Optional.of(alice.session().id()), OrganizationChange.keep()));
        assertEquals(SessionStatus.ENDED, store.find(alice.session().id()).orElseThrow().status());
    }

    // ------------------------------------------------------------------ revocation

    @Test
    void aRevokedSessionsUnexpiredTokenIsRefusedAtOnce() {
        CookieJar browser = new CookieJar(false);
        SignInResult alice = signIn(browser, ALICE);
        assertTrue(engine.authenticate(browser.request("/").build()).isSignedIn());
        store.revoke(alice.session().id(), alice.session().clientId(), SessionStatus.REVOKED, clock.instant());
        AuthResult r = engine.authenticate(browser.request("/").build());
        assertFalse(r.isSignedIn());
        assertEquals(Optional.of(Reasons.SESSION_ENDED), r.reason());
        assertTrue(deletes(r.cookieWrites(), "ms_" + alice.session().id()));
    }

    @Test
    void whenTheStoreMayHaveMissedRevocationsEveryTokenIsVerifiedAgain() {
        MultiSessionConfig config = MultiSessionConfig.builder().clock(clock).build();
        java.util.concurrent.atomic.AtomicInteger keyLookups = new java.util.concurrent.atomic.AtomicInteger();
        com.nimbusds.jose.jwk.source.JWKSource<com.nimbusds.jose.proc.SecurityContext> keys =
                dev.multisession.core.keys.VerificationKeys.forConfig(config, KEYS);
        FlakyStore recording = new FlakyStore(new InMemorySessionStore(config));
        MultiSession node = MultiSession.builder(config).signingKeys(KEYS)
                .verificationKeys((selector, context) -> {
                    keyLookups.incrementAndGet();
                    return keys.get(selector, context);
                })
                .sessionStore(recording).build();
        CookieJar browser = new CookieJar(false);
        browser.apply(node.signIn(browser.request("/login").method("POST").build(), ALICE, Optional.empty()).cookieWrites());
        assertTrue(node.authenticate(browser.request("/").build()).isSignedIn());
        int before = keyLookups.get();
        assertTrue(node.authenticate(browser.request("/").build()).isSignedIn());
        assertEquals(before, keyLookups.get(), "control: a cached token needs no signature check");
        // what a store with a broadcast does when its subscription was lost
        recording.revocationListeners().forEach(dev.multisession.core.store.RevocationListener::endedSessionsMayHaveBeenMissed);
        assertTrue(node.authenticate(browser.request("/").build()).isSignedIn(), "a valid token verifies again");
        assertEquals(before + 1, keyLookups.get(), "after the flush the token was signature-checked again");
    }


    @Test
    void aSessionEndedWhileRevocationsWereMissedIsRefusedAtItsNextUseWithoutWaitingForItsTokenToExpire() {
        MultiSessionConfig config = MultiSessionConfig.builder().clock(clock).build();
        FlakyStore deafening = new FlakyStore(new InMemorySessionStore(config));
        MultiSession node = MultiSession.builder(config).signingKeys(KEYS).sessionStore(deafening).build();
        CookieJar browser = new CookieJar(false);
        SignInResult alice = node.signIn(browser.request("/login").method("POST").build(), ALICE, Optional.empty());
        browser.apply(alice.cookieWrites());
        assertTrue(node.authenticate(browser.request("/").build()).isSignedIn(), "control: verified and cached");
        deafening.setHearing(false);                  // the broadcast is lost ...
        deafening.delegate().revoke(alice.session().id(), alice.session().clientId(), SessionStatus.REVOKED, clock.instant());
        assertTrue(node.authenticate(browser.request("/").build()).isSignedIn(),
                "control: unheard, the revocation is not known here yet");
        deafening.setHearing(true);                   // ... and the store says so once it listens again
        clock.advance(Duration.ofSeconds(1));
        deafening.revocationListeners().forEach(dev.multisession.core.store.RevocationListener::endedSessionsMayHaveBeenMissed);

        AuthResult r = node.authenticate(browser.request("/").build());

        assertFalse(r.isSignedIn(), "the token, still unexpired, is checked against the store before it is used again");
        assertEquals(Optional.of(Reasons.SESSION_ENDED), r.reason());
    }

    @Test
    void afterMissedRevocationsALiveSessionIsReadOnceAndThenServedFromItsNewToken() {
        MultiSessionConfig config = MultiSessionConfig.builder().clock(clock).build();
        FlakyStore recording = new FlakyStore(new InMemorySessionStore(config));
        MultiSession node = MultiSession.builder(config).signingKeys(KEYS).sessionStore(recording).build();
        CookieJar browser = new CookieJar(false);
        browser.apply(node.signIn(browser.request("/login").method("POST").build(), ALICE, Optional.empty()).cookieWrites());
        clock.advance(Duration.ofSeconds(1));
        recording.revocationListeners().forEach(dev.multisession.core.store.RevocationListener::endedSessionsMayHaveBeenMissed);
        clock.advance(Duration.ofSeconds(1));
        recording.resetCalls();

        for (int i = 0; i < 5; i++) {
            AuthResult r = node.authenticate(browser.request("/").build());
            assertTrue(r.isSignedIn(), "request " + i);
            browser.apply(r.cookieWrites());
        }

        assertEquals(1, recording.calls(FlakyStore.Op.READ_FOR_REFRESH), "one store read re-vouches for the session;"
                + " the token it mints is used from then on");
    }

    // ------------------------------------------------------------------ membership at refresh

    @Test
    void aDemotedMemberLosesTheRoleWithinOneTokenLifetimePlusTheMembershipCacheTtl() {
        directory.put("alice", List.of(ACME_ADMIN));
        CookieJar browser = new CookieJar(false);
        SignInResult alice = signIn(browser, ALICE);
        browser.apply(engine.switchTo(browser.request("/").build(), Optional.empty(), OrganizationChange.named("acme"))
                .after().cookieWrites());
        assertEquals("org:admin", role(browser));
        directory.put("alice", List.of(ACME_MEMBER));
        for (int second = 0; second <= 60 + 30 + 1; second++) {
            clock.advance(Duration.ofSeconds(1));
            browser.apply(engine.authenticate(browser.request("/").build()).cookieWrites());
        }
        assertEquals("org:member", role(browser), "bound: token lifetime (60 s) plus membership cache TTL (30 s)");
        assertEquals("org:member", store.find(alice.session().id()).orElseThrow().activeOrganization().orElseThrow().role());
    }

    @Test
    void aRemovedMemberFallsBackToThePersonalAccountAtRefresh() {
        directory.put("alice", List.of(ACME_ADMIN));
        CookieJar browser = new CookieJar(false);
        signIn(browser, ALICE);
        browser.apply(engine.switchTo(browser.request("/").build(), Optional.empty(), OrganizationChange.named("acme"))
                .after().cookieWrites());
        directory.put("alice", List.of());
        clock.advance(Duration.ofSeconds(31)); // past the membership cache TTL
        clock.advance(Duration.ofSeconds(31)); // and the token's life
        AuthResult r = engine.authenticate(browser.request("/").build());
        assertTrue(r.isSignedIn());
        assertEquals(Optional.empty(), r.session().orElseThrow().organization());
    }

    @Test
    void aFailingDirectoryKeepsTheStillValidTokenAndDecidesNothingOnAGuess() {
        CookieJar browser = new CookieJar(false);
        directory.put("alice", List.of(ACME_ADMIN));
        signIn(browser, ALICE);
        browser.apply(engine.switchTo(browser.request("/").build(), Optional.empty(), OrganizationChange.named("acme"))
                .after().cookieWrites());
        OrganizationDirectory throwing = userId -> {
            throw new IllegalStateException("directory down");
        };
        MultiSession failing = MultiSession.builder(MultiSessionConfig.builder().clock(clock).build()).signingKeys(KEYS)
                .sessionStore(store).organizationDirectory(throwing).build();
        clock.advance(Duration.ofSeconds(50)); // inside the refresh window: the valid token is kept
        AuthResult r = failing.authenticate(browser.request("/").build());
        assertTrue(r.isSignedIn(), "reason: " + r.reason());
        assertEquals("org:admin", r.session().orElseThrow().organization().orElseThrow().role());
        clock.advance(Duration.ofSeconds(20)); // expired: signed out, nothing deleted
        AuthResult expired = failing.authenticate(browser.request("/").build());
        assertFalse(expired.isSignedIn());
        assertEquals(Optional.of(Reasons.STORE_UNAVAILABLE), expired.reason());
        assertTrue(expired.cookieWrites().stream().noneMatch(CookieWrite::isDeletion));
    }

    private String role(CookieJar browser) {
        return engine.authenticate(browser.request("/").build()).session().orElseThrow()
                .organization().map(Organization::role).orElse("none");
    }

    // ------------------------------------------------------------------ store unavailable

    @Test
    void withTheStoreDownAccountCommandsFailTypedAndChangeNoCookie() {
        CookieJar browser = new CookieJar(false);
        SignInResult alice = signIn(browser, ALICE);
        Map<String, String> before = browser.all();
        store.setAvailable(false);
        RequestView request = browser.request("/").method("POST").build();
        assertThrows(StoreUnavailableException.class, () -> engine.signIn(request, BOB, Optional.empty()));
        assertThrows(StoreUnavailableException.class, () -> engine.signOut(request, Optional.empty()));
        assertThrows(StoreUnavailableException.class, () -> engine.signOutAll(request));
        assertThrows(StoreUnavailableException.class,
                () -> engine.switchTo(request, Optional.of(alice.session().id()), OrganizationChange.personal()));
        assertEquals(before, browser.all());
        store.setAvailable(true);
        assertEquals(SessionStatus.ACTIVE, store.find(alice.session().id()).orElseThrow().status());
    }

    @Test
    void theHotPathMakesNoStoreCallEvenWithTheStoreDown() {
        CookieJar browser = new CookieJar(false);
        signIn(browser, ALICE);
        store.setAvailable(false);
        int calls = store.calls();
        for (int i = 0; i < 50; i++) {
            assertTrue(engine.authenticate(browser.request("/").build()).isSignedIn());
        }
        assertEquals(calls, store.calls());
    }

    @Test
    void aStoreThrowingSomethingElseIsAnsweredAsUnavailableNeverPropagated() {
        CookieJar browser = new CookieJar(false);
        MultiSessionConfig config = MultiSessionConfig.builder().clock(clock).build();
        FlakyStore broken = new FlakyStore(new InMemorySessionStore(config));
        broken.failWith(() -> new IllegalStateException("connection reset")); // a driver's own exception
        MultiSession guarded = MultiSession.builder(config).signingKeys(KEYS).sessionStore(broken).build();
        StoreUnavailableException e = assertThrows(StoreUnavailableException.class,
                () -> guarded.signIn(browser.request("/login").method("POST").build(), ALICE, Optional.empty()));
        assertTrue(e.getMessage().contains("IllegalStateException"), e.getMessage());
    }


    // ------------------------------------------------------------------ planted cookies

    /** A node sharing the store and keys whose verified-token cache has seen nothing. */
    private MultiSession otherNode() {
        return MultiSession.builder(MultiSessionConfig.builder().clock(clock).build()).signingKeys(KEYS).sessionStore(store).build();
    }

    /** A request carrying 20 well-formed junk session cookies that cost a signature check each, before anything else. */
    private static RequestView.Builder junkFirst(SignInResult genuine) {
        String forged = genuine.token().substring(0, genuine.token().length() - 8) + "AAAAAAAA";
        RequestView.Builder request = RequestView.builder().method("GET").path("/").origin("http://localhost:8080");
        for (int i = 0; i < 20; i++) {
            request.cookie("ms_sess_01ARZ3NDEKTSV4RRFFQ69G5F" + "ABCDEFGHJKMNPQRSTVWX".charAt(i) + "A", forged);
        }
        return request;
    }

    @Test
    void junkSentFirstNeverCostsTheGenuineSessionEvenWhenItIsNotCachedOnThisNode() {
        CookieJar browser = new CookieJar(false);
        SignInResult alice = signIn(browser, ALICE);
        MultiSession otherNode = otherNode();
        RequestView.Builder request = junkFirst(alice);
        browser.all().forEach(request::cookie);
        AuthResult r = otherNode.authenticate(request.build());
        assertEquals("alice", r.session().orElseThrow().userId(), "the session the client cookie names is checked first");
        assertFalse(deletes(r.cookieWrites(), "ms_" + alice.session().id()));
    }

    @Test
    void whenTheBudgetRunsOutNeitherTheUncheckedSessionNorTheClientCookieIsDeleted() {
        CookieJar browser = new CookieJar(false);
        SignInResult alice = signIn(browser, ALICE);
        MultiSession otherNode = otherNode();
        RequestView.Builder request = junkFirst(alice);
        request.cookie("ms_" + alice.session().id(), browser.get("ms_" + alice.session().id())); // no client cookie hint
        AuthResult r = otherNode.authenticate(request.build());
        assertFalse(deletes(r.cookieWrites(), "ms_" + alice.session().id()));
        assertFalse(deletes(r.cookieWrites(), "ms_client"));
    }

    @Test
    void aForeignTokenPlantedFirstUnderTheVictimsCookieNameDoesNotCostTheGenuineOne() {
        CookieJar victim = new CookieJar(false);
        SignInResult alice = signIn(victim, ALICE);
        CookieJar attacker = new CookieJar(false);
        SignInResult mallory = signIn(attacker, MALLORY);
        engine.authenticate(attacker.request("/").build()); // the attacker's token is cached on this node
        String name = "ms_" + alice.session().id();
        RequestView.Builder request = RequestView.builder().method("GET").path("/").origin("http://localhost:8080")
                .cookie(name, mallory.token());
        victim.all().forEach(request::cookie);
        AuthResult r = engine.authenticate(request.build());
        assertEquals("alice", r.session().orElseThrow().userId());
        assertFalse(deletes(r.cookieWrites(), name));
    }

    @Test
    void aPlantedClientCookieAndANewerForeignSessionNeverMakeTheGenuineSessionsForeign() {
        CookieJar victim = new CookieJar(false);
        SignInResult alice = signIn(victim, ALICE);
        SignInResult bob = signIn(victim, BOB);
        CookieJar attacker = new CookieJar(false);
        SignInResult mallory = signIn(attacker, MALLORY);
        RequestView.Builder request = RequestView.builder().method("GET").path("/").origin("http://localhost:8080");
        victim.all().forEach((n, v) -> {
            if (!n.equals("ms_client")) {
                request.cookie(n, v);
            }
        });
        request.cookie("ms_client", attacker.get("ms_client"));
        request.cookie("ms_" + mallory.session().id(), mallory.token());
        AuthResult r = engine.authenticate(request.build());
        assertFalse(deletes(r.cookieWrites(), "ms_" + alice.session().id()));
        assertFalse(deletes(r.cookieWrites(), "ms_" + bob.session().id()));
        assertEquals(Optional.of(alice.session().clientId()), r.clientId(), "two verified sessions outvote one planted");
        assertEquals(2, r.signedInSessions().size());
    }
}
