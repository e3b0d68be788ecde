package dev.multisession.servlet.testing;

import com.sun.net.httpserver.HttpExchange;
import com.sun.net.httpserver.HttpServer;
import dev.multisession.core.clerk.testing.ClerkTokens;

import java.io.IOException;
import java.net.InetSocketAddress;
import java.net.URLDecoder;
import java.net.URLEncoder;
import java.nio.charset.StandardCharsets;
import java.time.Clock;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicReference;

/**
 * A stand-in for a Clerk instance on the JDK's HTTP server, serving what the clerk profile asks
 * of Clerk: the Frontend API's public JWKS ({@code /.well-known/jwks.json}) and handshake
 * ({@code /v1/client/handshake}), and the Backend API's JWKS ({@code /v1/jwks}) and handshake
 * payload ({@code /v1/clients/handshake_payload}), both only with {@code Authorization: Bearer
 * <secret key>}. Tokens come from a {@link ClerkTokens} instance, so key rotation is
 * {@code tokens.rotate(kid)}.
 *
 * <pre>{@code
 * try (FakeClerk clerk = FakeClerk.start(ClerkTokens.instance(ISSUER), "sk_test_secret123", app::clock)) {
 *     clerk.signedInAs("user_1", "sess_1abc");   // whom its handshake signs in
 *     String base = clerk.url();                 // http://127.0.0.1:<port>, Frontend and Backend API at once
 * }
 * }</pre>
 */
public final class FakeClerk implements AutoCloseable {
    private final HttpServer server;
    private final ClerkTokens tokens;
    private final String secretKey;
    private final java.util.function.Supplier<Clock> clock;
    private final Map<String, List<String>> nonces = new ConcurrentHashMap<>();
    private final AtomicInteger backendJwksFetches = new AtomicInteger();
    private final AtomicInteger frontendJwksFetches = new AtomicInteger();
    private final AtomicInteger payloadFetches = new AtomicInteger();
    private final AtomicReference<String> lastBackendAuthorization = new AtomicReference<>();
    private final AtomicReference<String> lastApiVersion = new AtomicReference<>();
    private final AtomicReference<String[]> signedInAs = new AtomicReference<>();

    private FakeClerk(ClerkTokens tokens, String secretKey, java.util.function.Supplier<Clock> clock) throws IOException {
        this.tokens = tokens;
        this.secretKey = secretKey;
        this.clock = clock;
        server = HttpServer.create(new InetSocketAddress("127.0.0.1", 0), 0);
        server.createContext("/.well-known/jwks.json", exchange -> {
            frontendJwksFetches.incrementAndGet();
            send(exchange, 200, tokens.jwksJson());
        });
        server.createContext("/v1/jwks", exchange -> {
            backendJwksFetches.incrementAndGet();
            if (authorized(exchange)) {
                send(exchange, 200, tokens.jwksJson());
            }
        });
        server.createContext("/v1/clients/handshake_payload", exchange -> {
            payloadFetches.incrementAndGet();
            if (!authorized(exchange)) {
                return;
            }
            List<String> directives = nonces.remove(query(exchange, "nonce"));
            if (directives == null) {
                send(exchange, 404, "{\"errors\":[{\"code\":\"resource_not_found\"}]}");
                return;
            }
            StringBuilder json = new StringBuilder("{\"directives\":[");
            for (int i = 0; i < directives.size(); i++) {
                json.append(i == 0 ? "" : ",").append('"').append(directives.get(i).replace("\"", "\\\"")).append('"');
            }
            send(exchange, 200, json.append("]}").toString());
        });
        server.createContext("/v1/client/handshake", exchange -> {
            String back = query(exchange, "redirect_url");
            String[] who = signedInAs.get();
            long now = clock.get().instant().getEpochSecond();
            List<String> directives = who == null
                    ? List.of("__session=; Path=/; Max-Age=0", "__client_uat=0; Path=/; Max-Age=31536000")
                    : List.of("__session=" + tokens.v2(who[0], who[1], clock.get().instant()).sign() + "; Path=/; SameSite=Lax",
                            "__client_uat=" + now + "; Path=/; Max-Age=31536000; SameSite=Strict");
            String nonce = UUID.randomUUID().toString().replace("-", "");
            nonces.put(nonce, directives);
            exchange.getResponseHeaders().add("Location", back + (back.contains("?") ? "&" : "?")
                    + "__clerk_handshake_nonce=" + nonce);
            exchange.sendResponseHeaders(307, -1);
            exchange.close();
        });
        server.start();
    }

    /** Starts the fake instance; {@code clock} gives the time its handshake mints tokens at (the app's). */
    public static FakeClerk start(ClerkTokens tokens, String secretKey, java.util.function.Supplier<Clock> clock) throws IOException {
        return new FakeClerk(tokens, secretKey, clock);
    }

    /** {@code http://127.0.0.1:<port>}: the Frontend API and the Backend API. */
    public String url() {
        return "http://127.0.0.1:" + server.getAddress().getPort();
    }

    public ClerkTokens tokens() {
        return tokens;
    }

    /** Whom the Frontend API's handshake signs in from now on (null: signed out). */
    public void signedInAs(String userId, String sessionId) {
        signedInAs.set(userId == null ? null : new String[] {userId, sessionId});
    }

    /** A nonce the Backend API resolves (once) to these cookie directives. */
    public void nonce(String nonce, List<String> directives) {
        nonces.put(nonce, directives);
    }

    public int backendJwksFetches() {
        return backendJwksFetches.get();
    }

    public int frontendJwksFetches() {
        return frontendJwksFetches.get();
    }

    public int payloadFetches() {
        return payloadFetches.get();
    }

    /** The {@code Authorization} header of the last Backend API request. */
    public String lastBackendAuthorization() {
        return lastBackendAuthorization.get();
    }

    /** The {@code Clerk-API-Version} header of the last Backend API request. */
    public String lastApiVersion() {
        return lastApiVersion.get();
    }

    private boolean authorized(HttpExchange exchange) throws IOException {
        String auth = exchange.getRequestHeaders().getFirst("Authorization");
        lastBackendAuthorization.set(auth);
        lastApiVersion.set(exchange.getRequestHeaders().getFirst("Clerk-API-Version"));
        if (!("Bearer " + secretKey).equals(auth)) {
            send(exchange, 401, "{\"errors\":[{\"code\":\"authentication_invalid\"}]}");
            return false;
        }
        return true;
    }

    private static String query(HttpExchange exchange, String name) {
        String q = exchange.getRequestURI().getRawQuery();
        if (q != null) {
            for (String pair : q.split("&")) {
                int eq = pair.indexOf('=');
                if (eq > 0 && URLDecoder.decode(pair.substring(0, eq), StandardCharsets.UTF_8).equals(name)) {
                    return URLDecoder.decode(pair.substring(eq + 1), StandardCharsets.UTF_8);
                }
            }
        }
        return null;
    }

    private static void send(HttpExchange exchange, int status, String body) throws IOException {
        byte[] bytes = body.getBytes(StandardCharsets.UTF_8);
        exchange.getResponseHeaders().add("Content-Type", "application/json");
        exchange.sendResponseHeaders(status, bytes.length);
        exchange.getResponseBody().write(bytes);
        exchange.close();
    }

    /** {@code s} URL-encoded (for tests building handshake URLs). */
    public static String encode(String s) {
        return URLEncoder.encode(s, StandardCharsets.UTF_8);
    }

    @Override
    public void close() {
        server.stop(0);
    }
}
