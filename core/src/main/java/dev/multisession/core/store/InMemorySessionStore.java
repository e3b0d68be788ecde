package dev.multisession.core.store;

import com.github.benmanes.caffeine.cache.Cache;
import com.github.benmanes.caffeine.cache.Caffeine;
import com.github.benmanes.caffeine.cache.Expiry;
import com.github.benmanes.caffeine.cache.RemovalCause;
import dev.multisession.core.config.MultiSessionConfig;
import dev.multisession.core.model.Session;
import dev.multisession.core.model.SessionStatus;
import dev.multisession.core.model.Tasks;

import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.HashSet;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.TimeUnit;

/**
 * The default {@link SessionStore}: one node's memory, on Caffeine. Every change of one
 * browser's sessions runs under that browser's lock, so each operation is atomic; reads take no
 * lock. Entries expire at the session's absolute lifetime; ended sessions are kept until then,
 * so a refresh sees "ended" rather than "unknown".
 *
 * <pre>{@code
 * SessionStore store = new InMemorySessionStore(config);
 * }</pre>
 *
 * <p>Sessions do not survive a restart and are not shared between nodes; use a shared store
 * ({@code multisession.store}) for that.
 */
public final class InMemorySessionStore implements SessionStore {
    private static final int LOCK_STRIPES = 64;

    private final Clock clock;
    private final Duration touchInterval;
    private final Cache<String, Session> sessions;
    private final Map<String, Set<String>> byClient = new ConcurrentHashMap<>();
    private final Map<String, Set<String>> byUser = new ConcurrentHashMap<>();
    private final Object[] locks = new Object[LOCK_STRIPES];
    private final List<RevocationListener> listeners = new CopyOnWriteArrayList<>();

