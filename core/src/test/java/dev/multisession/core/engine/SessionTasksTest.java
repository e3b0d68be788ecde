package dev.multisession.core.engine;

import com.nimbusds.jose.util.Base64URL;
import com.nimbusds.jose.util.JSONObjectUtils;
import dev.multisession.core.config.MultiSessionConfig;
import dev.multisession.core.keys.SigningKeys;
import dev.multisession.core.model.Organization;
import dev.multisession.core.model.Session;
import dev.multisession.core.model.SessionStatus;
import dev.multisession.core.model.Tasks;
import dev.multisession.core.model.User;
import dev.multisession.core.store.InMemorySessionStore;
import dev.multisession.core.testing.CookieJar;
import dev.multisession.core.testing.MutableClock;
import dev.multisession.core.token.SessionClaims;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.Optional;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** Session tasks in the engine: a pending session is chosen like any other and reported PENDING, never signed in. */
class SessionTasksTest {
    private static final SigningKeys KEYS = SigningKeys.generate(com.nimbusds.jose.JWSAlgorithm.RS256);
    private static final Organization ACME = Organization.builder("org_acme", "acme").role("org:admin").build();

    private MutableClock clock;
    private InMemorySessionStore store;
    private MultiSession engine;
    private CookieJar jar;

    @BeforeEach
    void setUp() {
        clock = MutableClock.atFixedStart();
        MultiSessionConfig config = MultiSessionConfig.builder().clock(clock).build();
        store = new InMemorySessionStore(config);
        engine = MultiSession.builder(config).signingKeys(KEYS).sessionStore(store).build();
        jar = new CookieJar(false);
    }

    private SignInResult signIn(String user, String... tasks) {
        SignInResult r = engine.signIn(jar.request("/login").method("POST").build(), User.of(user), Optional.empty(),
                List.of(tasks));
        jar.apply(r.cookieWrites());
        clock.advance(Duration.ofMillis(1));
        return r;
    }

    private AuthResult get(String path) {
        AuthResult r = engine.authenticate(jar.request(path).build());
        jar.apply(r.cookieWrites());
        return r;
    }

    private Map<String, Object> payloadOf(String sessionId) throws Exception {
        String token = jar.get("ms_" + sessionId);
        return JSONObjectUtils.parse(new String(new Base64URL(token.split("\\.")[1]).decode(), StandardCharsets.UTF_8));
    }

    private String typOf(String sessionId) throws Exception {
        String token = jar.get("ms_" + sessionId);
        return (String) JSONObjectUtils.parse(new String(new Base64URL(token.split("\\.")[0]).decode(), StandardCharsets.UTF_8))
                .get("typ");
    }

    @Test
    void aPendingTokenSaysSoInItsHeaderSoVerifiersBeforeTasksRefuseIt() throws Exception {
        assertEquals("pending+jwt", typOf(signIn("alice", Tasks.RESET_PASSWORD).session().id()));
        assertEquals("JWT", typOf(signIn("bob").session().id()));
    }

    @Test
    void aSessionSignedInWithTasksIsChosenAsPendingAndNotSignedIn() {
        SignInResult r = signIn("alice", Tasks.CHOOSE_ORGANIZATION);

        AuthResult auth = get("/");

        assertEquals(AuthState.PENDING, auth.state());
        assertFalse(auth.isSignedIn());
        assertEquals(Optional.empty(), auth.session(), "nothing that asks for a session gets a pending one");
        assertEquals(Optional.of(Tasks.CHOOSE_ORGANIZATION), auth.pendingSession().flatMap(SessionClaims::task));
        assertEquals(Optional.of(Reasons.SESSION_PENDING), auth.reason());
        assertEquals(SessionStatus.PENDING, r.session().status());
    }

    @Test
    void thePendingTokenCarriesStsAndTheCurrentTaskOnly() throws Exception {
        SignInResult r = signIn("alice", Tasks.RESET_PASSWORD, Tasks.SETUP_MFA);

        Map<String, Object> claims = payloadOf(r.session().id());

        assertEquals("pending", claims.get("sts"));
        assertEquals(Tasks.RESET_PASSWORD, claims.get("tsk"));
    }

