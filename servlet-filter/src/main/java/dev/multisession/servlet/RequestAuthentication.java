package dev.multisession.servlet;

import dev.multisession.core.engine.AuthResult;
import dev.multisession.core.token.SessionClaims;
import jakarta.servlet.http.HttpServletRequest;
import jakarta.servlet.http.HttpServletResponse;


/**
 * Authenticates a request once, whoever asks first (the Jakarta Authentication module before
 * the container's constraint check, or the filter): runs the engine, adds its cookie changes to
 * the response's {@link CookieLedger}, and keeps the result as the request attribute {@link Accounts#AUTH_ATTRIBUTE}.
 * A pending session is let in (signed in) only on its current task's page and the helper
 * endpoints; elsewhere the request stays {@code PENDING}, which reads as signed out.
 */
final class RequestAuthentication {
    private static final System.Logger LOG = System.getLogger(RequestAuthentication.class.getName());

    private RequestAuthentication() {
    }

    static AuthResult of(MultiSessionRuntime runtime, HttpServletRequest request, HttpServletResponse response) {
        if (request.getAttribute(Accounts.AUTH_ATTRIBUTE) instanceof AuthResult done) {
            return done;
        }
        AuthResult auth;
        try {
            auth = runtime.engine().authenticate(RequestViews.of(request, runtime.settings().cookieNamespace()));
        } catch (RuntimeException e) {
            // Fail closed: an engine failure never lets a request through as anyone.
            LOG.log(System.Logger.Level.WARNING, "multisession: authentication failed with " + e.getClass().getName()
                    + "; treating the request as signed out");
            auth = AuthResult.signedOut("internal_error");
        }
        if (auth.isPending() && letsIn(runtime, request, auth)) {
            auth = auth.withPendingLetIn();
        }
        HttpAnswers.writeCookies(request, response, auth.cookieWrites());
        if (!auth.cookieWrites().isEmpty()) {
            response.setHeader("Cache-Control", "no-store");
        }
        request.setAttribute(Accounts.AUTH_ATTRIBUTE, auth);
        if (auth.session().isPresent()) {
            SessionClaims s = auth.session().get();
            request.setAttribute(Accounts.SESSION_ATTRIBUTE, s);
            request.setAttribute(Accounts.USER_ATTRIBUTE, s.user());
        }
        return auth;
    }

    /**
     * Where a pending session counts as signed in: the page of its current task (the configured
     * path and the paths below it) and the helper endpoints. Everywhere else it is signed out.
     */
    static boolean letsIn(MultiSessionRuntime runtime, HttpServletRequest request, AuthResult auth) {
        String task = auth.pendingSession().flatMap(SessionClaims::task).orElse(null);
        if (task == null) {
            return false;
        }
        String path = auth.strippedPath().orElseGet(() -> RequestViews.pathWithinApplication(request));
        if (runtime.endpoints().handles(path)) {
            return true;
        }
        String page = runtime.settings().taskUrl(task);
        return path.equals(page) || (path.startsWith(page) && path.charAt(page.length()) == '/');
    }
}
