package dev.multisession.core.store;

import dev.multisession.core.config.MultiSessionConfig;

import java.util.Objects;
import java.util.Optional;

/**
 * What a {@link SessionStoreProvider} is given: the configuration and the raw value of any key,
 * so a store module reads keys of its own ({@code multisession.redis.url}) from the same sources
 * (builder, filter and context init parameters, system properties, environment variables).
 *
 * <pre>{@code
 * StoreContext context = StoreContext.of(config);
 * Optional<String> url = context.value("multisession.redis.url");
 * }</pre>
 */
public final class StoreContext {
    private final MultiSessionConfig config;

    private StoreContext(MultiSessionConfig config) {
        this.config = config;
    }

    /** The context for this configuration (also for a store module's own tests). */
    public static StoreContext of(MultiSessionConfig config) {
        return new StoreContext(Objects.requireNonNull(config, "config"));
    }

    public MultiSessionConfig config() {
        return config;
    }

    /** The raw value of {@code key} from the configuration's sources, highest first; see {@link MultiSessionConfig#raw}. */
    public Optional<String> value(String key) {
        return config.raw(key);
    }
}
