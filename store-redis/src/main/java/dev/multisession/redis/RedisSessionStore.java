package dev.multisession.redis;

import dev.multisession.core.config.MultiSessionConfig;
import dev.multisession.core.model.Ids;
import dev.multisession.core.model.Session;
import dev.multisession.core.model.SessionStatus;
import dev.multisession.core.model.Tasks;
import dev.multisession.core.store.AtCapPolicy;
import dev.multisession.core.store.Mutation;
import dev.multisession.core.store.NewSession;
import dev.multisession.core.store.RefreshRead;
import dev.multisession.core.store.RevocationListener;
import dev.multisession.core.store.SessionChange;
import dev.multisession.core.store.SessionStore;
import dev.multisession.core.store.SignInOutcome;
import dev.multisession.core.store.StoreUnavailableException;
import redis.clients.jedis.AbstractPipeline;
import redis.clients.jedis.JedisSocketFactory;
import redis.clients.jedis.RedisClusterClient;
import redis.clients.jedis.Response;
import redis.clients.jedis.UnifiedJedis;
import redis.clients.jedis.exceptions.JedisException;
import redis.clients.jedis.exceptions.JedisNoScriptException;
import redis.clients.jedis.exceptions.JedisRedirectionException;

import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.time.Clock;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.HexFormat;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Objects;
import java.util.Optional;
import java.util.Set;
import java.util.UUID;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.function.BiFunction;

/**
 * A {@link SessionStore} shared by every node of an app, on Redis: one server, a Redis Cluster or
 * a master found through Redis Sentinel (see {@link RedisSettings}; the client is Jedis's
 * {@code RedisClient}, {@code RedisClusterClient} or {@code RedisSentinelClient}, held as their
 * common {@code UnifiedJedis}). Chosen with {@code multisession.store=redis} (see
 * {@link RedisStoreProvider}).
 *
 * <pre>{@code
 * try (RedisSessionStore store = new RedisSessionStore(RedisSettings.fromUrl("redis://localhost:6379"), config)) {
 *     MultiSession engine = MultiSession.builder(config).sessionStore(store).build();
 * }
 * RedisSessionStore onCluster = new RedisSessionStore(RedisSettings.cluster(Set.of(
 *         new HostAndPort("redis-1", 6379), new HostAndPort("redis-2", 6379))), config);
 * }</pre>
 *
 * <p><b>Keys</b> (all under the {@linkplain RedisSettings#keyPrefix prefix} {@code P}; one browser's
 * keys share the hash tag {@code {c:<clientId>}}, so a Cluster keeps them in one slot):
 * <ul>
 * <li>{@code P{c:<clientId>}:s:<sessionId>}: the session, a JSON string ({@link SessionJson});
 *     expires at the session's absolute expiry, so ended sessions are retained until then;</li>
 * <li>{@code P{c:<clientId>}:idx}: the set of the browser's session ids; expires with its
 *     latest session; ids of expired records are dropped by the next script that reads it;</li>
 * <li>{@code Psid:<sessionId>}: the session's client id, for the operations that are given
 *     only a session id ({@link #change}, {@link #find}); written before the sign-in script,
 *     expiring with the session; a pointer to nothing reads as unknown;</li>
 * <li>{@code Pu:<userId>}: the set of {@code "<sessionId> <clientId>"} of the user, for
 *     {@link #listByUser}; written before the sign-in script, cleaned lazily.</li>
 * </ul>
 *
 * <p><b>Atomicity</b>: every operation that reads, decides and writes is one Lua script on the
 * browser's slot (EVALSHA, falling back to EVAL when the server has forgotten the script, e.g.
 * after a restart), mirroring {@link dev.multisession.core.store.InMemorySessionStore} and
 * {@link dev.multisession.core.store.SessionPolicy}; nothing is ever half applied.
 *
 * <p><b>Round trips</b>: {@link #signIn} takes two: the two lookup-key scripts in one pipeline
 * (on a Cluster, one per node holding them, read in parallel), then the sign-in script once
 * both succeeded. {@link #readForRefresh}, {@link #revoke}, {@link #revokeClient} and
 * {@link #listByClient} are one script each; {@link #change} and {@link #find} first read the
 * session's lookup key; {@link #listByUser} reads the user's set, then each session.
 *
 * <p><b>Time</b>: see {@link TimeSource}. <b>Revocation</b>: the scripts that end sessions
 * PUBLISH their ids on {@code Prevoked} (classic pub/sub, which a Cluster delivers on every
 * node); this node's listeners are told at once, other nodes' by their subscriber thread (see
 * {@link RevocationSubscriber}), which subscribes on the server, on any reachable Cluster node,
 * or on the master the sentinels name.
 *
 * <p><b>Failure</b>: every Redis error (refused connection, timeout, an error reply) is a
 * {@link StoreUnavailableException} naming the operation and the exception class, never a key,
 * id or credential. The Cluster and Sentinel forms ask their seed nodes or sentinels when the
 * store is made, so there an unreachable Redis fails the constructor the same way; the
 * one-server form connects on first use.
 */
