package dev.multisession.servlet;

import dev.multisession.core.config.KnownKeys;

import java.util.Collection;

/**
 * The servlet layer's keys, {@link ServletSettings#KEYS}, for
 * {@link dev.multisession.core.config.UnknownKeys} (registered in META-INF/services).
 */
public final class ServletKnownKeys implements KnownKeys {

    @Override
    public Collection<String> keys() {
        return ServletSettings.KEYS;
    }
}
