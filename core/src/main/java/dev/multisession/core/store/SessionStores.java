package dev.multisession.core.store;

import dev.multisession.core.config.ConfigKeys;
import dev.multisession.core.config.ConfigValues;
import dev.multisession.core.config.ConfigurationException;
import dev.multisession.core.config.MultiSessionConfig;

import java.util.ArrayList;
import java.util.Iterator;
import java.util.List;
import java.util.Locale;
import java.util.ServiceConfigurationError;
import java.util.ServiceLoader;
import java.util.stream.Collectors;

/**
 * Makes the {@link SessionStore} that {@code multisession.store} names:
 * <ul>
 * <li>{@code memory} (the default): an {@link InMemorySessionStore};</li>
 * <li>the {@link SessionStoreProvider#name() name} of a {@link SessionStoreProvider} found by
 *     {@link ServiceLoader} (ignoring case): that provider's store;</li>
 * <li>otherwise the fully qualified class name of a public {@code SessionStore} with a public
 *     constructor taking the {@link MultiSessionConfig}, or a public no-argument one.</li>
 * </ul>
 * Classes and providers are found with the thread context class loader, else the core's. Every
 * failure is a {@link ConfigurationException} naming {@code multisession.store} and the fix.
 *
 * <pre>{@code
 * SessionStore store = SessionStores.fromConfig(config);
 * }</pre>
 */
public final class SessionStores {
    private SessionStores() {
    }

    /** The store {@code multisession.store} names; a new one on each call. */
    public static SessionStore fromConfig(MultiSessionConfig config) {
        String name = config.store().trim();
        if (name.equalsIgnoreCase(MultiSessionConfig.MEMORY_STORE)) {
            return new InMemorySessionStore(config);
        }
        List<SessionStoreProvider> providers = providers();
        List<SessionStoreProvider> named = providers.stream()
                .filter(p -> name.equalsIgnoreCase(p.name()))
                .collect(Collectors.toList());
        if (named.size() > 1) {
            throw new ConfigurationException(ConfigKeys.STORE, "several store providers are named '" + ConfigValues.printable(name)
                    + "' (" + named.stream().map(p -> p.getClass().getName()).collect(Collectors.joining(", "))
                    + "); keep one of their jars on the class path or write the class name of the SessionStore you want");
        }
        if (named.size() == 1) {
            return create(named.get(0), config);
        }
        try {
            return ConfigValues.newInstance(ConfigKeys.STORE, name, SessionStore.class, config);
        } catch (ConfigurationException e) {
            if (e.getCause() instanceof ClassNotFoundException) {
                throw new ConfigurationException(ConfigKeys.STORE, "'" + ConfigValues.printable(name) + "' is not "
                        + MultiSessionConfig.MEMORY_STORE + ", not the name of a store provider on the class path and not"
                        + " a class that can be loaded; write one of " + available(providers)
                        + ", or the fully qualified class name of a SessionStore (or add the store module's jar)", e.getCause());
            }
            throw e;
        }
    }

    private static SessionStore create(SessionStoreProvider provider, MultiSessionConfig config) {
        String shown = "store provider '" + ConfigValues.printable(String.valueOf(provider.name())) + "' ("
                + provider.getClass().getName() + ")";
        SessionStore store;
        try {
            store = provider.create(StoreContext.of(config));
        } catch (ConfigurationException e) {
            throw e;
        } catch (RuntimeException e) {
            throw new ConfigurationException(ConfigKeys.STORE, shown + " failed with " + e.getClass().getName()
                    + "; fix what it needs (see the cause) or choose another store", e);
        }
        if (store == null) {
            throw new ConfigurationException(ConfigKeys.STORE, shown + " made no store; fix the provider or choose another store");
        }
        return store;
    }

    /** Every provider the class loader finds; a provider that cannot be loaded fails the deployment. */
    private static List<SessionStoreProvider> providers() {
        List<SessionStoreProvider> found = new ArrayList<>();
        Iterator<SessionStoreProvider> it = ServiceLoader.load(SessionStoreProvider.class, ConfigValues.classLoader()).iterator();
        try {
            while (it.hasNext()) {
                found.add(it.next());
            }
        } catch (ServiceConfigurationError e) {
            throw new ConfigurationException(ConfigKeys.STORE, "a store provider on the class path cannot be loaded ("
                    + ConfigValues.printable(String.valueOf(e.getMessage())) + "); fix or remove the jar that lists it in"
                    + " META-INF/services/" + SessionStoreProvider.class.getName(), e);
        }
        return found;
    }

    private static String available(List<SessionStoreProvider> providers) {
        List<String> names = new ArrayList<>();
        names.add(MultiSessionConfig.MEMORY_STORE);
        providers.stream().map(p -> ConfigValues.printable(String.valueOf(p.name())).toLowerCase(Locale.ROOT))
                .sorted().distinct().forEach(names::add);
        return String.join(", ", names);
    }
}
