package dev.multisession.containers;

import java.net.URI;
import java.util.function.Supplier;

/**
 * A running container with the probe WAR deployed at {@code /probe}, and the path-prefix variant
 * ({@link ProbeScenario#PATH_PREFIX_CONTEXT}) given to it the same way.
 *
 * @param origin  {@code http://127.0.0.1:<port>}
 * @param logText everything the container logged so far (its console, its log records)
 * @param stopper stops everything it started
 */
record Deployment(URI origin, Supplier<String> logText, Stopper stopper) {
    /** Stops what a launcher started. */
    @FunctionalInterface
    interface Stopper {
        void stop() throws Exception;
    }

    /** {@code http://127.0.0.1:<port>}: where every launcher listens. */
    static URI localOrigin(int port) {
        return URI.create("http://127.0.0.1:" + port);
    }

    /** Everything the container logged so far (its console, its log records). */
    String log() {
        return logText.get();
    }

    /** Stops everything it started. */
    void stop() throws Exception {
        stopper.stop();
    }
}
