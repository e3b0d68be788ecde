package dev.multisession.core.engine;

import com.github.benmanes.caffeine.cache.Cache;
import com.github.benmanes.caffeine.cache.Caffeine;
import com.nimbusds.jose.jwk.source.JWKSource;
import com.nimbusds.jose.proc.SecurityContext;
import dev.multisession.core.config.ConfigKeys;
import dev.multisession.core.config.ConfigurationException;
import dev.multisession.core.config.Mode;
import dev.multisession.core.config.MultiSessionConfig;
import dev.multisession.core.cookie.CookieFamily;
import dev.multisession.core.cookie.CookieWrite;
import dev.multisession.core.keys.SigningKeys;
import dev.multisession.core.keys.VerificationKeys;
import dev.multisession.core.model.Ids;
import dev.multisession.core.model.Organization;
import dev.multisession.core.model.Session;
import dev.multisession.core.model.SessionStatus;
import dev.multisession.core.model.Tasks;
import dev.multisession.core.model.User;
import dev.multisession.core.organization.OrganizationDirectories;
import dev.multisession.core.organization.OrganizationDirectory;
import dev.multisession.core.selection.RequestView;
import dev.multisession.core.selection.SelectionSource;
import dev.multisession.core.selection.SessionChoice;
import dev.multisession.core.selection.SessionSelector;
import dev.multisession.core.store.Mutation;
import dev.multisession.core.store.RevocationListener;
import dev.multisession.core.store.SessionChange;
import dev.multisession.core.store.SessionPolicy;
import dev.multisession.core.store.SessionStore;
import dev.multisession.core.store.SessionStores;
import dev.multisession.core.store.StoreUnavailableException;
import dev.multisession.core.token.CachingTokenVerifier;
import dev.multisession.core.token.RejectionReason;
import dev.multisession.core.token.SessionClaims;
import dev.multisession.core.token.StrictTokenVerifier;
import dev.multisession.core.token.TokenIssuer;
import dev.multisession.core.token.Verification;

import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.HashSet;
import java.util.List;
import java.util.Objects;
import java.util.Optional;
import java.util.Set;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.function.Supplier;
import java.util.stream.Collectors;

/**
 * The multisession engine, a small facade over four parts: {@link BrowserReader} (reads and
 * verifies the browser's cookies and decides its client from verified tokens only),
 * {@link SessionPolicy} (pure rules: index, next active, eviction), {@link TokenRefresher}
 * (single-flight refresh through the {@link SessionStore}, membership re-checked) and
 * {@link AccountCommands} (sign-in, switch, sign-out: decide, one store call, then the cookie
 * writes). It chooses each request's session (the header, query, path or cookie rules) and
 * returns what the response must carry.
 *
 * <pre>{@code
 * MultiSession multiSession = MultiSession.create(MultiSessionConfig.fromEnvironment());
 *
 * // on each request
 * AuthResult result = multiSession.authenticate(request);
 *
 * // in the app's login code, after it checked the password
 * SignInResult added = multiSession.signIn(request, User.of("user_42"), Optional.empty());
 *
 * // a sign-in whose session must choose an organization before the app opens to it (pending)
 * multiSession.signIn(request, user, Optional.empty(), List.of(Tasks.CHOOSE_ORGANIZATION));
 * multiSession.completeTask(request, Optional.empty(), Tasks.RESET_PASSWORD);   // or a switch, for choose-organization
 * }</pre>
 *
 * <p>The hot path (a token seen before, not near expiry) costs a cookie parse and one hash
 * lookup per session cookie: no store access, no signature check, no network.
 *
 * <p>{@link #close()} closes the session store the engine made from {@code multisession.store}
 * (a Redis store's connections and subscriber thread); a store given to the builder stays open,
 * its owner closes it.
 */
public final class MultiSession implements AutoCloseable {
    private static final System.Logger LOG = System.getLogger(MultiSession.class.getName());
    private static final AtomicBoolean INSECURE_WARNED = new AtomicBoolean();

