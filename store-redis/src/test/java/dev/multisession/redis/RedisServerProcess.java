package dev.multisession.redis;

import redis.clients.jedis.Jedis;

import java.io.File;
import java.io.IOException;
import java.net.ServerSocket;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.TimeUnit;

import static org.junit.jupiter.api.Assertions.fail;

/**
 * A real Redis for tests: Debian's {@code /usr/bin/redis-server} started as a process on a free
 * port of 127.0.0.1, without persistence, stopped by {@link #close()}. {@link #kill()} and
 * {@link #restart()} simulate an outage on the same port.
 *
 * <pre>{@code
 * static RedisServerProcess redis = RedisServerProcess.start();
 * ... RedisSettings.of("127.0.0.1", redis.port()) ...
 * redis.close();
 * }</pre>
 */
final class RedisServerProcess implements AutoCloseable {
    static final Path SERVER = Path.of("/usr/bin/redis-server");
    private static final Duration START_WAIT = Duration.ofSeconds(10);

    private final int port;
    private final Path dir;
    private final boolean persistent;
    private Process process;

    private RedisServerProcess(int port, Path dir, boolean persistent) {
        this.port = port;
        this.dir = dir;
        this.persistent = persistent;
    }

    /** Starts a server on a free port, or fails the test saying how to install one. */
    static RedisServerProcess start() {
        return start(false);
    }

    /**
     * Starts a server that keeps its data across {@link #kill()} and {@link #restart()}: an
     * append-only file synced at every write, as a production Redis holding sessions should
     * run. Scripts are not kept: a restarted server has forgotten them.
     */
    static RedisServerProcess startPersistent() {
        return start(true);
    }

    private static RedisServerProcess start(boolean persistent) {
        if (!Files.isExecutable(SERVER)) {
            fail(SERVER + " is missing: install Debian's redis-server"
                    + " (apt-get install -y --no-install-recommends redis-server; .ci/run does this)");
        }
        try {
            RedisServerProcess p = new RedisServerProcess(freePort(), Files.createTempDirectory("redis-test"), persistent);
            p.launch();
            return p;
        } catch (IOException e) {
            throw new IllegalStateException("cannot start redis-server", e);
        }
    }

    private static int freePort() throws IOException {
        try (ServerSocket s = new ServerSocket(0)) {
            s.setReuseAddress(true);
            return s.getLocalPort();
        }
    }

    int port() {
        return port;
    }

    String url() {
        return "redis://127.0.0.1:" + port;
    }

    RedisSettings settings() {
        return RedisSettings.of("127.0.0.1", port);
    }

    /** A plain connection for test setup and inspection (FLUSHALL, CLIENT KILL). */
    Jedis client() {
        return new Jedis("127.0.0.1", port);
    }

    private void launch() throws IOException {
        File log = dir.resolve("redis.log").toFile();
        process = new ProcessBuilder(List.of(SERVER.toString(), "--port", Integer.toString(port), "--save", "",
                "--appendonly", persistent ? "yes" : "no", "--appendfsync", "always",
                "--bind", "127.0.0.1", "--dir", dir.toString(), "--daemonize", "no"))
                .redirectErrorStream(true)
                .redirectOutput(log)
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

    /** Kills the server at once (SIGKILL): an outage. A paused server is killed too. */
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
