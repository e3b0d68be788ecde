package dev.multisession.servlet;

import dev.multisession.core.config.ConfigSource;
import dev.multisession.core.config.ConfigurationException;
import dev.multisession.core.config.UnknownKeys;
import org.junit.jupiter.api.Test;

import java.util.Map;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * The task page settings: {@code multisession.tasks.default-url} and {@code multisession.tasks.<task>-url}
 * for any well-formed task key, from every kind of source; a bad one fails naming the key.
 */
class TaskSettingsTest {

    private static ServletSettings settings(Map<String, String> values) {
        return ServletSettings.from(ConfigSource.map(values));
    }

    @Test
    void aTaskWithoutItsOwnUrlIsBelowTheSignInUrlsTasksPath() {
        assertEquals("/sign-in/tasks/setup-mfa", settings(Map.of()).taskUrl("setup-mfa"));
        assertEquals("/login/tasks/setup-mfa", settings(Map.of(ServletSettings.SIGN_IN_URL, "/login")).taskUrl("setup-mfa"));
    }

    @Test
    void theDefaultTaskUrlIsConfigurable() {
        assertEquals("/onboarding/accept-terms",
                settings(Map.of(ServletSettings.TASKS_DEFAULT_URL, "/onboarding/")).taskUrl("accept-terms"));
    }

    @Test
    void aTasksOwnUrlWinsForThatTaskOnly() {
        ServletSettings s = settings(Map.of("multisession.tasks.accept-terms-url", "/terms"));

        assertEquals("/terms", s.taskUrl("accept-terms"));
        assertEquals("/sign-in/tasks/reset-password", s.taskUrl("reset-password"));
    }

    @Test
    void aTaskUrlIsReadFromItsEnvironmentVariable() {
        ServletSettings s = ServletSettings.from(ConfigSource.environment(Map.of("MULTISESSION_TASKS_SETUP_MFA_URL", "/mfa")));

        assertEquals("/mfa", s.taskUrl("setup-mfa"));
    }

    @Test
    void theFirstSourceThatSetsATaskUrlWins() {
        ServletSettings s = ServletSettings.from(ConfigSource.map(Map.of("multisession.tasks.setup-mfa-url", "/first")),
                ConfigSource.environment(Map.of("MULTISESSION_TASKS_SETUP_MFA_URL", "/second")));

        assertEquals("/first", s.taskUrl("setup-mfa"));
    }

    @Test
    void aTaskUrlThatIsNotALocalPathFailsNamingTheKey() {
        ConfigurationException e = assertThrows(ConfigurationException.class,
                () -> settings(Map.of("multisession.tasks.setup-mfa-url", "https://evil.example/mfa")));

        assertEquals("multisession.tasks.setup-mfa-url", e.key());
    }

    @Test
    void aTaskUrlWithAQueryFailsNamingTheKey() {
        ConfigurationException e = assertThrows(ConfigurationException.class,
                () -> settings(Map.of("multisession.tasks.setup-mfa-url", "/mfa?step=1")));

        assertEquals("multisession.tasks.setup-mfa-url", e.key());
    }

    @Test
    void theWholeAppAsATaskUrlFailsNamingTheKey() {
        ConfigurationException e = assertThrows(ConfigurationException.class,
                () -> settings(Map.of(ServletSettings.TASKS_DEFAULT_URL, "/")));

        assertEquals(ServletSettings.TASKS_DEFAULT_URL, e.key());
    }

    @Test
    void taskUrlKeysOfAnyWellFormedTaskAreKnownKeys() {
        UnknownKeys.check(ConfigSource.map(Map.of("multisession.tasks.accept-terms-url", "/terms",
                ServletSettings.TASKS_DEFAULT_URL, "/tasks")),
                ConfigSource.environment(Map.of("MULTISESSION_TASKS_ACCEPT_TERMS_URL", "/terms")));
    }

    @Test
    void aTaskKeyThatIsNotWellFormedIsAnUnknownKey() {
        ConfigurationException e = assertThrows(ConfigurationException.class,
                () -> UnknownKeys.check(ConfigSource.map(Map.of("multisession.tasks.Accept_Terms-url", "/terms"))));

        assertTrue(e.getMessage().contains("unknown key"), e.getMessage());
    }

    @Test
    void aTasksKeyWithoutTheUrlSuffixIsAnUnknownKey() {
        assertThrows(ConfigurationException.class,
                () -> UnknownKeys.check(ConfigSource.map(Map.of("multisession.tasks.setup-mfa", "/mfa"))));
        assertThrows(ConfigurationException.class,
                () -> UnknownKeys.check(ConfigSource.environment(Map.of("MULTISESSION_TASKS_SETUP_MFA", "/mfa"))));
    }
}
