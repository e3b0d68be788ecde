package dev.multisession.cdi;

import dev.multisession.core.engine.AuthResult;
import dev.multisession.core.model.Session;
import dev.multisession.core.model.SessionStatus;
import dev.multisession.servlet.Accounts;
import jakarta.enterprise.context.RequestScoped;
import jakarta.enterprise.inject.Typed;
import jakarta.inject.Inject;
import jakarta.servlet.http.HttpServletRequest;

import java.util.List;
import java.util.Optional;

/**
 * The current request's state, read from the servlet layer: the filter's {@link AuthResult}
 * (request attribute {@link Accounts#AUTH_ATTRIBUTE}) on the request the container makes
 * injectable. Values are built on first use and kept for the rest of the request; before the
 * filter ran (or where there is no servlet request) the request reads as signed out, and is
 * read again on the next use.
 */
@RequestScoped
@Typed(CurrentRequest.class)
class CurrentRequest {
    @Inject
    HttpServletRequest request;
    @Inject
    Directories directories;

    private AuthResult auth;
    private Optional<Session> session;
    private List<Session> signedIn;

    Optional<Session> session() {
        Optional<Session> s = session;
        if (s == null) {
            Optional<AuthResult> result = auth();
            if (result.isEmpty()) {
                return Optional.empty();
            }
            s = result.get().session().map(claims -> directories.session(claims, SessionStatus.ACTIVE));
            session = s;
        }
        return s;
    }

    List<Session> signedInSessions() {
        List<Session> all = signedIn;
        if (all == null) {
            Optional<AuthResult> result = auth();
            if (result.isEmpty()) {
                return List.of();
            }
            Optional<Session> active = session();
            all = result.get().signedInSessions().stream()
                    .map(claims -> active.filter(a -> a.id().equals(claims.sessionId()))
                            .orElseGet(() -> directories.session(claims, SessionStatus.ACTIVE)))
                    .toList();
            signedIn = all;
        }
        return all;
    }

    private Optional<AuthResult> auth() {
        if (auth == null) {
            try {
                auth = Accounts.auth(request).orElse(null);
            } catch (IllegalStateException noServletRequest) {
                return Optional.empty();
            }
        }
        return Optional.ofNullable(auth);
    }
}
