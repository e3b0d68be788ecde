package dev.multisession.redis;

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
import java.util.Objects;

/**
 * Where and how {@link RedisSessionStore} reaches Redis: one server (standalone), from a
 * {@code redis://[user:password@]host[:port][/db]} URL ({@code rediss://} for TLS, with host
 * name verification), plus the key prefix, the timeout (connect and socket), the pool size and
 * the {@link RedisSessionStore.TimeSource}. Immutable; {@link #toString()} never shows the password.
 *
 * <pre>{@code
 * RedisSettings settings = RedisSettings.fromUrl("redis://localhost:6379")
 *     .keyPrefix("ms:").timeout(Duration.ofMillis(500)).poolSize(16);
 * }</pre>
 */
public final class RedisSettings {
    public static final String DEFAULT_KEY_PREFIX = "ms:";
    public static final Duration DEFAULT_TIMEOUT = Duration.ofMillis(500);
    public static final int DEFAULT_POOL_SIZE = 16;
    private static final int DEFAULT_PORT = 6379;

    private final HostAndPort hostAndPort;
    private final String user;
    private final String password;
    private final int database;
    private final boolean ssl;
    private final String keyPrefix;
    private final Duration timeout;
    private final int poolSize;
    private final RedisSessionStore.TimeSource timeSource;

    private RedisSettings(HostAndPort hostAndPort, String user, String password, int database, boolean ssl,
                          String keyPrefix, Duration timeout, int poolSize, RedisSessionStore.TimeSource timeSource) {
        this.hostAndPort = hostAndPort;
        this.user = user;
        this.password = password;
        this.database = database;
        this.ssl = ssl;
        this.keyPrefix = keyPrefix;
        this.timeout = timeout;
        this.poolSize = poolSize;
        this.timeSource = timeSource;
    }

    /** One server at {@code host:port}, no credentials, database 0, no TLS, defaults for the rest. */
    public static RedisSettings of(String host, int port) {
        return new RedisSettings(new HostAndPort(host, port), null, null, 0, false, DEFAULT_KEY_PREFIX,
                DEFAULT_TIMEOUT, DEFAULT_POOL_SIZE, RedisSessionStore.TimeSource.REDIS);
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
        return new RedisSettings(new HostAndPort(host, port), user, password, database, ssl, DEFAULT_KEY_PREFIX,
                DEFAULT_TIMEOUT, DEFAULT_POOL_SIZE, RedisSessionStore.TimeSource.REDIS);
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

    /** Every key the store writes starts with this (default {@value #DEFAULT_KEY_PREFIX}); no braces, no white space. */
    public RedisSettings keyPrefix(String prefix) {
        Objects.requireNonNull(prefix, "prefix");
        if (prefix.chars().anyMatch(c -> c == '{' || c == '}' || Character.isWhitespace(c) || Character.isISOControl(c))) {
            throw new IllegalArgumentException("the key prefix must not hold braces (hash tags), white space or control characters");
        }
        return new RedisSettings(hostAndPort, user, password, database, ssl, prefix, timeout, poolSize, timeSource);
    }

    /** Connect and socket timeout of every command (default 500 ms); a command that takes longer is a store outage. */
    public RedisSettings timeout(Duration timeout) {
        if (timeout.isNegative() || timeout.isZero() || timeout.toMillis() > Integer.MAX_VALUE) {
            throw new IllegalArgumentException("the timeout must be positive and at most 24 days");
        }
        return new RedisSettings(hostAndPort, user, password, database, ssl, keyPrefix, timeout, poolSize, timeSource);
    }

    /** Most pooled connections (default {@value #DEFAULT_POOL_SIZE}); a thread waits at most the timeout for one. */
    public RedisSettings poolSize(int size) {
        if (size < 1) {
            throw new IllegalArgumentException("the pool size must be 1 or more");
        }
        return new RedisSettings(hostAndPort, user, password, database, ssl, keyPrefix, timeout, size, timeSource);
    }

    /** Whose clock judges expiry and records activity (default {@link RedisSessionStore.TimeSource#REDIS}). */
    public RedisSettings timeSource(RedisSessionStore.TimeSource source) {
        return new RedisSettings(hostAndPort, user, password, database, ssl, keyPrefix, timeout, poolSize,
                Objects.requireNonNull(source, "source"));
    }

    public HostAndPort hostAndPort() {
        return hostAndPort;
    }

    public int database() {
        return database;
    }

    public boolean ssl() {
        return ssl;
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

    /** The client configuration of a connection with this socket timeout. */
    JedisClientConfig clientConfig(int socketTimeoutMillis, String clientName) {
        DefaultJedisClientConfig.Builder b = DefaultJedisClientConfig.builder()
                .connectionTimeoutMillis((int) timeout.toMillis())
                .socketTimeoutMillis(socketTimeoutMillis)
                .database(database)
                .clientName(clientName);
        if (ssl) {
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

    @Override
    public String toString() {
        return (ssl ? "rediss://" : "redis://") + (hasCredentials() ? "***@" : "") + hostAndPort + "/" + database
                + " (prefix " + keyPrefix + ", timeout " + timeout.toMillis() + " ms, pool " + poolSize + ", time "
                + timeSource + ")";
    }
}
