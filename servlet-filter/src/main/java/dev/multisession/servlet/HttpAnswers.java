package dev.multisession.servlet;

import com.nimbusds.jose.util.JSONObjectUtils;
import dev.multisession.core.cookie.CookieFamily;
import dev.multisession.core.cookie.CookieWrite;
import dev.multisession.core.token.SessionClaims;
import jakarta.servlet.http.HttpServletRequest;
import jakarta.servlet.http.HttpServletResponse;

import java.io.IOException;
import java.net.URLEncoder;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.regex.Pattern;

/** Small, safe ways to answer: JSON bodies, redirects, security headers, cookie writes. */
final class HttpAnswers {
    private HttpAnswers() {
    }

    /**
     * Characters of deletion {@code Set-Cookie} headers of the cookie family one response may
     * carry. A browser can send dozens of bogus family cookies within the 8 KB request limit
     * (planted by a sibling domain, say); one deletion each would overflow the container's
     * response-header limit (Jetty: 8 KB) and turn every request of that browser into a 500
     * that never deletes anything. Deletions beyond the budget wait for later responses.
     */
    static final int DELETION_BUDGET = 3072;
    private static final Pattern DELETION = Pattern.compile("(?i);\\s*max-age=0\\s*(;|$)");

    /**
     * Adds the engine's cookie writes as {@code Set-Cookie} headers. Several writers may add to
     * one response (the filter's authentication, then an endpoint or {@code signIn}); for each
     * cookie of the family only the last header is kept (it is the one a browser would apply),
     * and when the family's deletions exceed {@link #DELETION_BUDGET} the earliest are dropped:
     * the engine lists housekeeping deletions of bad cookies first and the deletions an
     * operation needs (a signed-out session's cookie, the client cookie) last, and writes of
     * live cookies are never dropped. Cookies outside the family are left as they are.
     */
    static void writeCookies(HttpServletResponse response, List<CookieWrite> writes) {
        if (writes.isEmpty()) {
            return;
        }
        List<String> existing = new ArrayList<>(response.getHeaders("Set-Cookie"));
        List<String> all = new ArrayList<>(existing);
        writes.forEach(w -> all.add(w.toSetCookieHeader()));
        List<String> kept = compact(all);
        if (kept.size() >= existing.size() && kept.subList(0, existing.size()).equals(existing)) {
            kept.subList(existing.size(), kept.size()).forEach(h -> response.addHeader("Set-Cookie", h));
            return;
        }
        response.setHeader("Set-Cookie", null);
        kept.forEach(h -> response.addHeader("Set-Cookie", h));
    }

    private static List<String> compact(List<String> headers) {
        Map<String, Integer> lastIndex = new HashMap<>();
        for (int i = 0; i < headers.size(); i++) {
            String name = cookieName(headers.get(i));
            if (isFamily(name)) {
                lastIndex.put(name, i);
            }
        }
        List<String> kept = new ArrayList<>();
        int deletionChars = 0;
        for (int i = 0; i < headers.size(); i++) {
            String h = headers.get(i);
            String name = cookieName(h);
            if (!isFamily(name)) {
                kept.add(h);
            } else if (lastIndex.get(name) == i) {
                kept.add(h);
                deletionChars += isDeletion(h) ? h.length() : 0;
            }
        }
        for (int i = 0; i < kept.size() && deletionChars > DELETION_BUDGET; ) {
            String h = kept.get(i);
            if (isFamily(cookieName(h)) && isDeletion(h)) {
                kept.remove(i);
                deletionChars -= h.length();
            } else {
                i++;
            }
        }
        return kept;
    }

    private static String cookieName(String setCookie) {
        int eq = setCookie.indexOf('=');
        return (eq < 0 ? setCookie : setCookie.substring(0, eq)).trim();
    }

    private static boolean isFamily(String name) {
        String bare = name.startsWith(CookieFamily.HOST_PREFIX) ? name.substring(CookieFamily.HOST_PREFIX.length()) : name;
        return CookieFamily.isFamilyName(bare);
    }

    private static boolean isDeletion(String setCookie) {
        return DELETION.matcher(setCookie).find();
    }

    /** Headers for anything that changes or reveals auth state. */
    static void noStore(HttpServletResponse response) {
        response.setHeader("Cache-Control", "no-store");
        response.setHeader("Pragma", "no-cache");
        response.setHeader("X-Content-Type-Options", "nosniff");
        response.setHeader("X-Frame-Options", "DENY");
        response.setHeader("Content-Security-Policy", "frame-ancestors 'none'");
    }

    static boolean wantsJson(HttpServletRequest request) {
        String accept = request.getHeader("Accept");
        return accept != null && accept.contains("application/json");
    }

    static boolean isPageLoad(HttpServletRequest request) {
        String method = request.getMethod();
        String accept = request.getHeader("Accept");
        return ("GET".equals(method) || "HEAD".equals(method)) && accept != null && accept.contains("text/html");
    }

    static void json(HttpServletResponse response, int status, Map<String, ?> body) throws IOException {
        response.setStatus(status);
        response.setContentType("application/json");
        response.setCharacterEncoding("UTF-8");
        byte[] bytes = JSONObjectUtils.toJSONString(body).getBytes(StandardCharsets.UTF_8);
        response.setContentLength(bytes.length);
        response.getOutputStream().write(bytes);
    }

    static void error(HttpServletResponse response, int status, String error, String reason) throws IOException {
        Map<String, Object> body = new LinkedHashMap<>();
        body.put("error", error);
        if (reason != null) {
            body.put("reason", reason);
        }
        json(response, status, body);
    }

    /** 303 See Other to a target already validated or built by the library. */
    static void seeOther(HttpServletRequest request, HttpServletResponse response, String target) {
        response.setStatus(HttpServletResponse.SC_SEE_OTHER);
        response.setHeader("Location", absoluteLocal(request, target));
    }

    /** 302 Found, for a page load that must sign in first. */
    static void found(HttpServletRequest request, HttpServletResponse response, String target) {
        response.setStatus(HttpServletResponse.SC_FOUND);
        response.setHeader("Location", absoluteLocal(request, target));
    }

    /** Local targets get the context path; absolute (allow-listed) ones stay as they are. */
    static String absoluteLocal(HttpServletRequest request, String target) {
        return target.startsWith("/") ? request.getContextPath() + target : target;
    }

    static String encode(String value) {
        return URLEncoder.encode(value, StandardCharsets.UTF_8);
    }

    /** The JSON shape of one session for account switchers. */
    static Map<String, Object> sessionJson(SessionClaims s, boolean active) {
        Map<String, Object> m = new LinkedHashMap<>();
        m.put("id", s.sessionId());
        m.put("index", s.index());
        m.put("active", active);
        Map<String, Object> user = new LinkedHashMap<>();
        user.put("id", s.user().id());
        s.user().name().ifPresent(v -> user.put("name", v));
        s.user().email().ifPresent(v -> user.put("email", v));
        s.user().imageUrl().ifPresent(v -> user.put("imageUrl", v));
        s.user().username().ifPresent(v -> user.put("username", v));
        m.put("user", user);
        m.put("organization", s.organization().map(o -> {
            Map<String, Object> org = new LinkedHashMap<>();
            org.put("id", o.id());
            org.put("slug", o.slug());
            org.put("role", o.role());
            org.put("permissions", List.copyOf(o.permissions()));
            return (Object) org;
        }).orElse(null));
        return m;
    }
}
