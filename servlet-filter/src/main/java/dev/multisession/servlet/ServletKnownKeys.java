package dev.multisession.servlet;

import dev.multisession.core.config.KnownKeys;

import java.util.Collection;

/**
 * The servlet layer's keys, {@link ServletSettings#KEYS} and {@code multisession.tasks.<task>-url}, for
 * {@link dev.multisession.core.config.UnknownKeys} (registered in META-INF/services).
 */
public final class ServletKnownKeys implements KnownKeys {

    @Override
    public Collection<String> keys() {
        return ServletSettings.KEYS;
    }

    /** {@code multisession.tasks.<task>-url}, for any well-formed task key. */
    @Override
    public boolean knowsKey(String key) {
        return ServletSettings.isTaskUrlKey(key);
    }

    @Override
    public boolean knowsEnvironmentName(String name) {
        return ServletSettings.isTaskUrlEnvironmentName(name);
    }
}
