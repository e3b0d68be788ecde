package dev.multisession.benchmarks;

import jakarta.servlet.AsyncContext;
import jakarta.servlet.DispatcherType;
import jakarta.servlet.RequestDispatcher;
import jakarta.servlet.ServletConnection;
import jakarta.servlet.ServletContext;
import jakarta.servlet.ServletInputStream;
import jakarta.servlet.ServletRequest;
import jakarta.servlet.ServletResponse;
import jakarta.servlet.http.Cookie;
import jakarta.servlet.http.HttpServletRequest;
import jakarta.servlet.http.HttpServletResponse;
import jakarta.servlet.http.HttpSession;
import jakarta.servlet.http.HttpUpgradeHandler;
import jakarta.servlet.http.Part;

import java.io.BufferedReader;
import java.security.Principal;
import java.util.ArrayList;
import java.util.Collection;
import java.util.Collections;
import java.util.Enumeration;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;

/**
 * A minimal, allocation-light {@code GET} request for driving the real filter in a benchmark:
 * what a container hands a filter, without the container. Call {@link #reset()} between
 * requests (attributes are per request).
 *
 * <p>The {@code Cookie} header comes one of two ways. {@link #parsingCookieHeader} hands out a
 * different {@code String} instance of the header on each request (one of
 * {@value #FRESH_COPIES} copies made at setup, in turn, so that nothing can lean on a string seen
 * before and the copying is not measured), and parses it into fresh {@link Cookie} objects when
 * {@code getCookies()} is called: as a container that caches nothing. {@link #withParsedCookies}
 * hands out the same header string and the same parsed cookies every time, as Jetty does for an
 * unchanged {@code Cookie} header on a kept-alive connection (its cookie cache).
 */
public final class FakeHttpRequest implements HttpServletRequest {
    private final String method;
    private final String requestUri;
    private final String scheme;
    private final String serverName;
    private final int serverPort;
    /** Looked up case-insensitively without lower-casing the name (as a container does): the harness allocates nothing per lookup. */
    private final Map<String, List<String>> headers = new java.util.TreeMap<>(String.CASE_INSENSITIVE_ORDER);
    private final String cookieHeader;
    private final Cookie[] fixedCookies;
    private final Map<String, Object> attributes = new HashMap<>(8);
    private Cookie[] parsed;
    /** Copies handed out in turn in the fresh-header mode. */
    static final int FRESH_COPIES = 16;
    private final String[] freshCopies;
    private int nextCopy;
    private String currentCookieHeader;

    private FakeHttpRequest(String method, String requestUri, String cookieHeader, Cookie[] fixedCookies) {
        this.method = method;
        this.requestUri = requestUri;
        this.scheme = "http";
        this.serverName = "127.0.0.1";
        this.serverPort = 8080;
        this.cookieHeader = cookieHeader;
        this.currentCookieHeader = cookieHeader;
        this.fixedCookies = fixedCookies;
        if (cookieHeader != null) {
            header("Cookie", cookieHeader);
        }
        if (fixedCookies == null && cookieHeader != null) {
            freshCopies = new String[FRESH_COPIES];
            for (int i = 0; i < FRESH_COPIES; i++) {
                freshCopies[i] = new String(cookieHeader.getBytes(java.nio.charset.StandardCharsets.ISO_8859_1),
                        java.nio.charset.StandardCharsets.ISO_8859_1); // as a container decodes the header's bytes
            }
        } else {
            freshCopies = null;
        }
    }

    /** A request whose cookies are parsed from {@code cookieHeader} anew on each request. */
    public static FakeHttpRequest parsingCookieHeader(String method, String requestUri, String cookieHeader) {
        return new FakeHttpRequest(method, requestUri, cookieHeader, null);
    }

    /** A request whose cookies are parsed once, here, and handed out as they are on every request. */
    public static FakeHttpRequest withParsedCookies(String method, String requestUri, String cookieHeader) {
        return new FakeHttpRequest(method, requestUri, cookieHeader, parse(cookieHeader));
    }

    public FakeHttpRequest header(String name, String value) {
        headers.computeIfAbsent(name, k -> new ArrayList<>(1)).add(value);
        return this;
    }

    /** Forgets the previous request's attributes and parsed cookies. */
    public void reset() {
        attributes.clear();
        parsed = null;
        if (freshCopies != null) {
            currentCookieHeader = freshCopies[nextCopy];
            nextCopy = (nextCopy + 1) % FRESH_COPIES;
            headers.get("cookie").set(0, currentCookieHeader);
        }
    }

    /** Splits a Cookie header as a container does: {@code ;}-separated {@code name=value} pairs. */
    static Cookie[] parse(String header) {
        if (header == null || header.isEmpty()) {
            return null;
        }
        List<Cookie> out = new ArrayList<>(8);
        int start = 0;
        int len = header.length();
        while (start < len) {
            int end = header.indexOf(';', start);
            if (end < 0) {
                end = len;
            }
            int eq = header.indexOf('=', start);
            if (eq > start && eq < end) {
                String name = header.substring(start, eq).trim();
                String value = header.substring(eq + 1, end).trim();
                out.add(new Cookie(name, value));
            }
            start = end + 1;
        }
        return out.toArray(new Cookie[0]);
    }

    @Override
    public Cookie[] getCookies() {
        if (fixedCookies != null) {
            return fixedCookies;
        }
        if (parsed == null) {
            parsed = parse(currentCookieHeader);
        }
        return parsed;
    }

    @Override
    public String getHeader(String name) {
        List<String> v = headers.get(name);
        return v == null || v.isEmpty() ? null : v.get(0);
    }

    @Override
    public Enumeration<String> getHeaders(String name) {
        List<String> v = headers.get(name);
        return v == null ? Collections.emptyEnumeration() : Collections.enumeration(v);
    }

