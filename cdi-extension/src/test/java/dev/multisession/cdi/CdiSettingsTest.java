package dev.multisession.cdi;

import dev.multisession.core.config.ConfigSource;
import dev.multisession.core.config.ConfigurationException;
import org.junit.jupiter.api.Test;

import java.time.Duration;
import java.util.Map;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

class CdiSettingsTest {

    private static CdiSettings of(Map<String, String> values) {
        return CdiSettings.from(ConfigSource.map(values));
    }

    @Test
    void defaultsAreSixtySecondsAndTenThousandAnswers() {
        assertEquals(new CdiSettings(Duration.ofSeconds(60), 10_000), of(Map.of()));
    }

    @Test
    void ttlAcceptsShortFormsAndIso8601() {
        assertEquals(Duration.ofMillis(500), of(Map.of(CdiSettings.DIRECTORY_CACHE_TTL, "500ms")).directoryCacheTtl());
        assertEquals(Duration.ofMinutes(5), of(Map.of(CdiSettings.DIRECTORY_CACHE_TTL, "5m")).directoryCacheTtl());
        assertEquals(Duration.ofSeconds(90), of(Map.of(CdiSettings.DIRECTORY_CACHE_TTL, "PT90S")).directoryCacheTtl());
        assertEquals(Duration.ofSeconds(30), of(Map.of(CdiSettings.DIRECTORY_CACHE_TTL, " 30 ")).directoryCacheTtl());
        assertEquals(Duration.ZERO, of(Map.of(CdiSettings.DIRECTORY_CACHE_TTL, "0")).directoryCacheTtl());
    }

    @Test
    void firstSourceWins() {
        CdiSettings s = CdiSettings.from(ConfigSource.map(Map.of(CdiSettings.DIRECTORY_CACHE_TTL, "2s")),
                ConfigSource.map(Map.of(CdiSettings.DIRECTORY_CACHE_TTL, "9s", CdiSettings.DIRECTORY_CACHE_SIZE, "7")));
        assertEquals(new CdiSettings(Duration.ofSeconds(2), 7), s);
    }

    @Test
    void environmentVariablesUseTheUpperCaseName() {
        CdiSettings s = CdiSettings.from(ConfigSource.environment(Map.of("MULTISESSION_CDI_DIRECTORY_CACHE_TTL", "3m")));
        assertEquals(Duration.ofMinutes(3), s.directoryCacheTtl());
    }

    @Test
    void badTtlFailsNamingTheKeyAndWhereItCameFrom() {
        ConfigurationException e = assertThrows(ConfigurationException.class,
                () -> CdiSettings.from(ConfigSource.environment(Map.of("MULTISESSION_CDI_DIRECTORY_CACHE_TTL", "soon"))));
        assertEquals(CdiSettings.DIRECTORY_CACHE_TTL, e.key());
        assertTrue(e.getMessage().contains("MULTISESSION_CDI_DIRECTORY_CACHE_TTL"), e.getMessage());
        assertTrue(e.getMessage().contains("60s"), e.getMessage());
    }

    @Test
    void negativeTtlFails() {
        assertThrows(ConfigurationException.class, () -> of(Map.of(CdiSettings.DIRECTORY_CACHE_TTL, "-PT5S")));
    }

    @Test
    void sizeBelowOneFailsNamingTheKey() {
        ConfigurationException e = assertThrows(ConfigurationException.class,
                () -> of(Map.of(CdiSettings.DIRECTORY_CACHE_SIZE, "0")));
        assertEquals(CdiSettings.DIRECTORY_CACHE_SIZE, e.key());
    }
}
