package dev.multisession.servlet;

import com.nimbusds.jose.util.JSONObjectUtils;
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
import java.util.HashSet;
import java.util.Set;

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

    /** Request attribute: the typed cookie writes this response carries so far, in header order. */
    static final String SENT_COOKIES = HttpAnswers.class.getName() + ".sentCookies";

    /**
     * Adds the engine's cookie writes as {@code Set-Cookie} headers. Several writers may add to
     * one response (the filter's authentication, then an endpoint or {@code signIn}); for each
     * cookie of the family only the last write is kept (it is the one a browser would apply),
     * and when the family's deletions exceed {@link #DELETION_BUDGET} the earliest are dropped:
     * the engine lists housekeeping deletions of bad cookies first and the deletions an
     * operation needs (a signed-out session's cookie, the client cookie) last, and writes of
     * live cookies are never dropped. What was sent is kept typed on the request, so nothing is
     * parsed back from header strings; cookies the app set itself are left as they are.
     */
    static void writeCookies(HttpServletRequest request, HttpServletResponse response, List<CookieWrite> writes) {
        if (writes.isEmpty()) {
            return;
        }
        List<CookieWrite> sent = sent(request);
        List<CookieWrite> all = new ArrayList<>(sent.size() + writes.size());
        all.addAll(sent);
        all.addAll(writes);
        List<CookieWrite> kept = compact(all);
        request.setAttribute(SENT_COOKIES, List.copyOf(kept));
        if (kept.size() >= sent.size() && kept.subList(0, sent.size()).equals(sent)) {
            kept.subList(sent.size(), kept.size()).forEach(w -> response.addHeader("Set-Cookie", w.toSetCookieHeader()));
            return;
        }
        // an earlier write is superseded: rewrite the family's headers, keeping the app's own
        Set<String> ours = new HashSet<>();
        sent.forEach(w -> ours.add(w.toSetCookieHeader()));
        List<String> apps = new ArrayList<>();
        for (String h : response.getHeaders("Set-Cookie")) {
            if (!ours.contains(h)) {
                apps.add(h);
            }
        }
        response.setHeader("Set-Cookie", null);
        apps.forEach(h -> response.addHeader("Set-Cookie", h));
        kept.forEach(w -> response.addHeader("Set-Cookie", w.toSetCookieHeader()));
    }

    /** Forgets what was written, after {@code response.reset()} cleared the headers. */
    static void forgetSentCookies(HttpServletRequest request) {
        request.removeAttribute(SENT_COOKIES);
    }

    @SuppressWarnings("unchecked")
    private static List<CookieWrite> sent(HttpServletRequest request) {
        return request.getAttribute(SENT_COOKIES) instanceof List<?> l ? (List<CookieWrite>) l : List.of();
    }

    private static List<CookieWrite> compact(List<CookieWrite> writes) {
        Map<String, Integer> lastIndex = new HashMap<>();
        for (int i = 0; i < writes.size(); i++) {
            lastIndex.put(writes.get(i).name(), i);
        }
        List<CookieWrite> kept = new ArrayList<>();
        int deletionChars = 0;
        for (int i = 0; i < writes.size(); i++) {
            CookieWrite w = writes.get(i);
            if (lastIndex.get(w.name()) == i) {
                kept.add(w);
                deletionChars += w.isDeletion() ? w.toSetCookieHeader().length() : 0;
            }
        }
        for (int i = 0; i < kept.size() && deletionChars > DELETION_BUDGET; ) {
            CookieWrite w = kept.get(i);
            if (w.isDeletion()) {
                kept.remove(i);
                deletionChars -= w.toSetCookieHeader().length();
            } else {
                i++;
            }
        }
        return kept;
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