public final class RedisSessionStore implements SessionStore, AutoCloseable {

    /** Whose clock judges "active", expiry and activity. */
    public enum TimeSource {
        /**
         * The {@code now} each operation is given (for {@link #signIn}, the session's
         * {@code createdAt}), and the configuration's clock for {@link #find} and the listings.
         * For tests driving time by hand, and for apps whose nodes' clocks are kept in step.
         */
        CALLER,
        /**
         * Redis's clock ({@code TIME} inside each script): nodes with skewed clocks agree on
         * when a session expired and in which order activity happened. The default.
         */
        REDIS
    }

    private static final System.Logger LOG = System.getLogger(RedisSessionStore.class.getName());
    /** How long a user-index member may point to no session before it is dropped: a sign-in in flight. */
    static final long SIGN_IN_GRACE_MILLIS = 60_000;

    private static final String COMMON = resource("common.lua");
    private static final Script SIGN_IN = new Script("sign_in");
    private static final Script LINK = new Script("link");
    private static final Script REFRESH = new Script("refresh");
    private static final Script CHANGE = new Script("change");
    private static final Script REVOKE = new Script("revoke");
    private static final Script REVOKE_CLIENT = new Script("revoke_client");
    private static final Script FIND = new Script("find");
    private static final Script LIST = new Script("list");

    private final RedisSettings settings;
    private final UnifiedJedis redis;
    /** Reads the answers of a sign-in's pipeline from several Cluster nodes at once; null in the other forms. */
    private final ExecutorService pipelineReaders;
    private final Clock clock;
    private final long touchMillis;
    private final String prefix;
    private final String channel;
    /** This store's name in broadcasts, so the subscriber skips what this node already told. */
    private final String origin = UUID.randomUUID().toString();
    private final List<RevocationListener> listeners = new CopyOnWriteArrayList<>();
    private final RevocationSubscriber subscriber;

    /**
     * A store on the Redis the settings describe. The one-server form connects on first use; the
     * Cluster and Sentinel forms ask their seed nodes or sentinels now.
     *
     * @throws StoreUnavailableException when no seed node or sentinel answers (Cluster, Sentinel)
     */
    public RedisSessionStore(RedisSettings settings, MultiSessionConfig config) {
        this(settings, config, null);
    }

    /** @param standaloneSockets for tests: the socket factory of the one-server form, or null for Jedis's own */
    RedisSessionStore(RedisSettings settings, MultiSessionConfig config, JedisSocketFactory standaloneSockets) {
        this.settings = Objects.requireNonNull(settings, "settings");
        this.clock = config.clock();
        this.touchMillis = config.touchInterval().toMillis();
        this.prefix = settings.keyPrefix();
        this.channel = prefix + "revoked";
        this.redis = RedisClients.open(settings, standaloneSockets);
        this.pipelineReaders = redis instanceof RedisClusterClient ? Executors.newCachedThreadPool(r -> {
            Thread t = new Thread(r, "multisession-redis-pipeline");
            t.setDaemon(true);
            return t;
        }) : null;
        this.subscriber = new RevocationSubscriber(settings, RedisClients.subscriptionNodes(settings, redis), channel,
                origin, this::tellListeners, this::tellMissed);
    }

