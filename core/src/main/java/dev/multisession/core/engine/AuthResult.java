package dev.multisession.core.engine;

import dev.multisession.core.cookie.CookieWrite;
import dev.multisession.core.selection.SelectionSource;
import dev.multisession.core.token.SessionClaims;

import java.util.List;
import java.util.Optional;

/**
 * What the engine decided for one request: signed in or out, the chosen session's claims,
 * how it was chosen, the browser's signed-in sessions, and the cookie writes the response
 * must carry. Immutable.
 *
 * <pre>{@code
 * AuthResult result = multiSession.authenticate(request);
 * result.cookieWrites().forEach(w -> response.addHeader("Set-Cookie", w.toSetCookieHeader()));
 * if (result.isSignedIn()) { String userId = result.session().get().userId(); }
 * }</pre>
 *
 * @param state            signed in or out
 * @param session          the chosen session's verified claims, when signed in
 * @param source           where the choice came from
 * @param reason           why the request is signed out (a code, never token material)
 * @param signedInSessions this browser's sessions with authentic tokens, ordered by index, as the tokens say
 *                         (one whose token expired may have ended since: to show accounts, use
 *                         {@link MultiSession#signedInSessions(AuthResult)}, which asks the store about those)
 * @param cookieWrites     {@code Set-Cookie} writes for the response
 * @param strippedPath     the path without its {@code /u/<index>} prefix, when one chose the session
 * @param keysUnavailable  true when a token could not be checked because keys could not be fetched
 * @param clientId         the browser's client id as its verified session tokens vouch for it; empty when
 *                         none verified (the client cookie alone never counts)
 * @param pendingSession   the chosen session's claims when it is pending ({@link AuthState#PENDING}): then
 *                         {@code session} is empty, so everything that asks for a session sees none
 */
public record AuthResult(
        AuthState state,
        Optional<SessionClaims> session,
        SelectionSource source,
        Optional<String> reason,
        List<SessionClaims> signedInSessions,
        List<CookieWrite> cookieWrites,
        Optional<String> strippedPath,
        boolean keysUnavailable,
        Optional<String> clientId,
        Optional<SessionClaims> pendingSession) {

    public AuthResult {
        signedInSessions = List.copyOf(signedInSessions);
        cookieWrites = List.copyOf(cookieWrites);
        pendingSession = pendingSession == null ? Optional.empty() : pendingSession;
        if ((state == AuthState.PENDING) != pendingSession.isPresent() || (state == AuthState.PENDING && session.isPresent())) {
            throw new IllegalArgumentException("a PENDING result holds its session as pendingSession, and only then");
        }
    }

    /** A result without a pending session. */
    public AuthResult(AuthState state, Optional<SessionClaims> session, SelectionSource source, Optional<String> reason,
                      List<SessionClaims> signedInSessions, List<CookieWrite> cookieWrites, Optional<String> strippedPath,
                      boolean keysUnavailable, Optional<String> clientId) {
        this(state, session, source, reason, signedInSessions, cookieWrites, strippedPath, keysUnavailable, clientId,
                Optional.empty());
    }

    /**
     * The request's chosen session as decided for {@code claims}: signed in, or
     * {@link AuthState#PENDING} when the claims carry a task.
     */
    static AuthResult chosen(SessionClaims claims, SelectionSource source, List<SessionClaims> signedInSessions,
                             List<CookieWrite> cookieWrites, Optional<String> strippedPath, boolean keysUnavailable,
                             Optional<String> clientId) {
        if (claims.isPending()) {
            return new AuthResult(AuthState.PENDING, Optional.empty(), source, Optional.of(Reasons.SESSION_PENDING),
                    signedInSessions, cookieWrites, strippedPath, keysUnavailable, clientId, Optional.of(claims));
        }
        return new AuthResult(AuthState.SIGNED_IN, Optional.of(claims), source, Optional.empty(), signedInSessions,
                cookieWrites, strippedPath, keysUnavailable, clientId, Optional.empty());
    }

    /** True when the chosen session is pending (see {@link AuthState#PENDING}). */
    public boolean isPending() {
        return state == AuthState.PENDING;
    }

    /** The chosen session whatever its status: {@link #session()}, else {@link #pendingSession()}. */
    public Optional<SessionClaims> chosenSession() {
        return session.isPresent() ? session : pendingSession;
    }

    /**
     * This result with its pending session signed in: for the one place a pending session is
     * let in (its task's page, the helper endpoints). Any other result is returned as it is.
     */
    public AuthResult withPendingLetIn() {
        if (state != AuthState.PENDING) {
            return this;
        }
        return new AuthResult(AuthState.SIGNED_IN, pendingSession, source, Optional.empty(), signedInSessions,
                cookieWrites, strippedPath, keysUnavailable, clientId, Optional.empty());
    }

    /** A signed-out result with no cookie writes, for a request the engine could not read. */
    public static AuthResult signedOut(String reason) {
        return new AuthResult(AuthState.SIGNED_OUT, Optional.empty(), SelectionSource.NONE, Optional.of(reason),
                List.of(), List.of(), Optional.empty(), false, Optional.empty());
    }

    public boolean isSignedIn() {
        return state == AuthState.SIGNED_IN;
    }

    /** True when the request chose a session explicitly and that choice did not name a signed-in session. */
    public boolean explicitMiss() {
        return state == AuthState.SIGNED_OUT && source.isExplicit();
    }

    /** True in verifier mode when the chosen token expired: send page loads to the issuer's refresh endpoint. */
    public boolean refreshRequired() {
        return reason.filter(Reasons.REFRESH_REQUIRED::equals).isPresent();
    }
}
