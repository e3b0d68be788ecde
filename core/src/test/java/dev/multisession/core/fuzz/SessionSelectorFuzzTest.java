package dev.multisession.core.fuzz;

import com.code_intelligence.jazzer.api.FuzzedDataProvider;
import com.code_intelligence.jazzer.junit.FuzzTest;
import dev.multisession.core.model.User;
import dev.multisession.core.selection.RequestView;
import dev.multisession.core.selection.SessionChoice;
import dev.multisession.core.selection.SessionSelector;
import dev.multisession.core.token.SessionClaims;

import java.time.Instant;
import java.util.List;
import java.util.Optional;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * Coverage-guided fuzzing of {@link SessionSelector#choose} and {@link SessionSelector#resolve}:
 * whatever headers, query parameters and path a request carries, choosing never throws; the
 * session it resolves is always one of the browser's signed-in sessions, the one the request
 * named when it named one (by id or index), and an explicit choice that matches nothing is
 * signed out — never another account.
 */
class SessionSelectorFuzzTest {
    private static final String[] IDS = {"sess_01JD3Q8Z6V8W4S0F2K7N5M9P3R", "sess_01JD3Q8Z6V8W4S0F2K7N5M9P3S",
            "sess_01JD3Q8Z6V8W4S0F2K7N5M9P3T"};
    private static final List<SessionClaims> SIGNED_IN = List.of(claims(IDS[0], 0), claims(IDS[1], 1), claims(IDS[2], 1));
    private static final String[] HEADERS = {"Authorization", "X-Session-Id", "x-session-id", "Cookie", "Origin"};
    private static final String[] PARAMS = {"authuser", "session_id", "AuthUser", "redirect_url"};

    private static SessionClaims claims(String sessionId, int index) {
        Instant t = Instant.parse("2025-01-01T00:00:00Z");
        return new SessionClaims("iss", User.builder("user_" + index).build(), sessionId,
                "client_01JD3Q8Z6V8W4S0F2K7N5M9P3R", index, Optional.empty(), t, Optional.empty(), t.plusSeconds(60),
                Optional.empty(), Optional.empty());
    }

    @FuzzTest
    void chooseAndResolveNeverThrowAndNeverFallBackToAnotherAccount(FuzzedDataProvider data) {
        RequestView.Builder b = RequestView.builder().method(data.pickValue(new String[] {"GET", "POST", "HEAD"}));
        int headers = data.consumeInt(0, 4);
        for (int i = 0; i < headers; i++) {
            String value = data.consumeBoolean() ? data.pickValue(new String[] {"Bearer ", "bearer\t", "0", "sess_"})
                    + data.consumeString(80) : data.consumeString(120);
            b.header(data.consumeBoolean() ? data.pickValue(HEADERS) : data.consumeString(20), value);
        }
        int params = data.consumeInt(0, 3);
        for (int i = 0; i < params; i++) {
            b.queryParameter(data.consumeBoolean() ? data.pickValue(PARAMS) : data.consumeString(20), data.consumeString(60));
        }
        b.path(data.consumeBoolean() ? "/u/" + data.consumeString(40) : data.consumeString(80));
        boolean pathPrefix = data.consumeBoolean();
        Optional<String> lastActive = data.consumeBoolean() ? Optional.of(data.pickValue(IDS)) : Optional.empty();
        RequestView request = b.build();

        SessionChoice choice = SessionSelector.choose(request, pathPrefix);
        SessionSelector.Resolution r = SessionSelector.resolve(choice, SIGNED_IN, lastActive);

        r.chosen().ifPresent(c -> assertTrue(SIGNED_IN.contains(c), "resolved a session the browser does not hold"));
        if (choice instanceof SessionChoice.ById byId) {
            r.chosen().ifPresent(c -> assertEquals(byId.sessionId(), c.sessionId(), "fell back to another session"));
            assertTrue(r.source().isExplicit());
        }
        if (choice instanceof SessionChoice.ByIndex byIndex) {
            r.chosen().ifPresent(c -> assertEquals(byIndex.index(), c.index(), "fell back to another index"));
        }
        if (choice instanceof SessionChoice.Unusable || choice instanceof SessionChoice.Bearer) {
            assertFalse(r.chosen().isPresent(), "an unusable choice picked a session");
        }
        if (choice instanceof SessionChoice.Implicit) {
            assertTrue(r.chosen().isPresent(), "an implicit choice with signed-in sessions found none");
        }
        if (!request.headers("Authorization").isEmpty()
                && request.headers("Authorization").stream().anyMatch(v -> v.regionMatches(true, 0, "Bearer", 0, 6))) {
            assertEquals(dev.multisession.core.selection.SelectionSource.BEARER, choice.source(), "a bearer credential was ignored");
        }
    }
}
