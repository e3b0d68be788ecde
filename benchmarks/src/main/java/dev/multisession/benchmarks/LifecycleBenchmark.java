package dev.multisession.benchmarks;

import dev.multisession.core.config.MultiSessionConfig;
import dev.multisession.core.engine.AuthResult;
import dev.multisession.core.engine.MultiSession;
import dev.multisession.core.engine.OrganizationChange;
import dev.multisession.core.engine.SignInResult;
import dev.multisession.core.model.Organization;
import dev.multisession.core.selection.RequestView;
import org.openjdk.jmh.annotations.Benchmark;
import org.openjdk.jmh.annotations.BenchmarkMode;
import org.openjdk.jmh.annotations.Level;
import org.openjdk.jmh.annotations.Mode;
import org.openjdk.jmh.annotations.OutputTimeUnit;
import org.openjdk.jmh.annotations.Scope;
import org.openjdk.jmh.annotations.Setup;
import org.openjdk.jmh.annotations.State;
import org.openjdk.jmh.annotations.TearDown;

import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneId;
import java.time.ZoneOffset;
import java.util.Optional;
import java.util.Set;
import java.util.concurrent.TimeUnit;

/**
 * What the rare requests cost, minting included (one RS256 signature each, 2048-bit key):
 *
 * <ul>
 *   <li>{@link #signIn}: a new browser signs in (new client, new session in the in-memory store,
 *       token minted, two cookies written).</li>
 *   <li>{@link #switchSession}: make session 1 last-active (store read, client cookie rewritten; no mint).</li>
 *   <li>{@link #switchOrganization}: change session 1's active organization (store update, new token minted).</li>
 *   <li>{@link #refresh}: a request whose token is in the last 15 s of its 60 s life (the defaults):
 *       the store is asked whether the session is still active, a fresh token is minted and its
 *       cookie written, in the same request. A controlled clock advances 50 s per operation so
 *       each one really refreshes (checked at tear-down).</li>
 * </ul>
 */
@State(Scope.Thread)
@BenchmarkMode(Mode.AverageTime)
@OutputTimeUnit(TimeUnit.MICROSECONDS)
public class LifecycleBenchmark {
    private MultiSession engine;
    private RequestView newBrowser;
    private RequestView fiveSessions;
    private Organization otherOrganization;
    private int signIns;

    private SteppedRefresh refreshing;

    @Setup(Level.Trial)
    public void setUp() {
        Fixture fixture = Fixture.signedIn(Fixture.config().build(), Fixture.SESSIONS);
        engine = fixture.engine();
        newBrowser = RequestView.builder().path("/sign-in").method("POST").origin(Fixture.ORIGIN).build();
        fiveSessions = fixture.requestView(null);
        otherOrganization = Organization.builder("org_2NNErSwcPkKYfmvKcmXtdK5C2Kc", "globex").name("Globex Corporation")
                .role("org:admin").permissions(Set.of("org:invoices:read", "org:invoices:write", "org:members:manage"))
                .build();
        HotPathBenchmark.require(switchOrganization().isSignedIn() && switchSession().isSignedIn(), "switch failed");

        // Refresh: default token lifetime (60 s) and refresh window (15 s), a clock we step.
        SteppingClock clock = new SteppingClock(Instant.parse("2030-01-01T00:00:00Z"));
        MultiSessionConfig config = MultiSessionConfig.builder().issuer(Fixture.ISSUER)
                .sessionLifetime(Duration.ofDays(3650)).clock(clock).build();
        Fixture one = Fixture.signedIn(config, 1);
        refreshing = new SteppedRefresh(one.engine(), clock, one.cookies());
        refreshing.warmUp("refresh benchmark's");
    }

    @TearDown(Level.Trial)
    public void checkEveryRefreshMinted() {
        refreshing.requireEveryRequestRefreshed();
    }

    @Benchmark
    public SignInResult signIn() {
        int i = signIns++;
        return engine.signIn(newBrowser, Fixture.user(i % 5), Optional.of(Fixture.organization(i % 5)));
    }

    @Benchmark
    public AuthResult switchSession() {
        return engine.switchTo(fiveSessions, Optional.of("1"), OrganizationChange.keep()).after();
    }

    @Benchmark
    public AuthResult switchOrganization() {
        return engine.switchTo(fiveSessions, Optional.of("1"), OrganizationChange.to(otherOrganization)).after();
    }

    @Benchmark
    public AuthResult refresh() {
        return refreshing.next();
    }

    /** A clock that moves only when told to. */
    static final class SteppingClock extends Clock {
        private volatile long millis;

        SteppingClock(Instant start) {
            this.millis = start.toEpochMilli();
        }

        void step(Duration d) {
            millis += d.toMillis();
        }

        @Override
        public ZoneId getZone() {
            return ZoneOffset.UTC;
        }

        @Override
        public Clock withZone(ZoneId zone) {
            return this;
        }

        @Override
        public long millis() {
            return millis;
        }

        @Override
        public Instant instant() {
            return Instant.ofEpochMilli(millis);
        }
    }
}
