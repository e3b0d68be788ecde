package dev.multisession.benchmarks;

import dev.multisession.core.cookie.CookieHeaderScan;
import dev.multisession.core.engine.AuthResult;
import dev.multisession.core.model.Ids;
import dev.multisession.core.selection.RequestView;
import dev.multisession.core.selection.SelectionSource;
import dev.multisession.core.selection.SessionSelector;
import dev.multisession.core.token.TokenForm;
import jakarta.servlet.ServletException;
import jakarta.servlet.http.Cookie;
import jakarta.servlet.http.HttpServletRequest;
import org.openjdk.jmh.annotations.Benchmark;
import org.openjdk.jmh.annotations.BenchmarkMode;
import org.openjdk.jmh.annotations.Level;
import org.openjdk.jmh.annotations.Mode;
import org.openjdk.jmh.annotations.OutputTimeUnit;
import org.openjdk.jmh.annotations.Scope;
import org.openjdk.jmh.annotations.Setup;
import org.openjdk.jmh.annotations.State;

import java.io.IOException;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;

/**
 * The hot path: a request from a browser holding the client cookie and 5 session cookies, the
 * session chosen by {@code X-Session-Id: 0}, every token already verified once on this node.
 * No store access, no signature check, no cookie written.
 *
 * <ul>
 *   <li>{@link #filter}: the real {@code MultiSessionFilter.doFilter} (request view, engine,
 *       cookie writes, request wrapper, route rules of the example app) with the {@code Cookie}
 *       header parsed into fresh cookies per request: every token is a new string, hashed again
 *       for the cache lookup. The headline number.</li>
 *   <li>{@link #filterCachedCookies}: the same, with the cookies parsed once, as Jetty hands them
 *       out again for an unchanged header on a kept-alive connection.</li>
 *   <li>{@link #engine}: {@code MultiSession.authenticate} alone on a prepared {@code RequestView}.</li>
 *   <li>{@link #filterOneSession}, {@link #engineOneSession}: the same with a browser signed in to
 *       one account (the client cookie and one session cookie).</li>
 * </ul>
 */
@State(Scope.Thread)
@BenchmarkMode(Mode.AverageTime)
@OutputTimeUnit(TimeUnit.MICROSECONDS)
public class HotPathBenchmark {
    private FakeHttpRequest parsing;
    private FakeHttpRequest cached;
    private FakeHttpResponse response;
    private FilterHarness harness;
    private RequestView view;
    private Fixture fixture;
    private String cookieHeader;
    private String[] ids;
    private String[] headerCopies;
    private int nextCopy;
    private byte[] cookieHeaderBytes;
    private final org.apache.tomcat.util.buf.MessageBytes tomcatHeader = org.apache.tomcat.util.buf.MessageBytes.newInstance();
    private Fixture oneFixture;
    private FilterHarness oneHarness;
    private FakeHttpRequest oneParsing;
    private RequestView oneView;

    @Setup(Level.Trial)
    public void setUp() throws Exception {
        fixture = Fixture.signedIn(Fixture.config().build(), Fixture.SESSIONS);
        harness = FilterHarness.start(fixture.engine(), Map.of("multisession.routes", Fixture.ROUTES));
        cookieHeader = fixture.cookieHeader();
        cookieHeaderBytes = cookieHeader.getBytes(java.nio.charset.StandardCharsets.ISO_8859_1);
        parsing = FakeHttpRequest.parsingCookieHeader("GET", Fixture.PATH, cookieHeader)
                .header(SessionSelector.SESSION_HEADER, "0").header("Accept", "application/json");
        cached = FakeHttpRequest.withParsedCookies("GET", Fixture.PATH, cookieHeader)
                .header(SessionSelector.SESSION_HEADER, "0").header("Accept", "application/json");
        response = new FakeHttpResponse();
        List<String> idList = new ArrayList<>();
        fixture.cookies().forEach((name, value) -> {
            if (name.startsWith("ms_sess_")) {
                idList.add(name.substring("ms_".length()));
            } else {
                String[] parts = value.split("\\.");   // v1.<client id>.<last-active session id>
                idList.add(parts[1]);
                idList.add(parts[2]);
            }
        });
        ids = idList.toArray(new String[0]);
        require(ids.length == Fixture.SESSIONS + 2 && partIdChecks() == ids.length, "id fixtures are not well-formed");
        view = fixture.requestView("0");
        headerCopies = new String[FakeHttpRequest.FRESH_COPIES];
        for (int i = 0; i < headerCopies.length; i++) {
            headerCopies[i] = new String(cookieHeader.toCharArray());
        }
        oneFixture = Fixture.signedIn(Fixture.config().build(), 1);
        oneHarness = FilterHarness.start(oneFixture.engine(), Map.of("multisession.routes", Fixture.ROUTES));
        oneParsing = FakeHttpRequest.parsingCookieHeader("GET", Fixture.PATH, oneFixture.cookieHeader())
                .header(SessionSelector.SESSION_HEADER, "0").header("Accept", "application/json");
        oneView = oneFixture.requestView("0");
        HttpServletRequest one = run(oneHarness, oneParsing);
        require("user_0".equals(one.getRemoteUser()) && response.getHeaders("Set-Cookie").isEmpty(),
                "one-session filter precondition failed");
        // Prove we measure the hot path, not a failure path: signed in as user_0, chosen by header, nothing written.
        for (FakeHttpRequest request : new FakeHttpRequest[] {parsing, cached}) {
            HttpServletRequest seen = run(request);
            require("user_0".equals(seen.getRemoteUser()), "filter did not sign the request in as user_0: "
                    + seen.getRemoteUser() + ", status " + response.getStatus());
            require(response.getHeaders("Set-Cookie").isEmpty(), "hot path wrote cookies: " + response.getHeaderNames());
            require(seen.isUserInRole("org:admin"), "the active organization's role is missing");
        }
        AuthResult r = fixture.engine().authenticate(view);
        require(r.isSignedIn() && r.source() == SelectionSource.HEADER && r.cookieWrites().isEmpty()
                && r.signedInSessions().size() == Fixture.SESSIONS, "engine hot path precondition failed: " + r);
    }

