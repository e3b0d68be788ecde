package dev.multisession.core.engine;

import dev.multisession.core.config.MultiSessionConfig;
import dev.multisession.core.cookie.CookieFamily;
import dev.multisession.core.cookie.CookieWrite;
import dev.multisession.core.model.Ids;
import dev.multisession.core.model.Organization;
import dev.multisession.core.model.Session;
import dev.multisession.core.model.SessionStatus;
import dev.multisession.core.model.Tasks;
import dev.multisession.core.model.User;
import dev.multisession.core.selection.RequestView;
import dev.multisession.core.selection.SelectionSource;
import dev.multisession.core.selection.SessionChoice;
import dev.multisession.core.selection.SessionSelector;
import dev.multisession.core.store.AtCapPolicy;
import dev.multisession.core.store.Mutation;
import dev.multisession.core.store.NewSession;
import dev.multisession.core.store.SessionChange;
import dev.multisession.core.store.SessionPolicy;
import dev.multisession.core.store.SessionStore;
import dev.multisession.core.store.SignInOutcome;
import dev.multisession.core.token.SessionClaims;

import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Optional;
import java.util.Set;

/**
 * Sign-in, switch and sign-out: each reads the browser, decides on what its verified tokens
 * vouch for, makes one store call (atomic or conditional), and only then builds the cookie
 * writes. A store failure ({@code StoreUnavailableException}) leaves before any write, so no
 * cookie is ever deleted because the store failed.
 */
final class AccountCommands {
    private static final System.Logger LOG = System.getLogger(MultiSession.class.getName());

    private final MultiSessionConfig config;
    private final Clock clock;
    private final SessionStore store;
    private final BrowserReader reader;
    private final TokenRefresher refresher;
    private final Memberships memberships;

    AccountCommands(MultiSessionConfig config, SessionStore store, BrowserReader reader, TokenRefresher refresher,
                    Memberships memberships) {
        this.config = config;
        this.clock = config.clock();
        this.store = store;
        this.reader = reader;
        this.refresher = refresher;
        this.memberships = memberships;
    }

    SignInResult signIn(RequestView request, User user, Optional<Organization> organization, List<String> tasks) {
        Instant now = clock.instant();
        boolean secure = request.secure();
        String ns = request.cookieNamespace();
        Browser browser = reader.read(request);
        String clientId = browser.clientId().orElseGet(() -> Ids.newClientId(clock));
        Session proposed = Session.builder()
                .id(Ids.newSessionId(clock)).index(0).clientId(clientId).user(user)
                .status(SessionStatus.ACTIVE).createdAt(now).lastActiveAt(now)
                .expiresAt(now.plus(config.sessionLifetime()))
                .inactivityTimeout(config.inactivityTimeout().orElse(null))
                .activeOrganization(organization.or(() -> config.startOnOnlyMembership() && !tasks.contains(Tasks.CHOOSE_ORGANIZATION)
                        ? memberships.onlyMembership(user.id()) : Optional.empty()).orElse(null))
                .tasks(tasks)
                .build();
        AtCapPolicy policy = config.evictAtCap() ? AtCapPolicy.EVICT_LEAST_RECENTLY_ACTIVE : AtCapPolicy.REFUSE;
        SignInOutcome outcome = store.signIn(NewSession.of(proposed, config.maxSessionsPerClient(), policy));
        if (outcome instanceof SignInOutcome.Refused refused) {
            throw new TooManySessionsException(refused.cap());
        }
        SignInOutcome.Created created = (SignInOutcome.Created) outcome;
        Session session = created.session();
        TokenRefresher.Fresh fresh = refresher.minted(session, request.origin());
        List<CookieWrite> writes = new ArrayList<>(browser.deletions());
        for (Session ended : created.ended()) {
            writes.add(CookieWrite.delete(CookieFamily.sessionCookieName(ns, ended.id(), secure), secure));
        }
        writes.add(CookieFamily.sessionCookie(ns, session.id(), fresh.token().value(), cookieLifetime(session.expiresAt()), secure));
        writes.add(CookieFamily.clientCookie(ns, clientId, session.id(), config.sessionLifetime(), secure));
        LOG.log(System.Logger.Level.INFO, "multisession: signed in, session " + Ids.shortHash(session.id())
                + " index " + session.index() + (created.ended().isEmpty() ? "" : ", ended " + created.ended().size())
                + (session.isPending() ? ", pending " + session.tasks().size() + " task(s)" : ""));
        return new SignInResult(session, fresh.token().value(), fresh.token().claims(), created.ended(), writes);
    }