    /** The settings this store was made with. */
    public RedisSettings settings() {
        return settings;
    }

    // ------------------------------------------------------------------ keys

    private String browserTag(String clientId) {
        return prefix + "{c:" + clientId + "}";
    }

    private String sessionPrefix(String clientId) {
        return browserTag(clientId) + ":s:";
    }

    private String sessionKey(String clientId, String sessionId) {
        return sessionPrefix(clientId) + sessionId;
    }

    private String indexKey(String clientId) {
        return browserTag(clientId) + ":idx";
    }

    private String sidKey(String sessionId) {
        return prefix + "sid:" + sessionId;
    }

    private String userKey(String userId) {
        return prefix + "u:" + userId;
    }

    /** ARGV[1] of every script: the caller's time, or '' for Redis's clock. */
    private String now(Instant callerNow) {
        return settings.timeSource() == TimeSource.REDIS ? "" : Long.toString(callerNow.toEpochMilli());
    }

    // ------------------------------------------------------------------ operations

    @Override
    public SignInOutcome signIn(NewSession request) {
        Session fresh = request.session();
        String op = "signIn";
        String at = now(fresh.createdAt());
        String exp = Long.toString(fresh.expiresAt().toEpochMilli());
        // The lookup keys first (other slots), both in one pipeline: a sign-in that fails or is
        // refused leaves only pointers to nothing, which read as unknown and are cleaned lazily.
        runPipelined(op, LINK, List.of(
                new Call(List.of(sidKey(fresh.id())), List.of(at, "value", fresh.clientId(), exp)),
                new Call(List.of(userKey(fresh.userId())), List.of(at, "member", fresh.id() + " " + fresh.clientId(), exp))))
                .forEach(link -> link.expect(op, "OK"));
        Reply r = run(op, SIGN_IN, List.of(indexKey(fresh.clientId())), List.of(
                at, SessionJson.write(fresh), Integer.toString(request.cap()),
                request.atCap() == AtCapPolicy.REFUSE ? "REFUSE" : "EVICT",
                request.replaceSameUser() ? "1" : "0", sessionPrefix(fresh.clientId()), channel, origin));
        if (r.code.equals("REFUSED")) {
            return new SignInOutcome.Refused(request.cap());
        }
        r.expect(op, "CREATED");
        Session created = r.session(op, 0);
        List<Session> ended = r.sessionsFrom(op, 1);
        tellListeners(ids(ended));
        return new SignInOutcome.Created(created, ended);
    }

    @Override
    public RefreshRead readForRefresh(String sessionId, String clientId, Instant now) {
        if (!Ids.isSessionId(sessionId) || !Ids.isClientId(clientId)) {
            return new RefreshRead.Gone(RefreshRead.Why.UNKNOWN);
        }
        String op = "readForRefresh";
        Reply r = run(op, REFRESH, List.of(sessionKey(clientId, sessionId)),
                List.of(now(now), Long.toString(touchMillis), clientId));
        return switch (r.code) {
            case "ACTIVE" -> new RefreshRead.Active(r.session(op, 0));
            case "GONE" -> new RefreshRead.Gone(RefreshRead.Why.of(r.session(op, 0).status()));
            default -> new RefreshRead.Gone(RefreshRead.Why.UNKNOWN);
        };
    }