    @Test
    void anActiveTokenCarriesNoStatusClaim() throws Exception {
        SignInResult r = signIn("alice");

        Map<String, Object> claims = payloadOf(r.session().id());

        assertFalse(claims.containsKey("sts"));
        assertFalse(claims.containsKey("tsk"));
    }

    @Test
    void completingTheCurrentTaskMintsATokenForTheNextTaskInTheSameCall() {
        signIn("alice", Tasks.RESET_PASSWORD, Tasks.SETUP_MFA);

        TaskResult first = engine.completeTask(jar.request("/done").method("POST").build(), Optional.empty(), Tasks.RESET_PASSWORD);
        jar.apply(first.after().cookieWrites());

        assertTrue(first.completed());
        assertEquals(Optional.of(Tasks.SETUP_MFA), first.nextTask());
        assertEquals(Optional.of(Tasks.SETUP_MFA), get("/").pendingSession().flatMap(SessionClaims::task),
                "the next request sees the next task without a refresh");
    }

    @Test
    void completingTheLastTaskSignsTheSessionInWithoutARefresh() {
        signIn("alice", Tasks.RESET_PASSWORD);

        TaskResult done = engine.completeTask(jar.request("/done").method("POST").build(), Optional.empty(), Tasks.RESET_PASSWORD);
        jar.apply(done.after().cookieWrites());

        assertEquals(AuthState.SIGNED_IN, done.after().state());
        AuthResult next = get("/");
        assertTrue(next.isSignedIn());
        assertEquals(SessionStatus.ACTIVE, next.session().orElseThrow().status());
    }

    @Test
    void completingATaskThatIsNotCurrentCompletesNothingAndReMintsFromTheStore() {
        signIn("alice", Tasks.RESET_PASSWORD, Tasks.SETUP_MFA);

        TaskResult r = engine.completeTask(jar.request("/done").method("POST").build(), Optional.empty(), Tasks.SETUP_MFA);

        assertFalse(r.completed());
        assertEquals(List.of(Tasks.RESET_PASSWORD, Tasks.SETUP_MFA), r.session().tasks());
        assertEquals(AuthState.PENDING, r.after().state());
    }

    @Test
    void anOrganizationSwitchCompletesChooseOrganizationAndReMintsTheToken() {
        signIn("alice", Tasks.CHOOSE_ORGANIZATION);

        SwitchResult r = engine.switchTo(jar.request("/switch").method("POST").build(), Optional.empty(),
                OrganizationChange.to(ACME));
        jar.apply(r.after().cookieWrites());

        assertEquals(Optional.of(Tasks.CHOOSE_ORGANIZATION), r.completedTask());
        AuthResult next = get("/");
        assertTrue(next.isSignedIn());
        assertEquals(Optional.of("acme"), next.session().flatMap(SessionClaims::organization).map(Organization::slug));
    }

    @Test
    void aTaskAddedToALiveSessionTakesEffectAtItsNextRefresh() {
        SignInResult r = signIn("alice");
        assertTrue(get("/").isSignedIn());

        Optional<Session> after = engine.addTask(r.session().id(), Tasks.RESET_PASSWORD);
        assertEquals(SessionStatus.PENDING, after.orElseThrow().status());
        clock.advance(Duration.ofSeconds(61)); // one token lifetime

        AuthResult next = get("/");
        assertEquals(AuthState.PENDING, next.state());
        assertEquals(Optional.of(Tasks.RESET_PASSWORD), next.pendingSession().flatMap(SessionClaims::task));
    }

    @Test
    void addTaskForUserReachesEveryLiveSessionOfTheUser() {
        SignInResult one = signIn("alice");
        jar = new CookieJar(false);
        SignInResult two = signIn("alice");
        signIn("bob");

        List<Session> changed = engine.addTaskForUser("alice", Tasks.RESET_PASSWORD);

        assertEquals(2, changed.size());
        assertEquals(SessionStatus.PENDING, store.find(one.session().id()).orElseThrow().status());
        assertEquals(SessionStatus.PENDING, store.find(two.session().id()).orElseThrow().status());
    }

    @Test
    void aMalformedTaskKeyIsRefusedAtSignInNamingTheRule() {
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class, () -> signIn("alice", "Reset Password"));
        assertTrue(e.getMessage().contains("lower-case"), e.getMessage());
    }
}
