package dev.multisession.containers;

import java.net.URI;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;

/**
 * Payara Micro 6 (a full Jakarta EE 10 server: its own CDI, Jakarta Authentication and Security),
 * {@code java -jar payara-micro.jar} on a free port, both WARs deployed at startup. The WAR is the
 * probe as built: no Weld, the server brings CDI.
 */
class PayaraIT extends ProbeScenario {
    @Override
    Deployment start(List<Path> wars, Path workDir) throws Exception {
        Path jar = Path.of(System.getProperty("payara.jar", "target/containers/payara-micro.jar"));
        if (!Files.isRegularFile(jar)) {
            throw new IllegalStateException(jar + " is missing: run with -Pfull-server (the profile fetches Payara Micro)");
        }
        int port = ServerProcess.freePort();
        Path root = workDir.resolve("payara-root");
        List<String> command = new ArrayList<>(List.of(Path.of(System.getProperty("java.home"), "bin", "java").toString(),
                "-Xmx768m", "-jar", jar.toAbsolutePath().toString(),
                "--nocluster", "--port", String.valueOf(port), "--rootdir", root.toAbsolutePath().toString()));
        for (Path war : wars) {
            command.add("--deploy");
            command.add(war.toAbsolutePath().toString());
        }
        ServerProcess server = ServerProcess.start(command, workDir, workDir.resolve("payara.log"));
        URI origin = URI.create("http://127.0.0.1:" + port);
        try {
            server.awaitStatus(origin.resolve(CONTEXT + "/who"), 200, Duration.ofMinutes(5));
        } catch (RuntimeException | InterruptedException e) {
            server.stop();
            throw e;
        }
        return new Deployment() {
            @Override
            public URI origin() {
                return origin;
            }

            @Override
            public String log() {
                return server.log();
            }

            @Override
            public void stop() throws Exception {
                server.stop();
            }
        };
    }
}
