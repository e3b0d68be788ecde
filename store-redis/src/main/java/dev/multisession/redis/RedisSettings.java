package dev.multisession.redis;

import dev.multisession.core.config.ConfigValues;
import dev.multisession.core.config.ConfigurationException;
import redis.clients.jedis.DefaultJedisClientConfig;
import redis.clients.jedis.HostAndPort;
import redis.clients.jedis.JedisClientConfig;
import redis.clients.jedis.SslOptions;
import redis.clients.jedis.SslVerifyMode;

import java.net.URI;
import java.net.URISyntaxException;
import java.net.URLDecoder;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Collections;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Objects;
import java.util.Set;

/**
 * Where and how {@link RedisSessionStore} reaches Redis, in one of three deployment forms:
 * <ul>
 * <li><b>one server</b>: {@link #fromUrl} a {@code redis://[user:password@]host[:port][/db]} URL
 *     ({@code rediss://} for TLS), or {@link #of(String, int)};</li>
 * <li><b>Redis Cluster</b>: {@link #cluster} seed nodes, from which the client learns the
 *     cluster's slots and nodes;</li>
 * <li><b>Redis Sentinel</b>: {@link #sentinel} the master's name and the sentinels that are
 *     asked where the master is now;</li>
 * </ul>
 * plus {@linkplain #credentials credentials} and {@linkplain #tls TLS} (in the URL form they come
 * from the URL), the key prefix, the timeout (connect and socket), the pool size and the
 * {@link RedisSessionStore.TimeSource}. Immutable: every method returns new settings, and a bad
 * value fails at once, naming the setting. {@link #toString()} never shows the password.
 *
 * <pre>{@code
 * RedisSettings one = RedisSettings.fromUrl("redis://localhost:6379")
 *     .keyPrefix("ms:").timeout(Duration.ofMillis(500)).poolSize(16);
 * RedisSettings cluster = RedisSettings.cluster(Set.of(new HostAndPort("redis-1", 6379), new HostAndPort("redis-2", 6379)))
 *     .credentials("app", password).tls(true);
 * RedisSettings sentinel = RedisSettings.sentinel("mymaster", Set.of(new HostAndPort("sentinel-1", 26379)));
 * }</pre>
 */
public final class RedisSettings {
    public static final String DEFAULT_KEY_PREFIX = "ms:";
    public static final Duration DEFAULT_TIMEOUT = Duration.ofMillis(500);
    public static final int DEFAULT_POOL_SIZE = 16;
    private static final int DEFAULT_PORT = 6379;

    /** The deployment form. */
    enum Topology {
        /** One server (the URL form). */
        STANDALONE,
        /** Redis Cluster, from seed nodes. */
        CLUSTER,
        /** A master found through Redis Sentinel. */
        SENTINEL
    }

    private final Topology topology;
    /** The server (STANDALONE), the seed nodes (CLUSTER) or the sentinels (SENTINEL); in the order given. */
    private final List<HostAndPort> nodes;
    private final String master;
    private final String user;
    private final String password;
    private final int database;
    private final boolean tls;
    private final String keyPrefix;
    private final Duration timeout;
    private final int poolSize;
    private final RedisSessionStore.TimeSource timeSource;

    private RedisSettings(Topology topology, List<HostAndPort> nodes, String master, String user, String password,
                          int database, boolean tls, String keyPrefix, Duration timeout, int poolSize,
                          RedisSessionStore.TimeSource timeSource) {
        this.topology = topology;
        this.nodes = nodes;
        this.master = master;
        this.user = user;
        this.password = password;
        this.database = database;
        this.tls = tls;
        this.keyPrefix = keyPrefix;
        this.timeout = timeout;
        this.poolSize = poolSize;
        this.timeSource = timeSource;
    }

    private static RedisSettings defaults(Topology topology, List<HostAndPort> nodes, String master) {
        return new RedisSettings(topology, nodes, master, null, null, 0, false, DEFAULT_KEY_PREFIX, DEFAULT_TIMEOUT,
                DEFAULT_POOL_SIZE, RedisSessionStore.TimeSource.REDIS);
    }

    /** One server at {@code host:port}, no credentials, database 0, no TLS, defaults for the rest. */
    public static RedisSettings of(String host, int port) {
        return defaults(Topology.STANDALONE, List.of(new HostAndPort(host, port)), null);
    }

    /**
     * A Redis Cluster reached through these seed nodes (any reachable one tells the client the
     * rest); database 0, the only one a cluster has.
     *
     * @throws IllegalArgumentException when no node is given
     */
    public static RedisSettings cluster(Set<HostAndPort> seedNodes) {
        return defaults(Topology.CLUSTER, hosts("the cluster's seed nodes", seedNodes), null);
    }