    @Override
    public Mutation change(String sessionId, long expectedVersion, SessionChange change, Instant now) {
        Objects.requireNonNull(change, "change");
        if (!Ids.isSessionId(sessionId)) {
            return Mutation.of(Mutation.Outcome.UNKNOWN, null);
        }
        String op = "change";
        String clientId = clientOf(op, sessionId);
        if (clientId == null) {
            return Mutation.of(Mutation.Outcome.UNKNOWN, null);
        }
        String kind;
        String payload;
        if (change instanceof SessionChange.ActiveOrganization org) {
            kind = "org";
            payload = org.organization().map(SessionJson::writeOrganization).orElse("");
        } else if (change instanceof SessionChange.ChooseOrganization choose) {
            kind = "chooseorg";
            payload = SessionJson.writeOrganization(choose.organization());
        } else if (change instanceof SessionChange.AddTask add) {
            kind = "addtask";
            payload = add.task();
        } else if (change instanceof SessionChange.CompleteTask done) {
            kind = "completetask";
            payload = done.task();
        } else if (change instanceof SessionChange.Index idx) {
            kind = "index";
            payload = Integer.toString(idx.index());
        } else {
            kind = "touch";
            payload = "";
        }
        Reply r = run(op, CHANGE, List.of(sessionKey(clientId, sessionId), indexKey(clientId)),
                List.of(now(now), Long.toString(expectedVersion), kind, payload, sessionPrefix(clientId),
                        Integer.toString(Tasks.MAX_TASKS)));
        return switch (r.code) {
            case "APPLIED" -> Mutation.applied(r.session(op, 0));
            case "NOT_ACTIVE" -> Mutation.of(Mutation.Outcome.NOT_ACTIVE, withLiveStatus(r.session(op, 0), r.now));
            case "STALE" -> Mutation.of(Mutation.Outcome.STALE, r.session(op, 0));
            case "INDEX_TAKEN" -> Mutation.of(Mutation.Outcome.INDEX_TAKEN, r.session(op, 0));
            case "TASK_NOT_CURRENT" -> Mutation.of(Mutation.Outcome.TASK_NOT_CURRENT, r.session(op, 0));
            case "TOO_MANY_TASKS" -> Mutation.of(Mutation.Outcome.TOO_MANY_TASKS, r.session(op, 0));
            default -> Mutation.of(Mutation.Outcome.UNKNOWN, null);
        };
    }

    @Override
    public Optional<Session> revoke(String sessionId, String clientId, SessionStatus status, Instant now) {
        requireFinal(status);
        if (!Ids.isSessionId(sessionId) || !Ids.isClientId(clientId)) {
            return Optional.empty();
        }
        String op = "revoke";
        Reply r = run(op, REVOKE, List.of(sessionKey(clientId, sessionId)),
                List.of(now(now), clientId, status.name(), channel, origin));
        if (!r.code.equals("ENDED")) {
            return Optional.empty();
        }
        Session ended = r.session(op, 0);
        tellListeners(Set.of(ended.id()));
        return Optional.of(ended);
    }

    @Override
    public List<Session> revokeClient(String clientId, SessionStatus status, Instant now) {
        requireFinal(status);
        if (!Ids.isClientId(clientId)) {
            return List.of();
        }
        String op = "revokeClient";
        Reply r = run(op, REVOKE_CLIENT, List.of(indexKey(clientId)),
                List.of(now(now), status.name(), sessionPrefix(clientId), channel, origin));
        r.expect(op, "ENDED");
        List<Session> ended = r.sessionsFrom(op, 0);
        tellListeners(ids(ended));
        return List.copyOf(ended);
    }

    private static void requireFinal(SessionStatus status) {
        if (Objects.requireNonNull(status, "status").isLive()) {
            throw new IllegalArgumentException("a session is ended with a final status, not " + status);
        }
    }

    @Override
    public Optional<Session> find(String sessionId) {
        if (!Ids.isSessionId(sessionId)) {
            return Optional.empty();
        }
        String op = "find";
        String clientId = clientOf(op, sessionId);
        return clientId == null ? Optional.empty() : read(op, clientId, sessionId);
    }

