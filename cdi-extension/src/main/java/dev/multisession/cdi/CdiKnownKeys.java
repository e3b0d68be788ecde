package dev.multisession.cdi;

import dev.multisession.core.config.KnownKeys;

import java.util.Collection;

/**
 * The CDI layer's keys, {@link CdiSettings#KEYS}, for
 * {@link dev.multisession.core.config.UnknownKeys} (registered in META-INF/services).
 */
public final class CdiKnownKeys implements KnownKeys {

    @Override
    public Collection<String> keys() {
        return CdiSettings.KEYS;
    }
}