    /**
     * The master that these sentinels know by the name {@code master} (as in their
     * {@code sentinel monitor <master> ...}); the sentinels are asked where it is, and again after
     * a failover. Credentials and TLS apply to the data nodes; TLS applies to the sentinels too.
     *
     * @throws IllegalArgumentException when no sentinel is given or the name is blank or holds white space
     */
    public static RedisSettings sentinel(String master, Set<HostAndPort> sentinels) {
        Objects.requireNonNull(master, "master");
        if (master.isBlank() || master.chars().anyMatch(c -> Character.isWhitespace(c) || Character.isISOControl(c))) {
            throw new IllegalArgumentException("the sentinel master name must not be empty or hold white space");
        }
        return defaults(Topology.SENTINEL, hosts("the sentinels", sentinels), master);
    }

    private static List<HostAndPort> hosts(String what, Set<HostAndPort> given) {
        Objects.requireNonNull(given, what);
        if (given.isEmpty()) {
            throw new IllegalArgumentException(what + " must name at least one host:port");
        }
        List<HostAndPort> out = new ArrayList<>(given.size());
        for (HostAndPort h : given) {
            out.add(Objects.requireNonNull(h, what + " must not hold null"));
        }
        return Collections.unmodifiableList(out);
    }

    /**
     * Settings from a URL; a malformed one is a {@link ConfigurationException} naming
     * {@link RedisKnownKeys#URL}. The message never repeats the URL's user information.
     */
    public static RedisSettings fromUrl(String url) {
        return fromUrl(RedisKnownKeys.URL, url);
    }

    static RedisSettings fromUrl(String key, String url) {
        String form = "write redis://[user:password@]host:port[/db] (rediss:// for TLS)";
        if (url == null || url.isBlank()) {
            throw new ConfigurationException(key, "is empty; " + form);
        }
        URI uri;
        try {
            uri = new URI(url.trim());
        } catch (URISyntaxException e) {
            // The input may hold a password: say what is wrong, never echo it.
            throw new ConfigurationException(key, "is not a URL; " + form
                    + " (percent-encode special characters of the user and password)");
        }
        String scheme = uri.getScheme();
        boolean ssl;
        if ("redis".equalsIgnoreCase(scheme)) {
            ssl = false;
        } else if ("rediss".equalsIgnoreCase(scheme)) {
            ssl = true;
        } else {
            throw new ConfigurationException(key, "must start with redis:// or rediss://"
                    + (scheme == null ? "" : ", not " + printableScheme(scheme) + "://") + "; " + form);
        }
        String host = uri.getHost();
        if (host == null || host.isEmpty()) {
            throw new ConfigurationException(key, "names no host (" + shown(uri) + "); " + form);
        }
        int port = uri.getPort() == -1 ? DEFAULT_PORT : uri.getPort();
        int database = 0;
        String path = uri.getRawPath();
        if (path != null && !path.isEmpty() && !path.equals("/")) {
            try {
                database = Integer.parseInt(path.substring(1));
            } catch (NumberFormatException e) {
                database = -1;
            }
            if (database < 0) {
                throw new ConfigurationException(key, "has a path that is not a database number (" + shown(uri)
                        + "); " + form);
            }
        }
        if (uri.getRawQuery() != null || uri.getRawFragment() != null) {
            throw new ConfigurationException(key, "has a query or fragment, which is not supported (" + shown(uri)
                    + "); " + form + " and set timeouts with multisession.redis.timeout");
        }
        String user = null;
        String password = null;
        String info = uri.getRawUserInfo();
        if (info != null && !info.isEmpty()) {
            int colon = info.indexOf(':');
            if (colon < 0) {
                password = decode(info);                      // redis://password@host, as Jedis reads it
            } else {
                user = colon == 0 ? null : decode(info.substring(0, colon));
                password = decode(info.substring(colon + 1));
            }
        }
        return new RedisSettings(Topology.STANDALONE, List.of(new HostAndPort(host, port)), null, user, password,
                database, ssl, DEFAULT_KEY_PREFIX, DEFAULT_TIMEOUT, DEFAULT_POOL_SIZE, RedisSessionStore.TimeSource.REDIS);
    }

    /**
     * A comma-separated list of {@code host:port} ({@code [v6addr]:port} for IPv6 literals) from
     * the value of {@code key}; a bad entry is a {@link ConfigurationException} naming the key
     * and the entry (an entry that looks as if it held credentials is not repeated).
     */
    static Set<HostAndPort> hostsAndPorts(String key, String raw) {
        String example = "write host:port entries separated by commas, e.g. redis-1:6379,redis-2:6379";
        if (raw == null || raw.isBlank()) {
            throw new ConfigurationException(key, "is empty; " + example);
        }
        Set<HostAndPort> out = new LinkedHashSet<>();
        for (String part : raw.split(",")) {
            String entry = part.trim();
            if (entry.isEmpty()) {
                continue;
            }
            if (entry.contains("@") || entry.contains("//")) {
                throw new ConfigurationException(key, "has an entry that is not host:port (it holds '@' or '//');"
                        + " the entries are bare host:port, credentials go in " + RedisKnownKeys.USER + " and "
                        + RedisKnownKeys.PASSWORD + " and TLS in " + RedisKnownKeys.TLS + "; " + example);
            }
            out.add(hostAndPort(key, entry, example));
        }
        if (out.isEmpty()) {
            throw new ConfigurationException(key, "names no host:port; " + example);
        }
        return out;
    }

