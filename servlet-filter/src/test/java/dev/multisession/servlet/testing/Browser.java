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
 * A test HTTP client that keeps cookies like a browser (by name, deleting on Max-Age=0), never
 * follows redirects, and lets a test plant or read any cookie. Thread-safe: two "tabs" may share one.
 */
public final class Browser {
    private final HttpClient client;
    private final String base;
    private final Map<String, String> cookies = new LinkedHashMap<>();

    public Browser(TestApp app) {
        this(app.httpClient(), app.baseUrl());
    }

    /** A browser for an app at {@code baseUrl} (scheme, host, port and context path), e.g. a {@link WarApp}. */
    public Browser(HttpClient client, String baseUrl) {
        this.client = client;
        this.base = baseUrl;
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
            apply(setCookies);
            return new Response(r.statusCode(), r.body(), r.headers().map(), setCookies);
        } catch (IOException e) {
            throw new java.io.UncheckedIOException(e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException(e);
        }
    }

    private synchronized String cookieHeader() {
        return cookies.entrySet().stream().map(e -> e.getKey() + "=" + e.getValue()).collect(Collectors.joining("; "));
    }

    private synchronized void apply(List<String> setCookies) {
        for (String header : setCookies) {
            String first = header.split(";", 2)[0];
            int eq = first.indexOf('=');
            String name = first.substring(0, eq).trim();
            String value = first.substring(eq + 1).trim();
            if (header.contains("Max-Age=0")) {
                cookies.remove(name);
            } else {
                cookies.put(name, value);
            }
        }
    }

    public synchronized void setCookie(String name, String value) {
        cookies.put(name, value);
    }

    public synchronized void removeCookie(String name) {
        cookies.remove(name);
    }

    public synchronized String cookie(String name) {
        return cookies.get(name);
    }

    public synchronized Map<String, String> cookies() {
        return Map.copyOf(cookies);
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
