package dev.multisession.servlet;

import dev.multisession.core.selection.RequestView;
import jakarta.servlet.http.Cookie;
import jakarta.servlet.http.HttpServletRequest;
import org.junit.jupiter.api.Test;

import java.lang.reflect.Proxy;
import java.util.Collections;
import java.util.List;
import java.util.concurrent.atomic.AtomicInteger;

import static org.junit.jupiter.api.Assertions.assertEquals;

/**
 * How the filter hands a request's cookies to the engine: the raw {@code Cookie} header fields,
 * never the container's parse of every cookie ({@code getCookies()}), which the app then pays
 * for only if it asks.
 */
class RequestViewsTest {
    private final AtomicInteger getCookiesCalls = new AtomicInteger();

    private HttpServletRequest request(List<String> cookieHeaders, Cookie[] parsed) {
        return (HttpServletRequest) Proxy.newProxyInstance(getClass().getClassLoader(),
                new Class<?>[] {HttpServletRequest.class}, (proxy, method, args) -> switch (method.getName()) {
                    case "getHeaders" -> "Cookie".equalsIgnoreCase((String) args[0])
                            ? Collections.enumeration(cookieHeaders) : Collections.emptyEnumeration();
                    case "getCookies" -> {
                        getCookiesCalls.incrementAndGet();
                        yield parsed;
                    }
                    case "getMethod" -> "GET";
                    case "getServletPath" -> "/api/me";
                    case "getScheme" -> "http";
                    case "getServerName" -> "localhost";
                    case "getServerPort" -> 8080;
                    case "isSecure" -> false;
                    default -> null;
                });
    }

    @Test
    void theFamilyIsReadFromTheRawCookieHeaderWithoutTheContainersCookieParse() {
        RequestView view = RequestViews.of(request(List.of("theme=dark; ms_client=v1.a.b; _ga=1"), null), "");
        assertEquals(List.of(new RequestView.RequestCookie("ms_client", "v1.a.b")), view.cookies());
        assertEquals(0, getCookiesCalls.get());
    }

    @Test
    void everyCookieHeaderFieldIsRead() {
        // HTTP/2 browsers may send each cookie in a header field of its own
        RequestView view = RequestViews.of(request(List.of("ms_client=v1.a.b", "ms_sess_x=t1"), null), "");
        assertEquals(List.of("ms_client", "ms_sess_x"), view.cookies().stream().map(RequestView.RequestCookie::name).toList());
        assertEquals(0, getCookiesCalls.get());
    }

    @Test
    void aRequestWithoutACookieHeaderIsAskedForItsCookies() {
        RequestView view = RequestViews.of(request(List.of(), new Cookie[] {new Cookie("ms_client", "v1.a.b")}), "");
        assertEquals(List.of(new RequestView.RequestCookie("ms_client", "v1.a.b")), view.cookies());
        assertEquals(1, getCookiesCalls.get());
    }
}
