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
import dev.multisession.core.model.User;
import dev.multisession.core.selection.RequestView;
import dev.multisession.core.selection.SelectionSource;
import dev.multisession.core.selection.SessionChoice;
import dev.multisession.core.selection.SessionSelector;
import dev.multisession.core.store.InMemorySessionStore;
import dev.multisession.core.store.SessionStore;
import dev.multisession.core.token.CachingTokenVerifier;
import dev.multisession.core.token.RejectionReason;
import dev.multisession.core.token.SessionClaims;
import dev.multisession.core.token.StrictTokenVerifier;
import dev.multisession.core.token.TokenIssuer;
import dev.multisession.core.token.TokenIssuer.MintedToken;
import dev.multisession.core.token.Verification;

import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Comparator;
import java.util.List;
import java.util.Objects;
import java.util.Optional;
import java.util.Set;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.stream.Collectors;

/**
 * The multisession engine: a functional core over an immutable {@link RequestView}. It reads
 * the browser's cookies, verifies each session token (once per process, then from cache),
 * chooses the request's session (DESIGN §5), refreshes an expiring token in-line through the
 * {@link SessionStore}, and returns what the response must carry. It also signs in, switches
 * and signs out.
 *
 * <pre>{@code
 * MultiSession multiSession = MultiSession.create(MultiSessionConfig.fromEnvironment());
 *
 * // on each request
 * AuthResult result = multiSession.authenticate(request);
 *
 * // in the app's login code, after it checked the password
 * SignInResult added = multiSession.signIn(request, User.of("user_42"), Optional.empty());
 * }</pre>
 *
 * <p>The hot path (a token seen before, not near expiry) costs a cookie parse and one hash
 * lookup per session cookie: no store access, no signature check, no network.
 */
public final class MultiSession {
    private static final System.Logger LOG = System.getLogger(MultiSession.class.getName());
    private static final AtomicBoolean INSECURE_WARNED = new AtomicBoolean();

    /** Lowest index first, the older session on a tie. */
    private static final Comparator<SessionClaims> BY_INDEX_THEN_AGE =
            Comparator.comparingInt(SessionClaims::index).thenComparing(SessionClaims::sessionId);

    private final MultiSessionConfig config;
    private final Clock clock;
    private final CachingTokenVerifier verifier;
    private final SessionStore store;
    private final SigningKeys signingKeys;
    private final TokenIssuer issuer;
    private final Cache<String, Fresh> recentlyMinted;
    private final boolean remoteKeys;

