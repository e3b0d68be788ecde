package dev.multisession.servlet;

import com.nimbusds.jose.util.JSONObjectUtils;
import dev.multisession.core.clerk.ClerkReasons;
import dev.multisession.core.clerk.ClerkRequest;
import dev.multisession.core.clerk.ClerkSettings;
import dev.multisession.core.engine.AuthResult;
import dev.multisession.core.selection.SelectionSource;
import jakarta.servlet.http.Cookie;
import jakarta.servlet.http.HttpServletRequest;
import jakarta.servlet.http.HttpServletResponse;

import java.io.IOException;
import java.io.InputStream;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.SecureRandom;
import java.text.ParseException;
import java.time.Duration;
import java.util.Base64;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.Semaphore;
import java.util.regex.Pattern;

/**
 * Clerk's handshake for page loads in the clerk profile, after Clerk's {@code @clerk/backend}
 * ({@code packages/backend/src/tokens/handshake.ts} and {@code request.ts}):
 *
 * <ul>
 *   <li><b>Start</b>: a document request (GET with {@code Sec-Fetch-Dest: document} or
 *       {@code iframe}, or without {@code Sec-Fetch-Dest} and with {@code Accept: text/html…})
 *       whose session cookie is missing, expired or stale ({@link ClerkReasons#resolvableByHandshake})
 *       gets a 307 to {@code <frontend-api>/v1/client/handshake?redirect_url=…&format=nonce…}; the
 *       browser comes back with a nonce. At most three handshakes in a row
 *       ({@code __clerk_redirect_count}, two seconds): the fourth request goes on signed out.</li>
 *   <li><b>Resolve</b>: a GET carrying {@code __clerk_handshake_nonce} (query parameter or cookie)
 *       and the state of a handshake this browser started (the {@code ms_hs} parameter this node put
 *       in the {@code redirect_url}, equal to its {@code ms_clerk_handshake} cookie; a nonce without
 *       it is someone else's and is never resolved) has it resolved through the Backend API ({@code GET /v1/clients/handshake_payload?nonce=…},
 *       the secret key as Bearer); the cookie directives returned (Clerk's own cookies only:
 *       {@code __session…}, {@code __client_uat…}, {@code __refresh…}, {@code __clerk…}) are copied to
 *       the response, which sends the browser to the same URL without the nonce: the next request
 *       carries the new cookies. A nonce that cannot be resolved (unknown, malformed, the Backend API
 *       down) changes nothing: the request goes on as it is, never a 500.</li>
 * </ul>
 *
 * <p>The nonce and the secret key are never logged.
 */
final class ClerkHandshake {
    static final String NONCE = "__clerk_handshake_nonce";
    static final String REDIRECT_COUNT = "__clerk_redirect_count";
    static final String DEV_BROWSER = "__clerk_db_jwt";
    static final int MAX_HANDSHAKES = 3;
    /** The handshake's state: a random value in the {@code redirect_url} given to Clerk and in this cookie. */
    static final String STATE_COOKIE = "ms_clerk_handshake";
    static final String STATE_PARAM = "ms_hs";
    private static final int STATE_LIFETIME_SECONDS = 300;
    private static final Pattern STATE_FORM = Pattern.compile("[A-Za-z0-9_-]{22}");
    private static final int MAX_IN_FLIGHT = 8;
    private static final SecureRandom RANDOM = new SecureRandom();
    private static final System.Logger LOG = System.getLogger(ClerkHandshake.class.getName());
    private static final Pattern NONCE_FORM = Pattern.compile("[A-Za-z0-9_-]{1,256}");
    private static final Pattern DEV_BROWSER_FORM = Pattern.compile("[A-Za-z0-9_.-]{1,4096}");
    private static final Pattern CLERK_COOKIE = Pattern.compile("(__session|__client_uat|__refresh|__clerk_)[A-Za-z0-9_-]{0,64}");
    private static final int MAX_DIRECTIVES = 16;
    private static final int MAX_DIRECTIVE_LENGTH = 4096;
    private static final int MAX_PAYLOAD_BYTES = 64 * 1024;

    private final ClerkSettings settings;
    private final HttpClient http;
    private final Semaphore inFlight = new Semaphore(MAX_IN_FLIGHT);

