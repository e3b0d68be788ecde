package dev.multisession.containers;

import java.net.URI;

/**
 * A running container with the probe WAR deployed at {@code /probe}, and the path-prefix variant
 * ({@link ProbeScenario#PATH_PREFIX_CONTEXT}) given to it the same way. 
 */
interface Deployment {
    /** {@code http://127.0.0.1:<port>} */
    URI origin();

    /** Everything the container logged so far (its console, its log records). */
    String log();

    /** Stops everything it started. */
    void stop() throws Exception;
}