    private final MultiSessionConfig config;
    private final Clock clock;
    private final CachingTokenVerifier verifier;
    private final SessionStore store;
    /** The store this engine made from the configuration, when it has something to close. */
    private final AutoCloseable ownedStore;
    private final SigningKeys signingKeys;
    private final BrowserReader reader;
    private final TokenRefresher refresher;
    private final AccountCommands commands;
    private final Supplier<Optional<OrganizationDirectory>> directory;
    private final Memberships memberships;
    /** Sessions the store confirmed live while listing accounts: not asked about again for one token lifetime. */
    private final Cache<String, Boolean> confirmedLive;
    /** The clerk profile's way to read a request; null in the multisession profile. */
    private final ClerkAuthentication clerk;

    private MultiSession(Builder b) {
        this.config = b.config;
        this.clock = config.clock();
        boolean issuing = config.mode() == Mode.ISSUER;
        this.signingKeys = issuing ? (b.signingKeys != null ? b.signingKeys : SigningKeys.load(config)) : null;
        TokenIssuer issuer = issuing ? new TokenIssuer(config, signingKeys) : null;
        SessionStore madeOrGiven = issuing ? (b.store != null ? b.store : SessionStores.fromConfig(config)) : null;
        this.ownedStore = b.store == null && madeOrGiven instanceof AutoCloseable c ? c : null;
        this.store = issuing ? storeChain(madeOrGiven, config) : null;
        Optional<OrganizationDirectory> configured = b.directory != null ? Optional.empty()
                : OrganizationDirectories.fromConfig(config);
        this.directory = b.directory != null ? b.directory : () -> configured;
        JWKSource<SecurityContext> keys = b.verificationKeys != null ? b.verificationKeys
                : VerificationKeys.forConfig(config, signingKeys);
        boolean remoteKeys = config.jwksUrl().isPresent() || b.verificationKeys != null;
        this.verifier = new CachingTokenVerifier(StrictTokenVerifier.forConfig(config, keys), config);
        this.reader = new BrowserReader(config, verifier, remoteKeys);
        this.memberships = new Memberships(config, directory);
        this.confirmedLive = Caffeine.newBuilder()
                .ticker(() -> TimeUnit.MILLISECONDS.toNanos(clock.millis()))
                .expireAfterWrite(config.tokenLifetime())
                .maximumSize(config.verifiedTokenCacheSize())
                .executor(Runnable::run)
                .build();
        this.refresher = new TokenRefresher(config, store, issuer, verifier, memberships);
        this.commands = issuing ? new AccountCommands(config, store, reader, refresher, memberships) : null;
        this.clerk = config.clerk().map(settings -> new ClerkAuthentication(settings, verifier)).orElse(null);
        if (store != null) {
            // sessions ended here or, with a shared store, on another node: their tokens stop at once
            store.addRevocationListener(new RevocationListener() {
                @Override
                public void sessionsEnded(Set<String> ids) {
                    verifier.forgetSessions(ids);
                    refresher.forget(ids);
                    confirmedLive.invalidateAll(ids);
                }

                @Override
                public void endedSessionsMayHaveBeenMissed() {
                    verifier.forgetAll();
                    refresher.forgetAll();
                    confirmedLive.invalidateAll();
                }
            });
        }
    }

    /**
     * The one place the store's decorators are put together, outermost first:
     * {@link CircuitBreakingStore} (fails calls at once while the store is known to be down; left
     * out when {@code multisession.store.circuit-breaker.failures} is 0), then {@link GuardedStore}
     * (whatever the store throws becomes {@code StoreUnavailableException}, so the breaker counts
     * driver exceptions as outages too), then the configured store. The breaker is applied to every
     * store, the in-memory one included: it costs a volatile read per store call, off the hot path.
     */
    static SessionStore storeChain(SessionStore configured, MultiSessionConfig config) {
        SessionStore guarded = new GuardedStore(configured);
        if (config.storeCircuitBreakerFailures() == 0) {
            return guarded;
        }
        return new CircuitBreakingStore(guarded, configured.getClass().getName(), config.storeCircuitBreakerFailures(),
                config.storeCircuitBreakerOpenFor(), config.clock());
    }

    /**
     * Closes the session store this engine made from the configuration (not one given to the
     * builder). A failure to close is logged (its class only), never thrown.
     */
    @Override
    public void close() {
        if (ownedStore != null) {
            try {
                ownedStore.close();
            } catch (Exception e) {
                System.getLogger(MultiSession.class.getName()).log(System.Logger.Level.WARNING,
                        "multisession: closing the session store failed with " + e.getClass().getName());
            }
        }
    }

