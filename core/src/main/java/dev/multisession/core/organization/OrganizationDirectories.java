package dev.multisession.core.organization;

import dev.multisession.core.config.ConfigKeys;
import dev.multisession.core.config.ConfigValues;
import dev.multisession.core.config.MultiSessionConfig;

import java.util.Optional;

/**
 * Makes the {@link OrganizationDirectory} that {@code multisession.organization-directory}
 * names: a public class with a public constructor taking the {@link MultiSessionConfig}, or a
 * public no-argument one, loaded with the thread context class loader, else the core's. Every
 * failure is a {@link dev.multisession.core.config.ConfigurationException} naming the key and
 * the fix.
 *
 * <pre>{@code
 * Optional<OrganizationDirectory> directory = OrganizationDirectories.fromConfig(config);
 * }</pre>
 */
public final class OrganizationDirectories {
    private OrganizationDirectories() {
    }

    /** A new instance of the configured directory class; empty when the key is not set. */
    public static Optional<OrganizationDirectory> fromConfig(MultiSessionConfig config) {
        return config.organizationDirectoryClass().map(name ->
                ConfigValues.newInstance(ConfigKeys.ORGANIZATION_DIRECTORY, name, OrganizationDirectory.class, config));
    }
}
