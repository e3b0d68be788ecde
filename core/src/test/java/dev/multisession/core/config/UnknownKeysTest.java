package dev.multisession.core.config;

import org.junit.jupiter.api.Test;

import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;

import static org.junit.jupiter.api.Assertions.assertDoesNotThrow;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * Specifies {@link UnknownKeys#check}: a {@code multisession.*} key (or {@code MULTISESSION_*}
 * variable) that no module reads fails the deployment, naming the key, where it came from and,
 * when one is close, the key that was probably meant.
 */
class UnknownKeysTest {

    private static ConfigurationException fails(ConfigSource... sources) {
        return assertThrows(ConfigurationException.class, () -> UnknownKeys.check(sources));
    }

    private static void assertContains(String expected, String message) {
        assertTrue(message.contains(expected), () -> "expected '" + expected + "' in: " + message);
    }

    // ------------------------------------------------------------------ what passes

    @Test
    void everyCoreKeyIsKnown() {
        Map<String, String> all = new java.util.HashMap<>();
        ConfigKeys.ALL.forEach(k -> all.put(k, "x"));
        assertDoesNotThrow(() -> UnknownKeys.check(ConfigSource.map(all)));
    }

    @Test
    void theCoreListsItsKeysThroughTheServiceLoader() {
        List<String> listed = new java.util.ArrayList<>();
        java.util.ServiceLoader.load(KnownKeys.class).forEach(k -> listed.addAll(k.keys()));
        assertTrue(listed.containsAll(ConfigKeys.ALL), listed::toString);
    }

    @Test
    void keysOutsideMultisessionAreIgnored() {
        assertDoesNotThrow(() -> UnknownKeys.check(ConfigSource.map(Map.of("spring.datasource.url", "x")),
                ConfigSource.environment(Map.of("PATH", "/bin", "MULTISESSIONX", "y"))));
    }

    @Test
    void aSourceThatCannotListItsKeysIsNotChecked() {
        ConfigSource opaque = key -> Optional.of("x");
        assertDoesNotThrow(() -> UnknownKeys.check(opaque));
    }

    @Test
    void keysOfAnotherModuleAreKnownWhenThatModuleListsThem() {
        assertDoesNotThrow(() -> UnknownKeys.check(List.of("multisession.redis.url"),
                ConfigSource.map(Map.of("multisession.redis.url", "redis://x"))));
    }

    @Test
    void aKnownEnvironmentVariableIsKnown() {
        assertDoesNotThrow(() -> UnknownKeys.check(
                ConfigSource.environment(Map.of("MULTISESSION_SESSIONS_MAX_PER_CLIENT", "3", "MULTISESSION_STORE", "memory"))));
    }

    // ------------------------------------------------------------------ what fails

    @Test
    void aMisspeltKeyFailsNamingItsSourceAndSuggestingTheKeyMeant() {
        ConfigurationException e = fails(ConfigSource.map(Map.of("multisession.sesions.max-per-client", "3")));
        assertEquals("multisession.sesions.max-per-client", e.key());
        assertContains("multisession.sesions.max-per-client: unknown key (from setting multisession.sesions.max-per-client)",
                e.getMessage());
        assertContains("did you mean multisession.sessions.max-per-client?", e.getMessage());
    }

    @Test
    void aKeyFarFromEveryKnownKeyFailsWithoutASuggestion() {
        ConfigurationException e = fails(ConfigSource.map(Map.of("multisession.completely.unrelated-setting", "x")));
        assertEquals("multisession.completely.unrelated-setting", e.key());
        assertFalse(e.getMessage().contains("did you mean"), e.getMessage());
        assertContains("no multisession module on the class path reads it", e.getMessage());
    }

    @Test
    void aKeyOfAModuleNotOnTheClassPathIsUnknown() {
        ConfigurationException e = fails(ConfigSource.map(Map.of("multisession.redis.url", "redis://x")));
        assertEquals("multisession.redis.url", e.key());
    }

