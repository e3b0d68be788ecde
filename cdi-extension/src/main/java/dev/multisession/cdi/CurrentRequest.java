package dev.multisession.cdi;

import dev.multisession.core.engine.AuthResult;
import dev.multisession.core.model.Session;
import dev.multisession.core.engine.UnknownSessionException;
import dev.multisession.servlet.Accounts;
import dev.multisession.servlet.NotSignedInException;
import dev.multisession.servlet.UnfilteredRequestException;
import jakarta.enterprise.context.RequestScoped;
import jakarta.enterprise.inject.Typed;
import jakarta.inject.Inject;
import jakarta.servlet.http.HttpServletRequest;

import java.util.List;
import java.util.Optional;

/**
 * The current request's state, read from the servlet layer: the filter's {@link AuthResult}
 * ({@link Accounts#auth}) on the request the container makes injectable. Values are built on
 * first use and kept for the rest of the request. Where there is no servlet request (a request
 * context a job or message activated) the request reads as signed out. A servlet request the
 * filter never saw throws {@link UnfilteredRequestException} on every use, so that
 * {@code @Inject User}, {@code Session}, {@code Organization}, {@code Auth},
 * {@code SignedInSessions} and the guard interceptors never act as if a broken deployment were
 * a signed-out request.
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
            // a pending session is here only on its task's page (let in); elsewhere session() is empty
            s = result.get().session().map(claims -> directories.session(claims, claims.status()));
            session = s;
        }
        return s;
    }

    List<Session> signedInSessions() {
        List<Session> all = signedIn;
        if (all == null) {
            if (auth().isEmpty()) {
                return List.of();
            }
            Optional<Session> active = session();
            all = Accounts.signedInSessions(request).stream()
                    .map(claims -> active.filter(a -> a.id().equals(claims.sessionId()))
                            .orElseGet(() -> directories.session(claims, claims.status())))
                    .toList();
            signedIn = all;
        }
        return all;
    }

    /** The request's chosen session when it is pending, whether or not this request lets it in. */
    Optional<Session> pendingSession() {
        Optional<AuthResult> result = auth();
        if (result.isEmpty()) {
            return Optional.empty();
        }
        Optional<Session> here = session();
        return result.get().chosenSession().filter(claims -> claims.isPending())
                .map(claims -> here.filter(h -> h.id().equals(claims.sessionId()))
                        .orElseGet(() -> directories.session(claims, claims.status())));
    }

    /** Completes {@code task} for the request's chosen session (see {@code Accounts.completeTask}). */
    boolean completeTask(String task) {
        try {
            return Accounts.completeTask(request, task).completed();
        } catch (UnknownSessionException signedOut) {
            throw new NotSignedInException("completing a task needs the request's session; it has none");
        }
    }

    private Optional<AuthResult> auth() {
        if (auth == null) {
            try {
                auth = Accounts.auth(request).orElse(null);
            } catch (UnfilteredRequestException noFilter) {
                throw noFilter;
            } catch (IllegalStateException noServletRequest) {
                return Optional.empty();
            }
        }
        return Optional.ofNullable(auth);
    }
}
