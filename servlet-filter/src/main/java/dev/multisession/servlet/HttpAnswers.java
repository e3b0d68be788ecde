package dev.multisession.servlet;

import com.nimbusds.jose.util.JSONObjectUtils;
import dev.multisession.core.cookie.CookieWrite;
import dev.multisession.core.model.Organization;
import dev.multisession.core.token.SessionClaims;
import jakarta.servlet.http.HttpServletRequest;
import jakarta.servlet.http.HttpServletResponse;

import java.io.IOException;
import java.net.URLEncoder;
import java.nio.charset.StandardCharsets;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/** Small, safe ways to answer: JSON bodies, redirects, security headers, cookie writes. */
final class HttpAnswers {
    private HttpAnswers() {
    }

    /**
     * Adds the engine's cookie writes to this response's {@link CookieLedger}: a later write of a
     * name replaces an earlier one, and the family's cookies are sent once, when the response
     * commits (or at once when no {@link CookieWritingResponse} is there to send them). Cookies
     * the app set itself are left as they are.
     */
    static void writeCookies(HttpServletRequest request, HttpServletResponse response, List<CookieWrite> writes) {
        if (!writes.isEmpty()) {
            CookieLedger.of(request).add(writes, response);
        }
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

    /**
     * The JSON shape of one session for account switchers; {@code organization} is the session's
     * as the directory describes it (with its name), see {@code MultiSession.organizationOf}.
     */
    static Map<String, Object> sessionJson(SessionClaims s, Optional<Organization> organization, boolean active) {
        Map<String, Object> m = new LinkedHashMap<>();
        m.put("id", s.sessionId());
        m.put("index", s.index());
        m.put("active", active);
        m.put("status", s.status().wireName());           // "pending": a switcher can show "finish setting up"
        m.put("task", s.task().orElse(null));
        Map<String, Object> user = new LinkedHashMap<>();
        user.put("id", s.user().id());
        s.user().name().ifPresent(v -> user.put("name", v));
        s.user().email().ifPresent(v -> user.put("email", v));
        s.user().imageUrl().ifPresent(v -> user.put("imageUrl", v));
        s.user().username().ifPresent(v -> user.put("username", v));
        m.put("user", user);
        m.put("organization", organization.map(o -> {
            Map<String, Object> org = new LinkedHashMap<>();
            org.put("id", o.id());
            org.put("slug", o.slug());
            org.put("name", o.name());
            org.put("role", o.role());
            org.put("permissions", List.copyOf(o.permissions()));
            return (Object) org;
        }).orElse(null));
        return m;
    }
}
