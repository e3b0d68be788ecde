package dev.multisession.containers;

import java.io.IOException;
import java.io.UncheckedIOException;
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
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.stream.Collectors;

/**
 * One browser: a cookie jar (name → value, for the probe's single host and path {@code /}),
 * redirects not followed, every response kept for checks over a whole visit.
 */
final class Browser {
    private static final HttpClient CLIENT = HttpClient.newBuilder().followRedirects(HttpClient.Redirect.NEVER)
            .connectTimeout(Duration.ofSeconds(10)).version(HttpClient.Version.HTTP_1_1).build();

    private final URI base;
    private final Map<String, String> cookies = new LinkedHashMap<>();
    private final List<Response> history = new ArrayList<>();

    /** {@code base}: the app's root, e.g. {@code http://127.0.0.1:8123/probe}. */
    Browser(URI base) {
        this.base = base;
    }

    record Response(String method, String path, int status, Map<String, List<String>> headers, String body) {
        Optional<String> header(String name) {
            return headers.entrySet().stream().filter(e -> e.getKey().equalsIgnoreCase(name))
                    .flatMap(e -> e.getValue().stream()).findFirst();
        }

        List<String> all(String name) {
            return headers.entrySet().stream().filter(e -> e.getKey().equalsIgnoreCase(name))
                    .flatMap(e -> e.getValue().stream()).toList();
        }

        /** The {@code key=value} lines the probe's servlets answer. */
        Map<String, String> lines() {
            Map<String, String> m = new LinkedHashMap<>();
            for (String line : body.split("\n")) {
                int eq = line.indexOf('=');
                if (eq > 0) {
                    m.put(line.substring(0, eq), line.substring(eq + 1).trim());
                }
            }
            return m;
        }

        String remoteUser() {
            return lines().get("remoteUser");
        }

        @Override
        public String toString() {
            return method + " " + path + " -> " + status + " " + headers.entrySet().stream()
                    .filter(e -> e.getKey() != null && !e.getKey().equals(":status"))
                    .map(e -> e.getKey() + ": " + e.getValue()).collect(Collectors.joining("; "))
                    + (body.isBlank() ? "" : " | " + body.strip().replace('\n', ' '));
        }
    }

    Response get(String path, String... headers) {
        return send("GET", path, HttpRequest.BodyPublishers.noBody(), headers);
    }

    /** A page load: what a browser sends when the user opens a URL. */
    Response open(String path) {
        return get(path, "Accept", "text/html,application/xhtml+xml");
    }

    Response postForm(String path, Map<String, String> form, String... headers) {
        String body = form.entrySet().stream().map(e -> URLEncoder.encode(e.getKey(), StandardCharsets.UTF_8) + "="
                + URLEncoder.encode(e.getValue(), StandardCharsets.UTF_8)).collect(Collectors.joining("&"));
        String[] all = new String[headers.length + 4];
        System.arraycopy(headers, 0, all, 0, headers.length);
        all[headers.length] = "Content-Type";
        all[headers.length + 1] = "application/x-www-form-urlencoded";
        all[headers.length + 2] = "Origin";
        all[headers.length + 3] = base.getScheme() + "://" + base.getAuthority();
        return send("POST", path, HttpRequest.BodyPublishers.ofString(body), all);
    }

    /** Signs {@code user} in through the probe's sign-in servlet; fails unless it answers 200. */
    Browser signIn(String user) {
        Response r = postForm("/sign-in", Map.of("user", user));
        if (r.status() != 200) {
            throw new AssertionError("sign-in of " + user + " answered " + r);
        }
        return this;
    }

    /** A second browser holding this one's cookies as they are now (a restored backup, another tab's stale jar). */
    Browser copy() {
        Browser copy = new Browser(base);
        copy.cookies.putAll(cookies);
        return copy;
    }

    List<Response> history() {
        return List.copyOf(history);
    }

    Map<String, String> cookies() {
        return Map.copyOf(cookies);
    }

    private Response send(String method, String path, HttpRequest.BodyPublisher body, String... headers) {
        HttpRequest.Builder request = HttpRequest.newBuilder(URI.create(base + path)).timeout(Duration.ofSeconds(60))
                .method(method, body);
        for (int i = 0; i < headers.length; i += 2) {
            request.header(headers[i], headers[i + 1]);
        }
        if (!cookies.isEmpty()) {
            request.header("Cookie", cookies.entrySet().stream().map(e -> e.getKey() + "=" + e.getValue())
                    .collect(Collectors.joining("; ")));
        }
        HttpResponse<String> http;
        try {
            http = CLIENT.send(request.build(), HttpResponse.BodyHandlers.ofString());
        } catch (IOException e) {
            throw new UncheckedIOException(method + " " + path, e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException(e);
        }
        Response response = new Response(method, path, http.statusCode(), http.headers().map(), http.body());
        for (String setCookie : response.all("Set-Cookie")) {
            store(setCookie);
        }
        history.add(response);
        return response;
    }

    private void store(String setCookie) {
        String[] parts = setCookie.split(";");
        int eq = parts[0].indexOf('=');
        if (eq <= 0) {
            return;
        }
        String name = parts[0].substring(0, eq).trim();
        String value = parts[0].substring(eq + 1).trim();
        boolean expired = false;
        for (int i = 1; i < parts.length; i++) {
            String attribute = parts[i].trim().toLowerCase(Locale.ROOT);
            if (attribute.equals("max-age=0") || attribute.startsWith("expires=thu, 01 jan 1970") || attribute.startsWith("expires=thu, 01-jan-1970")) {
                expired = true;
            }
        }
        if (expired || value.isEmpty() || value.equals("\"\"")) {
            cookies.remove(name);
        } else {
            cookies.put(name, value);
        }
    }
}
