package dev.multisession.core.testing;

import dev.multisession.core.cookie.CookieWrite;
import dev.multisession.core.selection.RequestView;

import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/** A browser's cookie store for engine tests: applies cookie writes, builds requests carrying the cookies. */
public final class CookieJar {
    private final Map<String, String> cookies = new LinkedHashMap<>();
    private final boolean secure;

    public CookieJar(boolean secure) {
        this.secure = secure;
    }

    public synchronized void apply(List<CookieWrite> writes) {
        for (CookieWrite w : writes) {
            if (w.isDeletion()) {
                cookies.remove(w.name());
            } else {
                cookies.put(w.name(), w.value());
            }
        }
    }

    public synchronized void put(String name, String value) {
        cookies.put(name, value);
    }

    public synchronized String get(String name) {
        return cookies.get(name);
    }

    public synchronized Map<String, String> all() {
        return Map.copyOf(cookies);
    }

    /** A GET request to {@code path} with this jar's cookies. */
    public synchronized RequestView.Builder request(String path) {
        RequestView.Builder b = RequestView.builder().method("GET").path(path).secure(secure)
                .origin(secure ? "https://app.example" : "http://localhost:8080");
        cookies.forEach(b::cookie);
        return b;
    }

    /** A GET request to {@code path} with this jar's cookies in one raw {@code Cookie} header, as a browser sends them. */
    public synchronized RequestView.Builder headerRequest(String path) {
        RequestView.Builder b = RequestView.builder().method("GET").path(path).secure(secure)
                .origin(secure ? "https://app.example" : "http://localhost:8080");
        StringBuilder header = new StringBuilder();
        cookies.forEach((name, value) -> header.append(header.length() == 0 ? "" : "; ").append(name).append('=').append(value));
        if (header.length() > 0) {
            b.cookieHeader(header.toString());
        }
        return b;
    }
}
