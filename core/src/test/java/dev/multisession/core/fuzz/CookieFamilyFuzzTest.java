package dev.multisession.core.fuzz;

import com.code_intelligence.jazzer.api.FuzzedDataProvider;
import com.code_intelligence.jazzer.junit.FuzzTest;
import dev.multisession.core.cookie.CookieFamily;
import dev.multisession.core.model.Ids;
import dev.multisession.core.selection.RequestView;
import dev.multisession.core.token.TokenForm;

import java.util.List;
import java.util.Map;

import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * Coverage-guided fuzzing of {@link CookieFamily#parse}: whatever cookies a request carries, the
 * parser never throws, keeps only well-formed session cookies of the family (a session id name
 * and a canonical compact JWS value), never keeps and deletes one name at once, and trusts a
 * client cookie only when it is well formed; it never lists for deletion a cookie outside the
 * request's namespace.
 *
 * <p>Under plain JUnit this runs the seeds; with {@code JAZZER_FUZZ=1} it fuzzes (see README).
 */
class CookieFamilyFuzzTest {
    private static final int MAX = 4096;
    private static final String[] NAMES = {"ms_client", "__Host-ms_client", "ms_", "__Host-ms_",
            "ms_sess_01JD3Q8Z6V8W4S0F2K7N5M9P3R", "__Host-ms_sess_01JD3Q8Z6V8W4S0F2K7N5M9P3R", "ms_theme", "other",
            "ms-shop_client", "__Host-ms-shop_", "ms-shop_sess_01JD3Q8Z6V8W4S0F2K7N5M9P3R", "ms-a-b_", "ms-"};
    private static final String[] NAMESPACES = {"", "shop", "a-b", "a"};

    @FuzzTest
    void parseNeverThrowsAndKeepsOnlyWellFormedCookies(FuzzedDataProvider data) {
        boolean secure = data.consumeBoolean();
        String namespace = data.pickValue(NAMESPACES);
        RequestView.Builder b = RequestView.builder().secure(secure).cookieNamespace(namespace);
        int n = data.consumeInt(0, 12);
        for (int i = 0; i < n; i++) {
            String name = data.consumeBoolean() ? data.pickValue(NAMES) + data.consumeString(30) : data.consumeString(60);
            b.cookie(name, data.consumeString(data.consumeBoolean() ? 120 : 600));
        }
        CookieFamily.Parsed parsed = CookieFamily.parse(b.build(), MAX);

        for (Map.Entry<String, List<String>> e : parsed.sessionTokens().entrySet()) {
            assertTrue(Ids.isSessionId(e.getKey()), "kept a session cookie whose name is no session id");
            assertFalse(e.getValue().isEmpty());
            for (String token : e.getValue()) {
                assertTrue(TokenForm.isCompactJws(token, MAX), "kept a value that is not a compact JWS");
            }
            assertFalse(parsed.toDelete().contains(CookieFamily.sessionCookieName(namespace, e.getKey(), secure)),
                    "kept and deleted one name");
        }
        parsed.clientCookie().ifPresent(c -> {
            assertTrue(Ids.isClientId(c.clientId()));
            assertTrue(Ids.isSessionId(c.lastActiveSessionId()));
        });
        for (String name : parsed.toDelete()) {
            String bare = name.startsWith(CookieFamily.HOST_PREFIX) ? name.substring(CookieFamily.HOST_PREFIX.length()) : name;
            assertTrue(CookieFamily.isFamilyName(bare, namespace), "would delete a cookie outside the app's family");
        }
    }
}
