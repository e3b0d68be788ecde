package dev.multisession.benchmarks;

import dev.multisession.core.cookie.CookieFamily;
import dev.multisession.core.cookie.CookieWrite;
import dev.multisession.core.engine.AuthResult;
import dev.multisession.core.engine.MultiSession;
import dev.multisession.core.selection.RequestView;
import dev.multisession.core.selection.SessionSelector;

import java.time.Duration;
import java.util.Map;

/**
 * One browser with one session whose every request refreshes: the clock steps 50 s before each
 * request, so the 60 s token is always in its last 15 s (the defaults), and the fresh token
 * replaces the cookie. {@link #requireEveryRequestRefreshed()} checks that none was served as is.
 */
final class SteppedRefresh {
    private final MultiSession engine;
    private final LifecycleBenchmark.SteppingClock clock;
    private final String clientCookieName;
    private final String clientCookieValue;
    private final String sessionCookieName;
    private String currentToken;
    private long requests;
    private long refreshes;

    /** {@code cookies}: the browser's client cookie and its one session cookie, as the engine wrote them. */
    SteppedRefresh(MultiSession engine, LifecycleBenchmark.SteppingClock clock, Map<String, String> cookies) {
        this.engine = engine;
        this.clock = clock;
        this.clientCookieName = CookieFamily.clientCookieName(false);
        this.clientCookieValue = cookies.get(clientCookieName);
        this.sessionCookieName = cookies.keySet().stream().filter(n -> !n.equals(clientCookieName)).findFirst().orElseThrow();
        this.currentToken = cookies.get(sessionCookieName);
    }

    AuthResult next() {
        clock.step(Duration.ofSeconds(50));
        RequestView request = RequestView.builder().method("GET").path(Fixture.PATH).origin(Fixture.ORIGIN)
                .cookie(clientCookieName, clientCookieValue)
                .cookie(sessionCookieName, currentToken)
                .header(SessionSelector.SESSION_HEADER, "0")
                .build();
        AuthResult result = engine.authenticate(request);
        requests++;
        for (CookieWrite w : result.cookieWrites()) {
            if (w.name().equals(sessionCookieName) && !w.isDeletion()) {
                currentToken = w.value();
                refreshes++;
            }
        }
        return result;
    }

    /** One request, which must refresh; then the counts start again (for setup). */
    void warmUp(String what) {
        next();
        HotPathBenchmark.require(refreshes == 1, "the " + what + " request did not refresh");
        requests = 0;
        refreshes = 0;
    }

    void requireEveryRequestRefreshed() {
        HotPathBenchmark.require(requests == refreshes, refreshes + " refreshes in " + requests + " requests");
    }
}
