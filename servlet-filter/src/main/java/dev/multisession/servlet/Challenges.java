package dev.multisession.servlet;

import dev.multisession.core.engine.AuthResult;
import jakarta.servlet.http.HttpServletRequest;
import jakarta.servlet.http.HttpServletResponse;

import java.io.IOException;

/**
 * How a request that may not pass is answered, the same from the filter and from the Jakarta
 * Authentication module: page loads go to sign in (or to the issuer's refresh endpoint in
 * verifier mode), other requests get 401 with {@code WWW-Authenticate: Bearer}; unreachable keys
 * give 503; signed in but not allowed gives 403.
 */
final class Challenges {
    private Challenges() {
    }

    static void unauthenticated(MultiSessionRuntime runtime, HttpServletRequest request, HttpServletResponse response, AuthResult auth) throws IOException {
        HttpAnswers.noStore(response);
        String reason = auth.reason().orElse("no_session");
        if (auth.keysUnavailable()) {
            response.setHeader("Retry-After", "5");
            HttpAnswers.error(response, HttpServletResponse.SC_SERVICE_UNAVAILABLE, "keys_unavailable",
                    "the keys that verify session tokens cannot be fetched right now");
            return;
        }
        if (HttpAnswers.isPageLoad(request)) {
            String here = RequestViews.rawPathWithinApplication(request)
                    + (request.getQueryString() == null ? "" : "?" + request.getQueryString());
            String back = runtime.redirects().validate(here).orElse("/");
            if (auth.refreshRequired() && runtime.settings().refreshUrl().isPresent()) {
                String absoluteBack = RequestViews.originOf(request) + request.getContextPath() + back;
                HttpAnswers.found(request, response, runtime.settings().refreshUrl().get() + "?redirect_url="
                        + HttpAnswers.encode(absoluteBack));
                return;
            }
            String target = auth.explicitMiss() || !auth.signedInSessions().isEmpty()
                    ? runtime.settings().accountChooserUrl() : runtime.settings().signInUrl();
            HttpAnswers.found(request, response, target + (target.contains("?") ? "&" : "?") + "redirect_url="
                    + HttpAnswers.encode(request.getContextPath() + back));
            return;
        }
        response.setHeader("WWW-Authenticate", "Bearer realm=\"multisession\", error=\"invalid_token\", error_description=\""
                + reason + "\"");
        HttpAnswers.error(response, HttpServletResponse.SC_UNAUTHORIZED, "unauthorized", reason);
    }

    static void forbidden(HttpServletResponse response, String why) throws IOException {
        HttpAnswers.noStore(response);
        HttpAnswers.error(response, HttpServletResponse.SC_FORBIDDEN, "forbidden", why);
    }
}