    /** An engine with the configuration's defaults: in-memory store, configured or generated keys. */
    public static MultiSession create(MultiSessionConfig config) {
        return builder(config).build();
    }

    public static Builder builder(MultiSessionConfig config) {
        return new Builder(config);
    }

    public MultiSessionConfig config() {
        return config;
    }

    /** The issuer's signing keys; empty in verifier mode. */
    public Optional<SigningKeys> signingKeys() {
        return Optional.ofNullable(signingKeys);
    }

    /** The session store; empty in verifier mode. */
    public Optional<SessionStore> store() {
        return Optional.ofNullable(store);
    }

    /** The public keys as a JWKS document, for {@code /.well-known/jwks.json}; empty in verifier mode. */
    public Optional<String> publicJwksJson() {
        return signingKeys().map(SigningKeys::publicJwksJson);
    }

    /** How many browsers the hot path's memo keeps now (for tests). */
    long memoisedBrowsers() {
        return reader.memoSize();
    }

    /** How many whole Cookie headers the hot path's first look holds, pointing at a reading that serves (for tests). */
    int memoisedHeaders() {
        return reader.memoisedHeaders();
    }

    /** Verifies one token (through the verified-token cache). */
    public Verification verify(String token) {
        return verifier.verify(token);
    }

    /** The organization directory asked at switches and (cached) at refreshes, if the app has one. */
    public Optional<OrganizationDirectory> organizationDirectory() {
        return directory.get();
    }

    // ------------------------------------------------------------------ authenticate

    /**
     * Decides the request's session. Never throws for bad input. Reads the clock once: every
     * expiry and refresh decision of the request is taken at that instant.
     */
    public AuthResult authenticate(RequestView request) {
        if (clerk != null) {
            return clerk.authenticate(request);
        }
        SessionChoice choice = SessionSelector.choose(request, config.pathPrefixSelection());
        if (choice instanceof SessionChoice.Bearer bearer) {
            return authenticateBearer(bearer);
        }
        long nowMillis = clock.millis();
        Browser browser = reader.read(request, nowMillis);
        // the reader's lists are immutable (and shared when memoised): copied only when changed
        List<CookieWrite> writes = browser.deletions();
        List<Browser.Candidate> candidates = browser.candidates();
        boolean changed = false;
        String reason = null;
        while (true) {
            SessionSelector.Resolution resolution = SessionSelector.resolve(choice,
                    changed ? claimsOf(candidates) : browser.claims(), browser.lastActive());
            if (resolution.chosen().isEmpty()) {
                String why = reason != null ? reason
                        : resolution.explicitMiss() ? Reasons.SESSION_NOT_FOUND
                        : browser.sawEndedSession() && candidates.isEmpty() ? Reasons.SESSION_ENDED : Reasons.NO_SESSION;
                writes = maintainClientCookie(browser, candidates, Optional.empty(), writes, request);
                return signedOut(resolution.source(), why, candidates, writes, choice, browser);
            }
            Browser.Candidate chosen = findOrNull(candidates, resolution.chosen().get().sessionId());
            TokenRefresher.Refreshed refreshed = refresher.refreshIfNeeded(chosen, request.origin(), nowMillis);
            if (refreshed.usable()) {
                if (refreshed.fresh() != null) {
                    writes = with(writes, CookieFamily.sessionCookie(request.cookieNamespace(), chosen.sessionId(),
                            refreshed.fresh().token().value(),
                            cookieLifetime(Instant.ofEpochMilli(nowMillis), refreshed.fresh().sessionExpiresAt()),
                            request.secure()));
                    candidates = new ArrayList<>(candidates);
                    candidates.set(candidates.indexOf(chosen), new Browser.Candidate(refreshed.claims(), false));
                    changed = true;
                }
                writes = maintainClientCookie(browser, candidates,
                        resolution.source().isExplicit() ? Optional.empty() : Optional.of(chosen.sessionId()),
                        writes, request);
                // a pending session is chosen like any other (per request, so one tab's pending
                // account never blocks another tab's), and reported as PENDING, not signed in
                return AuthResult.chosen(refreshed.claims(), resolution.source(),
                        changed ? sortedClaims(candidates) : browser.sortedClaims(), writes,
                        choice.strippedPath(), browser.keysUnavailable(), browser.clientId());
            }
            if (refreshed.ended()) {
                candidates = new ArrayList<>(candidates);
                candidates.remove(chosen);
                changed = true;
                String name = CookieFamily.sessionCookieName(request.cookieNamespace(), chosen.sessionId(), request.secure());
                writes = with(writes, CookieWrite.delete(name, request.secure()));
                BrowserReader.log(chosen.sessionId(), Reasons.SESSION_ENDED);
            }
            // not ended (store unavailable, or a verifier node): the session stays the browser's and
            // no cookie is touched; this request alone is signed out
            reason = refreshed.reason();
            if (resolution.source().isExplicit() || !refreshed.ended()) {
                writes = maintainClientCookie(browser, candidates, Optional.empty(), writes, request);
                return signedOut(resolution.source(), reason, candidates, writes, choice, browser);
            }
            // an implicit choice whose session ended: fall through to the next candidate
        }
    }

