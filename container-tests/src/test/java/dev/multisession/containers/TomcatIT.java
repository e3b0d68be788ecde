package dev.multisession.containers;

import org.apache.catalina.LifecycleState;
import org.apache.catalina.connector.Connector;
import org.apache.catalina.startup.Tomcat;
import org.apache.tomcat.util.scan.StandardJarScanner;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;

/**
 * Embedded Tomcat 10.1: each WAR added as a web app (Weld in WEB-INF/lib, Tomcat's own Jakarta
 * Authentication, the probe registering the library's module from a listener, as the README says).
 */
class TomcatIT extends ProbeScenario {
    @Override
    Deployment start(List<Path> wars, Path workDir) throws Exception {
        ConsoleCapture console = new ConsoleCapture();
        Tomcat tomcat = new Tomcat();
        Path base = workDir.resolve("tomcat");
        Files.createDirectories(base.resolve("webapps"));
        tomcat.setBaseDir(base.toString());
        Connector connector = new Connector();
        connector.setPort(0);
        connector.setProperty("address", "127.0.0.1");
        tomcat.setConnector(connector);
        try {
            addWebapp(tomcat, wars.get(0));
            tomcat.start();
            // the others deployed into the running server, like a later deployment: one that fails to
            // start stays out, the running ones are unaffected (as with Tomcat's own deployer)
            for (Path war : wars.subList(1, wars.size())) {
                try {
                    addWebapp(tomcat, war);
                } catch (RuntimeException e) {
                    StringBuilder why = new StringBuilder();
                    for (Throwable t = e; t != null; t = t.getCause()) {
                        why.append("\n  ").append(t);
                    }
                    console.note("deployment of " + war.getFileName() + " failed:" + why);
                }
            }
        } catch (Exception e) {
            stop(tomcat, console);
            throw e;
        }
        for (var child : tomcat.getHost().findChildren()) {
            console.note("context " + child.getName() + " is " + child.getState()
                    + (child.getState() == LifecycleState.STARTED ? "" : " (did not start)"));
        }
        return new Deployment(Deployment.localOrigin(connector.getLocalPort()), console::text, () -> stop(tomcat, console));
    }

    private static void addWebapp(Tomcat tomcat, Path war) {
        String name = ProbeWar.contextName(war);
        tomcat.addWebapp(tomcat.getHost(), "/" + name, war.toAbsolutePath().toString(),
                new org.apache.catalina.startup.ContextConfig() {
                    @Override
                    protected void webConfig() {
                        // only the WAR is scanned (not this test's class path) for annotations and initializers
                        ((StandardJarScanner) context.getJarScanner()).setScanClassPath(false);
                        // This test's class path is the server's here: Jetty's initializers (other launchers) are not
                        // Tomcat's, and the library's jar is the WAR's only (in a real Tomcat it is not on the server's
                        // class path), so an <absolute-ordering/> that leaves it out really leaves its initializer out.
                        ((org.apache.catalina.core.StandardContext) context).setContainerSciFilter("org\\.eclipse\\.jetty\\..*|dev\\.multisession\\..*");
                        super.webConfig();
                    }
                });
    }

    private static void stop(Tomcat tomcat, ConsoleCapture console) throws Exception {
        try {
            tomcat.stop();
            tomcat.destroy();
        } finally {
            console.close();
        }
    }
}
