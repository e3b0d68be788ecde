package dev.multisession.core.store;

import dev.multisession.core.model.Session;
import dev.multisession.core.model.SessionStatus;

import java.time.Instant;
import java.util.List;
import java.util.Optional;

/**
 * Where sessions live: the source of truth consulted when a token is refreshed and when an
 * account command (sign-in, switch, sign-out) runs, never on the hot path. The default is
 * {@link InMemorySessionStore}; a shared store lets several nodes serve one app.
 *
 * <pre>{@code
 * SignInOutcome out = store.signIn(NewSession.of(session, 5, AtCapPolicy.REFUSE));
 * RefreshRead read = store.readForRefresh(session.id(), session.clientId(), now);
 * Mutation m = store.change(session.id(), read.activeSession().orElseThrow().version(),
 *                           SessionChange.organization(Optional.empty()), now);
 * List<Session> ended = store.revokeClient(clientId, SessionStatus.ENDED, now);
 * }</pre>
 *
 * <p><b>The contract</b> (every implementation passes the store contract test kit shipped in
 * the core test-jar):
 * <ul>
 * <li>One round trip per operation; every operation is atomic. No caller ever reads, decides
 *     and writes back a whole session.</li>
 * <li>{@link #signIn}: the cap check, replacing the same user's session, the at-cap policy and
 *     the index choice happen in one atomic step per browser (client id); concurrent sign-ins
 *     never exceed the cap and never share an index among active sessions.</li>
 * <li>{@link #change}: applies only to a session that is live ({@link SessionStatus#ACTIVE} or
 *     {@link SessionStatus#PENDING}, {@link Session#isActiveAt}) at {@code now} and, unless {@link #ANY_VERSION} is given, only when its version is still the
 *     one named (a session that is not active answers {@code NOT_ACTIVE}, whatever the version
 *     named). An ended session is never made active again.</li>
 * <li>Tasks: a session signed in with tasks is stored {@link SessionStatus#PENDING} with them;
 *     {@link SessionChange#addTask}, {@link SessionChange#completeTask} (only the current task) and
 *     {@link SessionChange#chooseOrganization} change them in the same atomic step as the rest;
 *     a pending session is live for every operation here (cap, index, refresh, revoke).</li>
 * <li>Retention: an ended session stays findable, with its final status, until its absolute
 *     expiry; after that it may be forgotten ({@link RefreshRead.Gone.Why#UNKNOWN}).</li>
 * <li>Failure: an implementation that cannot reach its backing service throws
 *     {@link StoreUnavailableException}, never another exception, and changes nothing it did
 *     not report.</li>
 * <li>Revocation: every session that one of these operations ends is reported to the
 *     {@link RevocationListener}s, on this node at once; a shared store also tells the others.</li>
 * </ul>
 * Implementations are thread-safe.
 */
public interface SessionStore {

    /** For {@link #change}: apply whatever the session's version. */
    long ANY_VERSION = -1;

    /**
     * Atomically adds a session to its browser: ends the same user's active session of that
     * browser (when {@link NewSession#replaceSameUser()}), applies the cap and the at-cap
     * policy, chooses the index (see {@link SessionPolicy#indexFor}) and stores the session with
     * that index and version 0. "Active" is judged at the new session's {@code createdAt()}.
     * Returned sessions (created and ended) carry their state after this operation.
     */
    SignInOutcome signIn(NewSession request);

    /**
     * The one read a refresh makes: the session when it is active at {@code now} and belongs to
     * {@code clientId}, with its activity recorded at {@code now} (written at most once per
     * touch interval; not a version change); otherwise why not.
     */
    RefreshRead readForRefresh(String sessionId, String clientId, Instant now);

    /** Applies a change on the conditions of the contract above. */
    Mutation change(String sessionId, long expectedVersion, SessionChange change, Instant now);

    /** Ends one active session of this browser with the given final status; empty when it was not active (or not this browser's). */
    Optional<Session> revoke(String sessionId, String clientId, SessionStatus status, Instant now);

    /** Ends every active session of a browser; returns the sessions this call ended. */
    List<Session> revokeClient(String clientId, SessionStatus status, Instant now);

    /** The session with this id, if the store still has it; one past its lifetime reads as {@link SessionStatus#EXPIRED}. */
    Optional<Session> find(String sessionId);

    /** Every session of a browser the store still holds, oldest first (by id: sign-in order to the millisecond). */
    List<Session> listByClient(String clientId);

    /** Every session of a user across browsers the store still holds, oldest first. */
    List<Session> listByUser(String userId);

    /** Adds a listener told of every session that ends (see {@link RevocationListener}). */
    void addRevocationListener(RevocationListener listener);
}