    /** {@code writes} plus {@code write}: a new list the first time, the same one after. */
    private static List<CookieWrite> with(List<CookieWrite> writes, CookieWrite write) {
        List<CookieWrite> grown = writes instanceof ArrayList<CookieWrite> ? writes : new ArrayList<>(writes);
        grown.add(write);
        return grown;
    }

    private AuthResult authenticateBearer(SessionChoice.Bearer bearer) {
        Verification v = verifier.verify(bearer.token());
        if (v instanceof Verification.Valid valid) {
            return AuthResult.chosen(valid.claims(), SelectionSource.BEARER, List.of(valid.claims()), List.of(),
                    Optional.empty(), false, Optional.of(valid.claims().clientId()));
        }
        String reason = v instanceof Verification.Rejected r ? r.reason().code() : RejectionReason.EXPIRED.code();
        if (v instanceof Verification.Rejected r) {
            LOG.log(System.Logger.Level.INFO, "multisession: bearer token rejected, reason=" + r.reason().code());
        }
        return new AuthResult(AuthState.SIGNED_OUT, Optional.empty(), SelectionSource.BEARER, Optional.of(reason),
                List.of(), List.of(), Optional.empty(),
                v instanceof Verification.Rejected r && r.reason() == RejectionReason.KEYS_UNAVAILABLE, Optional.empty());
    }

    private AuthResult signedOut(SelectionSource source, String reason, List<Browser.Candidate> candidates,
                                 List<CookieWrite> writes, SessionChoice choice, Browser browser) {
        return new AuthResult(AuthState.SIGNED_OUT, Optional.empty(), source, Optional.of(reason),
                sortedClaims(candidates), writes, choice.strippedPath(), browser.keysUnavailable(),
                candidates.isEmpty() ? Optional.empty() : browser.clientId());
    }

    /**
     * Keeps the client cookie naming the verified client and a live session: rewrites it when
     * missing, stale or naming another client; deletes it when no session remains.
     */
    private List<CookieWrite> maintainClientCookie(Browser browser, List<Browser.Candidate> candidates,
                                                   Optional<String> preferred, List<CookieWrite> writes,
                                                   RequestView request) {
        boolean secure = request.secure();
        String namespace = request.cookieNamespace();
        if (candidates.isEmpty()) {
            if (browser.clientCookie().isPresent() && !browser.uncheckedLeft()) {
                return with(writes, CookieWrite.delete(CookieFamily.clientCookieName(namespace, secure), secure));
            }
            return writes;
        }
        Optional<String> last = browser.lastActive();
        boolean lastIsLive = last.isPresent() && findOrNull(candidates, last.get()) != null;
        if (lastIsLive) {
            return writes; // the client cookie names the verified client (lastActive is empty otherwise) and a live session
        }
        String target = preferred.orElseGet(() -> SessionPolicy.nextActive(claimsOf(candidates)).orElseThrow().sessionId());
        return with(writes, CookieFamily.clientCookie(namespace, browser.clientId().orElseThrow(), target,
                config.sessionLifetime(), secure));
    }

    // ------------------------------------------------------------------ listing