    @Override
    public Enumeration<String> getHeaderNames() {
        return Collections.enumeration(headers.keySet());
    }

    @Override
    public long getDateHeader(String name) {
        return -1;
    }

    @Override
    public int getIntHeader(String name) {
        String v = getHeader(name);
        return v == null ? -1 : Integer.parseInt(v);
    }

    @Override
    public String getMethod() {
        return method;
    }

    @Override
    public String getRequestURI() {
        return requestUri;
    }

    @Override
    public StringBuffer getRequestURL() {
        return new StringBuffer(scheme).append("://").append(serverName).append(':').append(serverPort).append(requestUri);
    }

    @Override
    public String getContextPath() {
        return "";
    }

    @Override
    public String getServletPath() {
        return requestUri;
    }

    @Override
    public String getPathInfo() {
        return null;
    }

    @Override
    public String getPathTranslated() {
        return null;
    }

    @Override
    public String getQueryString() {
        return null;
    }

    @Override
    public String getScheme() {
        return scheme;
    }

    @Override
    public String getServerName() {
        return serverName;
    }

    @Override
    public int getServerPort() {
        return serverPort;
    }

    @Override
    public boolean isSecure() {
        return false;
    }

    @Override
    public Object getAttribute(String name) {
        return attributes.get(name);
    }

    @Override
    public Enumeration<String> getAttributeNames() {
        return Collections.enumeration(attributes.keySet());
    }

    @Override
    public void setAttribute(String name, Object o) {
        if (o == null) {
            attributes.remove(name);
        } else {
            attributes.put(name, o);
        }
    }

    @Override
    public void removeAttribute(String name) {
        attributes.remove(name);
    }

    @Override
    public String getAuthType() {
        return null;
    }

    @Override
    public String getRemoteUser() {
        return null;
    }

    @Override
    public boolean isUserInRole(String role) {
        return false;
    }

    @Override
    public Principal getUserPrincipal() {
        return null;
    }

    @Override
    public String getRequestedSessionId() {
        return null;
    }

    @Override
    public HttpSession getSession(boolean create) {
        return null;
    }

    @Override
    public HttpSession getSession() {
        return null;
    }

    @Override
    public String changeSessionId() {
        throw new UnsupportedOperationException();
    }

    @Override
    public boolean isRequestedSessionIdValid() {
        return false;
    }

    @Override
    public boolean isRequestedSessionIdFromCookie() {
        return false;
    }

    @Override
    public boolean isRequestedSessionIdFromURL() {
        return false;
    }

    @Override
    public boolean authenticate(HttpServletResponse response) {
        return false;
    }

    @Override
    public void login(String username, String password) {
        throw new UnsupportedOperationException();
    }

    @Override
    public void logout() {
    }

    @Override
    public Collection<Part> getParts() {
        return List.of();
    }

    @Override
    public Part getPart(String name) {
        return null;
    }

    @Override
    public <T extends HttpUpgradeHandler> T upgrade(Class<T> handlerClass) {
        throw new UnsupportedOperationException();
    }

    @Override
    public String getCharacterEncoding() {
        return null;
    }

    @Override
    public void setCharacterEncoding(String env) {
    }

    @Override
    public int getContentLength() {
        return -1;
    }

    @Override
    public long getContentLengthLong() {
        return -1;
    }

    @Override
    public String getContentType() {
        return null;
    }

    @Override
    public ServletInputStream getInputStream() {
        throw new UnsupportedOperationException();
    }

    @Override
    public String getParameter(String name) {
        return null;
    }

    @Override
    public Enumeration<String> getParameterNames() {
        return Collections.emptyEnumeration();
    }

    @Override
    public String[] getParameterValues(String name) {
        return null;
    }

    @Override
    public Map<String, String[]> getParameterMap() {
        return Map.of();
    }

    @Override
    public String getProtocol() {
        return "HTTP/1.1";
    }

    @Override
    public BufferedReader getReader() {
        throw new UnsupportedOperationException();
    }

    @Override
    public String getRemoteAddr() {
        return "127.0.0.1";
    }

    @Override
    public String getRemoteHost() {
        return "127.0.0.1";
    }

    @Override
    public Locale getLocale() {
        return Locale.ENGLISH;
    }

    @Override
    public Enumeration<Locale> getLocales() {
        return Collections.enumeration(List.of(Locale.ENGLISH));
    }

    @Override
    public RequestDispatcher getRequestDispatcher(String path) {
        throw new UnsupportedOperationException();
    }

    @Override
    public int getRemotePort() {
        return 50000;
    }

    @Override
    public String getLocalName() {
        return serverName;
    }

    @Override
    public String getLocalAddr() {
        return serverName;
    }

    @Override
    public int getLocalPort() {
        return serverPort;
    }

    @Override
    public ServletContext getServletContext() {
        throw new UnsupportedOperationException();
    }

    @Override
    public AsyncContext startAsync() {
        throw new UnsupportedOperationException();
    }

    @Override
    public AsyncContext startAsync(ServletRequest servletRequest, ServletResponse servletResponse) {
        throw new UnsupportedOperationException();
    }

    @Override
    public boolean isAsyncStarted() {
        return false;
    }

    @Override
    public boolean isAsyncSupported() {
        return false;
    }

    @Override
    public AsyncContext getAsyncContext() {
        throw new IllegalStateException();
    }

    @Override
    public DispatcherType getDispatcherType() {
        return DispatcherType.REQUEST;
    }

    @Override
    public String getRequestId() {
        return "0";
    }

    @Override
    public String getProtocolRequestId() {
        return "";
    }

    @Override
    public ServletConnection getServletConnection() {
        throw new UnsupportedOperationException();
    }
}
