package dev.multisession.containers;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.ServerSocket;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.concurrent.TimeUnit;

/**
 * A server started as a process of its own (its own log file), stopped with its descendants.
 * Waits for readiness by polling a URL, with a deadline, and gives up early when the process ends.
 */
final class ServerProcess {
    private final Process process;
    private final Path log;

    private ServerProcess(Process process, Path log) {
        this.process = process;
        this.log = log;
    }

    static int freePort() {
        try (ServerSocket socket = new ServerSocket(0, 1, java.net.InetAddress.getLoopbackAddress())) {
            socket.setReuseAddress(true);
            return socket.getLocalPort();
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    static ServerProcess start(List<String> command, Path workDir, Path log) throws IOException {
        return start(command, workDir, log, java.util.Map.of());
    }

    /** Starts {@code command} in {@code workDir} with {@code env} added to this JVM's environment, its output to {@code log}. */
    static ServerProcess start(List<String> command, Path workDir, Path log, java.util.Map<String, String> env) throws IOException {
        Files.createDirectories(workDir);
        ProcessBuilder builder = new ProcessBuilder(command).directory(workDir.toFile()).redirectErrorStream(true)
                .redirectOutput(log.toFile());
        builder.environment().putAll(env);
        Process process = builder.start();
        // a test JVM that ends without stop() (killed fork, timeout) takes the server with it
        Runtime.getRuntime().addShutdownHook(new Thread(() -> {
            process.descendants().forEach(ProcessHandle::destroyForcibly);
            process.destroyForcibly();
        }, "stop " + log.getFileName()));
        return new ServerProcess(process, log);
    }

    /** Polls {@code url} until it answers {@code status}; fails with the log's tail when the deadline passes or the process ends. */
    void awaitStatus(URI url, int status, Duration deadline) throws InterruptedException {
        HttpClient client = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(5)).build();
        Instant until = Instant.now().plus(deadline);
        int last = -1;
        while (Instant.now().isBefore(until)) {
            if (!process.isAlive()) {
                throw new IllegalStateException("the server stopped (exit " + process.exitValue() + ") before " + url
                        + " answered; log tail:\n" + ProbeScenario.tail(log()));
            }
            try {
                last = client.send(HttpRequest.newBuilder(url).timeout(Duration.ofSeconds(20)).build(),
                        HttpResponse.BodyHandlers.discarding()).statusCode();
                if (last == status) {
                    return;
                }
            } catch (IOException e) {
                // not listening yet
            }
            Thread.sleep(500);
        }
        throw new IllegalStateException(url + " did not answer " + status + " within " + deadline + " (last " + last
                + "); log tail:\n" + ProbeScenario.tail(log()));
    }

    /** Waits for the process to end by itself; fails with the log's tail unless it ends within {@code deadline} with exit 0. */
    void awaitSuccess(Duration deadline) throws InterruptedException {
        if (!process.waitFor(deadline.toMillis(), TimeUnit.MILLISECONDS)) {
            stop();
            throw new IllegalStateException("still running after " + deadline + "; log tail:\n" + ProbeScenario.tail(log()));
        }
        if (process.exitValue() != 0) {
            throw new IllegalStateException("exit " + process.exitValue() + "; log tail:\n" + ProbeScenario.tail(log()));
        }
    }

    String log() {
        try {
            return Files.readString(log, StandardCharsets.UTF_8);
        } catch (IOException e) {
            return "(no log: " + e + ")";
        }
    }

    void stop() throws InterruptedException {
        List<ProcessHandle> descendants = process.descendants().toList();
        process.destroy();
        if (!process.waitFor(60, TimeUnit.SECONDS)) {
            process.destroyForcibly();
            process.waitFor(30, TimeUnit.SECONDS);
        }
        descendants.forEach(ProcessHandle::destroyForcibly);
    }
}