    /**
     * The browser's signed-in sessions for display (an account switcher, the sessions list):
     * {@link AuthResult#signedInSessions()} without the sessions the store says have ended.
     *
     * <p>A listed token that is still valid is shown as it is: a session ended elsewhere reaches
     * it within one token lifetime (at once on this node, or on every node with a revocation
     * broadcast). A listed token past its expiry vouches for nothing current, so when there is
     * one, a single store call (the browser's sessions) settles them all: those not active in
     * the store are left out, and their tokens are refused from then on (the browser's next
     * request deletes their cookies). A session the store confirmed live is not asked about again
     * for one token lifetime (the bound a valid token has anyway; a revocation this node hears
     * drops the confirmation), so a page that lists accounts on every render costs at most one
     * store call per token lifetime. No store call when every listed token is valid or confirmed,
     * and none on the hot path: only what lists accounts calls this.
     *
     * <p>With no store to ask (verifier mode), or while the store cannot be reached, the list is
     * the tokens' own: an account that did end is refused when chosen.
     */
    public List<SessionClaims> signedInSessions(AuthResult auth) {
        List<SessionClaims> listed = auth.signedInSessions();
        if (store == null || auth.clientId().isEmpty()) {
            return listed;
        }
        Instant now = clock.instant();
        boolean unsettled = false;
        for (SessionClaims s : listed) {
            unsettled |= !s.expiresAt().isAfter(now) && confirmedLive.getIfPresent(s.sessionId()) == null;
        }
        if (!unsettled) {
            return listed;
        }
        Set<String> active;
        try {
            active = store.listByClient(auth.clientId().get()).stream()
                    .filter(s -> s.status().isLive()).map(Session::id)
                    .collect(Collectors.toUnmodifiableSet());
        } catch (StoreUnavailableException unavailable) {
            return listed;
        }
        List<SessionClaims> shown = new ArrayList<>(listed.size());
        Set<String> ended = new HashSet<>();
        for (SessionClaims s : listed) {
            if (active.contains(s.sessionId())) {
                confirmedLive.put(s.sessionId(), Boolean.TRUE);
            }
            if (s.expiresAt().isAfter(now) || active.contains(s.sessionId())) {
                shown.add(s);
            } else {
                ended.add(s.sessionId());
            }
        }
        if (!ended.isEmpty()) {
            verifier.forgetSessions(ended); // its tokens are refused from now on, and the next request deletes its cookie
        }
        return List.copyOf(shown);
    }

    /**
     * The session's organization for display: the token's (the role and permissions every check
     * of the request uses) with its name from the organization directory (tokens carry only the
     * slug; cached like the membership checks at refresh). Never throws: without a directory,
     * while it fails, or when it no longer lists the membership, the token's, named by its slug.
     */
    public Optional<Organization> organizationOf(SessionClaims session) {
        Optional<Organization> fromToken = session.organization();
        if (fromToken.isEmpty() || !memberships.enabled()) {
            return fromToken;
        }
        Organization token = fromToken.get();
        Optional<String> name;
        try {
            name = memberships.current(session.userId(), token.id()).map(Organization::name);
        } catch (StoreUnavailableException directoryDown) {
            return fromToken;
        }
        // only the name: the role and permissions stay the token's, the ones every check of this request uses
        return Optional.of(name.filter(n -> !n.equals(token.name())).map(n -> Organization.builder(token.id(), token.slug())
                .name(n).role(token.role()).permissions(token.permissions()).build()).orElse(token));
    }

    // ------------------------------------------------------------------ account commands

    /**
     * Adds a session for {@code user} to the browser that sent {@code request} (joining the
     * client its verified tokens vouch for, else a new one) and makes it last-active. Signing in
     * a user who already has a session in this browser replaces that session (new id, same
     * index). At the per-browser cap, throws {@link TooManySessionsException} unless
     * {@code multisession.sessions.evict-at-cap} is set. An empty {@code organization} starts the
     * session on the user's only organization when the directory lists exactly one (unless
     * {@code multisession.organizations.start-on-only-membership} is false), else on the personal account.
     *
     * @throws dev.multisession.core.store.StoreUnavailableException when the store cannot be reached (nothing changed)
     */
    public SignInResult signIn(RequestView request, User user, Optional<Organization> organization) {
        return signIn(request, user, organization, List.of());
    }

