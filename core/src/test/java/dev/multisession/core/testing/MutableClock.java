package dev.multisession.core.testing;

import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneId;
import java.time.ZoneOffset;
import java.util.concurrent.atomic.AtomicReference;

/**
 * A clock tests move by hand; {@linkplain #ticking() ticking}, it also runs on its own. Thread-safe.
 */
public final class MutableClock extends Clock {
    private final AtomicReference<Instant> now;
    /** For a ticking clock, the {@link System#nanoTime()} at its start; otherwise null. */
    private final Long startNanos;

    public MutableClock(Instant start) {
        this(start, null);
    }

    private MutableClock(Instant start, Long startNanos) {
        this.now = new AtomicReference<>(start);
        this.startNanos = startNanos;
    }

    /**
     * Real time from now on, plus whatever the test {@linkplain #advance advances}: for code
     * that waits for time to pass (a circuit breaker's cool-down) in tests that also jump ahead.
     */
    public static MutableClock ticking() {
        return new MutableClock(Instant.now(), System.nanoTime());
    }

    /** Starts at a fixed, whole-second instant. */
    public static MutableClock atFixedStart() {
        return new MutableClock(Instant.parse("2026-01-15T10:00:00Z"));
    }

    public void advance(Duration d) {
        now.updateAndGet(t -> t.plus(d));
    }

    public void set(Instant instant) {
        now.set(instant);
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
    public Instant instant() {
        return startNanos == null ? now.get() : now.get().plusNanos(System.nanoTime() - startNanos);
    }

    @Override
    public long millis() {
        return instant().toEpochMilli();
    }
}