    public InMemorySessionStore(MultiSessionConfig config) {
        this.clock = config.clock();
        this.touchInterval = config.touchInterval();
        for (int i = 0; i < locks.length; i++) {
            locks[i] = new Object();
        }
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

    private Object lockFor(String clientId) {
        return locks[Math.floorMod(clientId.hashCode(), LOCK_STRIPES)];
    }

    @Override
    public SignInOutcome signIn(NewSession request) {
        Session fresh = request.session();
        Instant now = fresh.createdAt();
        List<Session> ended = new ArrayList<>();
        Session created;
        synchronized (lockFor(fresh.clientId())) {
            List<Session> all = stored(byClient.get(fresh.clientId()));
            List<Session> active = new ArrayList<>();
            Set<Integer> recentlyEnded = new HashSet<>();
            for (Session s : all) {
                if (s.isActiveAt(now)) {
                    active.add(s);
                } else {
                    recentlyEnded.add(s.index());
                }
            }
            int preferred = -1;
            Session same = request.replaceSameUser() ? active.stream()
                    .filter(s -> s.userId().equals(fresh.userId())).findFirst().orElse(null) : null;
            int activeAfterReplace = active.size() - (same == null ? 0 : 1);
            if (activeAfterReplace >= request.cap() && request.atCap() == AtCapPolicy.REFUSE) {
                return new SignInOutcome.Refused(request.cap());
            }
            if (same != null) {
                ended.add(endLocked(same, SessionStatus.ENDED));
                active.remove(same);
                preferred = same.index();
            }
            while (active.size() >= request.cap()) {
                Session victim = SessionPolicy.evictionVictim(active).orElseThrow();
                ended.add(endLocked(victim, SessionStatus.REMOVED));
                active.remove(victim);
                recentlyEnded.add(victim.index());
            }
            Set<Integer> activeIndexes = new HashSet<>();
            active.forEach(s -> activeIndexes.add(s.index()));
            int index = SessionPolicy.indexFor(request.cap(), activeIndexes, recentlyEnded, preferred);
            created = fresh.toBuilder().index(index).status(SessionStatus.ACTIVE).version(0).build(); // pending with tasks
            addTo(byClient, created.clientId(), created.id());
            addTo(byUser, created.userId(), created.id());
            sessions.put(created.id(), created);
        }
        announce(ended);
        return new SignInOutcome.Created(created, ended);
    }

    @Override
    public RefreshRead readForRefresh(String sessionId, String clientId, Instant now) {
        Session s = sessionId == null ? null : sessions.getIfPresent(sessionId);
        if (s == null || !s.clientId().equals(clientId)) {
            return new RefreshRead.Gone(RefreshRead.Why.UNKNOWN);
        }
        synchronized (lockFor(clientId)) {
            s = sessions.getIfPresent(sessionId);
            if (s == null) {
                return new RefreshRead.Gone(RefreshRead.Why.UNKNOWN);
            }
            if (!s.isActiveAt(now)) {
                return new RefreshRead.Gone(RefreshRead.Why.of(s.status()));
            }
            if (!now.isBefore(s.lastActiveAt().plus(touchInterval))) {
                s = s.toBuilder().lastActiveAt(now).build();
                sessions.put(s.id(), s);
            }
            return new RefreshRead.Active(s);
        }
    }


    @Override
    public Mutation change(String sessionId, long expectedVersion, SessionChange change, Instant now) {
        Objects.requireNonNull(change, "change");
        Session s = sessionId == null ? null : sessions.getIfPresent(sessionId);
        if (s == null) {
            return Mutation.of(Mutation.Outcome.UNKNOWN, null);
        }
        synchronized (lockFor(s.clientId())) {
            s = sessions.getIfPresent(sessionId);
            if (s == null) {
                return Mutation.of(Mutation.Outcome.UNKNOWN, null);
            }
            if (!s.isActiveAt(now)) {
                return Mutation.of(Mutation.Outcome.NOT_ACTIVE, withLiveStatus(s));
            }
            if (expectedVersion != ANY_VERSION && s.version() != expectedVersion) {
                return Mutation.of(Mutation.Outcome.STALE, s);
            }
            Session after;
            if (change instanceof SessionChange.ActiveOrganization org) {
                after = s.toBuilder().activeOrganization(org.organization().orElse(null)).lastActiveAt(later(s, now))
                        .version(s.version() + 1).build();
            } else if (change instanceof SessionChange.ChooseOrganization choose) {
                List<String> tasks = s.currentTask().filter(Tasks.CHOOSE_ORGANIZATION::equals).isPresent()
                        ? s.tasks().subList(1, s.tasks().size()) : s.tasks();
                after = s.toBuilder().activeOrganization(choose.organization()).tasks(tasks).lastActiveAt(later(s, now))
                        .version(s.version() + 1).build();
            } else if (change instanceof SessionChange.AddTask add) {
                if (s.tasks().contains(add.task())) {
                    return Mutation.applied(s);
                }
                if (s.tasks().size() >= Tasks.MAX_TASKS) {
                    return Mutation.of(Mutation.Outcome.TOO_MANY_TASKS, s);
                }
                List<String> tasks = new ArrayList<>(s.tasks());
                tasks.add(add.task());
                after = s.toBuilder().tasks(tasks).version(s.version() + 1).build();
            } else if (change instanceof SessionChange.CompleteTask done) {
                if (!s.currentTask().filter(done.task()::equals).isPresent()) {
                    return Mutation.of(Mutation.Outcome.TASK_NOT_CURRENT, s);
                }
                after = s.toBuilder().tasks(s.tasks().subList(1, s.tasks().size())).version(s.version() + 1).build();
            } else if (change instanceof SessionChange.Index idx) {
                Session current = s;
                boolean taken = stored(byClient.get(s.clientId())).stream()
                        .anyMatch(o -> !o.id().equals(current.id()) && o.isActiveAt(now) && o.index() == idx.index());
                if (taken) {
                    return Mutation.of(Mutation.Outcome.INDEX_TAKEN, s);
                }
                after = s.toBuilder().index(idx.index()).version(s.version() + 1).build();
            } else {
                after = s.toBuilder().lastActiveAt(later(s, now)).build();
            }
            sessions.put(after.id(), after);
            return Mutation.applied(after);
        }
    }

    private static Instant later(Session s, Instant now) {
        return now.isAfter(s.lastActiveAt()) ? now : s.lastActiveAt();
    }

    @Override
    public Optional<Session> revoke(String sessionId, String clientId, SessionStatus status, Instant now) {
        requireFinal(status);
        Session s = sessionId == null ? null : sessions.getIfPresent(sessionId);
        if (s == null || !s.clientId().equals(clientId)) {
            return Optional.empty();
        }
        Session ended;
        synchronized (lockFor(clientId)) {
            s = sessions.getIfPresent(sessionId);
            if (s == null || !s.isActiveAt(now)) {
                return Optional.empty(); // already ended, or past a lifetime (reads as expired)
            }
            ended = endLocked(s, status);
        }
        announce(List.of(ended));
        return Optional.of(ended);
    }

    @Override
    public List<Session> revokeClient(String clientId, SessionStatus status, Instant now) {
        requireFinal(status);
        if (clientId == null) {
            return List.of();
        }
        List<Session> ended = new ArrayList<>();
        synchronized (lockFor(clientId)) {
            for (Session s : stored(byClient.get(clientId))) {
                if (s.isActiveAt(now)) {
                    ended.add(endLocked(s, status));
                }
            }
        }
        announce(ended);
        return List.copyOf(ended);
    }

    private static void requireFinal(SessionStatus status) {
        if (Objects.requireNonNull(status, "status").isLive()) {
            throw new IllegalArgumentException("a session is ended with a final status, not " + status);
        }
    }

    /** Ends a session; the caller holds its browser's lock and has checked it is ACTIVE. */
    private Session endLocked(Session s, SessionStatus status) {
        Session ended = s.toBuilder().status(status).version(s.version() + 1).build();
        sessions.put(ended.id(), ended);
        return ended;
    }

    private void announce(List<Session> ended) {
        if (ended.isEmpty() || listeners.isEmpty()) {
            return;
        }
        Set<String> ids = new LinkedHashSet<>();
        ended.forEach(s -> ids.add(s.id()));
        Set<String> view = Set.copyOf(ids);
        for (RevocationListener l : listeners) {
            try {
                l.sessionsEnded(view);
            } catch (RuntimeException e) {
                System.getLogger(InMemorySessionStore.class.getName()).log(System.Logger.Level.WARNING,
                        "multisession: revocation listener " + l.getClass().getName() + " failed with " + e.getClass().getName());
            }
        }
    }

    @Override
    public void addRevocationListener(RevocationListener listener) {
        listeners.add(Objects.requireNonNull(listener, "listener"));
    }

    @Override
    public Optional<Session> find(String sessionId) {
        if (sessionId == null) {
            return Optional.empty();
        }
        return Optional.ofNullable(sessions.getIfPresent(sessionId)).map(this::withLiveStatus);
    }

    @Override
    public List<Session> listByClient(String clientId) {
        return list(clientId == null ? null : byClient.get(clientId));
    }

    @Override
    public List<Session> listByUser(String userId) {
        return list(userId == null ? null : byUser.get(userId));
    }

    private List<Session> list(Set<String> ids) {
        return stored(ids).stream().map(this::withLiveStatus).sorted(Comparator.comparing(Session::id)).toList();
    }

    /** The stored sessions of these ids, as stored (no status rewrite). */
    private List<Session> stored(Set<String> ids) {
        if (ids == null) {
            return List.of();
        }
        List<Session> out = new ArrayList<>(ids.size());
        for (String id : ids) {
            Session s = sessions.getIfPresent(id);
            if (s != null) {
                out.add(s);
            }
        }
        return out;
    }

    /** Reports a session past either lifetime as {@link SessionStatus#EXPIRED}. */
    private Session withLiveStatus(Session s) {
        if (s.status().isLive() && !s.isActiveAt(clock.instant())) {
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
