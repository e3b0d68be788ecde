package dev.multisession.servlet;

import dev.multisession.core.config.ConfigSource;
import dev.multisession.core.config.ConfigurationException;
import dev.multisession.core.config.UnknownKeys;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;
import org.junit.jupiter.params.provider.ValueSource;

import java.util.Map;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * {@code multisession.cookie.namespace}: unset (or blank), the app's context path decides; a
 * namespace names the cookies; a value starting with {@code /} borrows that context path's
 * namespace ({@code /} the root's names); anything else fails the deployment naming the key and
 * the allowed characters. The key is one a multisession module reads.
 */
class CookieNamespaceSettingTest {
    private static final String KEY = ServletSettings.COOKIE_NAMESPACE;

    private static String namespace(String contextPath, String configured) {
        ConfigSource source = ConfigSource.map(configured == null ? Map.of() : Map.of(KEY, configured));
        return ServletSettings.from(contextPath, source).cookieNamespace();
    }

    @ParameterizedTest(name = "context [{0}] -> [{1}]")
    @CsvSource({"'',''", "/shop,shop", "/Shop2,Shop2"})
    void unsetTheContextPathDecides(String contextPath, String expected) {
        assertEquals(expected, namespace(contextPath, null));
    }

    @Test
    void aBlankValueIsUnset() {
        assertEquals("shop", namespace("/shop", "  "));
    }

    @Test
    void aNamespaceNamesTheCookiesWhateverTheContextPath() {
        assertEquals("billing", namespace("/shop", " billing "));
        assertEquals("billing", namespace("", "billing"));
    }

    @Test
    void aSlashKeepsTheRootAppsNames() {
        assertEquals("", namespace("/shop", "/"));
    }

    @Test
    void aContextPathBorrowsThatPathsNamespace() {
        assertEquals("shop", namespace("/store", "/shop"));
        assertEquals(namespace("/a/b", null), namespace("/c", "/a/b/"));
    }

    @ParameterizedTest(name = "[{0}]")
    @ValueSource(strings = {"a_b", "a.b", "shop!", "ms_shop", "a\u0007b", "0123456789abcdef0123456789ABCDEF0"})
    void anythingElseFailsNamingTheKeyAndTheAllowedCharacters(String value) {
        ConfigurationException e = assertThrows(ConfigurationException.class, () -> namespace("/shop", value));
        assertEquals(KEY, e.key());
        assertTrue(e.getMessage().contains("1 to 32 ASCII letters (A-Z, a-z), digits (0-9) or '-'"), e.getMessage());
        assertFalse(e.getMessage().contains("\u0007"), "control characters are not echoed");
    }

    @Test
    void theKeyIsKnown() {
        UnknownKeys.check(ConfigSource.map(Map.of(KEY, "shop")));
    }
}
