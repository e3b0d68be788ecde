package dev.multisession.servlet;

import dev.multisession.core.selection.RequestView;
import dev.multisession.core.selection.SessionSelector;
import jakarta.servlet.http.Cookie;
import jakarta.servlet.http.HttpServletRequest;

import java.net.URLDecoder;
import java.nio.charset.StandardCharsets;
import java.util.Enumeration;
import java.util.List;
import java.util.Locale;

/** Translates a servlet request into the core's immutable {@link RequestView}: only the parts the engine reads. */
final class RequestViews {
    /** The headers the engine reads (an array: iterated on every request without an iterator). */
    private static final String[] SELECTION_HEADERS = {"Authorization", SessionSelector.SESSION_HEADER};
    private static final String COOKIE = "Cookie";

    private RequestViews() {
    }

    /**
     * The request as the engine reads it, for an app whose cookie family is {@code cookieNamespace}'s.
     * The cookies are handed over as the raw {@code Cookie} headers, from which the engine reads
     * only the family: the container's own parse of every cookie ({@code getCookies()}) is never
     * triggered, so an app that does not ask for its cookies does not pay for it. Only a request
     * with no {@code Cookie} header (one built by a wrapper, say) is asked for {@code getCookies()}.
     */
    static RequestView of(HttpServletRequest request, String cookieNamespace) {
        RequestView.Builder b = RequestView.builder()
                .method(request.getMethod())
                .path(pathWithinApplication(request))
                .secure(request.isSecure())
                .origin(originOf(request))
                .cookieNamespace(cookieNamespace);
        Enumeration<String> cookieHeaders = request.getHeaders(COOKIE);
        boolean anyHeader = false;
        while (cookieHeaders != null && cookieHeaders.hasMoreElements()) {
            b.cookieHeader(cookieHeaders.nextElement());
            anyHeader = true;
        }
        if (!anyHeader) {
            Cookie[] cookies = request.getCookies();
            if (cookies != null) {
                for (Cookie c : cookies) {
                    b.cookie(c.getName(), c.getValue());
                }
            }
        }
        for (String name : SELECTION_HEADERS) {
            Enumeration<String> values = request.getHeaders(name);
            while (values != null && values.hasMoreElements()) {
                b.header(name, values.nextElement());
            }
        }
        addQueryParameters(b, request.getQueryString());
        return b.build();
    }

    /**
     * Only the query string chooses a session (never a form body), so the filter does not read
     * the body and the app still can. A value that does not decode is kept raw and so names no session.
     */
    private static void addQueryParameters(RequestView.Builder b, String query) {
        if (query == null || query.isEmpty()) {
            return;
        }
        for (String pair : query.split("&")) {
            int eq = pair.indexOf('=');
            String name = decode(eq < 0 ? pair : pair.substring(0, eq));
            if (SessionSelector.SESSION_ID_PARAMETER.equals(name) || SessionSelector.INDEX_PARAMETER.equals(name)) {
                b.queryParameter(name, eq < 0 ? "" : decode(pair.substring(eq + 1)));
            }
        }
    }

    /** The first value of the query parameter of this (decoded) name, decoded; "" without '='; null when absent. */
    static String queryParameter(String query, String name) {
        if (query == null || query.isEmpty()) {
            return null;
        }
        for (String pair : query.split("&")) {
            int eq = pair.indexOf('=');
            if (name.equals(decode(eq < 0 ? pair : pair.substring(0, eq)))) {
                return eq < 0 ? "" : decode(pair.substring(eq + 1));
            }
        }
        return null;
    }

    static String decode(String s) {
        try {
            return URLDecoder.decode(s, StandardCharsets.UTF_8);
        } catch (IllegalArgumentException e) {
            return s;
        }
    }

    /**
     * The path below the context path as the container dispatches it: decoded and normalized
     * (servlet path plus path info), so {@code /%70ages/x}, {@code /pages;a=b/x} and
     * {@code /x/../pages/x} are all {@code /pages/x} for the rules, as for the app.
     */
    static String pathWithinApplication(HttpServletRequest request) {
        String servletPath = request.getServletPath();
        if (servletPath == null) {
            return rawPathWithinApplication(request);
        }
        String pathInfo = request.getPathInfo();
        String path = pathInfo == null ? servletPath : servletPath + pathInfo;
        return path.isEmpty() ? "/" : path;
    }

    /** The path below the context path, undecoded, as the browser sent it (for links back to it). */
    static String rawPathWithinApplication(HttpServletRequest request) {
        String uri = request.getRequestURI();
        String context = request.getContextPath();
        String path = uri.startsWith(context) ? uri.substring(context.length()) : uri;
        return path.isEmpty() ? "/" : path;
    }

    /** {@code scheme://host[:port]} of this request, default ports omitted. */
    static String originOf(HttpServletRequest request) {
        String scheme = request.getScheme();
        String serverName = request.getServerName();
        int port = request.getServerPort();
        Origin last = lastOrigin;
        if (last != null && last.port == port && last.scheme.equals(scheme) && last.serverName.equals(serverName)) {
            return last.origin; // the usual case: every request of an app reaches it under one origin
        }
        String origin = originOf(scheme, serverName, port);
        lastOrigin = new Origin(scheme, serverName, port, origin);
        return origin;
    }

    /** The last origin computed, by what it was computed from: spares the string work per request. */
    private record Origin(String scheme, String serverName, int port, String origin) {
    }

    private static volatile Origin lastOrigin;

    private static String originOf(String rawScheme, String serverName, int port) {
        String scheme = rawScheme.toLowerCase(Locale.ROOT);
        boolean defaultPort = (scheme.equals("http") && port == 80) || (scheme.equals("https") && port == 443) || port <= 0;
        String host = serverName;
        if (host.contains(":") && !host.startsWith("[")) {
            host = "[" + host + "]";
        }
        return scheme + "://" + host.toLowerCase(Locale.ROOT) + (defaultPort ? "" : ":" + port);
    }

    /**
     * True when the browser says the request comes from this app's own pages: Fetch metadata
     * {@code Sec-Fetch-Site: same-origin}, or else an {@code Origin} equal to this request's
     * origin. A request with neither is not (every current browser sends one of them on a POST).
     */
    static boolean sameOrigin(HttpServletRequest request) {
        String site = request.getHeader("Sec-Fetch-Site");
        String origin = request.getHeader("Origin");
        if (site != null && !site.toLowerCase(Locale.ROOT).equals("same-origin")) {
            return false;
        }
        if (origin != null) {
            return origin.toLowerCase(Locale.ROOT).equals(originOf(request));
        }
        return site != null; // Sec-Fetch-Site: same-origin without Origin
    }
}
