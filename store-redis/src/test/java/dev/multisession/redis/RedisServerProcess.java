package dev.multisession.redis;

import redis.clients.jedis.HostAndPort;
import redis.clients.jedis.Jedis;

import java.io.File;
import java.io.IOException;
import java.net.ServerSocket;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.concurrent.TimeUnit;
import java.util.function.BooleanSupplier;

import static org.junit.jupiter.api.Assertions.fail;

/**
 * A real Redis process for tests: Debian's {@code /usr/bin/redis-server} started on a free port
 * of 127.0.0.1 in a temporary directory, without persistence, stopped by {@link #close()}; one
 * server ({@link #start()}, {@link #startPersistent()}), a Cluster node ({@link #startClusterNode()}, see
 * {@link RedisClusterProcesses}) or a sentinel ({@link #startSentinel}, see
 * {@link RedisSentinelProcesses}). {@link #kill()} and {@link #restart()} simulate an outage on
 * the same port, {@link #pause()} and {@link #resume()} a stalled host.
 *
 * <pre>{@code
 * static RedisServerProcess redis = RedisServerProcess.start();
 * ... RedisSettings.of("127.0.0.1", redis.port()) ...
 * redis.close();
 * }</pre>
 */
final class RedisServerProcess implements AutoCloseable {
    static final Path SERVER = Path.of("/usr/bin/redis-server");
    static final Path CLI = Path.of("/usr/bin/redis-cli");
    static final String HOST = "127.0.0.1";
    private static final Duration START_WAIT = Duration.ofSeconds(20);

    private final int port;
    private final Path dir;
    private final List<String> command;
    /** The default user's password (requirepass), or null. */
    private final String password;
    private Process process;

    private RedisServerProcess(int port, Path dir, List<String> command, String password) {
        this.port = port;
        this.dir = dir;
        this.command = command;
        this.password = password;
    }

    /** Starts one server on a free port, or fails the test saying how to install one. */
    static RedisServerProcess start() {
        return launch("redis-test", null, (port, dir) -> serverArgs(port, dir));
    }

    /**
     * Starts one server that keeps its data across {@link #kill()} and {@link #restart()}: an
     * append-only file synced at every write, as a production Redis holding sessions should
     * run. Scripts are not kept: a restarted server has forgotten them.
     */
    static RedisServerProcess startPersistent() {
        return launch("redis-test", null, (port, dir) -> {
            List<String> args = serverArgs(port, dir);
            args.addAll(List.of("--appendonly", "yes", "--appendfsync", "always"));   // the last value of a flag wins
            return args;
        });
    }

    /** Starts one server whose default user needs {@code password} (requirepass); {@link #client()} authenticates. */
    static RedisServerProcess startWithPassword(String password) {
        return launch("redis-test", password, (port, dir) -> {
            List<String> args = serverArgs(port, dir);
            args.addAll(List.of("--requirepass", password));
            return args;
        });
    }

    /** Starts one server replicating the server at {@code 127.0.0.1:masterPort}. */
    static RedisServerProcess startReplicaOf(int masterPort) {
        return launch("redis-replica", null, (port, dir) -> {
            List<String> args = serverArgs(port, dir);
            args.addAll(List.of("--replicaof", HOST, Integer.toString(masterPort)));
            return args;
        });
    }

    /**
     * Starts a node of a Cluster to be (see {@link RedisClusterProcesses}): cluster mode, its bus
     * on a second free port, and slots left uncovered by a dead node do not stop the others.
     */
    static RedisServerProcess startClusterNode() {
        return launch("redis-cluster-node", null, (port, dir) -> {
            List<String> args = serverArgs(port, dir);
            args.addAll(List.of("--cluster-enabled", "yes",
                    "--cluster-config-file", dir.resolve("nodes.conf").toString(),
                    "--cluster-port", Integer.toString(freePort()),
                    "--cluster-node-timeout", "5000",
                    "--cluster-require-full-coverage", "no"));
            return args;
        });
    }

    /**
     * Starts a sentinel (itself without a password) that monitors the master {@code name} at
     * {@code 127.0.0.1:masterPort}, with a quorum of 1; {@code masterPassword} (or null) is the
     * master's.
     */
    static RedisServerProcess startSentinel(String name, int masterPort, String masterPassword) {
        return launch("redis-sentinel", null, (port, dir) -> {
            Path conf = dir.resolve("sentinel.conf");   // the sentinel rewrites it: a file of its own, writable
            Files.writeString(conf, String.join("\n",
                    "port " + port,
                    "bind " + HOST,
                    "dir " + dir,
                    "daemonize no",
                    "sentinel monitor " + name + " " + HOST + " " + masterPort + " 1",
                    "sentinel down-after-milliseconds " + name + " 5000",
                    masterPassword == null ? "" : "sentinel auth-pass " + name + " " + masterPassword,
                    ""), StandardCharsets.UTF_8);
            return new ArrayList<>(List.of(SERVER.toString(), conf.toString(), "--sentinel"));
        });
    }

    private static List<String> serverArgs(int port, Path dir) {
        return new ArrayList<>(List.of(SERVER.toString(), "--port", Integer.toString(port), "--save", "",
                "--appendonly", "no", "--bind", HOST, "--dir", dir.toString(), "--daemonize", "no"));
    }

    private interface Command {
        List<String> of(int port, Path dir) throws IOException;
    }