    static void require(boolean ok, String message) {
        if (!ok) {
            throw new IllegalStateException("benchmark precondition: " + message);
        }
    }

    private HttpServletRequest run(FakeHttpRequest request) throws IOException, ServletException {
        return run(harness, request);
    }

    private HttpServletRequest run(FilterHarness h, FakeHttpRequest request) throws IOException, ServletException {
        request.reset();
        response.reset();
        h.chain().clear();
        h.filter().doFilter(request, response, h.chain());
        return h.chain().lastRequest();
    }

    @Benchmark
    public HttpServletRequest filterOneSession() throws IOException, ServletException {
        return run(oneHarness, oneParsing);
    }

    @Benchmark
    public AuthResult engineOneSession() {
        return oneFixture.engine().authenticate(oneView);
    }

    /**
     * What a request pays on top of {@link #filter} when its Cookie header was not seen before
     * (the whole-header look missed): finding the family's cookies in it (positions only,
     * nothing copied) and the family memo key's hash of their values' ends.
     */
    /**
     * Not the filter's own work but what asking for the Cookie header costs on Tomcat: Tomcat
     * keeps a header as bytes and makes a {@code String} of them on request
     * ({@code MessageBytes.toString}: a charset decode into a char buffer, then a string), so
     * the filter's {@code getHeaders("Cookie")} pays this for the 5.4 KB header; a server that
     * never reads the header does not. Jetty's parser makes the string for every request anyway.
     */
    @Benchmark
    public String partTomcatHeaderString() {
        tomcatHeader.recycle();
        tomcatHeader.setBytes(cookieHeaderBytes, 0, cookieHeaderBytes.length);
        return tomcatHeader.toString();
    }

    @Benchmark
    public int partFamilyScan() {
        String header = headerCopies[nextCopy];
        nextCopy = (nextCopy + 1) % headerCopies.length;
        return CookieHeaderScan.of(List.of(header), "").segmentsHash();
    }

    @Benchmark
    public HttpServletRequest filter() throws IOException, ServletException {
        return run(parsing);
    }

    @Benchmark
    public HttpServletRequest filterCachedCookies() throws IOException, ServletException {
        return run(cached);
    }

    @Benchmark
    public AuthResult engine() {
        return fixture.engine().authenticate(view);
    }

    /**
     * The canonical-form check of the 5 session tokens (docs/how-it-works.md: "Session token"): what a request would cost if
     * it scanned every token; the engine now runs it only for tokens the cache does not know.
     */
    @Benchmark
    public int partTokenFormCheck() {
        int ok = 0;
        for (int i = 0; i < Fixture.SESSIONS; i++) {
            ok += TokenForm.isCompactJws(fixture.token(i), 4096) ? 1 : 0;
        }
        return ok;
    }

    /**
     * Part of {@link #engine}: the id-form checks one request makes (5 session cookie names, the
     * client cookie's client id and last-active session id), each a character loop.
     */
    @Benchmark
    public int partIdChecks() {
        int ok = 0;
        for (String id : ids) {
            ok += Ids.isSessionId(id) || Ids.isClientId(id) ? 1 : 0;
        }
        return ok;
    }

    /**
     * Part of {@link #filter}: what fresh token strings cost before the cache can be asked, i.e.
     * the container's parse of the Cookie header plus the cache key of each value (its last 32
     * characters hashed in place; the hit then compares the whole token with {@code String.equals}).
     */
    @Benchmark
    public int partCookieParseAndKey() {
        int h = 0;
        for (Cookie c : FakeHttpRequest.parse(cookieHeader)) {
            String v = c.getValue();
            for (int i = Math.max(0, v.length() - 32); i < v.length(); i++) {
                h = 31 * h + v.charAt(i);
            }
        }
        return h;
    }

    /**
     * What keying the cache by the whole token string would cost on fresh strings (the design
     * before the tail key): the parse plus {@code String.hashCode} over about 1,050 characters
     * per token, one character at a time on JDK 17.
     */
    @Benchmark
    public int partCookieParseAndFullHash() {
        int h = 0;
        for (Cookie c : FakeHttpRequest.parse(cookieHeader)) {
            h += c.getValue().hashCode();
        }
        return h;
    }
}
