package dev.multisession.containers;

import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.DirectoryStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Enumeration;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.function.UnaryOperator;
import java.util.zip.ZipEntry;
import java.util.zip.ZipFile;
import java.util.zip.ZipOutputStream;

/**
 * The probe WAR the build made ({@code target/probe.war}: the probe's classes, its web.xml and
 * the library's jars in {@code WEB-INF/lib}), and copies of it for one container: with extra
 * jars in {@code WEB-INF/lib} (Weld, on servlet containers) and extra context parameters.
 */
final class ProbeWar {
    private final List<Path> extraLibs = new ArrayList<>();
    private final Map<String, String> contextParams = new LinkedHashMap<>();
    private final List<UnaryOperator<String>> webXmlEdits = new ArrayList<>();
    private final List<String> leftOut = new ArrayList<>();
    private final Map<String, String> addedFiles = new LinkedHashMap<>();

    static Path built() {
        Path war = Path.of(System.getProperty("probe.war", "target/probe.war"));
        if (!Files.isRegularFile(war)) {
            throw new IllegalStateException(war + " is missing: run the module through `mvn verify` (package builds it)");
        }
        return war;
    }

    /** Weld and the CDI API, for containers that bring no CDI (Tomcat, Jetty): what a user adds to WEB-INF/lib. */
    static List<Path> weldJars() {
        Path dir = Path.of(System.getProperty("servlet-container.lib", "target/servlet-container-lib"));
        List<Path> jars = new ArrayList<>();
        try (DirectoryStream<Path> entries = Files.newDirectoryStream(dir, "*.jar")) {
            entries.forEach(jars::add);
        } catch (IOException e) {
            throw new UncheckedIOException(dir + " is missing: run the module through `mvn verify`", e);
        }
        if (jars.stream().noneMatch(p -> p.getFileName().toString().startsWith("weld-servlet-core"))) {
            throw new IllegalStateException("no weld-servlet-core in " + dir);
        }
        return jars;
    }

    /** The context name a container gives {@code war}: its file name without {@code .war} ({@code probe.war} at {@code /probe}). */
    static String contextName(Path war) {
        return war.getFileName().toString().replaceFirst("\\.war$", "");
    }

    ProbeWar withLibs(List<Path> jars) {
        extraLibs.addAll(jars);
        return this;
    }

    ProbeWar withContextParam(String name, String value) {
        contextParams.put(name, value);
        return this;
    }

    /** Leaves the probe's class {@code type} out of the WAR. */
    ProbeWar without(Class<?> type) {
        leftOut.add("WEB-INF/classes/" + type.getName().replace('.', '/') + ".class");
        return this;
    }

    /** Adds a file to the WAR, e.g. a server's own descriptor ({@code WEB-INF/jboss-web.xml}). */
    ProbeWar withFile(String name, String content) {
        addedFiles.put(name, content);
        return this;
    }

    /** Changes the probe's web.xml (after the context parameters went in). */
    ProbeWar withWebXml(UnaryOperator<String> edit) {
        webXmlEdits.add(edit);
        return this;
    }

    /** Inserts {@code declarations} as the first elements of {@code <web-app>}. */
    static String insertFirst(String webXml, String declarations) {
        int open = webXml.indexOf('>', webXml.indexOf("<web-app")) + 1;
        return webXml.substring(0, open) + "\n" + declarations + "\n" + webXml.substring(open);
    }

    /** Marks the web.xml {@code metadata-complete="true"}: the container reads no annotations and no web fragments. */
    static String metadataComplete(String webXml) {
        return webXml.replaceFirst("<web-app ", "<web-app metadata-complete=\"true\" ");
    }

    /**
     * What the probe's classes declare by annotation ({@code @WebServlet}, {@code @WebListener}),
     * as web.xml declarations, for a web.xml with annotation scanning off.
     */
    static String probeDeclarations() {
        StringBuilder xml = new StringBuilder();
        try (ZipFile war = new ZipFile(built().toFile())) {
            for (ZipEntry entry : java.util.Collections.list(war.entries())) {
                String name = entry.getName();
                if (!name.startsWith("WEB-INF/classes/") || !name.endsWith(".class") || name.contains("$")) {
                    continue;
                }
                String className = name.substring("WEB-INF/classes/".length(), name.length() - ".class".length()).replace('/', '.');
                Class<?> type = Class.forName(className, false, ProbeWar.class.getClassLoader());
                jakarta.servlet.annotation.WebServlet servlet = type.getAnnotation(jakarta.servlet.annotation.WebServlet.class);
                if (servlet != null) {
                    xml.append("  <servlet><servlet-name>").append(className).append("</servlet-name><servlet-class>")
                            .append(className).append("</servlet-class></servlet>\n");
                    for (String pattern : servlet.value()) {
                        xml.append("  <servlet-mapping><servlet-name>").append(className).append("</servlet-name><url-pattern>")
                                .append(pattern).append("</url-pattern></servlet-mapping>\n");
                    }
                }
                if (type.isAnnotationPresent(jakarta.servlet.annotation.WebListener.class)) {
                    xml.append("  <listener><listener-class>").append(className).append("</listener-class></listener>\n");
                }
            }
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        } catch (ClassNotFoundException e) {
            throw new IllegalStateException("a class of the probe WAR is not on the test class path", e);
        }
        return xml.toString();
    }

    /** Writes the WAR as {@code dir/name.war}, so containers that name contexts after the file deploy it at {@code /name}. */
    Path writeTo(Path dir, String name) {
        Path target = dir.resolve(name + ".war");
        try {
            Files.createDirectories(dir);
            try (ZipFile in = new ZipFile(built().toFile()); OutputStream file = Files.newOutputStream(target);
                 ZipOutputStream out = new ZipOutputStream(file)) {
                for (Enumeration<? extends ZipEntry> e = in.entries(); e.hasMoreElements(); ) {
                    ZipEntry entry = e.nextElement();
                    if (leftOut.contains(entry.getName())) {
                        continue;
                    }
                    out.putNextEntry(new ZipEntry(entry.getName()));
                    try (InputStream data = in.getInputStream(entry)) {
                        if (entry.getName().equals("WEB-INF/web.xml")) {
                            String webXml = withParams(new String(data.readAllBytes(), StandardCharsets.UTF_8));
                            for (UnaryOperator<String> edit : webXmlEdits) {
                                webXml = edit.apply(webXml);
                            }
                            out.write(webXml.getBytes(StandardCharsets.UTF_8));
                        } else {
                            data.transferTo(out);
                        }
                    }
                    out.closeEntry();
                }
                for (Map.Entry<String, String> added : addedFiles.entrySet()) {
                    out.putNextEntry(new ZipEntry(added.getKey()));
                    out.write(added.getValue().getBytes(StandardCharsets.UTF_8));
                    out.closeEntry();
                }
                for (Path jar : extraLibs) {
                    out.putNextEntry(new ZipEntry("WEB-INF/lib/" + jar.getFileName()));
                    Files.copy(jar, out);
                    out.closeEntry();
                }
            }
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        return target;
    }

    private String withParams(String webXml) {
        StringBuilder params = new StringBuilder();
        contextParams.forEach((k, v) -> params.append("  <context-param><param-name>").append(k)
                .append("</param-name><param-value>").append(v).append("</param-value></context-param>\n"));
        int at = webXml.indexOf("<context-param>");
        if (at < 0) {
            throw new IllegalStateException("the probe's web.xml has no <context-param> to insert before");
        }
        return webXml.substring(0, at) + params + "  " + webXml.substring(at);
    }
}
