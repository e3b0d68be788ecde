package dev.multisession.benchmarks;

import com.nimbusds.jose.JOSEException;
import com.nimbusds.jose.JWSAlgorithm;
import com.nimbusds.jose.jwk.RSAKey;
import dev.multisession.core.config.MultiSessionConfig;
import dev.multisession.core.cookie.CookieWrite;
import dev.multisession.core.engine.MultiSession;
import dev.multisession.core.engine.SignInResult;
import dev.multisession.core.keys.SigningKeys;
import dev.multisession.core.model.Organization;
import dev.multisession.core.model.User;
import dev.multisession.core.selection.RequestView;
import dev.multisession.core.selection.SessionSelector;

import java.security.interfaces.RSAPublicKey;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Base64;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.logging.Level;
import java.util.logging.Logger;

/**
 * One browser signed in to {@value #SESSIONS} accounts on a real engine: the client cookie plus
 * one session cookie per account, as the engine's own {@code signIn} wrote them. Every benchmark
 * (and the end-to-end launcher) starts from one of these, so all of them see the same token shape:
 * RS256, 2048-bit key, profile claims and an active organization.
 *
 * <pre>{@code
 * Fixture f = Fixture.signedIn(Fixture.config().build(), 5);
 * RequestView request = f.requestView("0");      // X-Session-Id: 0
 * String cookieHeader = f.cookieHeader();         // what wrk sends
 * }</pre>
 */
public final class Fixture {
    /** Sessions per browser: the library's default cap, so the biggest Cookie header the default allows. */
    public static final int SESSIONS = 5;
    public static final String ISSUER = "https://app.example";
    public static final String ORIGIN = "http://127.0.0.1:8080";
    public static final String PATH = "/api/me";
    /** The example app's route rules (the example's WEB-INF/web.xml), so rule matching is on the measured path. */
    public static final String ROUTES = String.join("\n",
            "/account/* => signed-in",
            "/team/*    => organization",
            "/invoices/* => permission:org:invoices:read",
            "/admin/*   => role:org:admin",
            "/api/*     => signed-in");

    private static final String[] NAMES = {"Ada Lovelace", "Grace Hopper", "Alan Turing", "Edsger Dijkstra",
            "Barbara Liskov"};
    /** Held strongly: java.util.logging forgets loggers nobody references, and with them their level. */
    private static final Logger LIBRARY_LOGGER = Logger.getLogger("dev.multisession");

    private final MultiSessionConfig config;
    private final SigningKeys keys;
    private final MultiSession engine;
    private final Map<String, String> cookies;
    private final List<String> tokens;

    private Fixture(MultiSessionConfig config, SigningKeys keys, MultiSession engine, Map<String, String> cookies,
                    List<String> tokens) {
        this.config = config;
        this.keys = keys;
        this.engine = engine;
        this.cookies = cookies;
        this.tokens = tokens;
    }

    /**
     * The benchmarks' configuration: defaults, except token lifetime 1 h so a token minted in
     * setup stays on the hot path for a whole fork instead of entering the refresh window after
     * 45 s (refresh is measured on its own, in {@link LifecycleBenchmark#refresh}).
     */
    public static MultiSessionConfig.Builder config() {
        return MultiSessionConfig.builder().issuer(ISSUER).tokenLifetime(Duration.ofHours(1));
    }

    /**
     * The library logs each sign-in and sign-out at INFO through {@code System.Logger}; at one
     * sign-in per millisecond that would measure the console. Warnings still show.
     */
    public static void quietLogs() {
        LIBRARY_LOGGER.setLevel(Level.WARNING);
    }