    private MultiSession(Builder b) {
        this.config = b.config;
        this.clock = config.clock();
        boolean issuing = config.mode() == Mode.ISSUER;
        this.signingKeys = issuing ? (b.signingKeys != null ? b.signingKeys : SigningKeys.load(config)) : null;
        this.issuer = issuing ? new TokenIssuer(config, signingKeys) : null;
        this.store = issuing ? (b.store != null ? b.store : new InMemorySessionStore(config)) : null;
        JWKSource<SecurityContext> keys = b.verificationKeys != null ? b.verificationKeys
                : VerificationKeys.forConfig(config, signingKeys);
        this.remoteKeys = config.jwksUrl().isPresent() || b.verificationKeys != null;
        this.verifier = new CachingTokenVerifier(new StrictTokenVerifier(config, keys), config);
        this.recentlyMinted = Caffeine.newBuilder()
                .ticker(() -> TimeUnit.MILLISECONDS.toNanos(clock.millis()))
                .expireAfterWrite(config.tokenLifetime())
                .maximumSize(Math.max(1_000, config.verifiedTokenCacheSize() / 10))
                .build();
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

    /** Verifies one token (through the verified-token cache). */
    public Verification verify(String token) {
        return verifier.verify(token);
    }

    // ------------------------------------------------------------------ authenticate

    /** Decides the request's session. Never throws for bad input. */
    public AuthResult authenticate(RequestView request) {
        SessionChoice choice = SessionSelector.choose(request, config.pathPrefixSelection());
        if (choice instanceof SessionChoice.Bearer bearer) {
            return authenticateBearer(bearer);
        }
        Browser browser = readBrowser(request);
        List<CookieWrite> writes = new ArrayList<>(browser.deletions);
        List<Candidate> candidates = new ArrayList<>(browser.candidates);
        String reason = null;
        while (true) {
            SessionSelector.Resolution resolution = SessionSelector.resolve(choice, claimsOf(candidates), browser.lastActive());
            if (resolution.chosen().isEmpty()) {
                String why = reason != null ? reason
                        : resolution.explicitMiss() ? Reasons.SESSION_NOT_FOUND : Reasons.NO_SESSION;
                maintainClientCookie(browser, candidates, Optional.empty(), writes, request.secure());
                return signedOut(resolution.source(), why, candidates, writes, choice, browser.keysUnavailable);
            }
            Candidate chosen = find(candidates, resolution.chosen().get().sessionId());
            Refreshed refreshed = refreshIfNeeded(chosen, request);
            if (refreshed.claims != null) {
                if (refreshed.token != null) {
                    writes.add(CookieFamily.sessionCookie(chosen.sessionId(), refreshed.token,
                            cookieLifetime(refreshed.sessionExpiresAt), request.secure()));
                    candidates.set(candidates.indexOf(chosen), new Candidate(refreshed.claims, false));
                }
                if (!resolution.source().isExplicit()) {
                    maintainClientCookie(browser, candidates, Optional.of(chosen.sessionId()), writes, request.secure());
                } else {
                    maintainClientCookie(browser, candidates, Optional.empty(), writes, request.secure());
                }
                return new AuthResult(AuthState.SIGNED_IN, Optional.of(refreshed.claims), resolution.source(),
                        Optional.empty(), sortedClaims(candidates), writes, choice.strippedPath(), browser.keysUnavailable);
            }
            if (refreshed.dead) {
                writes.add(CookieWrite.delete(CookieFamily.sessionCookieName(chosen.sessionId(), request.secure()),
                        request.secure()));
                candidates.remove(chosen);
                log(chosen.sessionId(), Reasons.SESSION_ENDED);
            }
            reason = refreshed.reason;
            if (resolution.source().isExplicit() || !refreshed.dead) {
                if (!refreshed.dead) {
                    candidates.remove(chosen);
                }
                maintainClientCookie(browser, candidates, Optional.empty(), writes, request.secure());
                return signedOut(resolution.source(), reason, candidates, writes, choice, browser.keysUnavailable);
            }
            // an implicit choice whose session ended: fall through to the next candidate
        }
    }

    private AuthResult authenticateBearer(SessionChoice.Bearer bearer) {
        Verification v = verifier.verify(bearer.token());
        if (v instanceof Verification.Valid valid) {
            return new AuthResult(AuthState.SIGNED_IN, Optional.of(valid.claims()), SelectionSource.BEARER,
                    Optional.empty(), List.of(valid.claims()), List.of(), Optional.empty(), false);
        }
        String reason = v instanceof Verification.Rejected r ? r.reason().code() : RejectionReason.EXPIRED.code();
        if (v instanceof Verification.Rejected r) {
            LOG.log(System.Logger.Level.INFO, "multisession: bearer token rejected, reason=" + r.reason().code());
        }
        return new AuthResult(AuthState.SIGNED_OUT, Optional.empty(), SelectionSource.BEARER, Optional.of(reason),
                List.of(), List.of(), Optional.empty(),
                v instanceof Verification.Rejected r && r.reason() == RejectionReason.KEYS_UNAVAILABLE);
    }

    private AuthResult signedOut(SelectionSource source, String reason, List<Candidate> candidates,
                                 List<CookieWrite> writes, SessionChoice choice, boolean keysUnavailable) {
        return new AuthResult(AuthState.SIGNED_OUT, Optional.empty(), source, Optional.of(reason),
                sortedClaims(candidates), writes, choice.strippedPath(), keysUnavailable);
    }

    // ------------------------------------------------------------------ reading the browser

    /** One session cookie whose token is authentic (valid, or expired and refreshable). */
    private record Candidate(SessionClaims claims, boolean expired) {
        String sessionId() {
            return claims.sessionId();
        }
    }

    /** The browser as its cookies describe it. */
    private record Browser(Optional<String> clientId, Optional<CookieFamily.ClientCookie> clientCookie,
                           List<Candidate> candidates, List<CookieWrite> deletions, boolean keysUnavailable) {
        Optional<String> lastActive() {
            return clientCookie.map(CookieFamily.ClientCookie::lastActiveSessionId);
        }
    }

    private Browser readBrowser(RequestView request) {
        boolean secure = request.secure();
        CookieFamily.Parsed parsed = CookieFamily.parse(request, config.tokenMaxLength(), verifier::isCached);
        List<CookieWrite> deletions = new ArrayList<>();
        parsed.toDelete().forEach(name -> deletions.add(CookieWrite.delete(name, secure)));
        List<Candidate> authentic = new ArrayList<>();
        boolean keysUnavailable = false;
        int budget = config.maxSessionsPerClient() * 2;
        for (var entry : parsed.sessionTokens().entrySet()) {
            String sessionId = entry.getKey();
            if (budget-- <= 0) {
                // More session cookies than a browser can legitimately hold: verify none of the
                // excess (each unknown token would cost a signature check) and delete them.
                deletions.add(CookieWrite.delete(CookieFamily.sessionCookieName(sessionId, secure), secure));
                continue;
            }
            Candidate found = null;
            boolean transientFailure = false;
            for (String token : worthVerifying(entry.getValue())) {
                Verification v = verifier.verify(token);
                if (v instanceof Verification.Rejected rejected) {
                    RejectionReason reason = rejected.reason();
                    keysUnavailable |= reason == RejectionReason.KEYS_UNAVAILABLE;
                    transientFailure |= isTransient(reason);
                    log(sessionId, reason.code());
                    continue;
                }
                SessionClaims claims = v instanceof Verification.Valid valid ? valid.claims()
                        : ((Verification.Expired) v).claims();
                if (!claims.sessionId().equals(sessionId)) {
                    log(sessionId, "token_session_mismatch");
                    continue;
                }
                found = new Candidate(claims, v instanceof Verification.Expired);
                break;
            }
            if (found != null) {
                authentic.add(found);
            } else if (!transientFailure) {
                deletions.add(CookieWrite.delete(CookieFamily.sessionCookieName(sessionId, secure), secure));
            }
        }
        Optional<String> clientId = parsed.clientCookie().map(CookieFamily.ClientCookie::clientId);
        if (clientId.isEmpty()) {
            clientId = authentic.stream().max(Comparator.comparing(Candidate::sessionId)).map(c -> c.claims().clientId());
        }
        List<Candidate> ours = new ArrayList<>();
        for (Candidate c : authentic) {
            if (clientId.isPresent() && c.claims().clientId().equals(clientId.get())) {
                ours.add(c);
            } else {
                log(c.sessionId(), "token_foreign_client");
                deletions.add(CookieWrite.delete(CookieFamily.sessionCookieName(c.sessionId(), secure), secure));
            }
        }
        return new Browser(clientId, parsed.clientCookie(), ours, deletions, keysUnavailable);
    }

    /**
     * The values of one session cookie name to verify, at most two: a cached (already verified)
     * token alone when there is one, else the first two (all of canonical form, the parser saw to that).
     */
    private List<String> worthVerifying(List<String> values) {
        if (values.size() == 1) {
            return values;
        }
        for (String value : values) {
            if (verifier.isCached(value)) {
                return List.of(value);
            }
        }
        return values.subList(0, Math.min(2, values.size()));
    }

    private boolean isTransient(RejectionReason reason) {
        return reason == RejectionReason.KEYS_UNAVAILABLE
                || reason == RejectionReason.NOT_YET_VALID
                || (reason == RejectionReason.UNKNOWN_KEY && remoteKeys);
    }

    /** Keeps the client cookie naming a live session: rewrites it when missing or stale, deletes it when none remain. */
    private void maintainClientCookie(Browser browser, List<Candidate> candidates, Optional<String> preferred,
                                      List<CookieWrite> writes, boolean secure) {
        if (candidates.isEmpty()) {
            if (browser.clientCookie().isPresent()) {
                writes.add(CookieWrite.delete(CookieFamily.clientCookieName(secure), secure));
            }
            return;
        }
        Optional<String> last = browser.lastActive();
        boolean lastIsLive = last.isPresent() && findOrNull(candidates, last.get()) != null;
        String target;
        if (lastIsLive) {
            target = last.get();
        } else {
            target = preferred.orElseGet(() -> nextActive(claimsOf(candidates)).orElseThrow().sessionId());
        }
        if (browser.clientCookie().isEmpty() || !lastIsLive) {
            writes.add(CookieFamily.clientCookie(browser.clientId().orElseThrow(), target,
                    config.sessionLifetime(), secure));
        }
    }

    // ------------------------------------------------------------------ refresh

    /** Result of making sure the chosen session has a usable token. */
    private record Refreshed(SessionClaims claims, String token, Instant sessionExpiresAt, boolean dead, String reason) {
        static Refreshed unchanged(SessionClaims claims) {
            return new Refreshed(claims, null, null, false, null);
        }

        static Refreshed fresh(MintedToken t, Instant sessionExpiresAt) {
            return new Refreshed(t.claims(), t.value(), sessionExpiresAt, false, null);
        }

        static Refreshed ended() {
            return new Refreshed(null, null, null, true, Reasons.SESSION_ENDED);
        }

        static Refreshed failed(String reason) {
            return new Refreshed(null, null, null, false, reason);
        }
    }

    private Refreshed refreshIfNeeded(Candidate chosen, RequestView request) {
        Instant now = clock.instant();
        SessionClaims claims = chosen.claims();
        boolean expiring = !now.isBefore(claims.expiresAt().minus(config.refreshWindow()));
        if (!chosen.expired() && !expiring) {
            return Refreshed.unchanged(claims);
        }
        if (issuer == null) {
            return chosen.expired() ? Refreshed.failed(Reasons.REFRESH_REQUIRED) : Refreshed.unchanged(claims);
        }
        try {
            Optional<Fresh> fresh = freshToken(claims, request.origin());
            if (fresh.isEmpty()) {
                return Refreshed.ended();
            }
            return Refreshed.fresh(fresh.get().token(), fresh.get().sessionExpiresAt());
        } catch (RuntimeException e) {
            LOG.log(System.Logger.Level.WARNING, "multisession: session store failed during refresh ("
                    + e.getClass().getSimpleName() + "), session " + Ids.shortHash(claims.sessionId()));
            return chosen.expired() ? Refreshed.failed(Reasons.STORE_UNAVAILABLE) : Refreshed.unchanged(claims);
        }
    }

    private record Fresh(MintedToken token, Instant sessionExpiresAt) {
    }

    /**
     * One fresh token per session however many requests ask at once: the first caller asks the
     * store and mints; the others wait for and reuse its token. Empty when the store says the
     * session is no longer active (or is not this browser's or this user's).
     */
    private Optional<Fresh> freshToken(SessionClaims old, Optional<String> origin) {
        Instant now = clock.instant();
        Fresh fresh = recentlyMinted.asMap().compute(old.sessionId(), (sid, existing) -> {
            if (existing != null && now.isBefore(existing.token().expiresAt().minus(config.refreshWindow()))) {
                return existing;
            }
            Optional<Session> stored = store.find(sid);
            if (stored.isEmpty() || !stored.get().isActiveAt(now)
                    || !stored.get().clientId().equals(old.clientId()) || !stored.get().userId().equals(old.userId())) {
                return null;
            }
            Session session = reindexIfTaken(stored.get(), now);
            store.touch(sid, now);
            return minted(session, origin);
        });
        return Optional.ofNullable(fresh);
    }

    /** Mints, remembers the token as verified, and records it as the session's freshest. */
    private Fresh minted(Session session, Optional<String> origin) {
        MintedToken token = issuer.mint(session, origin);
        verifier.remember(token.value(), token.claims());
        return new Fresh(token, session.expiresAt());
    }

    /** Two tabs signing in at once may pick one index; the older session keeps it, the newer moves. */
    private Session reindexIfTaken(Session session, Instant now) {
        List<Session> others = activeOfClient(session.clientId(), now).stream()
                .filter(s -> !s.id().equals(session.id())).toList();
        boolean takenByOlder = others.stream()
                .anyMatch(s -> s.index() == session.index() && s.id().compareTo(session.id()) < 0);
        if (!takenByOlder) {
            return session;
        }
        Session moved = session.toBuilder().index(lowestFreeIndex(others)).build();
        store.update(moved);
        return moved;
    }

    // ------------------------------------------------------------------ sign in

    /**
     * Adds a session for {@code user} to the browser that sent {@code request} and makes it
     * last-active. Signing in a user who already has a session in this browser replaces that
     * session (new id, same index). At the per-browser cap, throws
     * {@link TooManySessionsException} unless {@code multisession.sessions.evict-at-cap} is set.
     */
    public SignInResult signIn(RequestView request, User user, Optional<Organization> organization) {
        requireIssuer("signIn");
        Objects.requireNonNull(user, "user");
        Instant now = clock.instant();
        boolean secure = request.secure();
        Browser browser = readBrowser(request);
        List<CookieWrite> writes = new ArrayList<>(browser.deletions);
        String clientId = browser.clientId().orElseGet(() -> Ids.newClientId(clock));
        Set<String> inBrowser = browser.candidates().stream().map(Candidate::sessionId).collect(Collectors.toSet());
        List<Session> active = new ArrayList<>(activeOfClient(clientId, now).stream()
                .filter(s -> inBrowser.contains(s.id())).toList());
        Integer reuseIndex = null;
        for (Session same : active.stream().filter(s -> s.userId().equals(user.id())).toList()) {
            endSession(same.id(), SessionStatus.ENDED);
            writes.add(CookieWrite.delete(CookieFamily.sessionCookieName(same.id(), secure), secure));
            active.remove(same);
            reuseIndex = reuseIndex == null ? same.index() : Math.min(reuseIndex, same.index());
        }
        if (active.size() >= config.maxSessionsPerClient()) {
            if (!config.evictAtCap()) {
                throw new TooManySessionsException(config.maxSessionsPerClient());
            }
            while (active.size() >= config.maxSessionsPerClient()) {
                Session lra = active.stream().min(Comparator.comparing(Session::lastActiveAt)
                        .thenComparing(Session::id)).orElseThrow();
                endSession(lra.id(), SessionStatus.REMOVED);
                writes.add(CookieWrite.delete(CookieFamily.sessionCookieName(lra.id(), secure), secure));
                active.remove(lra);
            }
        }
        final Integer wanted = reuseIndex;
        int index = wanted != null && active.stream().noneMatch(s -> s.index() == wanted) ? wanted : lowestFreeIndex(active);
        Session session = Session.builder()
                .id(Ids.newSessionId(clock)).index(index).clientId(clientId).user(user)
                .status(SessionStatus.ACTIVE).createdAt(now).lastActiveAt(now)
                .expiresAt(now.plus(config.sessionLifetime()))
                .inactivityTimeout(config.inactivityTimeout().orElse(null))
                .activeOrganization(organization.orElse(null))
                .build();
        Fresh fresh = minted(session, request.origin());
        MintedToken token = fresh.token();
        store.create(session);
        recentlyMinted.put(session.id(), fresh);
        writes.add(CookieFamily.sessionCookie(session.id(), token.value(), cookieLifetime(session.expiresAt()), secure));
        writes.add(CookieFamily.clientCookie(clientId, session.id(), config.sessionLifetime(), secure));
        warnOnceIfInsecure(request);
        LOG.log(System.Logger.Level.INFO, "multisession: signed in, session " + Ids.shortHash(session.id())
                + " index " + index);
        return new SignInResult(session, token.value(), writes);
    }

    // ------------------------------------------------------------------ switch

    /**
     * Makes a session of this browser last-active and/or changes its active organization.
     *
     * @param sessionRef a session id or index; empty means the request's current session
     * @throws UnknownSessionException when the reference names no signed-in session of this browser
     */
    public AuthResult switchTo(RequestView request, Optional<String> sessionRef, OrganizationChange change) {
        requireIssuer("switchTo");
        boolean secure = request.secure();
        Browser browser = readBrowser(request);
        List<CookieWrite> writes = new ArrayList<>(browser.deletions);
        Candidate target = target(request, browser, sessionRef);
        Instant now = clock.instant();
        Session stored = store.find(target.sessionId()).filter(s -> s.isActiveAt(now))
                .filter(s -> s.clientId().equals(target.claims().clientId()))
                .orElseThrow(UnknownSessionException::new);
        SessionClaims claims = target.claims();
        if (change instanceof OrganizationChange.Keep) {
            store.update(stored.toBuilder().lastActiveAt(now).build());
        } else {
            Session updated = stored.toBuilder()
                    .activeOrganization(change instanceof OrganizationChange.To to ? to.organization() : null)
                    .lastActiveAt(now)
                    .build();
            store.update(updated);
            Fresh fresh = minted(updated, request.origin());
            MintedToken token = fresh.token();
            recentlyMinted.put(updated.id(), fresh);
            writes.add(CookieFamily.sessionCookie(updated.id(), token.value(), cookieLifetime(updated.expiresAt()), secure));
            claims = token.claims();
        }
        writes.add(CookieFamily.clientCookie(browser.clientId().orElseThrow(), target.sessionId(),
                config.sessionLifetime(), secure));
        List<Candidate> candidates = new ArrayList<>(browser.candidates());
        candidates.set(candidates.indexOf(target), new Candidate(claims, false));
        return new AuthResult(AuthState.SIGNED_IN, Optional.of(claims), SelectionSource.CLIENT_COOKIE, Optional.empty(),
                sortedClaims(candidates), writes, Optional.empty(), browser.keysUnavailable());
    }

    // ------------------------------------------------------------------ sign out

    /**
     * Signs out one session of this browser: ends it in the store and deletes its cookie. When it
     * was last-active, the next active session is the remaining one with the lowest index.
     *
     * @param sessionRef a session id or index; empty means the request's current session
     * @return signed in as the next active session, or signed out when none remain
     * @throws UnknownSessionException when the reference names no signed-in session of this browser
     */
    public AuthResult signOut(RequestView request, Optional<String> sessionRef) {
        requireIssuer("signOut");
        boolean secure = request.secure();
        Browser browser = readBrowser(request);
        List<CookieWrite> writes = new ArrayList<>(browser.deletions);
        Candidate target = target(request, browser, sessionRef);
        endSession(target.sessionId(), SessionStatus.ENDED);
        writes.add(CookieWrite.delete(CookieFamily.sessionCookieName(target.sessionId(), secure), secure));
        List<Candidate> remaining = new ArrayList<>(browser.candidates());
        remaining.remove(target);
        LOG.log(System.Logger.Level.INFO, "multisession: signed out, session " + Ids.shortHash(target.sessionId()));
        if (remaining.isEmpty()) {
            writes.add(CookieWrite.delete(CookieFamily.clientCookieName(secure), secure));
            return new AuthResult(AuthState.SIGNED_OUT, Optional.empty(), SelectionSource.NONE,
                    Optional.of(Reasons.NO_SESSION), List.of(), writes, Optional.empty(), browser.keysUnavailable());
        }
        Optional<String> last = browser.lastActive().filter(id -> !id.equals(target.sessionId()))
                .filter(id -> remaining.stream().anyMatch(c -> c.sessionId().equals(id)));
        SessionClaims next = last.map(id -> find(remaining, id).claims())
                .orElseGet(() -> nextActive(claimsOf(remaining)).orElseThrow());
        writes.add(CookieFamily.clientCookie(browser.clientId().orElseThrow(), next.sessionId(),
                config.sessionLifetime(), secure));
        return new AuthResult(AuthState.SIGNED_IN, Optional.of(next), SelectionSource.CLIENT_COOKIE, Optional.empty(),
                sortedClaims(remaining), writes, Optional.empty(), browser.keysUnavailable());
    }

    /** Signs out every session of this browser and deletes every cookie of the family. */
    public AuthResult signOutAll(RequestView request) {
        requireIssuer("signOutAll");
        boolean secure = request.secure();
        Browser browser = readBrowser(request);
        List<CookieWrite> writes = new ArrayList<>(browser.deletions);
        for (Candidate c : browser.candidates()) {
            endSession(c.sessionId(), SessionStatus.ENDED);
        }
        browser.clientId().ifPresent(id -> store.revokeByClient(id, SessionStatus.ENDED));
        Set<String> deleted = writes.stream().map(CookieWrite::name).collect(Collectors.toSet());
        String prefix = CookieFamily.prefix(secure);
        for (RequestView.RequestCookie cookie : request.cookies()) {
            String name = cookie.name();
            if (name.startsWith(prefix) && CookieFamily.isFamilyName(name.substring(prefix.length())) && deleted.add(name)) {
                writes.add(CookieWrite.delete(name, secure));
            }
        }
        if (deleted.add(CookieFamily.clientCookieName(secure))) {
            writes.add(CookieWrite.delete(CookieFamily.clientCookieName(secure), secure));
        }
        LOG.log(System.Logger.Level.INFO, "multisession: signed out all " + browser.candidates().size() + " sessions");
        return new AuthResult(AuthState.SIGNED_OUT, Optional.empty(), SelectionSource.NONE, Optional.of(Reasons.NO_SESSION),
                List.of(), writes, Optional.empty(), browser.keysUnavailable());
    }

    // ------------------------------------------------------------------ helpers

    private Candidate target(RequestView request, Browser browser, Optional<String> sessionRef) {
        Optional<SessionClaims> match;
        if (sessionRef.isPresent()) {
            String ref = sessionRef.get().trim();
            SessionChoice choice = SessionSelector.choose(RequestView.builder().header(SessionSelector.SESSION_HEADER, ref).build(), false);
            match = SessionSelector.resolve(choice, claimsOf(browser.candidates()), Optional.empty()).chosen();
        } else {
            SessionChoice choice = SessionSelector.choose(request, config.pathPrefixSelection());
            match = choice instanceof SessionChoice.Bearer ? Optional.empty()
                    : SessionSelector.resolve(choice, claimsOf(browser.candidates()), browser.lastActive()).chosen();
        }
        return match.map(c -> find(browser.candidates(), c.sessionId())).orElseThrow(UnknownSessionException::new);
    }

    private void endSession(String sessionId, SessionStatus status) {
        store.revoke(sessionId, status);
        recentlyMinted.invalidate(sessionId);
    }

    private List<Session> activeOfClient(String clientId, Instant now) {
        return store.listByClient(clientId).stream().filter(s -> s.isActiveAt(now)).toList();
    }

    private static int lowestFreeIndex(List<Session> holders) {
        Set<Integer> taken = holders.stream().map(Session::index).collect(Collectors.toSet());
        int i = 0;
        while (taken.contains(i)) {
            i++;
        }
        return i;
    }

    /** The deterministic next active session: lowest index, the older session on a tie. */
    private static Optional<SessionClaims> nextActive(List<SessionClaims> sessions) {
        SessionClaims next = null;
        for (SessionClaims s : sessions) {
            if (next == null || BY_INDEX_THEN_AGE.compare(s, next) < 0) {
                next = s;
            }
        }
        return Optional.ofNullable(next);
    }

    private static Candidate find(List<Candidate> candidates, String sessionId) {
        Candidate found = findOrNull(candidates, sessionId);
        if (found == null) {
            throw new IllegalStateException("chosen session is not among the candidates");
        }
        return found;
    }

    private static Candidate findOrNull(List<Candidate> candidates, String sessionId) {
        for (Candidate c : candidates) {
            if (c.sessionId().equals(sessionId)) {
                return c;
            }
        }
        return null;
    }

    private static List<SessionClaims> claimsOf(List<Candidate> candidates) {
        return List.of(claimsArray(candidates));
    }

    private static List<SessionClaims> sortedClaims(List<Candidate> candidates) {
        SessionClaims[] claims = claimsArray(candidates);
        Arrays.sort(claims, BY_INDEX_THEN_AGE);
        return List.of(claims);
    }

    private static SessionClaims[] claimsArray(List<Candidate> candidates) {
        SessionClaims[] claims = new SessionClaims[candidates.size()];
        for (int i = 0; i < claims.length; i++) {
            claims[i] = candidates.get(i).claims();
        }
        return claims;
    }

    private Duration cookieLifetime(Instant sessionExpiresAt) {
        Duration d = Duration.between(clock.instant(), sessionExpiresAt);
        return d.isNegative() || d.isZero() ? Duration.ofSeconds(1) : d;
    }

    private void requireIssuer(String operation) {
        if (issuer == null) {
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

    private static void log(String sessionId, String reason) {
        LOG.log(System.Logger.Level.INFO, "multisession: session cookie ignored, reason=" + reason
                + ", session " + Ids.shortHash(sessionId));
    }

    /** Assembles an engine; everything not given is made from the configuration. */
    public static final class Builder {
        private final MultiSessionConfig config;
        private SessionStore store;
        private SigningKeys signingKeys;
        private JWKSource<SecurityContext> verificationKeys;

        private Builder(MultiSessionConfig config) {
            this.config = Objects.requireNonNull(config, "config");
        }

        /** The session store (issuer mode); default: {@link InMemorySessionStore}. */
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

        public MultiSession build() {
            return new MultiSession(this);
        }
    }
}
