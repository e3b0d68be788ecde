package dev.multisession.core.selection;

import dev.multisession.core.cookie.CookieFamily;
import dev.multisession.core.cookie.CookieHeaderScan;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * An immutable view of the parts of an HTTP request the engine reads: method, path, whether it
 * arrived over HTTPS, the origin, the cookie namespace of the app it reached, cookies (in order,
 * duplicates kept), headers and query parameters. The servlet filter builds one per request;
 * tests build them directly.
 *
 * <p>Cookies come as name/value pairs ({@link Builder#cookie}) or as the raw {@code Cookie}
 * headers ({@link Builder#cookieHeader}); from raw headers only the app's cookie family is ever
 * read ({@link CookieHeaderScan}), so the app's other cookies cost no parsing.
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
    private final List<String> cookieHeaders;
    /** Header names and their values (immutable lists), looked up case-insensitively: a request view holds a handful. */
    private final String[] headerNames;
    private final List<String>[] headerValues;
    /** Made on first use (an immutable result; computing it twice in a race is harmless). */
    private CookieHeaderScan scan;
    private List<RequestCookie> allCookies;
    private final Map<String, List<String>> query;

    private RequestView(Builder b) {
        this.method = b.method;
        this.path = b.path;
        this.secure = b.secure;
        this.origin = Optional.ofNullable(b.origin);
        this.cookieNamespace = b.cookieNamespace;
        // the builder's collections are made on first use: a request view costs what it holds
        this.cookies = b.cookies == null ? List.of() : List.copyOf(b.cookies);
        this.cookieHeaders = b.cookieHeaders == null ? List.of() : List.copyOf(b.cookieHeaders);
        this.headerNames = b.headerNames == null ? NO_NAMES : Arrays.copyOf(b.headerNames, b.headerCount);
        this.headerValues = b.headerValues == null ? noValues() : Arrays.copyOf(b.headerValues, b.headerCount);
        this.query = frozen(b.query);
    }

    private static final String[] NO_NAMES = {};
    @SuppressWarnings("unchecked")
    private static final List<String>[] NO_VALUES = new List[0];

    private static List<String>[] noValues() {
        return NO_VALUES;
    }

    /** An immutable copy whose lists are immutable too (the builder's lists are, already). */
    private static Map<String, List<String>> frozen(Map<String, List<String>> map) {
        if (map == null || map.isEmpty()) {
            return Map.of();
        }
        Map<String, List<String>> copy = new LinkedHashMap<>(map);
        return Collections.unmodifiableMap(copy);
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

    /**
     * The cookies given one by one, then those of the app's cookie family found in the raw
     * {@code Cookie} headers (the app's other cookies there are never read), in the order sent.
     */
    public List<RequestCookie> cookies() {
        if (cookieHeaders.isEmpty()) {
            return cookies;
        }
        List<RequestCookie> all = allCookies;
        if (all == null) {
            CookieHeaderScan found = cookieScan();
            List<RequestCookie> list = new ArrayList<>(cookies.size() + found.size());
            list.addAll(cookies);
            for (int i = 0; i < found.size(); i++) {
                list.add(new RequestCookie(found.name(i), found.value(i)));
            }
            all = List.copyOf(list);
            allCookies = all;
        }
        return all;
    }

    /**
     * The request's raw {@code Cookie} header when it carried exactly one and no cookie was given
     * one by one; else null.
     */
    public String soleCookieHeader() {
        return cookies.isEmpty() && cookieHeaders.size() == 1 ? cookieHeaders.get(0) : null;
    }

    /** True when every cookie of this request came in raw {@code Cookie} headers (none given one by one). */
    public boolean cookiesFromHeadersOnly() {
        return cookies.isEmpty();
    }

    /**
     * Every cookie of the request, whatever its name: those given one by one, then all of the raw
     * {@code Cookie} headers (the same grammar as {@link #cookies()}). Parses the whole header:
     * for what reads cookies outside the app's family (the clerk profile), not the hot path.
     */
    public List<RequestCookie> allCookies() {
        if (cookieHeaders.isEmpty()) {
            return cookies;
        }
        CookieHeaderScan found = CookieHeaderScan.all(cookieHeaders);
        List<RequestCookie> list = new ArrayList<>(cookies.size() + found.size());
        list.addAll(cookies);
        for (int i = 0; i < found.size(); i++) {
            list.add(new RequestCookie(found.name(i), found.value(i)));
        }
        return List.copyOf(list);
    }

    /** The app's cookie family in the raw {@code Cookie} headers, as positions (nothing copied). */
    public CookieHeaderScan cookieScan() {
        CookieHeaderScan found = scan;
        if (found == null) {
            found = CookieHeaderScan.of(cookieHeaders, cookieNamespace);
            scan = found;
        }
        return found;
    }

    /** Every value of a header; the name is matched case-insensitively. */
    public List<String> headers(String name) {
        if (name != null) {
            for (int i = 0; i < headerNames.length; i++) {
                if (headerNames[i].equalsIgnoreCase(name)) {
                    return headerValues[i];
                }
            }
        }
        return List.of();
    }

    /** The first value of a header, if any. */
    public Optional<String> header(String name) {
        List<String> values = headers(name);
        return values.isEmpty() ? Optional.empty() : Optional.ofNullable(values.get(0));
    }

    /** Every value of a query parameter. */
    public List<String> queryParameters(String name) {
        List<String> values = name == null ? null : query.get(name);
        return values == null ? List.of() : values;
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
        private List<RequestCookie> cookies;
        private List<String> cookieHeaders;
        /** Names (the first spelling seen) and immutable lists of values (grown by copying: a header rarely comes twice). */
        private String[] headerNames;
        private List<String>[] headerValues;
        private int headerCount;
        private Map<String, List<String>> query;

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
                if (cookies == null) {
                    cookies = new ArrayList<>();
                }
                cookies.add(new RequestCookie(name, value));
            }
            return this;
        }

        /**
         * One raw {@code Cookie} request header (call once per header field the request
         * carried); only the app's cookie family is read from it, see {@link CookieHeaderScan}.
         */
        public Builder cookieHeader(String value) {
            if (value != null) {
                if (cookieHeaders == null) {
                    cookieHeaders = new ArrayList<>(1);
                }
                cookieHeaders.add(value);
            }
            return this;
        }

        public Builder header(String name, String value) {
            if (name != null && value != null) {
                for (int i = 0; i < headerCount; i++) {
                    if (headerNames[i].equalsIgnoreCase(name)) {
                        headerValues[i] = appended(headerValues[i], List.of(value));
                        return this;
                    }
                }
                if (headerNames == null || headerCount == headerNames.length) {
                    int size = headerNames == null ? 2 : headerCount * 2;
                    headerNames = headerNames == null ? new String[size] : Arrays.copyOf(headerNames, size);
                    headerValues = headerValues == null ? newValues(size) : Arrays.copyOf(headerValues, size);
                }
                headerNames[headerCount] = name;
                headerValues[headerCount] = List.of(value);
                headerCount++;
            }
            return this;
        }

        public Builder queryParameter(String name, String value) {
            if (name != null && value != null) {
                if (query == null) {
                    query = new LinkedHashMap<>();
                }
                query.merge(name, List.of(value), Builder::appended);
            }
            return this;
        }

        @SuppressWarnings("unchecked")
        private static List<String>[] newValues(int size) {
            return new List[size];
        }

        private static List<String> appended(List<String> values, List<String> more) {
            List<String> all = new ArrayList<>(values.size() + more.size());
            all.addAll(values);
            all.addAll(more);
            return List.copyOf(all);
        }

        public RequestView build() {
            return new RequestView(this);
        }
    }
}
