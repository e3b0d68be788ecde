package dev.multisession.core.config;

import java.util.Collection;

/** The core's keys, {@link ConfigKeys#ALL}, for {@link UnknownKeys} (registered in META-INF/services). */
public final class CoreKnownKeys implements KnownKeys {

    @Override
    public Collection<String> keys() {
        return ConfigKeys.ALL;
    }
}
