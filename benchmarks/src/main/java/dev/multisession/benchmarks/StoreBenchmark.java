package dev.multisession.benchmarks;

import com.nimbusds.jose.JWSAlgorithm;
import dev.multisession.core.config.MultiSessionConfig;
import dev.multisession.core.engine.AuthResult;
import dev.multisession.core.engine.MultiSession;
import dev.multisession.core.engine.SignInResult;
import dev.multisession.core.keys.SigningKeys;
import dev.multisession.core.selection.RequestView;
import dev.multisession.core.model.Ids;
import dev.multisession.core.model.Session;
import dev.multisession.core.store.AtCapPolicy;
import dev.multisession.core.store.InMemorySessionStore;
import dev.multisession.core.store.NewSession;
import dev.multisession.core.store.RefreshRead;
import dev.multisession.core.store.SignInOutcome;
import dev.multisession.core.store.SessionStore;
import dev.multisession.redis.RedisSessionStore;
import dev.multisession.redis.RedisSettings;
import org.openjdk.jmh.annotations.Benchmark;
import org.openjdk.jmh.annotations.BenchmarkMode;
import org.openjdk.jmh.annotations.Level;
import org.openjdk.jmh.annotations.Mode;
import org.openjdk.jmh.annotations.OutputTimeUnit;
import org.openjdk.jmh.annotations.Param;
import org.openjdk.jmh.annotations.Scope;
import org.openjdk.jmh.annotations.Setup;
import org.openjdk.jmh.annotations.State;
import org.openjdk.jmh.annotations.TearDown;

import java.io.File;
import java.io.IOException;
import java.net.ServerSocket;
import java.net.Socket;
import java.time.Duration;
import java.time.Instant;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.TimeUnit;

/**
 * Sign-in and in-line refresh through the engine (mint included, as in {@link LifecycleBenchmark})
 * on the in-memory store and on Redis: a {@code redis-server} started by the benchmark on a free
 * port of 127.0.0.1 (persistence off), the default settings of {@code multisession.store=redis}
 * except the time source ({@code CALLER}, so the benchmark's stepped clock drives expiry).
 * The difference between the two is what the shared store costs per operation: its round trips
 * (refresh 1, sign-in 2) over loopback plus the scripts' work in Redis. {@link #storeSignIn} and
 * {@link #storeReadForRefresh} measure the store alone, without the token's RSA signature.
 */
@State(Scope.Thread)
@BenchmarkMode(Mode.AverageTime)
@OutputTimeUnit(TimeUnit.MICROSECONDS)
public class StoreBenchmark {
    @Param({"memory", "redis"})
    public String store;

    private Process redis;
    private SessionStore sessionStore;
    private MultiSession engine;
    private RequestView newBrowser;
    private int signIns;

    private LifecycleBenchmark.SteppingClock clock;
    private SteppedRefresh refreshing;
    private String sessionId;
    private String clientId;

    @Setup(Level.Trial)
    public void setUp() throws Exception {
        Fixture.quietLogs();
        clock = new LifecycleBenchmark.SteppingClock(Instant.parse("2030-01-01T00:00:00Z"));
        MultiSessionConfig config = MultiSessionConfig.builder().issuer(Fixture.ISSUER)
                .sessionLifetime(Duration.ofDays(3650)).clock(clock).build();
        if (store.equals("redis")) {
            int port = freePort();
            redis = startRedis(port);
            sessionStore = new RedisSessionStore(RedisSettings.of("127.0.0.1", port)
                    .timeSource(RedisSessionStore.TimeSource.CALLER), config);
        } else {
            sessionStore = new InMemorySessionStore(config);
        }
        engine = MultiSession.builder(config).signingKeys(SigningKeys.generate(JWSAlgorithm.RS256))
                .sessionStore(sessionStore).build();
        newBrowser = RequestView.builder().path("/sign-in").method("POST").origin(Fixture.ORIGIN).build();

        Map<String, String> jar = new LinkedHashMap<>();
        SignInResult first = engine.signIn(newBrowser, Fixture.user(0), Optional.of(Fixture.organization(0)));
        Fixture.apply(jar, first.cookieWrites());
        sessionId = first.session().id();
        clientId = first.session().clientId();
        refreshing = new SteppedRefresh(engine, clock, jar);
        refreshing.warmUp("refresh benchmark's (" + store + ")");
    }

    @TearDown(Level.Trial)
    public void tearDown() throws Exception {
        refreshing.requireEveryRequestRefreshed();
        if (sessionStore instanceof AutoCloseable c) {
            c.close();
        }
        if (redis != null) {
            redis.destroyForcibly().waitFor(10, TimeUnit.SECONDS);
        }
    }

    /** A new browser signs in: new client, new session in the store, token minted, two cookies. */
    @Benchmark
    public SignInResult signIn() {
        int i = signIns++;
        return engine.signIn(newBrowser, Fixture.user(i % 5), Optional.of(Fixture.organization(i % 5)));
    }

    /** A request whose token is in its refresh window: one store read, a fresh token, its cookie. */
    @Benchmark
    public AuthResult refresh() {
        return refreshing.next();
    }

    /** The store alone: a new browser's sign-in (Redis: the two lookup keys in one pipeline, then the sign-in script). */
    @Benchmark
    public SignInOutcome storeSignIn() {
        // 1 ms of clock per sign-in and sessions of 1 s: at most about a thousand live at once in
        // either store (the in-memory store evicts at expiry, Redis keys expire), not millions
        clock.step(Duration.ofMillis(1));
        Instant now = clock.instant();
        Session session = Session.builder().id(Ids.newSessionId(clock)).clientId(Ids.newClientId(clock))
                .user(Fixture.user(signIns++ % 5)).createdAt(now).lastActiveAt(now)
                .expiresAt(now.plus(Duration.ofSeconds(1))).build();
        return sessionStore.signIn(NewSession.of(session, 5, AtCapPolicy.REFUSE));
    }

    /** The store alone: the refresh read (Redis: one script). */
    @Benchmark
    public RefreshRead storeReadForRefresh() {
        return sessionStore.readForRefresh(sessionId, clientId, clock.instant());
    }

    private static int freePort() throws IOException {
        try (ServerSocket s = new ServerSocket(0)) {
            return s.getLocalPort();
        }
    }

    private static Process startRedis(int port) throws Exception {
        File server = new File("/usr/bin/redis-server");
        if (!server.canExecute()) {
            throw new IllegalStateException("StoreBenchmark needs Debian's redis-server (apt-get install redis-server)");
        }
        Process p = new ProcessBuilder(server.getPath(), "--port", Integer.toString(port), "--bind", "127.0.0.1",
                "--save", "", "--appendonly", "no").redirectErrorStream(true)
                .redirectOutput(ProcessBuilder.Redirect.DISCARD).start();
        long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(10);
        while (System.nanoTime() < deadline) {
            try (Socket s = new Socket("127.0.0.1", port)) {
                return p;
            } catch (IOException e) {
                Thread.sleep(20);
            }
        }
        p.destroyForcibly();
        throw new IllegalStateException("redis-server did not listen on " + port + " within 10 s");
    }
}
