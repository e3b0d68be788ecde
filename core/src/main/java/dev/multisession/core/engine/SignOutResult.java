package dev.multisession.core.engine;

import dev.multisession.core.token.SessionClaims;

import java.util.List;

/**
 * What a sign-out did: the browser afterwards (signed in as the next active session, or signed
 * out), the sessions signed out, and whether the browser's active session was among them.
 *
 * <pre>{@code
 * SignOutResult r = multiSession.signOut(request, Optional.empty());
 * r.after().cookieWrites();
 * }</pre>
 */
public record SignOutResult(AuthResult after, List<SessionClaims> ended, boolean activeEnded) {
    public SignOutResult {
        ended = List.copyOf(ended);
    }
}