    private Optional<Session> read(String op, String clientId, String sessionId) {
        Reply r = run(op, FIND, List.of(sessionKey(clientId, sessionId)), List.of(now(clock.instant())));
        if (!r.code.equals("FOUND")) {
            return Optional.empty();
        }
        return Optional.of(withLiveStatus(r.session(op, 0), r.now));
    }

    @Override
    public List<Session> listByClient(String clientId) {
        if (!Ids.isClientId(clientId)) {
            return List.of();
        }
        String op = "listByClient";
        Reply r = run(op, LIST, List.of(indexKey(clientId)), List.of(now(clock.instant()), sessionPrefix(clientId)));
        r.expect(op, "LIST");
        List<Session> out = new ArrayList<>();
        for (Session s : r.sessionsFrom(op, 0)) {
            out.add(withLiveStatus(s, r.now));
        }
        out.sort(Comparator.comparing(Session::id));
        return out;
    }

    @Override
    public List<Session> listByUser(String userId) {
        if (userId == null || userId.isEmpty()) {
            return List.of();
        }
        String op = "listByUser";
        String key = userKey(userId);
        Set<String> members;
        try {
            members = redis.smembers(key);
        } catch (JedisException e) {
            throw unavailable(op, e);
        }
        List<Session> out = new ArrayList<>();
        for (String member : members) {
            int space = member.indexOf(' ');
            String sessionId = space < 0 ? member : member.substring(0, space);
            String clientId = space < 0 ? "" : member.substring(space + 1);
            Optional<Session> s = Ids.isSessionId(sessionId) && Ids.isClientId(clientId)
                    ? read(op, clientId, sessionId) : Optional.empty();
            if (s.isPresent() && s.get().userId().equals(userId)) {
                out.add(s.get());
            } else if (s.isEmpty() && pointsToNothingForGood(sessionId)) {
                try {
                    redis.srem(key, member);                        // lazily forget a pointer to nothing
                } catch (JedisException e) {
                    throw unavailable(op, e);
                }
            }
        }
        out.sort(Comparator.comparing(Session::id));
        return out;
    }

    /**
     * True when a user-index member whose session the store does not know may be dropped: its
     * id is malformed, or it was minted more than {@link #SIGN_IN_GRACE_MILLIS} ago. A younger
     * one may belong to a sign-in whose lookup keys are written and whose sign-in script has not
     * run yet; removing it then would lose that session from the index for good.
     */
    private boolean pointsToNothingForGood(String sessionId) {
        return !Ids.isSessionId(sessionId) || clock.millis() - Ids.sessionIdMillis(sessionId) > SIGN_IN_GRACE_MILLIS;
    }

    /** The client id a session id belongs to, or null when the store does not know it. */
    private String clientOf(String op, String sessionId) {
        String clientId;
        try {
            clientId = redis.get(sidKey(sessionId));
        } catch (JedisException e) {
            throw unavailable(op, e);
        }
        return Ids.isClientId(clientId) ? clientId : null;
    }

    /** Reports a session past either lifetime at {@code nowMillis} as {@link SessionStatus#EXPIRED}. */
    private static Session withLiveStatus(Session s, long nowMillis) {
        if (s.status().isLive() && !s.isActiveAt(Instant.ofEpochMilli(nowMillis))) {
            return s.toBuilder().status(SessionStatus.EXPIRED).build();
        }
        return s;
    }

    // ------------------------------------------------------------------ listeners

    @Override
    public void addRevocationListener(RevocationListener listener) {
        listeners.add(Objects.requireNonNull(listener, "listener"));
        subscriber.start(settings.timeout());
    }

    private static Set<String> ids(List<Session> sessions) {
        Set<String> ids = new LinkedHashSet<>();
        sessions.forEach(s -> ids.add(s.id()));
        return ids;
    }