    /**
     * {@link #signIn(RequestView, User, Optional)} of a session that must finish {@code tasks}
     * (in this order, see {@link Tasks}) before the app opens to it: the session is
     * {@link dev.multisession.core.model.SessionStatus#PENDING} until its last task is completed.
     * No tasks: an active session, as the three-argument form.
     *
     * @throws IllegalArgumentException when a task key is malformed, listed twice, or there are more
     *         than {@link Tasks#MAX_TASKS}
     */
    public SignInResult signIn(RequestView request, User user, Optional<Organization> organization, List<String> tasks) {
        requireIssuer("signIn");
        Objects.requireNonNull(user, "user");
        Objects.requireNonNull(tasks, "tasks");
        SignInResult result = commands.signIn(request, user, organization, tasks);
        warnOnceIfInsecure(request);
        return result;
    }

    /**
     * Completes {@code task} for a session of this browser when it is that session's current
     * task, and mints its token again in this request (see {@link TaskResult}). The
     * {@code choose-organization} task is completed by a switch to an organization instead
     * ({@link #switchTo}).
     *
     * @param sessionRef a session id or index; empty means the request's current session (pending ones included)
     * @throws UnknownSessionException when the reference names no signed-in session of this browser
     */
    public TaskResult completeTask(RequestView request, Optional<String> sessionRef, String task) {
        requireIssuer("completeTask");
        return commands.completeTask(request, sessionRef, task);
    }

    /**
     * Adds {@code task} to a live session, wherever its browser is (a security event forces a
     * password reset): one atomic store change; the session is pending from its next token on,
     * within one token lifetime ({@code multisession.token.lifetime}). A task the session holds
     * already is left where it is.
     *
     * @return the session afterwards; empty when no live session has this id
     * @throws IllegalStateException when the session already holds {@link Tasks#MAX_TASKS} tasks
     */
    public Optional<Session> addTask(String sessionId, String task) {
        requireIssuer("addTask");
        Tasks.requireKey(task);
        Mutation m = store.change(sessionId, SessionStore.ANY_VERSION, SessionChange.addTask(task), clock.instant());
        if (m.outcome() == Mutation.Outcome.TOO_MANY_TASKS) {
            throw new IllegalStateException("session " + Ids.shortHash(sessionId) + " already holds " + Tasks.MAX_TASKS
                    + " tasks; complete some before adding '" + task + "'");
        }
        if (m.isApplied()) {
            LOG.log(System.Logger.Level.INFO, "multisession: task " + task + " added, session " + Ids.shortHash(sessionId));
        }
        return m.isApplied() ? m.session() : Optional.empty();
    }

    /**
     * {@link #addTask} for every live session of {@code userId}, in every browser. A session that
     * already holds {@value Tasks#MAX_TASKS} tasks is skipped (logged) and never stops the others.
     * A session signed in while this runs is not covered: add the task at sign-in as well when it
     * must hold for every session.
     *
     * @return the sessions that now hold the task
     */
    public List<Session> addTaskForUser(String userId, String task) {
        requireIssuer("addTaskForUser");
        Tasks.requireKey(task);
        Instant now = clock.instant();
        List<Session> changed = new ArrayList<>();
        for (Session s : store.listByUser(userId)) {
            if (s.isActiveAt(now)) {
                try {
                    addTask(s.id(), task).ifPresent(changed::add);
                } catch (IllegalStateException full) {
                    LOG.log(System.Logger.Level.WARNING, "multisession: task " + task + " not added, session "
                            + Ids.shortHash(s.id()) + " already holds " + Tasks.MAX_TASKS + " tasks");
                }
            }
        }
        return List.copyOf(changed);
    }

    /**
     * Makes a session of this browser last-active and/or changes its active organization.
     *
     * @param sessionRef a session id or index; empty means the request's current session
     * @throws UnknownSessionException when the reference names no signed-in session of this browser
     * @throws MembershipRefusedException when an organization named by id or slug cannot be switched to
     */
    public SwitchResult switchTo(RequestView request, Optional<String> sessionRef, OrganizationChange change) {
        requireIssuer("switchTo");
        return commands.switchTo(request, sessionRef, Objects.requireNonNull(change, "change"));
    }

    /**
     * Signs out one session of this browser: ends it in the store and deletes its cookie. When it
     * was last-active, the next active session is the remaining one with the lowest index.
     *
     * @param sessionRef a session id or index; empty means the request's current session
     * @throws UnknownSessionException when the reference names no signed-in session of this browser
     */
    public SignOutResult signOut(RequestView request, Optional<String> sessionRef) {
        requireIssuer("signOut");
        return commands.signOut(request, sessionRef);
    }

