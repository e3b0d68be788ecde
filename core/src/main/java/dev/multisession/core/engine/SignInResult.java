package dev.multisession.core.engine;

import dev.multisession.core.cookie.CookieWrite;
import dev.multisession.core.model.Session;

import java.util.List;

/**
 * A new session added to the browser: the stored session, its first token, and the cookie
 * writes (its session cookie, the client cookie making it last-active, deletions of sessions
 * it replaced). {@link #toString()} never prints the token.
 *
 * <pre>{@code
 * SignInResult r = multiSession.signIn(request, user, Optional.empty());
 * r.cookieWrites().forEach(w -> response.addHeader("Set-Cookie", w.toSetCookieHeader()));
 * }</pre>
 */
public record SignInResult(Session session, String token, List<CookieWrite> cookieWrites) {
    public SignInResult {
        cookieWrites = List.copyOf(cookieWrites);
    }

    @Override
    public String toString() {
        return "SignInResult[session=" + session.id() + ", index=" + session.index() + "]";
    }
}