    /** Tells every listener; a listener that throws is logged (its class only) and the others are still told. */
    private void tellListeners(Set<String> ids) {
        if (ids.isEmpty() || listeners.isEmpty()) {
            return;
        }
        Set<String> view = Set.copyOf(ids);
        for (RevocationListener l : listeners) {
            try {
                l.sessionsEnded(view);
            } catch (RuntimeException e) {
                LOG.log(System.Logger.Level.WARNING, "multisession: revocation listener " + l.getClass().getName()
                        + " failed with " + e.getClass().getName());
            }
        }
    }

    private void tellMissed() {
        for (RevocationListener l : listeners) {
            try {
                l.endedSessionsMayHaveBeenMissed();
            } catch (RuntimeException e) {
                LOG.log(System.Logger.Level.WARNING, "multisession: revocation listener " + l.getClass().getName()
                        + " failed with " + e.getClass().getName());
            }
        }
    }

    /** True while this node's subscriber holds its subscription to the revocation channel; for tests and health checks. */
    public boolean isSubscribed() {
        return subscriber.isSubscribed();
    }

    /** Stops the subscriber and closes the connection pools. */
    @Override
    public void close() {
        subscriber.close();
        redis.close();
        if (pipelineReaders != null) {
            pipelineReaders.shutdownNow();
        }
    }

    // ------------------------------------------------------------------ scripts

    private Reply run(String op, Script script, List<String> keys, List<String> args) {
        return Reply.of(op, answerOf(op, script, new Call(keys, args)));
    }

    /** One script call on its own: EVALSHA, EVAL when the server has forgotten the script; a Cluster follows redirections. */
    private Object answerOf(String op, Script script, Call call) {
        try {
            try {
                return redis.evalsha(script.sha, call.keys(), call.args());
            } catch (JedisNoScriptException e) {
                return redis.eval(script.source, call.keys(), call.args());    // also caches it again
            }
        } catch (JedisException e) {
            throw unavailable(op, e);
        }
    }

    /** One script call: its keys and arguments. */
    private record Call(List<String> keys, List<String> args) {
    }

    /**
     * Runs a script once per call in one pipeline (one round trip per node; a Cluster groups the
     * calls by node and reads the nodes' answers in parallel) and waits for every answer. Calls
     * the server answered NOSCRIPT (it has forgotten the script, e.g. after a restart) are sent
     * again with EVAL, in one more pipeline; a call a Cluster node redirected (its slot moved:
     * resharding, failover) is sent again on its own through the client, which follows the
     * redirection and updates its slot map. Any other error is a {@link StoreUnavailableException}.
     */
    private List<Reply> runPipelined(String op, Script script, List<Call> calls) {
        List<Object> answers = new ArrayList<>(pipeline(op, calls, (p, c) -> p.evalsha(script.sha, c.keys(), c.args())));
        List<Integer> forgotten = new ArrayList<>();
        for (int i = 0; i < answers.size(); i++) {
            if (answers.get(i) instanceof JedisNoScriptException) {
                forgotten.add(i);
            }
        }
        if (!forgotten.isEmpty()) {
            List<Call> again = forgotten.stream().map(calls::get).toList();
            List<Object> retried = pipeline(op, again, (p, c) -> p.eval(script.source, c.keys(), c.args()));
            for (int j = 0; j < forgotten.size(); j++) {
                answers.set(forgotten.get(j), retried.get(j));
            }
        }
        List<Reply> replies = new ArrayList<>(answers.size());
        for (int i = 0; i < answers.size(); i++) {
            Object answer = answers.get(i);
            if (answer instanceof JedisRedirectionException) {
                answer = answerOf(op, script, calls.get(i));   // a redirected call did not run: safe to send again
            } else if (answer instanceof JedisException e) {
                throw unavailable(op, e);                        // an error answer, e.g. of the script
            }
            replies.add(Reply.of(op, answer));
        }
        return replies;
    }

