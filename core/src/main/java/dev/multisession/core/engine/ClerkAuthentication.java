package dev.multisession.core.engine;

import dev.multisession.core.clerk.ClerkClaims;
import dev.multisession.core.clerk.ClerkReasons;
import dev.multisession.core.clerk.ClerkRequest;
import dev.multisession.core.clerk.ClerkSettings;
import dev.multisession.core.model.Ids;
import dev.multisession.core.selection.RequestView;
import dev.multisession.core.selection.SelectionSource;
import dev.multisession.core.token.CachingTokenVerifier;
import dev.multisession.core.token.RejectionReason;
import dev.multisession.core.token.SessionClaims;
import dev.multisession.core.token.Verification;

import java.util.List;
import java.util.Optional;

/**
 * The clerk profile's answer to "who is this request?": at most one session, from
 * {@code Authorization: Bearer} or Clerk's session cookie ({@link ClerkRequest}), verified through
 * the verified-token cache. Follows Clerk's {@code authenticateRequest} ({@code request.ts} of
 * {@code @clerk/backend}) for the cookie states:
 *
 * <ul>
 *   <li>no session cookie: signed out ({@code session_token_missing} when {@code __client_uat}
 *       says signed in, which a handshake settles; else {@code no_session});</li>
 *   <li>a session cookie without {@code __client_uat}, or with {@code 0}: signed out
 *       ({@code client_signed_out});</li>
 *   <li>a token issued before {@code __client_uat}: signed out ({@code session_token_stale});</li>
 *   <li>a token Clerk marks {@code sts: pending}: signed out ({@code session_pending}) unless
 *       {@code multisession.clerk.accept-pending}; any other status but {@code active}: signed out.</li>
 * </ul>
 *
 * <p>Several values of the session cookie (planted ones) are each checked, at most
 * {@value ClerkRequest#MAX_VALUES}; when the authentic ones name different sessions the request
 * is signed out rather than guessing. No cookie is ever written or deleted: the cookies are Clerk's.
 */
final class ClerkAuthentication {
    private static final System.Logger LOG = System.getLogger(MultiSession.class.getName());

    private final ClerkSettings settings;
    private final CachingTokenVerifier verifier;

    ClerkAuthentication(ClerkSettings settings, CachingTokenVerifier verifier) {
        this.settings = settings;
        this.verifier = verifier;
    }

    AuthResult authenticate(RequestView request) {
        ClerkRequest r = ClerkRequest.read(request, settings.cookieSuffix());
        if (r.bearerUnusable()) {
            LOG.log(System.Logger.Level.INFO, "multisession: bearer token rejected, reason=" + RejectionReason.MALFORMED.code());
            return signedOut(SelectionSource.BEARER, RejectionReason.MALFORMED.code(), false);
        }
        if (r.bearer().isPresent()) {
            Verification v = verifier.verify(r.bearer().get());
            if (v instanceof Verification.Valid valid) {
                return signedInUnlessStatusSaysNo(valid.claims(), SelectionSource.BEARER);
            }
            if (v instanceof Verification.Rejected rejected) {
                LOG.log(System.Logger.Level.INFO, "multisession: bearer token rejected, reason=" + rejected.reason().code());
                return signedOut(SelectionSource.BEARER, rejected.reason().code(),
                        rejected.reason() == RejectionReason.KEYS_UNAVAILABLE);
            }
            return signedOut(SelectionSource.BEARER, RejectionReason.EXPIRED.code(), false);
        }
        if (r.cookieTokens().isEmpty()) {
            return signedOut(SelectionSource.NONE, r.clientUat() > 0 ? ClerkReasons.SESSION_TOKEN_MISSING : ClerkReasons.NO_SESSION,
                    false);
        }
        if (r.clientUat() <= 0) {
            return signedOut(SelectionSource.CLIENT_COOKIE, ClerkReasons.CLIENT_SIGNED_OUT, false);
        }
        SessionClaims chosen = null;
        String reason = null;
        boolean keysUnavailable = false;
        for (String token : r.cookieTokens()) {
            Verification v = verifier.verify(token);
            if (v instanceof Verification.Rejected rejected) {
                LOG.log(System.Logger.Level.INFO, "multisession: session cookie ignored, reason=" + rejected.reason().code());
                keysUnavailable |= rejected.reason() == RejectionReason.KEYS_UNAVAILABLE;
                reason = reason != null ? reason : rejected.reason().code();
                continue;
            }
            SessionClaims claims = v instanceof Verification.Valid valid ? valid.claims() : ((Verification.Expired) v).claims();
            if (claims.issuedAt().getEpochSecond() < r.clientUat()) {
                reason = ClerkReasons.SESSION_TOKEN_STALE;
                continue;
            }
            if (v instanceof Verification.Expired) {
                reason = reason != null && reason.equals(ClerkReasons.SESSION_TOKEN_STALE) ? reason : RejectionReason.EXPIRED.code();
                continue;
            }
            if (chosen != null && !chosen.sessionId().equals(claims.sessionId())) {
                LOG.log(System.Logger.Level.INFO, "multisession: session cookies name two sessions, reason="
                        + ClerkReasons.SESSION_AMBIGUOUS + ", sessions " + Ids.shortHash(chosen.sessionId()) + " and "
                        + Ids.shortHash(claims.sessionId()));
                return signedOut(SelectionSource.CLIENT_COOKIE, ClerkReasons.SESSION_AMBIGUOUS, false);
            }
            if (chosen == null || claims.issuedAt().isAfter(chosen.issuedAt())) {
                chosen = claims;
            }
        }
        if (chosen == null) {
            return signedOut(SelectionSource.CLIENT_COOKIE, reason, keysUnavailable);
        }
        return signedInUnlessStatusSaysNo(chosen, SelectionSource.CLIENT_COOKIE);
    }

    private AuthResult signedInUnlessStatusSaysNo(SessionClaims claims, SelectionSource source) {
        Optional<String> status = claims.clerk().flatMap(ClerkClaims::status);
        if (status.isPresent() && !status.get().equals(ClerkReasons.ACTIVE_STATUS)) {
            boolean pending = status.get().equals(ClerkReasons.PENDING_STATUS);
            if (!pending || !settings.acceptPending()) {
                return signedOut(source, pending ? ClerkReasons.SESSION_PENDING : ClerkReasons.SESSION_NOT_ACTIVE, false);
            }
        }
        return new AuthResult(AuthState.SIGNED_IN, Optional.of(claims), source, Optional.empty(), List.of(claims), List.of(),
                Optional.empty(), false, Optional.empty());
    }

    private static AuthResult signedOut(SelectionSource source, String reason, boolean keysUnavailable) {
        return new AuthResult(AuthState.SIGNED_OUT, Optional.empty(), source, Optional.of(reason), List.of(), List.of(),
                Optional.empty(), keysUnavailable, Optional.empty());
    }
}
