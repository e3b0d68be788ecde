package dev.multisession.core.fuzz;

import com.code_intelligence.jazzer.api.FuzzedDataProvider;
import com.code_intelligence.jazzer.junit.FuzzTest;
import dev.multisession.core.cookie.CookieFamily;
import dev.multisession.core.cookie.CookieHeaderScan;
import dev.multisession.core.selection.RequestView;

import java.util.ArrayList;
import java.util.List;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * Coverage-guided fuzzing of the raw {@code Cookie} header scan ({@link CookieHeaderScan}):
 * whatever the header, the scan never throws, and the family it reads parses exactly as the
 * cookies a plain, obviously-correct split of the same header gives (split at {@code ;}, trim
 * spaces and tabs, name up to the first {@code =}, one pair of quotes dropped, names that are not
 * HTTP tokens skipped); every cookie it keeps matches itself and no other value.
 *
 * <p>Under plain JUnit this runs the seeds; with {@code JAZZER_FUZZ=1} it fuzzes (see README).
 */
class CookieHeaderFuzzTest {
    private static final int MAX = 4096;
    private static final String[] PIECES = {"ms_client", "__Host-ms_client", "ms_", "__Host-ms_", "ms_sess_",
            "ms_sess_01JD3Q8Z6V8W4S0F2K7N5M9P3R", "ms-shop_client", "ms-shop_sess_01JD3Q8Z6V8W4S0F2K7N5M9P3R", "=", ";",
            "; ", " ", "\t", "\"", "v1.client_01JD3Q8Z6V8W4S0F2K7N5M9P3R.sess_01JD3Q8Z6V8W4S0F2K7N5M9P3R",
            "eyJhbGciOiJSUzI1NiJ9.eyJzdWIiOiJhIn0.c2ln", "theme=dark", ","};
    private static final String[] NAMESPACES = {"", "shop"};

    @FuzzTest
    void theScanReadsTheFamilyAsAPlainSplitOfTheHeaderDoes(FuzzedDataProvider data) {
        boolean secure = data.consumeBoolean();
        String namespace = data.pickValue(NAMESPACES);
        List<String> headers = new ArrayList<>();
        int n = data.consumeInt(1, 3);
        for (int h = 0; h < n; h++) {
            StringBuilder sb = new StringBuilder();
            int pieces = data.consumeInt(0, 16);
            for (int i = 0; i < pieces; i++) {
                sb.append(data.consumeBoolean() ? data.pickValue(PIECES) : data.consumeString(40));
            }
            headers.add(sb.toString());
        }
        RequestView.Builder raw = RequestView.builder().secure(secure).cookieNamespace(namespace);
        RequestView.Builder split = RequestView.builder().secure(secure).cookieNamespace(namespace);
        for (String header : headers) {
            raw.cookieHeader(header);
            referenceSplit(header, split);
        }
        RequestView view = raw.build();
        assertEquals(CookieFamily.parse(split.build(), MAX), CookieFamily.parse(view, MAX));

        CookieHeaderScan scan = view.cookieScan();
        for (int i = 0; i < scan.size(); i++) {
            assertTrue(scan.matches(i, scan.segment(i)));
            assertTrue(!scan.matches(i, scan.segment(i) + "x"));
            assertTrue(scan.segment(i).startsWith(scan.name(i)));
        }
    }

    /** The grammar the scan implements, written the slow, obvious way; non-family cookies included (the parse ignores them). */
    private static void referenceSplit(String header, RequestView.Builder b) {
        for (String pair : header.split(";", -1)) {
            String p = trim(pair);
            if (p.isEmpty()) {
                continue;
            }
            int eq = p.indexOf('=');
            String name = trim(eq < 0 ? p : p.substring(0, eq));
            String value = eq < 0 ? "" : trim(p.substring(eq + 1));
            if (value.length() >= 2 && value.startsWith("\"") && value.endsWith("\"")) {
                value = value.substring(1, value.length() - 1);
            }
            if (name.matches("[!#$%&'*+\\-.^_`|~0-9A-Za-z]+")) {
                b.cookie(name, value);
            }
        }
    }

    private static String trim(String s) {
        int a = 0;
        int z = s.length();
        while (a < z && (s.charAt(a) == ' ' || s.charAt(a) == '\t')) {
            a++;
        }
        while (z > a && (s.charAt(z - 1) == ' ' || s.charAt(z - 1) == '\t')) {
            z--;
        }
        return s.substring(a, z);
    }
}
