package dev.multisession.servlet.testing;

import java.io.IOException;
import java.net.URI;
import java.net.URLEncoder;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.stream.Collectors;

/**
 * A test HTTP client that keeps cookies like a browser (by name, deleting on {@code Max-Age=0},
 * an {@code Expires} in 1970 or an empty value), never
 * follows redirects, and lets a test plant or read any cookie. Thread-safe: two "tabs" may share one,
 * and {@link #at} gives the same browser (the same jar) on another app of the host.
 *
 * <p>Every response it receives is checked to set each cookie name at most once: the library
 * sends each cookie once, in its last state, on every container.
 */
public final class Browser {
    private final HttpClient client;
    private final String base;
    private final Map<String, String> cookies;

    public Browser(TestApp app) {
        this(app.httpClient(), app.baseUrl());
    }

    /** A browser for an app at {@code baseUrl} (scheme, host, port and context path), e.g. a {@link WarApp} or another container. */
    public Browser(HttpClient client, String baseUrl) {
        this(client, baseUrl, new LinkedHashMap<>());
    }

    private Browser(HttpClient client, String baseUrl, Map<String, String> jar) {
        this.client = client;
        this.base = baseUrl;
        this.cookies = jar;
    }

    /**
     * This browser on another app of the same host ({@code contextPath} on the same origin),
     * sharing its cookie jar: every cookie of the family has {@code Path=/}, so the browser sends
     * both apps all of them.
     */
    public Browser at(String contextPath) {
        java.net.URI uri = java.net.URI.create(base);
        return new Browser(client, uri.getScheme() + "://" + uri.getRawAuthority() + contextPath, cookies);
    }

    /** Another browser starting with a copy of this one's jar as it is now (a restored backup, a stale tab). */
    public Browser copy() {
        synchronized (cookies) {
            return new Browser(client, base, new LinkedHashMap<>(cookies));
        }
    }

    public Response get(String path, String... headers) {
        return send("GET", path, null, headers);
    }

    /** A page load: GET with {@code Accept: text/html}. */
    public Response page(String path, String... headers) {
        String[] all = new String[headers.length + 2];
        all[0] = "Accept";
        all[1] = "text/html,application/xhtml+xml";
        System.arraycopy(headers, 0, all, 2, headers.length);
        return send("GET", path, null, all);
    }

    /** POST of an urlencoded form, e.g. {@code post("/login", Map.of("user", "alice"), "Origin", app.origin())}. */
    public Response post(String path, Map<String, String> form, String... headers) {
        String body = form.entrySet().stream()
                .map(e -> enc(e.getKey()) + "=" + enc(e.getValue()))
                .collect(Collectors.joining("&"));
        return send("POST", path, body, headers);
    }

