package dev.multisession.core.organization;

import dev.multisession.core.config.ConfigKeys;
import dev.multisession.core.config.ConfigSource;
import dev.multisession.core.config.ConfigurationException;
import dev.multisession.core.config.MultiSessionConfig;
import dev.multisession.core.model.Organization;
import org.junit.jupiter.api.Test;

import java.util.List;
import java.util.Map;
import java.util.Optional;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertInstanceOf;
import static org.junit.jupiter.api.Assertions.assertSame;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * Specifies {@link OrganizationDirectories#fromConfig}: {@code multisession.organization-directory}
 * names a class created like a configured store (configuration constructor, else no-argument
 * one), and every failure names the key.
 */
class OrganizationDirectoriesTest {

    private static MultiSessionConfig directory(String className) {
        return MultiSessionConfig.builder()
                .from(ConfigSource.map(Map.of(ConfigKeys.ORGANIZATION_DIRECTORY, className))).build();
    }

    private static String fails(Class<?> named) {
        ConfigurationException e = assertThrows(ConfigurationException.class,
                () -> OrganizationDirectories.fromConfig(directory(named.getName())));
        assertEquals(ConfigKeys.ORGANIZATION_DIRECTORY, e.key(), e.getMessage());
        assertTrue(e.getMessage().contains("'" + named.getName() + "'"), e.getMessage());
        return e.getMessage();
    }

    @Test
    void noKeyMeansNoDirectory() {
        assertEquals(Optional.empty(), OrganizationDirectories.fromConfig(MultiSessionConfig.builder().build()));
    }

    @Test
    void aClassWithAConfigurationConstructorIsGivenTheConfiguration() {
        MultiSessionConfig config = directory(ConfiguredDirectory.class.getName());
        OrganizationDirectory made = OrganizationDirectories.fromConfig(config).orElseThrow();
        assertSame(config, assertInstanceOf(ConfiguredDirectory.class, made).config);
    }

    @Test
    void aClassWithANoArgumentConstructorIsCreatedWithIt() {
        assertInstanceOf(PlainDirectory.class,
                OrganizationDirectories.fromConfig(directory(" " + PlainDirectory.class.getName() + " ")).orElseThrow());
    }

    @Test
    void aClassThatCannotBeFoundFailsNamingTheKey() {
        ConfigurationException e = assertThrows(ConfigurationException.class,
                () -> OrganizationDirectories.fromConfig(directory("com.example.MissingDirectory")));
        assertEquals(ConfigKeys.ORGANIZATION_DIRECTORY, e.key());
        assertTrue(e.getMessage().contains("no class 'com.example.MissingDirectory' can be loaded"), e.getMessage());
    }

    @Test
    void aClassThatIsNotADirectoryFails() {
        assertTrue(fails(NotADirectory.class).contains("does not implement " + OrganizationDirectory.class.getName()));
    }

    @Test
    void aClassWithoutASuitableConstructorFails() {
        assertTrue(fails(NeedsAnArgumentDirectory.class).contains("no public constructor"));
    }

    @Test
    void aConstructorThatThrowsFailsWithoutEchoingItsMessage() {
        String message = fails(FailingDirectory.class);
        assertTrue(message.contains(IllegalStateException.class.getName()), message);
        assertFalse(message.contains("database password"), message);
    }

    public static final class ConfiguredDirectory implements OrganizationDirectory {
        final MultiSessionConfig config;

        public ConfiguredDirectory(MultiSessionConfig config) {
            this.config = config;
        }

        @Override
        public List<Organization> memberships(String userId) {
            return List.of();
        }
    }

    public static final class PlainDirectory implements OrganizationDirectory {
        @Override
        public List<Organization> memberships(String userId) {
            return List.of();
        }
    }

    public static final class NeedsAnArgumentDirectory implements OrganizationDirectory {
        public NeedsAnArgumentDirectory(String dataSource) {
        }

        @Override
        public List<Organization> memberships(String userId) {
            return List.of();
        }
    }

    public static final class FailingDirectory implements OrganizationDirectory {
        public FailingDirectory() {
            throw new IllegalStateException("database password rejected");
        }

        @Override
        public List<Organization> memberships(String userId) {
            return List.of();
        }
    }

    public static final class NotADirectory {
    }
}
