package dev.multisession.core.engine;

import dev.multisession.core.cookie.CookieFamily;
import dev.multisession.core.cookie.CookieWrite;
import dev.multisession.core.store.SessionPolicy;
import dev.multisession.core.token.SessionClaims;

import java.util.Arrays;
import java.util.List;
import java.util.Optional;

/**
 * One browser as its cookies describe it, after verification: the client id its verified
 * tokens vouch for, its authentic sessions of that client, and the deletions its bad cookies
 * need. The client cookie's client id counts for nothing unless a verified token vouches for it.
 * Immutable (a memoised reading is shared by the requests that send the same cookies).
 *
 * @param clientId        the client of the browser's verified sessions; empty when none verified
 * @param clientCookie    the client cookie as sent (untrusted)
 * @param candidates      authentic sessions of {@code clientId}, in cookie order
 * @param deletions       cookie deletions for malformed or definitively bad cookies
 * @param keysUnavailable true when a token could not be checked because keys could not be fetched
 * @param sawEndedSession true when a cookie held a token of a session reported ended
 * @param uncheckedLeft   true when some session cookie was left unchecked (over the per-request budget)
 * @param claims          the candidates' claims, in cookie order
 * @param sortedClaims    the candidates' claims by index, then age (as {@code AuthResult} lists them)
 * @param lastActive      the client cookie's last-active session, only when that cookie names the verified client
 */
record Browser(Optional<String> clientId, Optional<CookieFamily.ClientCookie> clientCookie,
               List<Candidate> candidates, List<CookieWrite> deletions, boolean keysUnavailable,
               boolean sawEndedSession, boolean uncheckedLeft, List<SessionClaims> claims,
               List<SessionClaims> sortedClaims, Optional<String> lastActive) {

    Browser(Optional<String> clientId, Optional<CookieFamily.ClientCookie> clientCookie, List<Candidate> candidates,
            List<CookieWrite> deletions, boolean keysUnavailable, boolean sawEndedSession, boolean uncheckedLeft) {
        this(clientId, clientCookie, List.copyOf(candidates), List.copyOf(deletions), keysUnavailable, sawEndedSession,
                uncheckedLeft, claimsOf(candidates, false), claimsOf(candidates, true),
                clientCookie.filter(c -> clientId.isPresent() && c.clientId().equals(clientId.get()))
                        .map(CookieFamily.ClientCookie::lastActiveSessionId));
    }

    private static List<SessionClaims> claimsOf(List<Candidate> candidates, boolean sorted) {
        SessionClaims[] claims = new SessionClaims[candidates.size()];
        for (int i = 0; i < claims.length; i++) {
            claims[i] = candidates.get(i).claims();
        }
        if (sorted) {
            Arrays.sort(claims, SessionPolicy.BY_INDEX_THEN_AGE);
        }
        return List.of(claims);
    }

    /** One session cookie whose token is authentic (valid, or expired and refreshable). */
    record Candidate(SessionClaims claims, boolean expired) {
        String sessionId() {
            return claims.sessionId();
        }
    }
}
