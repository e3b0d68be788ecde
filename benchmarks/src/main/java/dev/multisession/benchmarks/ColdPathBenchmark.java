package dev.multisession.benchmarks;

import dev.multisession.core.engine.MultiSession;
import dev.multisession.core.keys.VerificationKeys;
import dev.multisession.core.selection.RequestView;
import dev.multisession.core.token.StrictTokenVerifier;
import dev.multisession.core.token.TokenVerifier;
import dev.multisession.core.token.Verification;
import org.openjdk.jmh.annotations.Benchmark;
import org.openjdk.jmh.annotations.BenchmarkMode;
import org.openjdk.jmh.annotations.Level;
import org.openjdk.jmh.annotations.Mode;
import org.openjdk.jmh.annotations.OutputTimeUnit;
import org.openjdk.jmh.annotations.Scope;
import org.openjdk.jmh.annotations.Setup;
import org.openjdk.jmh.annotations.State;

import java.util.Optional;
import java.util.concurrent.TimeUnit;

/**
 * The cold path: the first sight of a token on this node, i.e. the full strict verification of
 * docs/how-it-works.md: "Session token" (form and length, header, algorithm allow-list, key by {@code kid}, RS256 signature,
 * every claim). {@link StrictTokenVerifier} keeps no cache, so each operation does the complete
 * work; it cycles through {@value #POOL} distinct tokens so no string or branch is warmer than on
 * a real first sight. A first-sight request costs this plus the hot path plus one cache insert.
 */
@State(Scope.Thread)
@BenchmarkMode(Mode.AverageTime)
@OutputTimeUnit(TimeUnit.MICROSECONDS)
public class ColdPathBenchmark {
    static final int POOL = 256;

    private TokenVerifier strict;
    private String[] tokens;
    private int next;

    @Setup(Level.Trial)
    public void setUp() {
        Fixture fixture = Fixture.signedIn(Fixture.config().build(), 1);
        MultiSession engine = fixture.engine();
        tokens = new String[POOL];
        RequestView newBrowser = RequestView.builder().path(Fixture.PATH).origin(Fixture.ORIGIN).build();
        for (int i = 0; i < POOL; i++) {
            tokens[i] = engine.signIn(newBrowser, Fixture.user(i), Optional.of(Fixture.organization(i))).token();
        }
        strict = new StrictTokenVerifier(fixture.configuration(),
                VerificationKeys.forConfig(fixture.configuration(), fixture.keys()));
        for (String t : tokens) {
            HotPathBenchmark.require(strict.verify(t) instanceof Verification.Valid, "a pooled token did not verify");
        }
    }

    @Benchmark
    public Verification strictVerify() {
        String token = tokens[next];
        next = (next + 1) & (POOL - 1);
        return strict.verify(token);
    }
}