    /**
     * Sends one command per call in one pipeline and returns, in order, each answer or the
     * {@link JedisException} the server answered for it; a broken connection is a
     * {@link StoreUnavailableException}.
     */
    private List<Object> pipeline(String op, List<Call> calls, BiFunction<AbstractPipeline, Call, Response<Object>> send) {
        List<Response<Object>> responses = new ArrayList<>(calls.size());
        try (AbstractPipeline p = redis instanceof RedisClusterClient cluster
                ? cluster.pipelined(pipelineReaders) : redis.pipelined()) {
            for (Call c : calls) {
                responses.add(send.apply(p, c));
            }
            p.sync();
        } catch (JedisException e) {
            throw unavailable(op, e);
        }
        List<Object> out = new ArrayList<>(responses.size());
        for (Response<Object> r : responses) {
            try {
                out.add(r.get());
            } catch (JedisException e) {
                out.add(e);                      // the server's error answer to this call
            } catch (IllegalStateException e) {
                // no answer at all: a Cluster pipeline leaves unanswered the calls of a node whose connection broke
                throw unavailable(op, e);
            }
        }
        return out;
    }

    static StoreUnavailableException unavailable(String op, Exception e) {
        return new StoreUnavailableException("Redis session store: " + op + " failed with " + e.getClass().getName(), e);
    }

    private static String resource(String name) {
        try (InputStream in = RedisSessionStore.class.getResourceAsStream(name)) {
            if (in == null) {
                throw new IllegalStateException("script " + name + " is missing from the multisession-redis jar");
            }
            return new String(in.readAllBytes(), StandardCharsets.UTF_8);
        } catch (IOException e) {
            throw new IllegalStateException("script " + name + " cannot be read from the multisession-redis jar", e);
        }
    }

    /** A script: the common functions, then its own body; its SHA-1 for EVALSHA. */
    private static final class Script {
        final String source;
        final String sha;

        Script(String name) {
            this.source = COMMON + resource(name + ".lua");
            try {
                this.sha = HexFormat.of().formatHex(MessageDigest.getInstance("SHA-1")
                        .digest(source.getBytes(StandardCharsets.UTF_8)));
            } catch (NoSuchAlgorithmException e) {
                throw new IllegalStateException("SHA-1 is missing from this JVM", e);
            }
        }
    }

    /** A script's answer: { code, now (epoch millis), session JSON... }. */
    private static final class Reply {
        final String code;
        final long now;
        final List<String> records;

        private Reply(String code, long now, List<String> records) {
            this.code = code;
            this.now = now;
            this.records = records;
        }

        static Reply of(String op, Object answer) {
            if (!(answer instanceof List<?> list) || list.size() < 2) {
                throw new StoreUnavailableException("Redis session store: " + op + " got an answer of an unexpected form");
            }
            List<String> records = new ArrayList<>(list.size() - 2);
            for (Object o : list.subList(2, list.size())) {
                records.add(text(o));
            }
            Object now = list.get(1);
            long millis = now instanceof Number n ? n.longValue() : Long.parseLong(text(now));
            return new Reply(text(list.get(0)), millis, records);
        }

        private static String text(Object o) {
            return o instanceof byte[] b ? new String(b, StandardCharsets.UTF_8) : String.valueOf(o);
        }

        void expect(String op, String expected) {
            if (!code.equals(expected)) {
                throw new StoreUnavailableException("Redis session store: " + op + " got an unexpected answer");
            }
        }

        Session session(String op, int i) {
            if (records.size() <= i) {
                throw new StoreUnavailableException("Redis session store: " + op + " got an answer without its session");
            }
            return parse(op, records.get(i));
        }

        List<Session> sessionsFrom(String op, int from) {
            List<Session> out = new ArrayList<>();
            for (int i = from; i < records.size(); i++) {
                out.add(parse(op, records.get(i)));
            }
            return out;
        }

        private static Session parse(String op, String raw) {
            try {
                return SessionJson.read(raw);
            } catch (IllegalArgumentException e) {
                throw new StoreUnavailableException("Redis session store: " + op + " read a session record it cannot use", e);
            }
        }
    }
}
