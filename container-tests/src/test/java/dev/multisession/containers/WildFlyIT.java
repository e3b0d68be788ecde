package dev.multisession.containers;

import dev.multisession.probe.AdminReport;
import dev.multisession.servlet.testing.Browser;
import org.junit.jupiter.api.Test;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;

import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * WildFly 39 (profile {@code wildfly}), the distribution from Maven Central: configured with the
 * README's CLI command ({@code integrated-jaspi=false}) through {@code jboss-cli.sh} in embedded
 * mode, then {@code standalone.sh} on a free port offset with every WAR in its deployments
 * directory. One more probe stays on a security domain with WildFly's default
 * ({@code integrated-jaspi=true}), to show what a user who skips the setting gets.
 */
class WildFlyIT extends FullEeServerScenario {
    /** The README's command, as written there (section "Containers"). */
    static final String INTEGRATED_JASPI_OFF =
            "/subsystem=undertow/application-security-domain=other:write-attribute(name=integrated-jaspi,value=false)";
    /** The probe on an application security domain left at {@code integrated-jaspi=true}. */
    static final String INTEGRATED_CONTEXT = "/probe-integrated";

    @Test
    void theReadmeCommandIsTheOneThisSuiteRuns() throws IOException {
        String readme = Files.readString(Path.of(System.getProperty("readme", "../README.md")));
        assertTrue(readme.contains(INTEGRATED_JASPI_OFF), "README lacks: " + INTEGRATED_JASPI_OFF);
    }

    @Test
    void withIntegratedJaspiOnSignedInRequestsAreRefusedAndTheLogNamesTheSetting() {
        Browser browser = signedInAt(INTEGRATED_CONTEXT, "alice");
        Browser.Response r = browser.get("/who");
        assertEquals(503, r.status(), "the server's setting, not the request, is at fault: " + r);
        assertFalse(r.body().contains("remoteUser=alice"), r.toString());
        String log = deployment().log();
        assertTrue(log.contains("integrated-jaspi=false") && log.contains("ELY01177"),
                "the log names the setting; log tail:\n" + tail(log));
    }

    @Test
    void withIntegratedJaspiOnSignedOutRequestsStillWork() {
        Browser.Response r = browser(INTEGRATED_CONTEXT).get("/who");
        assertTrue(r.status() == 200 && r.body().contains("remoteUser=null"), r.toString());
    }

    /** WildFly names the unauthenticated caller {@code anonymous} where the specification says none. */
    @Override
    String unauthenticatedCaller() {
        return "anonymous";
    }

    @Override
    Deployment start(List<Path> wars, Path workDir) throws Exception {
        Path home = Path.of(System.getProperty("wildfly.home", "target/containers/wildfly/wildfly"));
        if (!Files.isRegularFile(home.resolve("bin/standalone.sh"))) {
            throw new IllegalStateException(home + " holds no WildFly: run with -Pwildfly (the profile fetches and unpacks it)");
        }
        Map<String, String> env = Map.of("JAVA_HOME", System.getProperty("java.home"));
        // this run's server base directory: WildFly's configuration, this run's deployments
        Path base = workDir.resolve("standalone");
        copyTree(home.resolve("standalone/configuration"), base.resolve("configuration"));
        Path deployments = Files.createDirectories(base.resolve("deployments"));

        Path cli = workDir.resolve("setup.cli");
        Files.writeString(cli, String.join("\n",
                "embed-server --std-out=discard --server-config=standalone.xml",
                INTEGRATED_JASPI_OFF,
                "/subsystem=undertow/application-security-domain=integrated:add(security-domain=ApplicationDomain)",
                "stop-embedded-server", ""), StandardCharsets.UTF_8);
        ServerProcess.start(List.of("bash", home.resolve("bin/jboss-cli.sh").toString(), "--file=" + cli),
                workDir, workDir.resolve("cli.log"), Map.of("JAVA_HOME", env.get("JAVA_HOME"),
                        "JAVA_OPTS", "-Djboss.server.base.dir=" + base.toAbsolutePath())).awaitSuccess(Duration.ofMinutes(2));

        List<Path> all = new ArrayList<>(wars);
        all.add(0, new ProbeWar().withContextParam("probe.register-auth-module", "false").without(AdminReport.class)
                .withFile("WEB-INF/jboss-web.xml", "<jboss-web><security-domain>integrated</security-domain></jboss-web>\n")
                .writeTo(workDir.resolve("wars"), INTEGRATED_CONTEXT.substring(1)));
        for (Path war : all) {
            Files.copy(war, deployments.resolve(war.getFileName()), StandardCopyOption.REPLACE_EXISTING);
        }

        int port = ServerProcess.freePort();
        while (port <= 8080 || port > 63000) { // every port moves by one offset: http 8080, management 9993
            port = ServerProcess.freePort();
        }
        ServerProcess server = ServerProcess.start(List.of("bash", home.resolve("bin/standalone.sh").toString(),
                "-b", "127.0.0.1", "-Djboss.server.base.dir=" + base.toAbsolutePath(),
                "-Djboss.socket.binding.port-offset=" + (port - 8080)), workDir, workDir.resolve("wildfly.log"), env);
        URI origin = Deployment.localOrigin(port);
        try {
            awaitDeployments(server, origin);
            server.awaitStatus(origin.resolve(INTEGRATED_CONTEXT + "/sign-in"), 200, Duration.ofMinutes(2));
        } catch (RuntimeException | InterruptedException e) {
            server.stop();
            throw e;
        }
        return new Deployment(origin, server::log, server::stop);
    }

    private static void copyTree(Path from, Path to) throws IOException {
        try (var paths = Files.walk(from)) {
            for (Path p : paths.toList()) {
                Path target = to.resolve(from.relativize(p).toString());
                if (Files.isDirectory(p)) {
                    Files.createDirectories(target);
                } else {
                    Files.copy(p, target, StandardCopyOption.REPLACE_EXISTING);
                }
            }
        } catch (UncheckedIOException e) {
            throw e.getCause();
        }
    }
}
