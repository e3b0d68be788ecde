package dev.multisession.core.engine;

import dev.multisession.core.cookie.CookieWrite;
import dev.multisession.core.model.Session;
import dev.multisession.core.token.SessionClaims;

import java.util.List;

/**
 * A new session added to the browser: the stored session, its first token and that token's
 * claims, the sessions the sign-in ended (the same user's earlier session, or one evicted at the
 * cap), and the cookie writes. {@link #toString()} never prints the token.
 *
 * <pre>{@code
 * SignInResult r = multiSession.signIn(request, user, Optional.empty());
 * r.cookieWrites().forEach(w -> response.addHeader("Set-Cookie", w.toSetCookieHeader()));
 * }</pre>
 */
public record SignInResult(Session session, String token, SessionClaims claims, List<Session> ended,
                           List<CookieWrite> cookieWrites) {
    public SignInResult {
        ended = List.copyOf(ended);
        cookieWrites = List.copyOf(cookieWrites);
    }

    @Override
    public String toString() {
        return "SignInResult[session=" + session.id() + ", index=" + session.index() + "]";
    }
}