    SwitchResult switchTo(RequestView request, Optional<String> sessionRef, OrganizationChange change) {
        Instant now = clock.instant();
        boolean secure = request.secure();
        String ns = request.cookieNamespace();
        Browser browser = reader.read(request);
        Browser.Candidate target = target(request, browser, sessionRef);
        SessionClaims before = target.claims();
        SessionChange storeChange;
        // a user's switch to an organization completes a current choose-organization task in the same store change
        if (change instanceof OrganizationChange.To to) {
            storeChange = SessionChange.chooseOrganization(to.organization());
        } else if (change instanceof OrganizationChange.Named named) {
            storeChange = SessionChange.chooseOrganization(membership(before, named));
        } else if (change instanceof OrganizationChange.Personal) {
            storeChange = SessionChange.organization(Optional.empty());
        } else {
            storeChange = SessionChange.touch();
        }
        // one conditional store call: applies only while the session is active, so a sign-out or
        // revoke that lands first is never undone
        Mutation m = store.change(target.sessionId(), SessionStore.ANY_VERSION, storeChange, now);
        if (!m.isApplied()) {
            throw new UnknownSessionException();
        }
        List<CookieWrite> writes = new ArrayList<>(browser.deletions());
        SessionClaims claims = before;
        Optional<String> completed = Optional.empty();
        if (!(change instanceof OrganizationChange.Keep)) {
            Session updated = m.session().orElseThrow();
            TokenRefresher.Fresh fresh = refresher.minted(updated, request.origin());
            writes.add(CookieFamily.sessionCookie(ns, updated.id(), fresh.token().value(), cookieLifetime(updated.expiresAt()), secure));
            claims = fresh.token().claims();
            if (before.task().filter(Tasks.CHOOSE_ORGANIZATION::equals).isPresent()
                    && !updated.tasks().contains(Tasks.CHOOSE_ORGANIZATION)) {
                completed = Optional.of(Tasks.CHOOSE_ORGANIZATION);
                LOG.log(System.Logger.Level.INFO, "multisession: task " + Tasks.CHOOSE_ORGANIZATION
                        + " completed by an organization switch, session " + Ids.shortHash(updated.id()));
            }
        }
        writes.add(CookieFamily.clientCookie(ns, browser.clientId().orElseThrow(), target.sessionId(),
                config.sessionLifetime(), secure));
        return new SwitchResult(afterRewrite(browser, target, claims, writes), before, completed);
    }

    /**
     * Completes {@code task} when it is the target session's current task (one conditional store
     * change), then mints the session's token from what the store holds and writes its cookie in
     * this response, whether or not this call completed it (another tab may have first).
     */
    TaskResult completeTask(RequestView request, Optional<String> sessionRef, String task) {
        Tasks.requireKey(task);
        boolean secure = request.secure();
        String ns = request.cookieNamespace();
        Browser browser = reader.read(request);
        Browser.Candidate target = target(request, browser, sessionRef);
        Mutation m = store.change(target.sessionId(), SessionStore.ANY_VERSION, SessionChange.completeTask(task),
                clock.instant());
        if ((!m.isApplied() && m.outcome() != Mutation.Outcome.TASK_NOT_CURRENT) || m.session().isEmpty()) {
            throw new UnknownSessionException();
        }
        Session updated = m.session().get();
        TokenRefresher.Fresh fresh = refresher.minted(updated, request.origin());
        List<CookieWrite> writes = new ArrayList<>(browser.deletions());
        writes.add(CookieFamily.sessionCookie(ns, updated.id(), fresh.token().value(), cookieLifetime(updated.expiresAt()), secure));
        if (m.isApplied()) {
            LOG.log(System.Logger.Level.INFO, "multisession: task " + task + " completed, session "
                    + Ids.shortHash(updated.id()) + (updated.isPending() ? ", " + updated.tasks().size() + " left" : ", now active"));
        }
        return new TaskResult(afterRewrite(browser, target, fresh.token().claims(), writes), m.isApplied(), task, updated);
    }