    ClerkHandshake(ClerkSettings settings) {
        this.settings = settings;
        this.http = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(2))
                .followRedirects(HttpClient.Redirect.NEVER).build();
    }

    /**
     * Resolves a handshake nonce the request carries; true when it answered the request (a
     * redirect to the same URL without the nonce), false when the request should go on.
     */
    boolean resolve(HttpServletRequest request, HttpServletResponse response) {
        String method = request.getMethod();
        if (!"GET".equals(method) && !"HEAD".equals(method)) {
            return false;
        }
        String fromQuery = RequestViews.queryParameter(request.getQueryString(), NONCE);
        String fromCookie = cookie(request, NONCE);
        String nonce = fromQuery != null ? fromQuery : fromCookie;
        if (nonce == null) {
            return false;
        }
        boolean wellFormed = NONCE_FORM.matcher(nonce).matches();
        boolean bound = startedHere(request);
        if (!wellFormed) {
            log("handshake_nonce_malformed");
        } else if (!bound) {
            // a nonce this browser never asked for (login CSRF: someone else's handshake) is never resolved
            log("handshake_nonce_not_started_here");
        }
        Optional<Map<String, String>> directives = wellFormed && bound ? fetchBounded(nonce) : Optional.empty();
        Map<String, String> cookies = new LinkedHashMap<>(directives.orElse(Map.of()));
        if (fromCookie != null) {
            cookies.putIfAbsent(NONCE, NONCE + "=; Path=/; Max-Age=0; SameSite=Lax");
        }
        if (cookie(request, STATE_COOKIE) != null) {
            cookies.putIfAbsent(STATE_COOKIE, STATE_COOKIE + "=; Path=/; Max-Age=0; SameSite=Lax; HttpOnly"); // used once
        }
        HttpAnswers.noStore(response);
        cookies.values().forEach(c -> response.addHeader("Set-Cookie", c));
        boolean redirect = fromQuery != null || RequestViews.queryParameter(request.getQueryString(), STATE_PARAM) != null
                || (directives.isPresent() && redirectCount(request) < MAX_HANDSHAKES);
        if (redirect) {
            response.setStatus(307);
            response.setHeader("Location", currentUrl(request, true));
        }
        return redirect;
    }

    /**
     * Starts a handshake when the request is a document request the handshake can sign in
     * (true: answered with the 307); false when the request should go on as it is.
     */
    boolean start(HttpServletRequest request, HttpServletResponse response, AuthResult auth) {
        if (auth.isSignedIn() || auth.source() == SelectionSource.BEARER || !"GET".equals(request.getMethod())
                || !isDocumentRequest(request) || !ClerkReasons.resolvableByHandshake(auth.reason().orElse(""))) {
            return false;
        }
        int count = redirectCount(request);
        if (count >= MAX_HANDSHAKES) {
            LOG.log(System.Logger.Level.WARNING, "multisession: Clerk's handshake did not settle the session cookie "
                    + "after " + MAX_HANDSHAKES + " redirects; the request goes on signed out. Check that "
                    + "multisession.clerk.publishable-key and multisession.clerk.secret-key belong to the same Clerk instance");
            return false;
        }
        String state = newState();
        String back = currentUrl(request, true);
        back += (back.contains("?") ? "&" : "?") + STATE_PARAM + "=" + state;
        StringBuilder target = new StringBuilder(settings.frontendApi().orElseThrow() + "/v1/client/handshake")
                .append("?redirect_url=").append(HttpAnswers.encode(back))
                .append("&__clerk_api_version=").append(HttpAnswers.encode(ClerkSettings.API_VERSION))
                .append("&suffixed_cookies=").append(usesSuffixedCookies(request))
                .append("&__clerk_hs_reason=").append(HttpAnswers.encode(auth.reason().orElse("")))
                .append("&format=nonce");
        String devBrowser = cookie(request, DEV_BROWSER);
        if (devBrowser != null && DEV_BROWSER_FORM.matcher(devBrowser).matches()) {
            target.append('&').append(DEV_BROWSER).append('=').append(HttpAnswers.encode(devBrowser));
        }
        HttpAnswers.noStore(response);
        response.addHeader("Set-Cookie", REDIRECT_COUNT + "=" + (count + 1) + "; Path=/; Max-Age=2; SameSite=Lax; HttpOnly");
        response.addHeader("Set-Cookie", STATE_COOKIE + "=" + state + "; Path=/; Max-Age=" + STATE_LIFETIME_SECONDS
                + "; SameSite=Lax; HttpOnly" + (request.isSecure() ? "; Secure" : ""));
        response.setStatus(307);
        response.setHeader("Location", target.toString());
        return true;
    }

    /** Clerk's test for a request a person's browser makes for a page ({@code isRequestEligibleForHandshake}). */
    static boolean isDocumentRequest(HttpServletRequest request) {
        String dest = request.getHeader("Sec-Fetch-Dest");
        if (dest != null) {
            return dest.equals("document") || dest.equals("iframe");
        }
        String accept = request.getHeader("Accept");
        return accept != null && accept.startsWith("text/html");
    }

    private boolean usesSuffixedCookies(HttpServletRequest request) {
        return settings.cookieSuffix().map(s -> cookie(request, ClerkRequest.CLIENT_UAT_COOKIE + "_" + s) != null).orElse(false);
    }

    /**
     * True when this browser started the handshake that came back: the state this node put in the
     * handshake's {@code redirect_url} equals the one in this browser's state cookie (compared in
     * constant time). Another browser's nonce, sent to a victim in a link, carries no state the
     * victim's cookie holds.
     */
    private static boolean startedHere(HttpServletRequest request) {
        String sent = RequestViews.queryParameter(request.getQueryString(), STATE_PARAM);
        String kept = cookie(request, STATE_COOKIE);
        return sent != null && kept != null && STATE_FORM.matcher(kept).matches()
                && MessageDigest.isEqual(sent.getBytes(StandardCharsets.US_ASCII), kept.getBytes(StandardCharsets.US_ASCII));
    }

    private static String newState() {
        byte[] bytes = new byte[16];
        RANDOM.nextBytes(bytes);
        return Base64.getUrlEncoder().withoutPadding().encodeToString(bytes);
    }

    /** {@link #fetch}, with at most {@value #MAX_IN_FLIGHT} Backend API calls at once (the rest go on unresolved). */
    private Optional<Map<String, String>> fetchBounded(String nonce) {
        if (!inFlight.tryAcquire()) {
            log("handshake_busy");
            return Optional.empty();
        }
        try {
            return fetch(nonce);
        } finally {
            inFlight.release();
        }
    }

    /** The Backend API's cookie directives for {@code nonce}, keyed by cookie name; empty when it cannot tell. */
    private Optional<Map<String, String>> fetch(String nonce) {
        URI uri = URI.create(settings.apiUrl() + "/v1/clients/handshake_payload?nonce=" + HttpAnswers.encode(nonce));
        HttpRequest call = HttpRequest.newBuilder(uri).timeout(Duration.ofSeconds(5)).GET()
                .header("Authorization", "Bearer " + settings.secretKey().orElseThrow())
                .header("Clerk-API-Version", ClerkSettings.API_VERSION)
                .header("Accept", "application/json")
                .build();
        try {
            HttpResponse<InputStream> answer = http.send(call, HttpResponse.BodyHandlers.ofInputStream());
            try (InputStream body = answer.body()) {
                if (answer.statusCode() != 200) {
                    log(answer.statusCode() >= 500 ? "handshake_payload_unavailable" : "handshake_nonce_refused");
                    return Optional.empty();
                }
                byte[] bytes = body.readNBytes(MAX_PAYLOAD_BYTES + 1);
                if (bytes.length > MAX_PAYLOAD_BYTES) {
                    log("handshake_payload_malformed");
                    return Optional.empty();
                }
                return directives(new String(bytes, StandardCharsets.UTF_8));
            }
        } catch (IOException e) {
            log("handshake_payload_unavailable");
            return Optional.empty();
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            return Optional.empty();
        }
    }

    /** The {@code directives} of a handshake payload that set Clerk's own cookies, by cookie name (the last one wins). */
    static Optional<Map<String, String>> directives(String json) {
        Map<String, Object> payload;
        try {
            payload = JSONObjectUtils.parse(json);
        } catch (ParseException | RuntimeException e) {
            log("handshake_payload_malformed");
            return Optional.empty();
        }
        if (payload == null || !(payload.get("directives") instanceof List<?> list) || list.size() > MAX_DIRECTIVES) {
            log("handshake_payload_malformed");
            return Optional.empty();
        }
        Map<String, String> out = new LinkedHashMap<>();
        for (Object o : list) {
            if (!(o instanceof String directive) || directive.length() > MAX_DIRECTIVE_LENGTH
                    || directive.chars().anyMatch(c -> c < 0x20 || c == 0x7f)) {
                log("handshake_payload_malformed");
                return Optional.empty();
            }
            int eq = directive.indexOf('=');
            String name = eq < 0 ? "" : directive.substring(0, eq).trim();
            if (CLERK_COOKIE.matcher(name).matches()) {
                out.put(name, directive);
            }
        }
        return Optional.of(out);
    }

    private static void log(String reason) {
        LOG.log(System.Logger.Level.INFO, "multisession: Clerk handshake not resolved, reason=" + reason);
    }

    /** The count of handshakes in a row this browser made ({@code __clerk_redirect_count}); 0 when absent or unreadable. */
    static int redirectCount(HttpServletRequest request) {
        String v = cookie(request, REDIRECT_COUNT);
        if (v == null || v.isEmpty() || v.length() > 3 || !v.chars().allMatch(c -> c >= '0' && c <= '9')) {
            return 0;
        }
        return Integer.parseInt(v);
    }

    private static String cookie(HttpServletRequest request, String name) {
        Cookie[] cookies = request.getCookies();
        if (cookies != null) {
            for (Cookie c : cookies) {
                if (c.getName().equals(name)) {
                    return c.getValue();
                }
            }
        }
        return null;
    }

    /** This request's absolute URL, without the handshake's nonce and state parameters when {@code withoutNonce}. */
    private static String currentUrl(HttpServletRequest request, boolean withoutNonce) {
        String query = request.getQueryString();
        if (query != null && withoutNonce) {
            StringBuilder kept = new StringBuilder();
            for (String pair : query.split("&")) {
                int eq = pair.indexOf('=');
                String name = RequestViews.decode(eq < 0 ? pair : pair.substring(0, eq));
                if (!NONCE.equals(name) && !STATE_PARAM.equals(name)) {
                    kept.append(kept.length() == 0 ? "" : "&").append(pair);
                }
            }
            query = kept.length() == 0 ? null : kept.toString();
        }
        return RequestViews.originOf(request) + request.getRequestURI() + (query == null ? "" : "?" + query);
    }
}
