package dev.multisession.core.clerk;

import dev.multisession.core.token.RejectionReason;

import java.util.Set;

/**
 * The reason codes of the clerk profile for a signed-out request (besides the token rejections of
 * {@link RejectionReason}), and which of them Clerk's handshake can settle.
 *
 * <pre>{@code
 * if (!auth.isSignedIn() && ClerkReasons.resolvableByHandshake(auth.reason().orElse(""))) { ... }
 * }</pre>
 */
public final class ClerkReasons {
    /** Clerk's {@code sts} value of a session with tasks left. */
    public static final String PENDING_STATUS = "pending";
    /** Clerk's {@code sts} value of a signed-in session. */
    public static final String ACTIVE_STATUS = "active";

    /** The session's {@code sts} is {@code pending} and {@code multisession.clerk.accept-pending} is off. */
    public static final String SESSION_PENDING = "session_pending";
    /** The session's {@code sts} is neither {@code active} nor {@code pending}. */
    public static final String SESSION_NOT_ACTIVE = "session_not_active";
    /** A session cookie came without {@code __client_uat}, or with {@code __client_uat=0}: Clerk says this browser signed out. */
    public static final String CLIENT_SIGNED_OUT = "client_signed_out";
    /** The cookie's token was issued before {@code __client_uat}: the browser signed in or out since. */
    public static final String SESSION_TOKEN_STALE = "session_token_stale";
    /** {@code __client_uat} says signed in, but no session cookie came. */
    public static final String SESSION_TOKEN_MISSING = "session_token_missing";
    /** Several session cookies verified and name different sessions: none is chosen. */
    public static final String SESSION_AMBIGUOUS = "session_cookie_ambiguous";
    /** No token in the header nor in a cookie. */
    public static final String NO_SESSION = "no_session";

    private static final Set<String> HANDSHAKE = Set.of(CLIENT_SIGNED_OUT, SESSION_TOKEN_STALE, SESSION_TOKEN_MISSING,
            RejectionReason.EXPIRED.code(), RejectionReason.NOT_YET_VALID.code());

    private ClerkReasons() {
    }

    /**
     * True for the cookie states Clerk's handshake settles (Clerk's {@code authenticateRequest}: a
     * token that expired or is not valid yet, one older than {@code __client_uat}, a session cookie
     * without {@code __client_uat}, {@code __client_uat} without a session cookie).
     */
    public static boolean resolvableByHandshake(String reason) {
        return HANDSHAKE.contains(reason);
    }
}