    private static HostAndPort hostAndPort(String key, String entry, String example) {
        String host;
        String port;
        if (entry.startsWith("[")) {
            int close = entry.indexOf(']');
            host = close < 0 ? "" : entry.substring(1, close);
            port = close < 0 || close + 1 >= entry.length() || entry.charAt(close + 1) != ':'
                    ? "" : entry.substring(close + 2);
        } else {
            int colon = entry.lastIndexOf(':');
            host = colon < 0 ? entry : entry.substring(0, colon);
            port = colon < 0 ? "" : entry.substring(colon + 1);
            if (host.contains(":")) {
                throw new ConfigurationException(key, "has the entry '" + ConfigValues.printable(entry)
                        + "', which is not host:port; write an IPv6 address in brackets, e.g. [::1]:6379");
            }
        }
        if (host.isEmpty() || host.chars().anyMatch(c -> Character.isWhitespace(c) || Character.isISOControl(c)
                || c == '/' || c == '[' || c == ']')) {
            throw new ConfigurationException(key, "has the entry '" + ConfigValues.printable(entry)
                    + "', which is not host:port (no usable host); " + example);
        }
        int p;
        try {
            p = port.isEmpty() ? -1 : Integer.parseInt(port);
        } catch (NumberFormatException e) {
            p = -1;
        }
        if (p < 1 || p > 65535) {
            throw new ConfigurationException(key, "has the entry '" + ConfigValues.printable(entry)
                    + "', which is not host:port (" + (port.isEmpty() ? "no port" : "the port is not 1 to 65535")
                    + "); " + example);
        }
        return new HostAndPort(host, p);
    }

    private static String decode(String s) {
        return URLDecoder.decode(s.replace("+", "%2B"), StandardCharsets.UTF_8);
    }

    private static String printableScheme(String scheme) {
        return scheme.length() > 12 ? scheme.substring(0, 12) + "…" : scheme;
    }

    /** The URL without its user information, for messages. */
    private static String shown(URI uri) {
        StringBuilder b = new StringBuilder(uri.getScheme()).append("://");
        if (uri.getRawUserInfo() != null) {
            b.append("***@");
        }
        b.append(uri.getHost() == null ? "" : uri.getHost());
        if (uri.getPort() != -1) {
            b.append(':').append(uri.getPort());
        }
        if (uri.getRawPath() != null) {
            b.append(uri.getRawPath());
        }
        return b.toString();
    }

    /**
     * Authenticates every data connection (AUTH, or HELLO with credentials): {@code user} may be
     * null for the default user (a password set with {@code requirepass}). Replaces what a URL
     * said. Sentinels are asked without credentials.
     *
     * @throws IllegalArgumentException when the password is empty or the user is empty or holds white space
     */
    public RedisSettings credentials(String user, String password) {
        Objects.requireNonNull(password, "password");
        if (password.isEmpty()) {
            throw new IllegalArgumentException("the password must not be empty");
        }
        if (user != null && (user.isEmpty() || user.chars().anyMatch(c -> Character.isWhitespace(c)
                || Character.isISOControl(c)))) {
            throw new IllegalArgumentException("the user must not be empty or hold white space");
        }
        return new RedisSettings(topology, nodes, master, user, password, database, tls, keyPrefix, timeout, poolSize,
                timeSource);
    }

    /**
     * TLS on every connection (default off; {@code rediss://} in the URL form), with the JVM's
     * trust store, checking the certificate chain and the host name. In the Sentinel form the
     * sentinels are reached with TLS too.
     */
    public RedisSettings tls(boolean on) {
        return new RedisSettings(topology, nodes, master, user, password, database, on, keyPrefix, timeout, poolSize,
                timeSource);
    }

    /** Every key the store writes starts with this (default {@value #DEFAULT_KEY_PREFIX}); no braces, no white space. */
    public RedisSettings keyPrefix(String prefix) {
        Objects.requireNonNull(prefix, "prefix");
        if (prefix.chars().anyMatch(c -> c == '{' || c == '}' || Character.isWhitespace(c) || Character.isISOControl(c))) {
            throw new IllegalArgumentException("the key prefix must not hold braces (hash tags), white space or control characters");
        }
        return new RedisSettings(topology, nodes, master, user, password, database, tls, prefix, timeout, poolSize,
                timeSource);
    }

