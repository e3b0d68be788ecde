package dev.multisession.cdi.testing;

import dev.multisession.cdi.app.LoginServlet;
import dev.multisession.cdi.app.Readers;
import dev.multisession.cdi.app.TestUsers;
import dev.multisession.cdi.app.WhoServlet;
import org.jboss.shrinkwrap.api.ShrinkWrap;
import org.jboss.shrinkwrap.api.asset.StringAsset;
import org.jboss.shrinkwrap.api.spec.WebArchive;

import java.util.Map;
import java.util.stream.Collectors;

/**
 * WARs for the container tests. Arquillian's Jetty loads web apps parent-first, so the
 * multisession jars (and this module's classes) come from the test class path: a WAR carries
 * only the test app's servlets (for Jetty's annotation scan) and beans (for Weld's scan of
 * {@code WEB-INF/classes}), never the library itself, or its beans would be found twice.
 */
public final class Deployments {
    private static final String BEANS_XML = """
            <beans xmlns="https://jakarta.ee/xml/ns/jakartaee" version="4.0" bean-discovery-mode="annotated"/>
            """;

    private Deployments() {
    }

    /** The base app (login, /who, the three readers) plus {@code extra} classes. */
    public static WebArchive war(String name, Class<?>... extra) {
        return war(name, Map.of(), extra);
    }

    /** As {@link #war(String, Class[])}, with {@code webXmlBody} inside the web.xml's {@code <web-app>}. */
    public static WebArchive warWithWebXml(String name, String webXmlBody, Class<?>... extra) {
        return war(name, extra).setWebXML(new StringAsset("""
                <web-app xmlns="https://jakarta.ee/xml/ns/jakartaee" version="6.0">
                %s
                </web-app>
                """.formatted(webXmlBody)));
    }

    /** As {@link #war(String, Class[])}, with context init parameters in a web.xml. */
    public static WebArchive war(String name, Map<String, String> contextParameters, Class<?>... extra) {
        WebArchive war = ShrinkWrap.create(WebArchive.class, name + ".war")
                .addClasses(LoginServlet.class, WhoServlet.class, Readers.class, TestUsers.class)
                .addClasses(extra)
                .addAsWebInfResource(new StringAsset(BEANS_XML), "beans.xml");
        if (!contextParameters.isEmpty()) {
            String params = contextParameters.entrySet().stream()
                    .map(e -> "  <context-param><param-name>" + e.getKey() + "</param-name><param-value>"
                            + e.getValue() + "</param-value></context-param>")
                    .collect(Collectors.joining("\n"));
            war.setWebXML(new StringAsset("""
                    <web-app xmlns="https://jakarta.ee/xml/ns/jakartaee" version="6.0">
                    %s
                    </web-app>
                    """.formatted(params)));
        }
        return war;
    }
}