    /** The browser after one of its sessions got new claims: that session chosen, signed in or pending. */
    private static AuthResult afterRewrite(Browser browser, Browser.Candidate target, SessionClaims claims,
                                           List<CookieWrite> writes) {
        List<Browser.Candidate> candidates = new ArrayList<>(browser.candidates());
        candidates.set(candidates.indexOf(target), new Browser.Candidate(claims, false));
        return AuthResult.chosen(claims, SelectionSource.CLIENT_COOKIE, MultiSession.sortedClaims(candidates), writes,
                Optional.empty(), browser.keysUnavailable(), browser.clientId());
    }

    private Organization membership(SessionClaims session, OrganizationChange.Named named) {
        if (!memberships.enabled()) {
            throw new MembershipRefusedException(MembershipRefusedException.NO_DIRECTORY);
        }
        if (named.idOrSlug() == null || named.idOrSlug().isBlank() || named.idOrSlug().length() > 200) {
            throw new MembershipRefusedException(MembershipRefusedException.NOT_A_MEMBER);
        }
        return memberships.forSwitch(session.userId(), named.idOrSlug())
                .orElseThrow(() -> new MembershipRefusedException(MembershipRefusedException.NOT_A_MEMBER));
    }

    SignOutResult signOut(RequestView request, Optional<String> sessionRef) {
        boolean secure = request.secure();
        String ns = request.cookieNamespace();
        Browser browser = reader.read(request);
        Browser.Candidate target = target(request, browser, sessionRef);
        String clientId = browser.clientId().orElseThrow();
        store.revoke(target.sessionId(), clientId, SessionStatus.ENDED, clock.instant());
        List<CookieWrite> writes = new ArrayList<>(browser.deletions());
        writes.add(CookieWrite.delete(CookieFamily.sessionCookieName(ns, target.sessionId(), secure), secure));
        List<Browser.Candidate> remaining = new ArrayList<>(browser.candidates());
        remaining.remove(target);
        LOG.log(System.Logger.Level.INFO, "multisession: signed out, session " + Ids.shortHash(target.sessionId()));
        Optional<String> lastActive = browser.lastActive();
        boolean activeEnded = SessionSelector.resolve(new SessionChoice.Implicit(), MultiSession.claimsOf(browser.candidates()),
                lastActive).chosen().map(c -> c.sessionId().equals(target.sessionId())).orElse(false);
        if (remaining.isEmpty()) {
            if (browser.clientCookie().isPresent()) {
                writes.add(CookieWrite.delete(CookieFamily.clientCookieName(ns, secure), secure));
            }
            AuthResult after = new AuthResult(AuthState.SIGNED_OUT, Optional.empty(), SelectionSource.NONE,
                    Optional.of(Reasons.NO_SESSION), List.of(), writes, Optional.empty(), browser.keysUnavailable(),
                    Optional.empty());
            return new SignOutResult(after, List.of(target.claims()), true);
        }
        SessionClaims next = lastActive.filter(id -> !id.equals(target.sessionId()))
                .map(id -> MultiSession.findOrNull(remaining, id)).map(Browser.Candidate::claims)
                .orElseGet(() -> SessionPolicy.nextActive(MultiSession.claimsOf(remaining)).orElseThrow());
        writes.add(CookieFamily.clientCookie(ns, clientId, next.sessionId(), config.sessionLifetime(), secure));
        AuthResult after = AuthResult.chosen(next, SelectionSource.CLIENT_COOKIE, MultiSession.sortedClaims(remaining),
                writes, Optional.empty(), browser.keysUnavailable(), browser.clientId());
        return new SignOutResult(after, List.of(target.claims()), activeEnded);
    }