    /**
     * Connect and socket timeout of every command (default 500 ms); a command that takes longer
     * is a store outage. On a Cluster a command may be retried on another node (a redirection,
     * a failing node) for up to five times this in all.
     */
    public RedisSettings timeout(Duration timeout) {
        if (timeout.isNegative() || timeout.isZero() || timeout.toMillis() > Integer.MAX_VALUE) {
            throw new IllegalArgumentException("the timeout must be positive and at most 24 days");
        }
        return new RedisSettings(topology, nodes, master, user, password, database, tls, keyPrefix, timeout, poolSize,
                timeSource);
    }

    /**
     * Most pooled connections (default {@value #DEFAULT_POOL_SIZE}), per node on a Cluster; a
     * thread waits at most the timeout for one.
     */
    public RedisSettings poolSize(int size) {
        if (size < 1) {
            throw new IllegalArgumentException("the pool size must be 1 or more");
        }
        return new RedisSettings(topology, nodes, master, user, password, database, tls, keyPrefix, timeout, size,
                timeSource);
    }

    /** Whose clock judges expiry and records activity (default {@link RedisSessionStore.TimeSource#REDIS}). */
    public RedisSettings timeSource(RedisSessionStore.TimeSource source) {
        return new RedisSettings(topology, nodes, master, user, password, database, tls, keyPrefix, timeout, poolSize,
                Objects.requireNonNull(source, "source"));
    }

    Topology topology() {
        return topology;
    }

    /** The server (one-server form), the seed nodes (Cluster) or the sentinels (Sentinel), in the order given. */
    List<HostAndPort> nodes() {
        return nodes;
    }

    /** The one server of the URL form. */
    HostAndPort hostAndPort() {
        if (topology != Topology.STANDALONE) {
            throw new IllegalStateException("the " + topology + " form has no single server");
        }
        return nodes.get(0);
    }

    /** The master's name of the Sentinel form, else null. */
    String sentinelMaster() {
        return master;
    }

    /** The database of the URL form; 0 in the Cluster and Sentinel forms. */
    public int database() {
        return database;
    }

    /** True when every connection uses TLS. */
    public boolean tls() {
        return tls;
    }

    public String keyPrefix() {
        return keyPrefix;
    }

    public Duration timeout() {
        return timeout;
    }

    public int poolSize() {
        return poolSize;
    }

    public RedisSessionStore.TimeSource timeSource() {
        return timeSource;
    }

    /** True when a user or password was given (never the values). */
    public boolean hasCredentials() {
        return user != null || password != null;
    }

    /** The client configuration of a data connection (server, cluster node, master) with this socket timeout. */
    JedisClientConfig clientConfig(int socketTimeoutMillis, String clientName) {
        DefaultJedisClientConfig.Builder b = DefaultJedisClientConfig.builder()
                .connectionTimeoutMillis((int) timeout.toMillis())
                .socketTimeoutMillis(socketTimeoutMillis)
                .database(database)
                .clientName(clientName);
        if (tls) {
            // TLS with the JVM's trust store; FULL checks the chain and the host name.
            b.sslOptions(SslOptions.builder().sslVerifyMode(SslVerifyMode.FULL).build());
        }
        if (user != null) {
            b.user(user);
        }
        if (password != null) {
            b.password(password);
        }
        return b.build();
    }

    /**
     * The client configuration of a connection to a sentinel: the timeout and TLS, no
     * credentials, the server's default protocol (Jedis talks RESP2 to sentinels).
     */
    JedisClientConfig sentinelConfig() {
        int millis = (int) timeout.toMillis();
        DefaultJedisClientConfig.Builder b = DefaultJedisClientConfig.builder()
                .connectionTimeoutMillis(millis)
                .socketTimeoutMillis(millis)
                .serverDefaultProtocol()
                .clientName("multisession-sentinel");
        if (tls) {
            b.sslOptions(SslOptions.builder().sslVerifyMode(SslVerifyMode.FULL).build());
        }
        return b.build();
    }

    @Override
    public String toString() {
        String where = switch (topology) {
            case STANDALONE -> (tls ? "rediss://" : "redis://") + (hasCredentials() ? "***@" : "") + nodes.get(0)
                    + "/" + database;
            case CLUSTER -> "cluster " + nodes + (hasCredentials() ? " with credentials" : "") + (tls ? " over TLS" : "");
            case SENTINEL -> "sentinel master " + master + " via " + nodes + (hasCredentials() ? " with credentials" : "")
                    + (tls ? " over TLS" : "");
        };
        return where + " (prefix " + keyPrefix + ", timeout " + timeout.toMillis() + " ms, pool " + poolSize + ", time "
                + timeSource + ")";
    }
}
