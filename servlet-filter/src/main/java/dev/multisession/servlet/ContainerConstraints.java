package dev.multisession.servlet;

import dev.multisession.core.config.ConfigKeys;
import dev.multisession.core.config.ConfigSource;
import dev.multisession.core.config.ConfigurationException;
import jakarta.servlet.ServletContext;
import jakarta.servlet.ServletRegistration;
import jakarta.servlet.annotation.ServletSecurity;

import java.io.IOException;
import java.io.InputStream;
import java.net.URL;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.Optional;
import java.util.regex.Pattern;

/**
 * Finds the security constraints the container itself enforces by URL. The container matches
 * them against the URL as sent, before any filter runs, and not again when a filter forwards:
 * a {@code /u/N/secure/x} request forwarded to {@code /secure/x} skips what {@code /secure/x}
 * requires. The Servlet API exposes no constraint, so this reads where they are declared:
 * {@code <security-constraint>} in {@code /WEB-INF/web.xml} and in the {@code web-fragment.xml}
 * of the app's jars, and {@code @ServletSecurity} on its servlets. Constraints added with
 * {@code ServletRegistration.Dynamic.setServletSecurity} cannot be seen.
 */
final class ContainerConstraints {
    private static final Pattern COMMENT = Pattern.compile("<!--.*?-->", Pattern.DOTALL);
    private static final Pattern CONSTRAINT = Pattern.compile("<([A-Za-z_][\\w.-]*:)?security-constraint[\\s>/]");

    private ContainerConstraints() {
    }

    /**
     * The refusal to start when {@code /u/N/} selection meets constraints the container enforces:
     * {@code /u/N/} forwards to the stripped path, which the container does not check again, so
     * {@code /u/1/secure/x} would reach what {@code /secure/x} refuses. Names both settings.
     */
    static Optional<ConfigurationException> pathPrefixConflict(ServletContext context) {
        List<String> constraints = declaredIn(context);
        if (constraints.isEmpty()) {
            return Optional.empty();
        }
        return Optional.of(new ConfigurationException(ConfigKeys.PATH_PREFIX_SELECTION, "true cannot be combined with "
                + "security constraints the container enforces (" + String.join("; ", constraints) + "): the container "
                + "checks them against the URL as sent, so /u/1/secure/x would reach what /secure/x refuses. Set "
                + ConfigKeys.PATH_PREFIX_SELECTION + "=false (tabs still choose with ?authuser=N or X-Session-Id), or "
                + "move the constraints to multisession.routes, which the filter checks after stripping /u/N/"));
    }

    /** Whether the first source that sets {@code multisession.selection.path-prefix} sets it to {@code true}. */
    static boolean pathPrefixRequested(ConfigSource... sources) {
        for (ConfigSource source : sources) {
            Optional<String> value = source.get(ConfigKeys.PATH_PREFIX_SELECTION);
            if (value.isPresent()) {
                return value.get().trim().equalsIgnoreCase("true");
            }
        }
        return false;
    }

    /** Where the app declares container-enforced constraints, e.g. {@code "<security-constraint> in /WEB-INF/web.xml"}; empty if nowhere. */
    static List<String> declaredIn(ServletContext context) {
        List<String> found = new ArrayList<>();
        try (InputStream webXml = context.getResourceAsStream("/WEB-INF/web.xml")) {
            if (webXml != null && declares(webXml)) {
                found.add("<security-constraint> in /WEB-INF/web.xml");
            }
        } catch (IOException e) {
            found.add("/WEB-INF/web.xml, which could not be read (" + e.getClass().getSimpleName() + ")");
        }
        ClassLoader loader = context.getClassLoader() != null ? context.getClassLoader()
                : Thread.currentThread().getContextClassLoader() != null ? Thread.currentThread().getContextClassLoader()
                : ContainerConstraints.class.getClassLoader();
        try {
            for (URL fragment : Collections.list(loader.getResources("META-INF/web-fragment.xml"))) {
                String where = fragment.toString();
                if (!where.contains("/WEB-INF/lib/")) {
                    continue; // the container's own jars, not the app's
                }
                try (InputStream in = fragment.openStream()) {
                    if (declares(in)) {
                        found.add("<security-constraint> in " + where.substring(where.indexOf("/WEB-INF/lib/")));
                    }
                }
            }
        } catch (IOException e) {
            found.add("the app's web-fragment.xml files, which could not be read (" + e.getClass().getSimpleName() + ")");
        }
        for (ServletRegistration servlet : context.getServletRegistrations().values()) {
            String className = servlet.getClassName();
            try {
                if (className != null && Class.forName(className, false, loader).isAnnotationPresent(ServletSecurity.class)) {
                    found.add("@ServletSecurity on " + className);
                }
            } catch (ClassNotFoundException | LinkageError e) {
                // a servlet that cannot load fails the deployment by itself
            }
        }
        return found;
    }

    static boolean declares(InputStream descriptor) throws IOException {
        String text = new String(descriptor.readAllBytes(), StandardCharsets.UTF_8);
        return CONSTRAINT.matcher(COMMENT.matcher(text).replaceAll("")).find();
    }
}
