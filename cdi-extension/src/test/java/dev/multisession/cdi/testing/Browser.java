package dev.multisession.cdi.testing;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.URI;
import java.net.URL;
import java.net.URLEncoder;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.stream.Collectors;

/**
 * A test browser: keeps cookies by name like a browser (deleting on {@code Max-Age=0}), never
 * follows redirects, sends {@code Sec-Fetch-Site: same-origin} on POSTs like a browser's own
 * form would. Thread-safe, so many concurrent requests may share one cookie jar.
 */
public final class Browser {
    private static final HttpClient CLIENT = HttpClient.newBuilder()
            .followRedirects(HttpClient.Redirect.NEVER)
            .connectTimeout(Duration.ofSeconds(5))
            .version(HttpClient.Version.HTTP_1_1)
            .build();

    private final String base;
    private final Map<String, String> cookies = new LinkedHashMap<>();

    /** A browser for the app at {@code base} (the deployment's URL, with or without a trailing slash). */
    public Browser(URL base) {
        String b = base.toExternalForm();
        this.base = b.endsWith("/") ? b.substring(0, b.length() - 1) : b;
    }

    /** Signs in through the test app's login servlet; {@code organization} is a slug or null. */
    public Response signIn(String user, String organization) {
        Map<String, String> form = new LinkedHashMap<>();
        form.put("user", user);
        if (organization != null) {
            form.put("org", organization);
        }
        Response r = post("/login", form);
        if (r.status() != 200) {
            throw new AssertionError("sign-in of " + user + " answered " + r.status() + ": " + r.body());
        }
        return r;
    }

    public Response get(String path, String... headers) {
        return send(request("GET", path, null, headers));
    }

    /** A page load: GET with {@code Accept: text/html}. */
    public Response page(String path) {
        return get(path, "Accept", "text/html,application/xhtml+xml");
    }

    public Response post(String path, Map<String, String> form, String... headers) {
        String body = form.entrySet().stream()
                .map(e -> enc(e.getKey()) + "=" + enc(e.getValue()))
                .collect(Collectors.joining("&"));
        return send(request("POST", path, body, headers));
    }

    /** A GET sent asynchronously, for load tests; cookies of the answer are kept too. */
    public CompletableFuture<Response> getAsync(String path) {
        return CLIENT.sendAsync(request("GET", path, null), HttpResponse.BodyHandlers.ofString()).thenApply(this::keep);
    }

    private HttpRequest request(String method, String path, String formBody, String... headers) {
        HttpRequest.Builder b = HttpRequest.newBuilder(URI.create(base + path)).timeout(Duration.ofSeconds(30));
        String cookieHeader = cookieHeader();
        if (!cookieHeader.isEmpty()) {
            b.header("Cookie", cookieHeader);
        }
        for (int i = 0; i + 1 < headers.length; i += 2) {
            b.header(headers[i], headers[i + 1]);
        }
        if (formBody != null) {
            b.header("Content-Type", "application/x-www-form-urlencoded");
            b.header("Sec-Fetch-Site", "same-origin");
            b.method(method, HttpRequest.BodyPublishers.ofString(formBody));
        } else {
            b.method(method, HttpRequest.BodyPublishers.noBody());
        }
        return b.build();
    }

    private Response send(HttpRequest request) {
        try {
            return keep(CLIENT.send(request, HttpResponse.BodyHandlers.ofString()));
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException(e);
        }
    }

    private Response keep(HttpResponse<String> r) {
        List<String> setCookies = r.headers().allValues("Set-Cookie");
        synchronized (this) {
            for (String header : setCookies) {
                String first = header.split(";", 2)[0];
                int eq = first.indexOf('=');
                String name = first.substring(0, eq).trim();
                if (header.contains("Max-Age=0")) {
                    cookies.remove(name);
                } else {
                    cookies.put(name, first.substring(eq + 1).trim());
                }
            }
        }
        return new Response(r.statusCode(), r.body(), r.headers().map());
    }

    private synchronized String cookieHeader() {
        return cookies.entrySet().stream().map(e -> e.getKey() + "=" + e.getValue()).collect(Collectors.joining("; "));
    }

    private static String enc(String s) {
        return URLEncoder.encode(s, StandardCharsets.UTF_8);
    }

    /** One answer: status, body, headers. */
    public record Response(int status, String body, Map<String, List<String>> headers) {

        /** The body's {@code key=value} lines as a map. */
        public Map<String, String> values() {
            Map<String, String> m = new LinkedHashMap<>();
            for (String line : body.split("\n")) {
                int eq = line.indexOf('=');
                if (eq > 0) {
                    m.put(line.substring(0, eq), line.substring(eq + 1));
                }
            }
            return m;
        }

        /** The value of one {@code key=value} line. */
        public String value(String key) {
            return values().get(key);
        }

        public String header(String name) {
            return headers.entrySet().stream().filter(e -> e.getKey().equalsIgnoreCase(name))
                    .flatMap(e -> e.getValue().stream()).findFirst().orElse(null);
        }
    }
}
