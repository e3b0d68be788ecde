package dev.multisession.core.engine;

import dev.multisession.core.config.MultiSessionConfig;
import dev.multisession.core.keys.SigningKeys;
import dev.multisession.core.model.SessionStatus;
import dev.multisession.core.model.User;
import dev.multisession.core.store.InMemorySessionStore;
import dev.multisession.core.store.testing.FlakyStore;
import dev.multisession.core.testing.CookieJar;
import dev.multisession.core.testing.MutableClock;
import dev.multisession.core.token.SessionClaims;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

import java.time.Duration;
import java.util.List;
import java.util.Optional;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * The accounts a browser is shown: never one the store says has ended, even after its token
 * expired and the node forgot the revocation; one store call settles every expired token, and
 * none is made while every listed token is valid.
 */
class SignedInSessionsListingTest {
    private static final SigningKeys KEYS = SigningKeys.generate(com.nimbusds.jose.JWSAlgorithm.RS256);
    private static final Duration TOKEN_LIFETIME = Duration.ofSeconds(60);

    private MutableClock clock;
    private FlakyStore store;
    private MultiSession engine;
    private CookieJar browser;

    @BeforeEach
    void setUp() {
        clock = MutableClock.atFixedStart();
        MultiSessionConfig config = MultiSessionConfig.builder().tokenLifetime(TOKEN_LIFETIME).clock(clock).build();
        store = new FlakyStore(new InMemorySessionStore(config));
        engine = MultiSession.builder(config).signingKeys(KEYS).sessionStore(store).build();
        browser = new CookieJar(false);
    }

    private SignInResult signIn(String userId) {
        SignInResult r = engine.signIn(browser.request("/login").method("POST").build(), User.of(userId), Optional.empty());
        browser.apply(r.cookieWrites());
        clock.advance(Duration.ofMillis(1));
        return r;
    }

    /** A page load of the tab on account 0; its own token is refreshed when needed. */
    private AuthResult pageOnAccountZero() {
        AuthResult auth = engine.authenticate(browser.request("/").queryParameter("authuser", "0").build());
        browser.apply(auth.cookieWrites());
        return auth;
    }

    /** Ends a session in the store the way an administrator or another node would: this node hears nothing. */
    private void revokedElsewhere(SignInResult signedIn) {
        store.setHearing(false);
        store.revoke(signedIn.session().id(), signedIn.session().clientId(), SessionStatus.REVOKED, clock.instant());
        store.setHearing(true);
    }

    private static List<String> users(List<SessionClaims> sessions) {
        return sessions.stream().map(SessionClaims::userId).toList();
    }

    @Test
    void anAccountRevokedInTheStoreIsNotListedOnceItsTokenExpired() {
        signIn("alice");
        SignInResult bob = signIn("bob");
        revokedElsewhere(bob);
        clock.advance(TOKEN_LIFETIME.plusSeconds(10));

        AuthResult auth = pageOnAccountZero();

        assertEquals(List.of("alice", "bob"), users(auth.signedInSessions()), "the tokens alone still list bob");
        assertEquals(List.of("alice"), users(engine.signedInSessions(auth)));
    }

    @Test
    void anAccountRevokedOnThisNodeIsNotListedAfterTheRevocationIsForgotten() {
        signIn("alice");
        SignInResult bob = signIn("bob");
        engine.signOut(browser.request("/").method("POST").build(), Optional.of(bob.session().id()));
        clock.advance(TOKEN_LIFETIME.multipliedBy(3));
        browser.put("ms_" + bob.session().id(), bob.token()); // the cookie a stale tab or a copy kept

        AuthResult auth = pageOnAccountZero();

        assertEquals(List.of("alice"), users(engine.signedInSessions(auth)));
    }

    @Test
    void anExpiredTokenOfASessionStillActiveStaysListed() {
        signIn("alice");
        signIn("bob");
        clock.advance(TOKEN_LIFETIME.plusSeconds(10));

        AuthResult auth = pageOnAccountZero();

        assertEquals(List.of("alice", "bob"), users(engine.signedInSessions(auth)));
    }

    @Test
    void everyListedTokenValidCostsNoStoreCall() {
        signIn("alice");
        signIn("bob");
        AuthResult auth = pageOnAccountZero();
        store.resetCalls();

        engine.signedInSessions(auth);

        assertEquals(0, store.calls());
    }

    @Test
    void oneStoreCallSettlesEveryExpiredToken() {
        signIn("alice");
        SignInResult bob = signIn("bob");
        signIn("carol");
        signIn("dave");
        revokedElsewhere(bob);
        clock.advance(TOKEN_LIFETIME.plusSeconds(10));
        AuthResult auth = pageOnAccountZero();
        store.resetCalls();

        List<SessionClaims> listed = engine.signedInSessions(auth);

        assertEquals(List.of("alice", "carol", "dave"), users(listed));
        assertEquals(1, store.calls());
        assertEquals(1, store.calls(FlakyStore.Op.LIST_BY_CLIENT));
    }

    @Test
    void whileTheStoreIsDownTheTokensSayWhatIsListed() {
        signIn("alice");
        SignInResult bob = signIn("bob");
        revokedElsewhere(bob);
        clock.advance(TOKEN_LIFETIME.plusSeconds(10));
        AuthResult auth = pageOnAccountZero();
        store.setAvailable(false);

        assertEquals(List.of("alice", "bob"), users(engine.signedInSessions(auth)));
    }

    @Test
    void aSignedOutBrowserListsNothingAndAsksNothing() {
        AuthResult auth = engine.authenticate(browser.request("/").build());
        store.resetCalls();

        assertEquals(List.of(), engine.signedInSessions(auth));
        assertEquals(0, store.calls());
    }

    @Test
    void anEndedAccountFoundWhileListingHasItsCookieDeletedByTheNextRequest() {
        signIn("alice");
        SignInResult bob = signIn("bob");
        revokedElsewhere(bob);
        clock.advance(TOKEN_LIFETIME.plusSeconds(10));
        engine.signedInSessions(pageOnAccountZero());

        AuthResult next = pageOnAccountZero();

        assertTrue(next.cookieWrites().stream().anyMatch(w -> w.isDeletion() && w.name().equals("ms_" + bob.session().id())), next.cookieWrites().toString());
        assertEquals(List.of("alice"), users(next.signedInSessions()));
    }

    @Test
    void aPendingAccountWhoseTokenExpiredStaysListed() {
        signIn("alice");
        SignInResult bob = engine.signIn(browser.request("/login").method("POST").build(), User.of("bob"), Optional.empty(),
                List.of("reset-password"));
        browser.apply(bob.cookieWrites());
        clock.advance(TOKEN_LIFETIME.plusSeconds(10));

        AuthResult auth = pageOnAccountZero();

        assertEquals(List.of("alice", "bob"), users(engine.signedInSessions(auth)), "pending is signed in, with a step to finish");
    }
}