    /** Signs out every session of this browser's verified client and deletes every cookie of the family. */
    public SignOutResult signOutAll(RequestView request) {
        requireIssuer("signOutAll");
        return commands.signOutAll(request);
    }

    // ------------------------------------------------------------------ helpers shared by the parts

    static Browser.Candidate findOrNull(List<Browser.Candidate> candidates, String sessionId) {
        for (Browser.Candidate c : candidates) {
            if (c.sessionId().equals(sessionId)) {
                return c;
            }
        }
        return null;
    }

    static List<SessionClaims> claimsOf(List<Browser.Candidate> candidates) {
        return List.of(claimsArray(candidates));
    }

    static List<SessionClaims> sortedClaims(List<Browser.Candidate> candidates) {
        SessionClaims[] claims = claimsArray(candidates);
        Arrays.sort(claims, SessionPolicy.BY_INDEX_THEN_AGE);
        return List.of(claims);
    }

    private static SessionClaims[] claimsArray(List<Browser.Candidate> candidates) {
        SessionClaims[] claims = new SessionClaims[candidates.size()];
        for (int i = 0; i < claims.length; i++) {
            claims[i] = candidates.get(i).claims();
        }
        return claims;
    }

    /** A cookie's Max-Age for a session ending at {@code sessionExpiresAt}: at least one second. */
    static Duration cookieLifetime(Instant now, Instant sessionExpiresAt) {
        Duration d = Duration.between(now, sessionExpiresAt);
        return d.isNegative() || d.isZero() ? Duration.ofSeconds(1) : d;
    }

    private void requireIssuer(String operation) {
        if (clerk != null) {
            throw new ConfigurationException(ConfigKeys.TOKEN_PROFILE, operation + " is not available in the clerk "
                    + "profile (" + ConfigKeys.TOKEN_PROFILE + "=clerk): Clerk's frontend signs users in, switches "
                    + "accounts and signs out; this node only verifies Clerk's session tokens");
        }
        if (commands == null) {
            throw new ConfigurationException(ConfigKeys.MODE, operation + " needs issuer mode; this node is a verifier "
                    + "and never mints tokens. Sign users in on the issuer, or set " + ConfigKeys.MODE + "=issuer");
        }
    }

    private static void warnOnceIfInsecure(RequestView request) {
        if (!request.secure() && INSECURE_WARNED.compareAndSet(false, true)) {
            LOG.log(System.Logger.Level.WARNING, "multisession: writing session cookies over plain HTTP without the "
                    + "__Host- prefix and without Secure. Fine on localhost for development; serve the app over HTTPS in "
                    + "production (behind a proxy, make the container see the original scheme).");
        }
    }

    /** Assembles an engine; everything not given is made from the configuration. */
    public static final class Builder {
        private final MultiSessionConfig config;
        private SessionStore store;
        private SigningKeys signingKeys;
        private JWKSource<SecurityContext> verificationKeys;
        private Supplier<Optional<OrganizationDirectory>> directory;

        private Builder(MultiSessionConfig config) {
            this.config = Objects.requireNonNull(config, "config");
        }

        /** The session store (issuer mode); default: the one {@code multisession.store} names (in memory). */
        public Builder sessionStore(SessionStore store) {
            this.store = store;
            return this;
        }

        /** The signing keys (issuer mode); default: {@link SigningKeys#load}. */
        public Builder signingKeys(SigningKeys keys) {
            this.signingKeys = keys;
            return this;
        }

        /** The verification key source; default: {@link VerificationKeys#forConfig}. */
        public Builder verificationKeys(JWKSource<SecurityContext> keys) {
            this.verificationKeys = keys;
            return this;
        }

        /** The organization directory; default: the class {@code multisession.organization-directory} names, if any. */
        public Builder organizationDirectory(OrganizationDirectory directory) {
            Optional<OrganizationDirectory> fixed = Optional.of(Objects.requireNonNull(directory, "directory"));
            this.directory = () -> fixed;
            return this;
        }

        /**
         * A directory looked up at each use, for one a DI container provides after the engine
         * was built (the CDI module's); empty answers mean "no directory".
         */
        public Builder organizationDirectory(Supplier<Optional<OrganizationDirectory>> lookup) {
            this.directory = Objects.requireNonNull(lookup, "lookup");
            return this;
        }

        public MultiSession build() {
            return new MultiSession(this);
        }
    }
}