    public Response send(String method, String path, String formBody, String... headers) {
        HttpRequest.Builder b = HttpRequest.newBuilder(URI.create(base + path)).timeout(Duration.ofSeconds(20));
        String cookieHeader = cookieHeader();
        if (!cookieHeader.isEmpty()) {
            b.header("Cookie", cookieHeader);
        }
        for (int i = 0; i + 1 < headers.length; i += 2) {
            b.header(headers[i], headers[i + 1]);
        }
        if (formBody != null) {
            b.header("Content-Type", "application/x-www-form-urlencoded");
            b.method(method, HttpRequest.BodyPublishers.ofString(formBody));
        } else {
            b.method(method, HttpRequest.BodyPublishers.noBody());
        }
        try {
            HttpResponse<String> r = client.send(b.build(), HttpResponse.BodyHandlers.ofString());
            List<String> setCookies = r.headers().allValues("Set-Cookie");
            requireEachNameOnce(setCookies);
            apply(setCookies);
            return new Response(r.statusCode(), r.body(), r.headers().map(), setCookies);
        } catch (IOException e) {
            throw new java.io.UncheckedIOException(e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException(e);
        }
    }

    /** Fails when a response sets one cookie name twice (names only in the message, never values). */
    static void requireEachNameOnce(List<String> setCookies) {
        java.util.Set<String> names = new java.util.HashSet<>();
        for (String header : setCookies) {
            String name = header.split(";", 2)[0].split("=", 2)[0].trim();
            if (!names.add(name)) {
                throw new AssertionError("the response sets the cookie " + name + " more than once ("
                        + setCookies.size() + " Set-Cookie headers)");
            }
        }
    }

    private String cookieHeader() {
        synchronized (cookies) {
            return cookies.entrySet().stream().map(e -> e.getKey() + "=" + e.getValue()).collect(Collectors.joining("; "));
        }
    }

    private void apply(List<String> setCookies) {
        synchronized (cookies) {
            for (String header : setCookies) {
                String first = header.split(";", 2)[0];
                int eq = first.indexOf('=');
                String name = first.substring(0, eq).trim();
                String value = first.substring(eq + 1).trim();
                if (header.contains("Max-Age=0") || expiresIn1970(header) || value.isEmpty() || value.equals("\"\"")) {
                    cookies.remove(name);
                } else {
                    cookies.put(name, value);
                }
            }
        }
    }

    /** An {@code Expires} attribute in 1970: how some containers write a deletion. */
    private static boolean expiresIn1970(String header) {
        String h = header.toLowerCase(java.util.Locale.ROOT);
        return h.contains("expires=thu, 01 jan 1970") || h.contains("expires=thu, 01-jan-1970");
    }

    public void setCookie(String name, String value) {
        synchronized (cookies) {
            cookies.put(name, value);
        }
    }

    public void removeCookie(String name) {
        synchronized (cookies) {
            cookies.remove(name);
        }
    }

    public String cookie(String name) {
        synchronized (cookies) {
            return cookies.get(name);
        }
    }

    public Map<String, String> cookies() {
        synchronized (cookies) {
            return Map.copyOf(cookies);
        }
    }

    /** Sends a raw Cookie header instead of the jar (for duplicated or hostile cookies). */
    public Response getWithRawCookies(String path, String rawCookieHeader, String... headers) {
        String[] all = new String[headers.length + 2];
        all[0] = "Cookie";
        all[1] = rawCookieHeader;
        System.arraycopy(headers, 0, all, 2, headers.length);
        HttpRequest.Builder b = HttpRequest.newBuilder(URI.create(base + path)).timeout(Duration.ofSeconds(20)).GET();
        for (int i = 0; i + 1 < all.length; i += 2) {
            b.header(all[i], all[i + 1]);
        }
        try {
            HttpResponse<String> r = client.send(b.build(), HttpResponse.BodyHandlers.ofString());
            requireEachNameOnce(r.headers().allValues("Set-Cookie"));
            return new Response(r.statusCode(), r.body(), r.headers().map(), r.headers().allValues("Set-Cookie"));
        } catch (IOException e) {
            throw new java.io.UncheckedIOException(e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException(e);
        }
    }

    private static String enc(String s) {
        return URLEncoder.encode(s, StandardCharsets.UTF_8);
    }

    /** One response: status, body, headers, and the Set-Cookie headers it carried. */
    public record Response(int status, String body, Map<String, List<String>> headers, List<String> setCookies) {
        public String header(String name) {
            for (var e : headers.entrySet()) {
                if (e.getKey().equalsIgnoreCase(name)) {
                    return e.getValue().isEmpty() ? null : e.getValue().get(0);
                }
            }
            return null;
        }

        /** The echo servlet's {@code key=value} lines as a map. */
        public Map<String, String> echo() {
            Map<String, String> m = new LinkedHashMap<>();
            for (String line : body.split("\n")) {
                int eq = line.indexOf('=');
                if (eq > 0) {
                    m.put(line.substring(0, eq), line.substring(eq + 1));
                }
            }
            return m;
        }

        /** The user the echo servlet saw, or "-" when signed out. */
        public String user() {
            return echo().get("user");
        }

        public List<String> deletedCookies() {
            List<String> names = new ArrayList<>();
            for (String h : setCookies) {
                if (h.contains("Max-Age=0")) {
                    names.add(h.split("=", 2)[0]);
                }
            }
            return names;
        }
    }
}
