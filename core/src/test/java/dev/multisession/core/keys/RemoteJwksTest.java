package dev.multisession.core.keys;

import com.nimbusds.jose.JWSAlgorithm;
import com.nimbusds.jose.JWSHeader;
import com.nimbusds.jose.JOSEObjectType;
import com.nimbusds.jose.jwk.JWK;
import com.nimbusds.jose.jwk.JWKSet;
import com.nimbusds.jose.jwk.source.JWKSource;
import com.nimbusds.jose.proc.SecurityContext;
import com.nimbusds.jwt.SignedJWT;
import com.sun.net.httpserver.HttpServer;
import dev.multisession.core.config.ConfigKeys;
import dev.multisession.core.config.ConfigurationException;
import dev.multisession.core.config.Mode;
import dev.multisession.core.config.MultiSessionConfig;
import dev.multisession.core.model.Ids;
import dev.multisession.core.model.Session;
import dev.multisession.core.model.User;
import dev.multisession.core.testing.MutableClock;
import dev.multisession.core.token.RejectionReason;
import dev.multisession.core.token.StrictTokenVerifier;
import dev.multisession.core.token.TokenIssuer;
import dev.multisession.core.token.Verification;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

import java.io.Closeable;
import java.io.IOException;
import java.io.OutputStream;
import java.net.InetSocketAddress;
import java.net.ServerSocket;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.UUID;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicReference;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertInstanceOf;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * Specifies verification against a remote JWKS URL (docs/how-it-works.md: "Session token") with a real HTTP server on
 * 127.0.0.1: keys are fetched once and cached; a new {@code kid} triggers one refresh; floods of
 * unknown {@code kid}s are rate-limited (Nimbus allows two fetches per interval) and rejected as
 * {@link RejectionReason#UNKNOWN_KEY} without an exception; an outage after warm-up keeps known
 * keys verifying past the cache TTL; a cold start with the server down rejects, never accepts.
 *
 * <p>Nimbus's JWKS cache runs on the system clock, so the one test that needs the cache TTL to
 * pass really waits (1.2 s); token claims use the controlled clock.
 */
class RemoteJwksTest {
    private static final String ISSUER = "https://issuer.example";
    private static SigningKeys keyA;
    private static SigningKeys keyB;

    private final AtomicReference<String> served = new AtomicReference<>();
    private final AtomicInteger status = new AtomicInteger(200);
    private final AtomicInteger fetches = new AtomicInteger();
    private final AtomicInteger failedFetches = new AtomicInteger();
    private final List<JWKSource<SecurityContext>> sources = new ArrayList<>();
    private HttpServer server;
    private URI jwksUrl;
    private MutableClock clock;

    @BeforeAll
    static void generateKeys() {
        keyA = SigningKeys.generate(JWSAlgorithm.RS256);
        keyB = SigningKeys.generate(JWSAlgorithm.RS256);
    }

    @BeforeEach
    void startServer() throws IOException {
        clock = MutableClock.atFixedStart();
        served.set(jwks(keyA));
        server = HttpServer.create(new InetSocketAddress("127.0.0.1", 0), 0);
        server.createContext("/.well-known/jwks.json", exchange -> {
            fetches.incrementAndGet();
            int code = status.get();
            byte[] body = code == 200 ? served.get().getBytes(StandardCharsets.UTF_8)
                    : "{\"error\":\"unavailable\"}".getBytes(StandardCharsets.UTF_8);
            if (code != 200) {
                failedFetches.incrementAndGet();
            }
            exchange.getResponseHeaders().add("Content-Type", "application/json");
            exchange.sendResponseHeaders(code, body.length);
            try (OutputStream out = exchange.getResponseBody()) {
                out.write(body);
            }
        });
        server.start();
        jwksUrl = URI.create("http://127.0.0.1:" + server.getAddress().getPort() + "/.well-known/jwks.json");
    }

    @AfterEach
    void stopServer() throws IOException {
        for (JWKSource<SecurityContext> source : sources) {
            if (source instanceof Closeable closeable) {
                closeable.close();
            }
        }
        server.stop(0);
    }

    @Test
    void fetchesTheKeysOnceWhileTheCacheIsWarm() {
        StrictTokenVerifier verifier = verifier(jwksUrl, Duration.ofMinutes(1), Duration.ofSeconds(30));
        String token = mint(keyA);

        for (int i = 0; i < 5; i++) {
            assertInstanceOf(Verification.Valid.class, verifier.verify(token));
        }
        assertEquals(1, fetches.get());
    }

    @Test
    void aNewKidTriggersExactlyOneFetchAndVerifies() {
        StrictTokenVerifier verifier = verifier(jwksUrl, Duration.ofMinutes(1), Duration.ofSeconds(30));
        assertInstanceOf(Verification.Valid.class, verifier.verify(mint(keyA)));
        served.set(jwks(keyA, keyB));

        assertInstanceOf(Verification.Valid.class, verifier.verify(mint(keyB)));
        assertInstanceOf(Verification.Valid.class, verifier.verify(mint(keyB)));
        assertEquals(2, fetches.get());
    }

    @Test
    void rejectsAFloodOfUnknownKidsWithAtMostTwoFetchesPerRateLimitWindow() {
        StrictTokenVerifier verifier = verifier(jwksUrl, Duration.ofMinutes(1), Duration.ofSeconds(30));
        assertInstanceOf(Verification.Valid.class, verifier.verify(mint(keyA)));

        for (int i = 0; i < 200; i++) {
            String forged = signedWithKid(keyA, "kid-" + UUID.randomUUID());
            assertEquals(new Verification.Rejected(RejectionReason.UNKNOWN_KEY), verifier.verify(forged));
        }

        assertTrue(fetches.get() <= 2, fetches.get() + " fetches");
        assertInstanceOf(Verification.Valid.class, verifier.verify(mint(keyA)), "known keys keep verifying");
    }

    @Test
    void rejectsAFloodOfUnknownKidsOnAColdCacheWithAtMostTwoFetches() {
        StrictTokenVerifier verifier = verifier(jwksUrl, Duration.ofMinutes(1), Duration.ofSeconds(30));

        for (int i = 0; i < 200; i++) {
            String forged = signedWithKid(keyA, "kid-" + UUID.randomUUID());
            assertEquals(new Verification.Rejected(RejectionReason.UNKNOWN_KEY), verifier.verify(forged));
        }

        assertTrue(fetches.get() <= 2, fetches.get() + " fetches");
    }

    @Test
    void keepsVerifyingKnownKeysThroughAnOutageAfterTheCacheTtl() throws InterruptedException {
        StrictTokenVerifier verifier = verifier(jwksUrl, Duration.ofSeconds(1), Duration.ofMillis(500));
        String token = mint(keyA);
        assertInstanceOf(Verification.Valid.class, verifier.verify(token));
        status.set(503);

        Thread.sleep(1_200); // Nimbus's cache TTL runs on the system clock

        assertInstanceOf(Verification.Valid.class, verifier.verify(token));
        assertTrue(failedFetches.get() >= 1, "the expired cache must have tried the failing server");
    }

    @Test
    void rejectsOnAColdStartWhileTheServerAnswers503() {
        status.set(503);
        StrictTokenVerifier verifier = verifier(jwksUrl, Duration.ofMinutes(1), Duration.ofSeconds(30));
        String token = mint(keyA);

        for (int i = 0; i < 5; i++) { // also once Nimbus rate-limits the retries
            assertEquals(new Verification.Rejected(RejectionReason.KEYS_UNAVAILABLE), verifier.verify(token));
        }
    }

    @Test
    void rejectsOnAColdStartWhileTheServerIsUnreachable() throws IOException {
        int closedPort;
        try (ServerSocket socket = new ServerSocket(0, 1, java.net.InetAddress.getByName("127.0.0.1"))) {
            closedPort = socket.getLocalPort();
        }
        URI unreachable = URI.create("http://127.0.0.1:" + closedPort + "/.well-known/jwks.json");
        StrictTokenVerifier verifier = verifier(unreachable, Duration.ofMinutes(1), Duration.ofSeconds(30));
        String token = mint(keyA);

        for (int i = 0; i < 5; i++) { // also once Nimbus rate-limits the retries
            assertEquals(new Verification.Rejected(RejectionReason.KEYS_UNAVAILABLE), verifier.verify(token));
        }
    }

    @Test
    void rejectsATokenSignedByAKeyTheServerDoesNotPublish() {
        StrictTokenVerifier verifier = verifier(jwksUrl, Duration.ofMinutes(1), Duration.ofSeconds(30));

        assertEquals(new Verification.Rejected(RejectionReason.UNKNOWN_KEY), verifier.verify(mint(keyB)));
    }

    @Test
    void refusesARateLimitNotShorterThanTheCacheTtl() {
        ConfigurationException e = assertThrows(ConfigurationException.class,
                () -> config(jwksUrl, Duration.ofSeconds(1), Duration.ofSeconds(30)));
        assertEquals(ConfigKeys.JWKS_RATE_LIMIT, e.key());
        assertTrue(e.getMessage().contains(ConfigKeys.JWKS_CACHE_TTL), e.getMessage());
    }

    // --- helpers ---

    private MultiSessionConfig config(URI url, Duration cacheTtl, Duration rateLimit) {
        return MultiSessionConfig.builder()
                .mode(Mode.VERIFIER)
                .issuer(ISSUER)
                .jwksUrl(url)
                .jwksCacheTtl(cacheTtl)
                .jwksRefreshTimeout(Duration.ofMillis(200))
                .jwksRateLimit(rateLimit)
                .jwksOutageTolerance(Duration.ofHours(1))
                .clock(clock)
                .build();
    }

    private StrictTokenVerifier verifier(URI url, Duration cacheTtl, Duration rateLimit) {
        MultiSessionConfig config = config(url, cacheTtl, rateLimit);
        JWKSource<SecurityContext> source = VerificationKeys.forConfig(config, null);
        sources.add(source);
        return new StrictTokenVerifier(config, source);
    }

    private String mint(SigningKeys keys) {
        MultiSessionConfig issuerConfig = MultiSessionConfig.builder().issuer(ISSUER).clock(clock).build();
        Instant now = clock.instant();
        Session session = Session.builder().id(Ids.newSessionId(clock)).clientId(Ids.newClientId(clock))
                .user(User.of("user_42")).createdAt(now).expiresAt(now.plus(Duration.ofDays(1))).build();
        return new TokenIssuer(issuerConfig, keys).mint(session, Optional.empty()).value();
    }

    /** A token otherwise valid, signed by {@code keys} but naming {@code kid}. */
    private String signedWithKid(SigningKeys keys, String kid) {
        try {
            SignedJWT valid = SignedJWT.parse(mint(keys));
            SignedJWT forged = new SignedJWT(new JWSHeader.Builder(JWSAlgorithm.RS256).type(JOSEObjectType.JWT).keyID(kid).build(),
                    valid.getJWTClaimsSet());
            forged.sign(keys.signer());
            return forged.serialize();
        } catch (Exception e) {
            throw new IllegalStateException(e);
        }
    }

    private static String jwks(SigningKeys... keys) {
        List<JWK> all = new ArrayList<>();
        for (SigningKeys k : keys) {
            all.addAll(k.publicJwkSet().getKeys());
        }
        return new JWKSet(all).toString(true);
    }
}
