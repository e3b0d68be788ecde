package dev.multisession.containers;

import java.net.URI;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;

/**
 * Payara Micro 6, {@code java -jar payara-micro.jar} on a free port, every WAR deployed at
 * startup.
 */
class PayaraIT extends FullEeServerScenario {
    @Override
    Deployment start(List<Path> wars, Path workDir) throws Exception {
        Path jar = Path.of(System.getProperty("payara.jar", "target/containers/payara-micro.jar"));
        if (!Files.isRegularFile(jar)) {
            throw new IllegalStateException(jar + " is missing: run the module through `mvn verify` (package fetches Payara Micro)");
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
        URI origin = Deployment.localOrigin(port);
        try {
            awaitDeployments(server, origin);
        } catch (RuntimeException | InterruptedException e) {
            server.stop();
            throw e;
        }
        return new Deployment(origin, server::log, server::stop);
    }
}
