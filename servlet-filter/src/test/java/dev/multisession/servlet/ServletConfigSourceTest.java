package dev.multisession.servlet;

import dev.multisession.core.config.ConfigurationException;
import dev.multisession.core.config.UnknownKeys;
import jakarta.servlet.FilterConfig;
import jakarta.servlet.ServletContext;
import org.junit.jupiter.api.Test;

import java.lang.reflect.Proxy;
import java.util.Collections;
import java.util.Map;
import java.util.Optional;
import java.util.Set;

import static org.junit.jupiter.api.Assertions.assertDoesNotThrow;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * Specifies that context and filter init parameters list their {@code multisession.*} names, so
 * that {@link UnknownKeys#check} refuses a misspelt one and knows the servlet layer's keys.
 */
class ServletConfigSourceTest {

    /** A context or filter config answering only init parameter questions. */
    private static <T> T withInitParameters(Class<T> type, Map<String, String> parameters) {
        return type.cast(Proxy.newProxyInstance(type.getClassLoader(), new Class<?>[] {type}, (proxy, method, args) ->
                switch (method.getName()) {
                    case "getInitParameterNames" -> Collections.enumeration(parameters.keySet());
                    case "getInitParameter" -> parameters.get((String) args[0]);
                    default -> throw new UnsupportedOperationException(method.getName());
                }));
    }

    @Test
    void contextInitParametersListTheirMultisessionNames() {
        ServletContext context = withInitParameters(ServletContext.class,
                Map.of("multisession.issuer", "https://app.example", "org.eclipse.jetty.servlet.Default.dirAllowed", "false"));
        assertEquals(Set.of("multisession.issuer"), ServletConfigSource.context(context).keys());
    }

    @Test
    void filterInitParametersListTheirMultisessionNames() {
        FilterConfig filter = withInitParameters(FilterConfig.class, Map.of("multisession.routes", "/admin/* => admin"));
        assertEquals(Set.of("multisession.routes"), ServletConfigSource.filter(filter).keys());
        assertEquals(Optional.of("/admin/* => admin"), ServletConfigSource.filter(filter).get("multisession.routes"));
    }

    @Test
    void noFilterConfigListsNothing() {
        assertEquals(Set.of(), ServletConfigSource.filter(null).keys());
    }

    @Test
    void theServletLayersKeysAreKnown() {
        ServletContext context = withInitParameters(ServletContext.class, Map.of(
                ServletSettings.SIGN_IN_URL, "/login", ServletSettings.ROUTES, "", "multisession.issuer", "x",
                "multisession.organization-directory", "com.example.Directory"));
        assertDoesNotThrow(() -> UnknownKeys.check(ServletConfigSource.context(context)));
    }

    @Test
    void aMisspeltContextInitParameterIsRefusedNamingIt() {
        ServletContext context = withInitParameters(ServletContext.class, Map.of("multisession.sign-in-ur", "/login"));
        ConfigurationException e = assertThrows(ConfigurationException.class,
                () -> UnknownKeys.check(ServletConfigSource.context(context)));
        assertEquals("multisession.sign-in-ur", e.key());
        assertTrue(e.getMessage().contains("(from context init parameter multisession.sign-in-ur)"), e.getMessage());
        assertTrue(e.getMessage().contains("did you mean " + ServletSettings.SIGN_IN_URL + "?"), e.getMessage());
    }
}