    /**
     * Ends every session of the browser's verified client and deletes every cookie of the family.
     * A client cookie naming another client ends nothing.
     */
    SignOutResult signOutAll(RequestView request) {
        boolean secure = request.secure();
        String ns = request.cookieNamespace();
        Browser browser = reader.read(request);
        if (browser.clientId().isPresent()) {
            store.revokeClient(browser.clientId().get(), SessionStatus.ENDED, clock.instant());
        }
        // housekeeping deletions first, the signed-out sessions' and the client cookie last: when a
        // response cannot carry every deletion, the earliest wait for a later response
        List<CookieWrite> writes = new ArrayList<>(browser.deletions());
        Set<String> deleted = new HashSet<>();
        writes.forEach(w -> deleted.add(w.name()));
        Set<String> ours = new HashSet<>();
        browser.candidates().forEach(c -> ours.add(CookieFamily.sessionCookieName(ns, c.sessionId(), secure)));
        String prefix = CookieFamily.prefix(secure);
        String clientCookie = CookieFamily.clientCookieName(ns, secure);
        for (RequestView.RequestCookie cookie : request.cookies()) {
            String name = cookie.name();
            if (name != null && name.startsWith(prefix) && CookieFamily.isFamilyName(name.substring(prefix.length()), ns)
                    && !ours.contains(name) && !name.equals(clientCookie) && deleted.add(name)) {
                writes.add(CookieWrite.delete(name, secure));
            }
        }
        for (String name : ours) {
            if (deleted.add(name)) {
                writes.add(CookieWrite.delete(name, secure));
            }
        }
        if (deleted.add(clientCookie)) {
            writes.add(CookieWrite.delete(clientCookie, secure));
        }
        LOG.log(System.Logger.Level.INFO, "multisession: signed out all " + browser.candidates().size() + " sessions");
        AuthResult after = new AuthResult(AuthState.SIGNED_OUT, Optional.empty(), SelectionSource.NONE,
                Optional.of(Reasons.NO_SESSION), List.of(), writes, Optional.empty(), browser.keysUnavailable(),
                Optional.empty());
        return new SignOutResult(after, MultiSession.claimsOf(browser.candidates()), !browser.candidates().isEmpty());
    }

    /** The session a command targets: the named one, or the request's own choice; only among verified sessions. */
    private Browser.Candidate target(RequestView request, Browser browser, Optional<String> sessionRef) {
        Optional<SessionClaims> match;
        if (sessionRef.isPresent()) {
            SessionChoice choice = SessionSelector.reference(SelectionSource.HEADER, sessionRef.get());
            match = SessionSelector.resolve(choice, MultiSession.claimsOf(browser.candidates()), Optional.empty()).chosen();
        } else {
            SessionChoice choice = SessionSelector.choose(request, config.pathPrefixSelection());
            match = choice instanceof SessionChoice.Bearer ? Optional.empty()
                    : SessionSelector.resolve(choice, MultiSession.claimsOf(browser.candidates()), browser.lastActive()).chosen();
        }
        return match.map(c -> MultiSession.findOrNull(browser.candidates(), c.sessionId()))
                .orElseThrow(UnknownSessionException::new);
    }

    private Duration cookieLifetime(Instant sessionExpiresAt) {
        return MultiSession.cookieLifetime(clock.instant(), sessionExpiresAt);
    }
}
