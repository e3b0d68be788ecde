package dev.multisession.core.store;

import com.github.benmanes.caffeine.cache.Cache;
import com.github.benmanes.caffeine.cache.Caffeine;
import com.github.benmanes.caffeine.cache.Expiry;
import com.github.benmanes.caffeine.cache.RemovalCause;
import dev.multisession.core.config.MultiSessionConfig;
import dev.multisession.core.model.Session;
import dev.multisession.core.model.SessionStatus;

import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.Comparator;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.TimeUnit;

/**
 * The default {@link SessionStore}: one node's memory, on Caffeine. Entries expire at the
 * session's absolute lifetime; ended sessions are kept until then too, so a refresh sees
 * "ended" rather than "unknown". Secondary indexes by client and by user make listing cheap.
 *
 * <pre>{@code
 * SessionStore store = new InMemorySessionStore(config);
 * }</pre>
 *
 * <p>Sessions do not survive a restart and are not shared between nodes; use a shared store
 * for that.
 */
public final class InMemorySessionStore implements SessionStore {
    private final Clock clock;
    private final Duration touchInterval;
    private final Cache<String, Session> sessions;
    private final Map<String, Set<String>> byClient = new ConcurrentHashMap<>();
    private final Map<String, Set<String>> byUser = new ConcurrentHashMap<>();

    public InMemorySessionStore(MultiSessionConfig config) {
        this.clock = config.clock();
        this.touchInterval = config.touchInterval();
        this.sessions = Caffeine.newBuilder()
                .ticker(() -> TimeUnit.MILLISECONDS.toNanos(clock.millis()))
                .expireAfter(new Expiry<String, Session>() {
                    @Override
                    public long expireAfterCreate(String id, Session s, long currentTime) {
                        return untilEnd(s);
                    }

                    @Override
                    public long expireAfterUpdate(String id, Session s, long currentTime, long currentDuration) {
                        return untilEnd(s);
                    }

                    @Override
                    public long expireAfterRead(String id, Session s, long currentTime, long currentDuration) {
                        return currentDuration;
                    }
                })
                .removalListener((String id, Session s, RemovalCause cause) -> {
                    if (id != null && s != null && cause != RemovalCause.REPLACED) {
                        unindex(s);
                    }
                })
                .executor(Runnable::run)
                .build();
    }

    private long untilEnd(Session s) {
        long nanos = TimeUnit.MILLISECONDS.toNanos(s.expiresAt().toEpochMilli() - clock.millis());
        return Math.max(0, nanos);
    }

    @Override
    public void create(Session session) {
        Objects.requireNonNull(session, "session");
        addTo(byClient, session.clientId(), session.id());
        addTo(byUser, session.userId(), session.id());
        sessions.put(session.id(), session);
    }

    @Override
    public Optional<Session> find(String sessionId) {
        if (sessionId == null) {
            return Optional.empty();
        }
        return Optional.ofNullable(sessions.getIfPresent(sessionId)).map(this::withLiveStatus);
    }

    @Override
    public Optional<Session> touch(String sessionId, Instant now) {
        if (sessionId == null) {
            return Optional.empty();
        }
        Session result = sessions.asMap().computeIfPresent(sessionId, (id, s) -> {
            if (s.isActiveAt(now) && !now.isBefore(s.lastActiveAt().plus(touchInterval))) {
                return s.toBuilder().lastActiveAt(now).build();
            }
            return s;
        });
        return Optional.ofNullable(result).map(this::withLiveStatus);
    }

    @Override
    public void update(Session session) {
        sessions.asMap().computeIfPresent(session.id(), (id, old) -> session);
    }

    @Override
    public Optional<Session> revoke(String sessionId, SessionStatus status) {
        return Optional.ofNullable(end(sessionId, status)[0]);
    }

    /** Ends a session if it is still active; returns {before, after-if-this-call-ended-it}. */
    private Session[] end(String sessionId, SessionStatus status) {
        Objects.requireNonNull(status, "status");
        Session[] result = new Session[2];
        if (sessionId == null) {
            return result;
        }
        sessions.asMap().computeIfPresent(sessionId, (id, s) -> {
            result[0] = s;
            if (s.status() != SessionStatus.ACTIVE) {
                return s;
            }
            result[1] = s.toBuilder().status(status).build();
            return result[1];
        });
        return result;
    }

    @Override
    public int revokeByClient(String clientId, SessionStatus status) {
        int ended = 0;
        for (Session s : listByClient(clientId)) {
            // count only the sessions this call ended: one ended concurrently by another caller is not counted twice
            if (s.status() == SessionStatus.ACTIVE && end(s.id(), status)[1] != null) {
                ended++;
            }
        }
        return ended;
    }

    @Override
    public List<Session> listByClient(String clientId) {
        return list(byClient.get(clientId));
    }

    @Override
    public List<Session> listByUser(String userId) {
        return list(byUser.get(userId));
    }

    private List<Session> list(Set<String> ids) {
        if (ids == null) {
            return List.of();
        }
        return ids.stream()
                .map(this::find)
                .flatMap(Optional::stream)
                .sorted(Comparator.comparing(Session::id))
                .toList();
    }

    /** Reports a session past either lifetime as {@link SessionStatus#EXPIRED}. */
    private Session withLiveStatus(Session s) {
        if (s.status() == SessionStatus.ACTIVE && !s.isActiveAt(clock.instant())) {
            return s.toBuilder().status(SessionStatus.EXPIRED).build();
        }
        return s;
    }

    /** Runs Caffeine's pending maintenance now (expired entries are evicted and unindexed); for tests. */
    void cleanUp() {
        sessions.cleanUp();
    }

    /** True when a secondary index (by client or by user) still lists this id; for tests. */
    boolean isIndexed(String sessionId) {
        return byClient.values().stream().anyMatch(ids -> ids.contains(sessionId))
                || byUser.values().stream().anyMatch(ids -> ids.contains(sessionId));
    }

    private void unindex(Session s) {
        removeFrom(byClient, s.clientId(), s.id());
        removeFrom(byUser, s.userId(), s.id());
    }

    private static void addTo(Map<String, Set<String>> index, String key, String id) {
        index.compute(key, (k, ids) -> {
            Set<String> set = ids == null ? ConcurrentHashMap.newKeySet() : ids;
            set.add(id);
            return set;
        });
    }

    private static void removeFrom(Map<String, Set<String>> index, String key, String id) {
        index.computeIfPresent(key, (k, ids) -> {
            ids.remove(id);
            return ids.isEmpty() ? null : ids;
        });
    }
}