    @Test
    void aMisspeltEnvironmentVariableFailsNamingTheVariableAndSuggestingTheOneMeant() {
        ConfigurationException e = fails(ConfigSource.environment(Map.of("MULTISESSION_SESIONS_MAX_PER_CLIENT", "3")));
        assertEquals("MULTISESSION_SESIONS_MAX_PER_CLIENT", e.key());
        assertContains("(from environment variable MULTISESSION_SESIONS_MAX_PER_CLIENT)", e.getMessage());
        assertContains("did you mean MULTISESSION_SESSIONS_MAX_PER_CLIENT (multisession.sessions.max-per-client)?",
                e.getMessage());
    }

    @Test
    void anUnknownSystemPropertyFailsNamingTheProperty() {
        String key = "multisession.token.lifetme";
        String previous = System.getProperty(key);
        System.setProperty(key, "60s");
        try {
            ConfigurationException e = fails(ConfigSource.systemProperties());
            assertContains("(from system property " + key + ")", e.getMessage());
            assertContains("did you mean " + ConfigKeys.TOKEN_LIFETIME + "?", e.getMessage());
        } finally {
            if (previous == null) {
                System.clearProperty(key);
            } else {
                System.setProperty(key, previous);
            }
        }
    }

    @Test
    void theFirstSourceIsCheckedFirst() {
        ConfigurationException e = fails(ConfigSource.map(Map.of("multisession.zz", "1")),
                ConfigSource.map(Map.of("multisession.aa", "1")));
        assertEquals("multisession.zz", e.key());
    }

    @Test
    void controlCharactersInAnUnknownKeyAreNotEchoed() {
        ConfigurationException e = fails(ConfigSource.map(Map.of("multisession.mode\r\nX-Injected: 1", "x")));
        assertFalse(e.getMessage().contains("\r") || e.getMessage().contains("\n"), e.getMessage());
        assertContains("multisession.mode??X-Injected: 1", e.getMessage());
    }

    // ------------------------------------------------------------------ sources list their keys

    @Test
    void aMapListsItsMultisessionKeys() {
        assertEquals(Set.of("multisession.mode"),
                ConfigSource.map(Map.of("multisession.mode", "issuer", "other", "x")).keys());
    }

    @Test
    void systemPropertiesListTheirMultisessionKeys() {
        String key = "multisession.unknown-keys-test";
        System.setProperty(key, "x");
        try {
            assertTrue(ConfigSource.systemProperties().keys().contains(key));
            assertFalse(ConfigSource.systemProperties().keys().contains("java.version"));
        } finally {
            System.clearProperty(key);
        }
    }

    @Test
    void theEnvironmentListsItsMultisessionVariables() {
        assertEquals(Set.of("MULTISESSION_STORE"),
                ConfigSource.environment(Map.of("MULTISESSION_STORE", "memory", "HOME", "/root")).keys());
    }

    @Test
    void aSourceListsNoKeysByDefault() {
        ConfigSource source = key -> Optional.empty();
        assertEquals(Set.of(), source.keys());
    }

    // ------------------------------------------------------------------ suggestions

    @Test
    void aSuggestionIsWithinThreeEditsOrAQuarterOfTheKey() {
        assertEquals(Optional.of(ConfigKeys.MODE), UnknownKeys.suggestion("multisession.mod", ConfigSource.PREFIX, ConfigKeys.ALL));
        assertEquals(Optional.empty(), UnknownKeys.suggestion("multisession.xyzzy-plugh", ConfigSource.PREFIX, ConfigKeys.ALL));
    }

    @Test
    void editDistanceCountsInsertionsDeletionsAndSubstitutions() {
        assertEquals(0, UnknownKeys.distance("store", "store"));
        assertEquals(1, UnknownKeys.distance("sesions", "sessions"));
        assertEquals(3, UnknownKeys.distance("kitten", "sitting"));
        assertEquals(5, UnknownKeys.distance("", "store"));
    }
}