    private static RedisServerProcess launch(String name, String password, Command command) {
        if (!Files.isExecutable(SERVER)) {
            fail(SERVER + " is missing: install Debian's redis-server"
                    + " (apt-get install -y --no-install-recommends redis-server; .ci/run does this)");
        }
        try {
            int port = freePort();
            Path dir = Files.createTempDirectory(name);
            RedisServerProcess p = new RedisServerProcess(port, dir, List.copyOf(command.of(port, dir)), password);
            p.launch();
            return p;
        } catch (IOException e) {
            throw new IllegalStateException("cannot start redis-server", e);
        }
    }

    static int freePort() throws IOException {
        try (ServerSocket s = new ServerSocket(0)) {
            s.setReuseAddress(true);
            return s.getLocalPort();
        }
    }

    int port() {
        return port;
    }

    HostAndPort hostAndPort() {
        return new HostAndPort(HOST, port);
    }

    String url() {
        return "redis://" + HOST + ":" + port;
    }

    /** Settings of the one-server form on this process. */
    RedisSettings settings() {
        return RedisSettings.of(HOST, port);
    }

    /** A plain connection for test setup and inspection (FLUSHALL, CLIENT KILL, INFO), authenticated when the server needs it. */
    Jedis client() {
        Jedis j = new Jedis(HOST, port);
        if (password != null) {
            try {
                j.auth(password);
            } catch (RuntimeException e) {
                j.close();
                throw e;
            }
        }
        return j;
    }

    /** Calls of {@code command} (lower case, e.g. {@code evalsha}) since the start or {@link #resetStats()}, from {@code INFO commandstats}. */
    long calls(String command) {
        return commandStat(command, "calls");
    }

    /** Calls of {@code command} that ran without an error (calls less failed calls, e.g. EVALSHA answered NOSCRIPT). */
    long succeeded(String command) {
        return commandStat(command, "calls") - commandStat(command, "failed_calls");
    }

    /** One field of {@code cmdstat_<command>:calls=..,usec=..,rejected_calls=..,failed_calls=..}; 0 when the command never ran. */
    private long commandStat(String command, String field) {
        try (Jedis j = client()) {
            String prefix = "cmdstat_" + command + ":";
            return j.info("commandstats").lines().filter(l -> l.startsWith(prefix))
                    .flatMap(l -> Arrays.stream(l.substring(prefix.length()).split(",")))
                    .filter(kv -> kv.startsWith(field + "="))
                    .mapToLong(kv -> Long.parseLong(kv.substring(field.length() + 1).trim()))
                    .sum();
        }
    }

    /** CONFIG RESETSTAT: the command counts start again from zero. */
    void resetStats() {
        try (Jedis j = client()) {
            j.configResetStat();
        }
    }

    /** The log the process writes its output to, for failure messages. */
    Path log() {
        return dir.resolve("redis.log");
    }

    /** The directory the process runs in, removed by {@link #close()}. */
    Path dir() {
        return dir;
    }

    private void launch() throws IOException {
        File log = log().toFile();
        process = new ProcessBuilder(command)
                .redirectErrorStream(true)
                .redirectOutput(ProcessBuilder.Redirect.appendTo(log))
                .start();
        long deadline = System.nanoTime() + START_WAIT.toNanos();
        while (System.nanoTime() < deadline) {
            if (!process.isAlive()) {
                fail("redis-server exited at start (code " + process.exitValue() + "); see " + log);
            }
            try (Jedis j = client()) {
                if ("PONG".equals(j.ping())) {
                    return;
                }
            } catch (RuntimeException e) {
                // not listening yet
            }
            sleep(20);
        }
        process.destroyForcibly();
        fail("redis-server did not answer PING within " + START_WAIT + "; see " + log);
    }

    /** Kills the server at once (SIGKILL): an outage. */
    void kill() {
        if (process != null && process.isAlive()) {
            process.destroyForcibly();
            try {
                process.waitFor(10, TimeUnit.SECONDS);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
            }
        }
    }

    /** Freezes the server (SIGSTOP): it holds its connections and answers nothing, like a stalled host. */
    void pause() {
        signal("STOP");
    }

    /** Lets a {@linkplain #pause() paused} server run again (SIGCONT). */
    void resume() {
        signal("CONT");
    }

    private void signal(String name) {
        if (process == null || !process.isAlive()) {
            return;
        }
        try {
            Process kill = new ProcessBuilder("kill", "-" + name, Long.toString(process.pid())).inheritIO().start();
            if (!kill.waitFor(10, TimeUnit.SECONDS) || kill.exitValue() != 0) {
                fail("kill -" + name + " of redis-server failed");
            }
        } catch (IOException e) {
            throw new IllegalStateException("cannot signal redis-server", e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }

    /** Starts the server again on the same port: empty, or with its data when {@linkplain #startPersistent() persistent}. */
    void restart() {
        kill();
        try {
            launch();
        } catch (IOException e) {
            throw new IllegalStateException("cannot restart redis-server", e);
        }
    }

    /**
     * Polls {@code condition} every 20 ms until it holds, failing with {@code what} after
     * {@code within}; a condition that throws counts as not yet.
     */
    static void await(String what, Duration within, BooleanSupplier condition) {
        long deadline = System.nanoTime() + within.toNanos();
        while (true) {
            try {
                if (condition.getAsBoolean()) {
                    return;
                }
            } catch (RuntimeException e) {
                // not yet
            }
            if (System.nanoTime() > deadline) {
                fail(what + " did not happen within " + within);
            }
            sleep(20);
        }
    }

    private static void sleep(long millis) {
        try {
            Thread.sleep(millis);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }

    @Override
    public void close() {
        kill();
        try (java.util.stream.Stream<Path> files = Files.walk(dir)) {
            files.sorted(java.util.Comparator.reverseOrder()).forEach(f -> f.toFile().delete());
        } catch (IOException e) {
            // a temp directory left behind is harmless
        }
    }
}