    /** A fresh engine with a fresh RS256 key, and one browser signed in to {@code sessions} accounts. */
    public static Fixture signedIn(MultiSessionConfig config, int sessions) {
        quietLogs();
        SigningKeys keys = SigningKeys.generate(JWSAlgorithm.RS256);
        MultiSession engine = MultiSession.builder(config).signingKeys(keys).build();
        Map<String, String> jar = new LinkedHashMap<>();
        List<String> tokens = new ArrayList<>();
        for (int i = 0; i < sessions; i++) {
            SignInResult r = engine.signIn(view(jar, Optional.empty()), user(i), Optional.of(organization(i)));
            if (r.session().index() != i) {
                throw new IllegalStateException("expected index " + i + ", got " + r.session().index());
            }
            apply(jar, r.cookieWrites());
            tokens.add(r.token());
        }
        // the client cookie first, as a browser that set it first sends it
        Map<String, String> ordered = new LinkedHashMap<>();
        jar.entrySet().stream().filter(e -> e.getKey().endsWith("ms_client")).forEach(e -> ordered.put(e.getKey(), e.getValue()));
        jar.forEach(ordered::putIfAbsent);
        return new Fixture(config, keys, engine, ordered, List.copyOf(tokens));
    }

    public static User user(int i) {
        String name = NAMES[i % NAMES.length];
        String login = "user" + i;
        return User.builder("user_" + i).name(name).email(login + "@example.com").username(login).build();
    }

    public static Organization organization(int i) {
        return Organization.builder("org_2NNEqL2nrIRdJ194ndJqAHwEfxC", "acme").name("Acme Inc.")
                .role(i == 0 ? "org:admin" : "org:member")
                .permissions(Set.of("org:invoices:read", "org:invoices:write"))
                .build();
    }

    static void apply(Map<String, String> jar, List<CookieWrite> writes) {
        for (CookieWrite w : writes) {
            if (w.isDeletion()) {
                jar.remove(w.name());
            } else {
                jar.put(w.name(), w.value());
            }
        }
    }

    static RequestView view(Map<String, String> jar, Optional<String> sessionHeader) {
        RequestView.Builder b = RequestView.builder().method("GET").path(PATH).secure(false).origin(ORIGIN);
        jar.forEach(b::cookie);
        sessionHeader.ifPresent(v -> b.header(SessionSelector.SESSION_HEADER, v));
        return b.build();
    }

    public MultiSessionConfig configuration() {
        return config;
    }

    public SigningKeys keys() {
        return keys;
    }

    public MultiSession engine() {
        return engine;
    }

    /** The browser's cookies, name to value, client cookie first. */
    public Map<String, String> cookies() {
        return cookies;
    }

    /** The token of the session with index {@code i}. */
    public String token(int i) {
        return tokens.get(i);
    }

    /**
     * {@code GET /api/me} with every cookie of the browser in one raw {@code Cookie} header (as
     * the filter hands it to the engine) and {@code X-Session-Id: <sessionHeader>}.
     */
    public RequestView requestView(String sessionHeader) {
        RequestView.Builder b = RequestView.builder().method("GET").path(PATH).secure(false).origin(ORIGIN)
                .cookieHeader(cookieHeader());
        if (sessionHeader != null) {
            b.header(SessionSelector.SESSION_HEADER, sessionHeader);
        }
        return b.build();
    }

    /** The Cookie header value a browser would send: {@code name=value; name=value ...}. */
    public String cookieHeader() {
        StringBuilder sb = new StringBuilder();
        cookies.forEach((name, value) -> sb.append(sb.length() == 0 ? "" : "; ").append(name).append('=').append(value));
        return sb.toString();
    }

    public RSAPublicKey publicKey() {
        try {
            return ((RSAKey) keys.publicJwkSet().getKeys().get(0)).toRSAPublicKey();
        } catch (JOSEException e) {
            throw new IllegalStateException(e);
        }
    }

    /** The public key as PEM (SubjectPublicKeyInfo), the form Clerk's {@code jwtKey} option takes. */
    public String publicKeyPem() {
        String b64 = Base64.getMimeEncoder(64, "\n".getBytes(java.nio.charset.StandardCharsets.US_ASCII))
                .encodeToString(publicKey().getEncoded());
        return "-----BEGIN PUBLIC KEY-----\n" + b64 + "\n-----END PUBLIC KEY-----\n";
    }
}
