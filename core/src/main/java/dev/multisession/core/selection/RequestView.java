package dev.multisession.core.selection;

import dev.multisession.core.cookie.CookieFamily;

import java.util.ArrayList;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.TreeMap;

/**
 * An immutable view of the parts of an HTTP request the engine reads: method, path, whether it
 * arrived over HTTPS, the origin, the cookie namespace of the app it reached, cookies (in order,
 * duplicates kept), headers and query parameters. The servlet filter builds one per request;
 * tests build them directly.
 *
 * <pre>{@code
 * RequestView request = RequestView.builder()
 *     .method("GET").path("/inbox").secure(true).origin("https://app.example")
 *     .cookieNamespace("shop")                                // the app's family: __Host-ms-shop_…
 *     .cookie("__Host-ms-shop_client", clientCookieValue)
 *     .header("X-Session-Id", "1")
 *     .build();
 * }</pre>
 */
public final class RequestView {
    private final String method;
    private final String path;
    private final boolean secure;
    private final Optional<String> origin;
    private final String cookieNamespace;
    private final List<RequestCookie> cookies;
    private final Map<String, List<String>> headers;
    private final Map<String, List<String>> query;

    private RequestView(Builder b) {
        this.method = b.method;
        this.path = b.path;
        this.secure = b.secure;
        this.origin = Optional.ofNullable(b.origin);
        this.cookieNamespace = b.cookieNamespace;
        this.cookies = List.copyOf(b.cookies);
        Map<String, List<String>> h = new TreeMap<>(String.CASE_INSENSITIVE_ORDER);
        b.headers.forEach((k, v) -> h.put(k, List.copyOf(v)));
        this.headers = Collections.unmodifiableMap(h);
        Map<String, List<String>> q = new LinkedHashMap<>();
        b.query.forEach((k, v) -> q.put(k, List.copyOf(v)));
        this.query = Collections.unmodifiableMap(q);
    }

    public static Builder builder() {
        return new Builder();
    }

    public String method() { return method; }

    /** The path within the application (no context path, no query). */
    public String path() { return path; }

    /** True when the request arrived over HTTPS (then cookies carry the {@code __Host-} prefix). */
    public boolean secure() { return secure; }

    /** {@code scheme://host[:port]} of the app as the request reached it; minted into {@code azp}. */
    public Optional<String> origin() { return origin; }

    /**
     * The namespace of the app's cookie family ({@link CookieFamily}): {@code ""} (the default)
     * for today's names, {@code ms_client} and {@code ms_<sessionId>}; {@code shop} for
     * {@code ms-shop_client} and {@code ms-shop_<sessionId>}. The engine reads and writes only
     * this family.
     */
    public String cookieNamespace() { return cookieNamespace; }

    public List<RequestCookie> cookies() { return cookies; }

    /** Every value of a header; the name is matched case-insensitively. */
    public List<String> headers(String name) {
        return headers.getOrDefault(name, List.of());
    }

    /** The first value of a header, if any. */
    public Optional<String> header(String name) {
        List<String> values = headers(name);
        return values.isEmpty() ? Optional.empty() : Optional.ofNullable(values.get(0));
    }

    /** Every value of a query parameter. */
    public List<String> queryParameters(String name) {
        return query.getOrDefault(name, List.of());
    }

    /** One cookie as the browser sent it. */
    public record RequestCookie(String name, String value) {
        @Override
        public String toString() {
            return "RequestCookie[" + name + "]";
        }
    }

    /** Collects the parts of a request; {@link #build()} freezes them. */
    public static final class Builder {
        private String method = "GET";
        private String path = "/";
        private boolean secure;
        private String origin;
        private String cookieNamespace = CookieFamily.ROOT_NAMESPACE;
        private final List<RequestCookie> cookies = new ArrayList<>();
        private final Map<String, List<String>> headers = new TreeMap<>(String.CASE_INSENSITIVE_ORDER);
        private final Map<String, List<String>> query = new LinkedHashMap<>();

        private Builder() {
        }

        public Builder method(String method) { this.method = method; return this; }

        public Builder path(String path) { this.path = path == null || path.isEmpty() ? "/" : path; return this; }

        public Builder secure(boolean secure) { this.secure = secure; return this; }

        public Builder origin(String origin) { this.origin = origin; return this; }

        /**
         * The app's cookie namespace: {@code ""} (the root's names) or {@link CookieFamily#NAMESPACE_RULE};
         * anything else throws IllegalArgumentException.
         */
        public Builder cookieNamespace(String namespace) {
            this.cookieNamespace = CookieFamily.requireNamespace(namespace);
            return this;
        }

        public Builder cookie(String name, String value) {
            if (name != null && value != null) {
                cookies.add(new RequestCookie(name, value));
            }
            return this;
        }

        public Builder header(String name, String value) {
            if (name != null && value != null) {
                headers.computeIfAbsent(name, k -> new ArrayList<>()).add(value);
            }
            return this;
        }

        public Builder queryParameter(String name, String value) {
            if (name != null && value != null) {
                query.computeIfAbsent(name, k -> new ArrayList<>()).add(value);
            }
            return this;
        }

        public RequestView build() {
            return new RequestView(this);
        }
    }
}
